import django_tables2 as tables
from django.urls import reverse
from django.utils import formats
from django.utils.html import format_html

from kern.figuren import (
    BETAALD_BEDRAG,
    DAGEN_TE_LAAT,
    FACTUURBEDRAG,
    GEFACTUREERD,
    MINIMUM,
    ONTVANGEN,
    OPENSTAAND,
    TOEGEZEGD,
    TOEGEZEGD_GELD,
    TOEGEZEGD_NATURA,
    Cijfer,
)
from kern.money import format_euro
from kern.tabellen import Tabel

from .models import Betaling, Factuur, Financieringsafspraak, Toezegging


class EuroColumn(tables.Column):
    """Amounts the Dutch way on screen ("–" when there is none); the raw Decimal in an export.
    `EuroColumn.van(OPENSTAAND)`: the column of a figure, its header and whether an export sums
    it from its declaration (`kern.figuren`)."""

    def __init__(self, *args, cijfer: Cijfer | None = None, **kwargs):
        kwargs.setdefault("attrs", {"td": {"class": "getal"}, "th": {"class": "getal"}})
        self.cijfer = cijfer
        super().__init__(*args, **kwargs)

    @classmethod
    def van(cls, cijfer: Cijfer, *, kort: bool = True, **kwargs) -> "EuroColumn":
        """`kort`: the short header, as a list's other columns give the context ("In geld")."""
        return cls(cijfer.kop if kort else cijfer.label, cijfer=cijfer, **kwargs)

    @property
    def somt(self) -> bool:
        return self.cijfer.somt if self.cijfer is not None else True

    def render(self, value):
        return "–" if value is None else format_euro(value)

    def value(self, value):
        return value


