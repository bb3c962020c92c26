import django_tables2 as tables
from django.db.models import F

from kern.tabellen import Tabel

from .models import Partner


class PartnerTable(Tabel):
    naam = tables.Column("Naam", linkify=("partners:detail", {"pk": tables.A("pk")}))
    soort = tables.Column("Soort", order_by=("soort", "naam"))
    groep = tables.Column(
        "Groep",
        accessor="groep__naam",
        order_by=("groep__naam", "naam"),
        empty_values=(),
    )
    actief = tables.BooleanColumn("Actief", yesno="ja,nee", order_by=("actief", "naam"))
    leerwerkloket = tables.Column("Leerwerkloket", order_by=("leerwerkloket__naam", "naam"))

    class Meta:
        model = Partner
        fields = ["naam", "soort", "groep", "actief", "leerwerkloket"]
        template_name = "kern/tabel.html"
        empty_text = "Geen partners gevonden."
        attrs = {"class": "lijst"}
        per_page = 50

    def order_groep(self, queryset, is_descending):
        # Partners outside a group first, on every database (SQLite and PostgreSQL differ on NULL).
        groep = F("groep__naam").desc(nulls_last=True) if is_descending else F("groep__naam").asc(nulls_first=True)
        return queryset.order_by(groep, "naam"), True

    def value_actief(self, value):
        return "ja" if value else "nee"

    def render_groep(self, record):
        if record.is_groep:
            return "Samenwerkingsverband"
        return record.groep.naam if record.groep else "—"
