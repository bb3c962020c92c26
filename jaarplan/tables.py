import django_tables2 as tables

from financiering.tables import DatumColumn, EuroColumn
from kern.figuren import GEBOEKT_BEDRAG

from .models import Kostenrealisatie


class KostenrealisatieTable(tables.Table):
    datum = DatumColumn(verbose_name="Boekdatum")
    jaar = tables.Column("Jaar", accessor="activiteit__jaarplan__jaar")
    activiteit = tables.Column("Activiteit", accessor="activiteit__naam", order_by=("activiteit__naam", "datum"))
    kostensoort = tables.Column("Kostensoort")
    bedrag = EuroColumn.van(GEBOEKT_BEDRAG)
    omschrijving = tables.Column("Omschrijving")
    stuknummer = tables.Column("Stuknummer")
    kostenplaats = tables.Column("Kostenplaats")
    grootboekrekening = tables.Column("Grootboekrekening")
    herkomst = tables.Column("Herkomst", accessor="geimporteerd")
    leerwerkloket = tables.Column(
        "Leerwerkloket",
        accessor="activiteit__jaarplan__leerwerkloket",
        order_by=("activiteit__jaarplan__leerwerkloket__naam",),
    )
    acties = tables.TemplateColumn(
        template_name="jaarplan/boeking_acties.html", verbose_name="", orderable=False, exclude_from_export=True
    )

    class Meta:
        model = Kostenrealisatie
        fields = [
            "datum",
            "jaar",
            "activiteit",
            "kostensoort",
            "bedrag",
            "omschrijving",
            "stuknummer",
            "kostenplaats",
            "grootboekrekening",
            "herkomst",
            "leerwerkloket",
        ]
        template_name = "kern/tabel.html"
        empty_text = "Geen boekingen gevonden."
        # Eleven columns: compact, so they fit a laptop (1366 px) without scrolling sideways.
        attrs = {"class": "lijst compact"}
        per_page = 50

    def render_herkomst(self, value, record):
        if not value:
            return "Handmatig"
        # The import and the row of its file the booking came from.
        if record.importbatch_id:
            return f"Ingelezen: import {record.importbatch_id}, rij {record.rijnummer}"
        return "Ingelezen"

    def value_herkomst(self, value, record):
        return self.render_herkomst(value, record)
