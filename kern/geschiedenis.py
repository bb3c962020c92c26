"""Who changed what, when: django-simple-history's records of one or more objects as events with,
per changed field, the old and the new value, as a person reads them (€ 75.000,00, 14-12-2020).

Use: `gebeurtenissen((afspraak.history.all(), lambda h: "de afspraak"),
(Toezegging.history.filter(afspraak_id=afspraak.pk), lambda h: f"toezegging {h.jaar}"))` and
`{% include "kern/geschiedenis.html" %}` with `gebeurtenissen` in the context. The label says what
each record is about from the record's own fields, so there is one query per history queryset,
however long the history.

Every tracked field is compared, also those a form cannot edit (a jaarplan's status), which
`diff_against` leaves out. A relation shows as its id, or by name when the history queryset
select_related it (`jaarplan.history.select_related("vastgesteld_door")`): still one query."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connections, router
from django.utils import timezone

from .money import format_euro

SOORT = {"+": "Vastgelegd", "~": "Gewijzigd", "-": "Verwijderd"}


@dataclass(frozen=True)
class Wijziging:
    veld: str
    oud: str
    nieuw: str


@dataclass
class Gebeurtenis:
    wanneer: datetime.datetime
    wie: str
    wat: str
    onderwerp: str
    wijzigingen: list[Wijziging] = field(default_factory=list)
    reden: str = ""  # the change reason a service gave (django-simple-history's history_change_reason)


def _tekst(veld, waarde) -> str:
    if waarde is None or waarde == "":
        return "–"
    if veld.choices:
        return str(dict(veld.flatchoices).get(waarde, waarde))
    if isinstance(waarde, bool):
        return "ja" if waarde else "nee"
    if isinstance(waarde, Decimal):
        return (
            format_euro(waarde)
            if veld.get_internal_type() == "DecimalField" and veld.decimal_places == 2
            else str(waarde)
        )
    if isinstance(waarde, datetime.datetime):
        return f"{waarde:%d-%m-%Y %H:%M}"
    if isinstance(waarde, datetime.date):
        return f"{waarde:%d-%m-%Y}"
    return str(waarde)


def _naam(gebruiker) -> str:
    if gebruiker is None:
        return "het systeem"
    return gebruiker.get_full_name() or gebruiker.username


def _waarde(record, veld) -> str:
    if veld.is_relation and veld.is_cached(record):
        gerelateerd = getattr(record, veld.name)
        if gerelateerd is not None:
            return _naam(gerelateerd) if hasattr(gerelateerd, "get_full_name") else str(gerelateerd)
    return _tekst(veld, getattr(record, veld.attname))


def gebeurtenissen(*historie, limiet: int | None = 200) -> list[Gebeurtenis]:
    """The records of the given (history queryset, label) pairs, newest first, each with what changed."""
    records, labels = [], {}
    for queryset, label in historie:
        for record in queryset.select_related("history_user").order_by("history_date", "history_id"):
            records.append(record)
            labels[id(record)] = label(record)
    records.sort(key=lambda h: (h.history_date, h.history_id))
    vorige = {}
    uitkomst = []
    for record in records:
        sleutel = (record._meta.label, record.id)
        eerder = vorige.get(sleutel)
        wijzigingen = []
        if eerder is not None and record.history_type == "~":
            for veld in record.tracked_fields:
                oud, nieuw = getattr(eerder, veld.attname), getattr(record, veld.attname)
                if oud != nieuw:
                    wijzigingen.append(Wijziging(str(veld.verbose_name), _waarde(eerder, veld), _waarde(record, veld)))
        vorige[sleutel] = record
        if record.history_type == "~" and not wijzigingen:
            continue  # saved without a change: nothing to tell
        uitkomst.append(
            Gebeurtenis(
                wanneer=record.history_date,
                wie=_naam(record.history_user),
                wat=SOORT.get(record.history_type, record.history_type),
                onderwerp=labels[id(record)],
                wijzigingen=wijzigingen,
                reden=record.history_change_reason or "",
            )
        )
    uitkomst.reverse()
    return uitkomst[:limiet] if limiet else uitkomst


def vastleggen_voor(queryset, *, soort: str, door, op: datetime.datetime | None = None) -> int:
    """History records ("+" created, "-" deleted) for every row of `queryset`, written by the
    database in one INSERT … SELECT: for rows written or removed in bulk without the ORM, the same
    records django-simple-history makes for each row it saves or deletes (who, when, every tracked
    field). Returns the number of records."""
    if soort not in ("+", "-"):
        raise ValueError("Alleen '+' (vastgelegd) en '-' (verwijderd) worden zo vastgelegd.")
    historisch = queryset.model.history.model
    velden = historisch.tracked_fields
    verbinding = connections[router.db_for_write(historisch)]
    qn = verbinding.ops.quote_name
    bron, parameters = queryset.order_by().values_list(*(v.attname for v in velden)).query.sql_with_params()
    extra = ("history_date", "history_change_reason", "history_type", "history_user")
    kolommen = [v.column for v in velden] + [historisch._meta.get_field(naam).column for naam in extra]
    moment = verbinding.ops.adapt_datetimefield_value(op or timezone.now())
    with verbinding.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {qn(historisch._meta.db_table)} ({', '.join(qn(k) for k in kolommen)}) "
            f"SELECT bron.*, %s, %s, %s, %s FROM ({bron}) bron",
            [moment, "", soort, door.pk if door else None, *parameters],
        )
        return cursor.rowcount


def opslaan(obj, door, reden: str | None = None):
    """Check `obj` against all its model rules, then save it with `door` (and `reden`) in its
    history: how every service writes a tracked object."""
    obj._history_user = door
    if reden:
        obj._change_reason = reden[:100]  # django-simple-history's history_change_reason is 100 long
    obj.full_clean()
    obj.save()
    return obj
