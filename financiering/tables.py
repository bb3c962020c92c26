import django_tables2 as tables
from django.utils import timezone

from kern.money import format_euro

from .models import Factuur, Financieringsafspraak


class EuroColumn(tables.Column):
    """Amounts the Dutch way on screen; the raw Decimal in an export."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", {"td": {"class": "getal"}, "th": {"class": "getal"}})
        super().__init__(*args, **kwargs)

    def render(self, value):
        return format_euro(value)

    def value(self, value):
        return value


class AfspraakTable(tables.Table):
    naam = tables.Column("Afspraak", linkify=("afspraken:detail", {"pk": tables.A("pk")}))
    financier = tables.Column("Financier", accessor="financier__naam", order_by=("financier__naam", "startjaar"))
    soort = tables.Column("Soort")
    status = tables.Column("Status")
    looptijd = tables.Column("Looptijd", accessor="startjaar", order_by=("startjaar", "financier__naam"))
    minimum_per_jaar = EuroColumn("Minimum per jaar", empty_values=())
    leerwerkloket = tables.Column("Leerwerkloket", order_by=("leerwerkloket__naam",))

    class Meta:
        model = Financieringsafspraak
        fields = ["naam", "financier", "soort", "status", "looptijd", "minimum_per_jaar", "leerwerkloket"]
        template_name = "kern/tabel.html"
        empty_text = "Geen afspraken gevonden."
        attrs = {"class": "lijst"}
        per_page = 50

    def render_looptijd(self, record):
        return record.looptijd

    def value_looptijd(self, record):
        return record.looptijd

    def render_minimum_per_jaar(self, value):
        return format_euro(value) if value is not None else "–"


class FactuurTable(tables.Table):
    nummer = tables.Column("Factuur")
    financier = tables.Column("Financier", accessor="toezegging__afspraak__financier__naam")
    jaar = tables.Column("Jaar", accessor="toezegging__jaar")
    factuurdatum = tables.DateColumn(format="d-m-Y", verbose_name="Factuurdatum")
    vervaldatum = tables.DateColumn(format="d-m-Y", verbose_name="Vervaldatum")
    bedrag = EuroColumn("Bedrag")
    ontvangen = EuroColumn("Ontvangen")
    openstaand = EuroColumn("Openstaand")
    verlopen = tables.Column("Dagen verlopen", accessor="vervaldatum", orderable=False, empty_values=())
    acties = tables.TemplateColumn(
        template_name="financiering/factuur_acties.html", verbose_name="", orderable=False, exclude_from_export=True
    )

    class Meta:
        model = Factuur
        fields = ["nummer", "financier", "jaar", "factuurdatum", "vervaldatum", "bedrag", "ontvangen", "openstaand"]
        template_name = "kern/tabel.html"
        empty_text = "Geen facturen gevonden."
        attrs = {"class": "lijst"}
        per_page = 50

    def _dagen(self, record):
        vandaag = timezone.localdate()
        return (vandaag - record.vervaldatum).days if record.openstaand > 0 and record.vervaldatum < vandaag else None

    def render_verlopen(self, record):
        dagen = self._dagen(record)
        return f"{dagen} dagen" if dagen else "–"

    def value_verlopen(self, record):
        return self._dagen(record)
