import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from financiering.tables import DatumColumn, EuroColumn
from kern.figuren import GEBOEKT_BEDRAG
from kern.tabellen import Tabel

from .models import Kostenrealisatie


class KostenrealisatieTable(Tabel):
    # By date, then key: a stable order for paging (many bookings share a day), and the order of
    # the index kostenrealisatie_nieuwste, so a page is read from it instead of sorting every booking.
    datum = DatumColumn(verbose_name="Boekdatum", order_by=("datum", "id"))
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
    # Made in Python rather than by a template per row: 50 template renders were a sixth of the page.
    acties = tables.Column(verbose_name="", orderable=False, exclude_from_export=True, empty_values=(), accessor="pk")

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

    # The fields `value_herkomst` reads from its record: the export reads rows as tuples
    # (rapportage.exporteren.stroom) and gives the method just these.
    exportvelden = {"herkomst": ("importbatch_id", "rijnummer")}

    def render_acties(self, record):
        if (
            getattr(self, "kan_boeken", False)
            and not record.geimporteerd
            and not record.activiteit.jaarplan.is_afgesloten
        ):
            boeking = f"Boeking van {record.datum:%d-%m-%Y} op {record.activiteit.naam}"
            return format_html(
                '<a href="{}" aria-label="{} bewerken">Bewerken</a> · '
                '<a href="{}" aria-label="{} verwijderen">Verwijderen</a>',
                reverse("jaarplan:kosten_bewerken", args=[record.pk]),
                boeking,
                reverse("jaarplan:kosten_verwijderen", args=[record.pk]),
                boeking,
            )
        if record.geimporteerd:
            return format_html("<small>{}</small>", "via de import")
        return ""

    def render_herkomst(self, value, record):
        if not value:
            return "Handmatig"
        # The import and the row of its file the booking came from.
        if record.importbatch_id:
            return f"Ingelezen: import {record.importbatch_id}, rij {record.rijnummer}"
        return "Ingelezen"

    def value_herkomst(self, value, record):
        return self.render_herkomst(value, record)