class DatumColumn(tables.DateColumn):
    """Dates as 31-12-2018 on screen; a real date in an export, so a spreadsheet can sort on it."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("format", "d-m-Y")
        self.format = kwargs["format"]
        super().__init__(*args, **kwargs)

    def render(self, value, bound_column):
        # As DateColumn's `{{ value|date:format|default:default }}`, without it: a DateColumn
        # compiles that template anew for every cell (a third of the invoice list's time).
        return formats.date_format(value, self.format) if value else bound_column.default

    def value(self, value, **kwargs):
        return value


class AfspraakTable(Tabel):
    naam = tables.Column("Afspraak", linkify=("afspraken:detail", {"pk": tables.A("pk")}))
    financier = tables.Column("Financier", accessor="financier__naam", order_by=("financier__naam", "startjaar"))
    soort = tables.Column("Soort")
    status = tables.Column("Status", accessor="get_looptoestand_display", orderable=False)
    looptijd = tables.Column("Looptijd", accessor="startjaar", order_by=("startjaar", "financier__naam"))
    minimum_per_jaar = EuroColumn.van(MINIMUM, kort=False, empty_values=())
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


class FactuurTable(Tabel):
    nummer = tables.Column("Factuur")
    financier = tables.Column("Financier", accessor="toezegging__afspraak__financier__naam")
    jaar = tables.Column("Jaar", accessor="toezegging__jaar")
    factuurdatum = DatumColumn(verbose_name="Factuurdatum")
    vervaldatum = DatumColumn(verbose_name="Vervaldatum")
    bedrag = EuroColumn.van(FACTUURBEDRAG)
    ontvangen = EuroColumn.van(ONTVANGEN)
    openstaand = EuroColumn.van(OPENSTAAND)
    # Days past the due date of an invoice still open (FactuurQuerySet.met_ontvangen(op=today)).
    verlopen = tables.Column(DAGEN_TE_LAAT.label, accessor="dagen_te_laat", orderable=False, empty_values=())
    # Made in Python rather than by a template per row (as the realisatie list does); the view
    # sets `kan_boeken`.
    acties = tables.Column(verbose_name="", orderable=False, exclude_from_export=True, empty_values=(), accessor="pk")

    class Meta:
        model = Factuur
        fields = ["nummer", "financier", "jaar", "factuurdatum", "vervaldatum", "bedrag", "ontvangen", "openstaand"]
        template_name = "kern/tabel.html"
        empty_text = "Geen facturen gevonden."
        attrs = {"class": "lijst"}
        per_page = 50

    def render_verlopen(self, value):
        return f"{value} dagen" if value else "–"

    def render_acties(self, record):
        if getattr(self, "kan_boeken", False) and (record.openstaand or 0) > 0:
            acties = format_html(
                '<a href="{}">Betaling vastleggen</a> · <a href="{}">Crediteren</a>',
                reverse("facturen:betaling", args=[record.pk]),
                reverse("facturen:crediteren", args=[record.pk]),
            )
            if record.dagen_te_laat:
                herinnering = reverse("cyclus:betalingsherinnering", args=[record.pk])
                acties = format_html('{} · <a href="{}">Herinnering</a>', acties, herinnering)
            return acties
        if record.crediteert:
            return format_html("creditfactuur voor {}", record.crediteert.nummer)
        return ""

    def value_verlopen(self, value):
        return value


class ToezeggingTable(Tabel):
    financier = tables.Column(
        "Financier", accessor="afspraak__financier__naam", order_by=("afspraak__financier__naam", "jaar")
    )
    afspraak = tables.Column(
        "Afspraak",
        accessor="afspraak__naam",
        linkify=("afspraken:detail", {"pk": tables.A("afspraak_id")}),
        order_by=("afspraak__naam", "jaar"),
    )
    soort = tables.Column(
        "Soort", accessor="afspraak__get_soort_display", order_by=("afspraak__soort", "afspraak__financier__naam")
    )
    jaar = tables.Column("Jaar", order_by=("jaar", "afspraak__financier__naam"))
    bedrag_geld = EuroColumn.van(TOEGEZEGD_GELD)
    bedrag_natura = EuroColumn.van(TOEGEZEGD_NATURA)
    toegezegd = EuroColumn.van(TOEGEZEGD)
    gefactureerd = EuroColumn.van(GEFACTUREERD)
    ontvangen = EuroColumn.van(ONTVANGEN)
    openstaand = EuroColumn.van(OPENSTAAND)
    leerwerkloket = tables.Column(
        "Leerwerkloket", accessor="afspraak__leerwerkloket", order_by=("afspraak__leerwerkloket__naam", "jaar")
    )

    class Meta:
        model = Toezegging
        fields = []
        template_name = "kern/tabel.html"
        empty_text = "Geen toezeggingen gevonden."
        attrs = {"class": "lijst"}
        per_page = 50


class BetalingTable(Tabel):
    datum = DatumColumn(verbose_name="Ontvangen op")
    financier = tables.Column(
        "Financier",
        accessor="toezegging__afspraak__financier__naam",
        order_by=("toezegging__afspraak__financier__naam", "datum"),
    )
    jaar = tables.Column("Jaar", accessor="toezegging__jaar", order_by=("toezegging__jaar", "datum"))
    factuur = tables.Column(
        "Factuur", accessor="factuur__nummer", empty_values=(), order_by=("factuur__nummer", "datum")
    )
    referentie = tables.Column("Referentie")
    bedrag = EuroColumn.van(BETAALD_BEDRAG)
    leerwerkloket = tables.Column(
        "Leerwerkloket",
        accessor="toezegging__afspraak__leerwerkloket",
        order_by=("toezegging__afspraak__leerwerkloket__naam", "datum"),
    )
    # `kan_boeken` and `regio_id` (the reader's region) are set by the view. Read from "id", not
    # "pk": the view's tie-break "-pk" would otherwise count as sorting by this column, and the
    # header would mark the date column as sorted, which it was not before.
    acties = tables.Column(verbose_name="", orderable=False, exclude_from_export=True, empty_values=(), accessor="id")

    class Meta:
        model = Betaling
        fields = []
        template_name = "kern/tabel.html"
        empty_text = "Geen betalingen gevonden."
        attrs = {"class": "lijst"}
        per_page = 50

    def render_factuur(self, value):
        return value or "voorschot zonder factuur"

    def render_acties(self, record):
        # Only the region's own payments: a national reader corrects none.
        if getattr(self, "kan_boeken", False) and record.toezegging.afspraak.leerwerkloket_id == self.regio_id:
            return format_html(
                '<a href="{}" aria-label="Betaling van {} corrigeren">Corrigeren</a>',
                reverse("facturen:betaling_corrigeren", args=[record.pk]),
                f"{record.datum:%d-%m-%Y}",
            )
        return ""

    def value_factuur(self, value):
        return value
