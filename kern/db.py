import datetime
import functools
import sqlite3
from collections.abc import Sequence

from django.core.exceptions import EmptyResultSet
from django.db import connections, models, router
from django.db.models import F, Func, IntegerField, Subquery, Sum, Value, Window
from django.db.models.functions import Coalesce
from django.utils import timezone

from .money import ZERO

GELD = models.DecimalField(max_digits=14, decimal_places=2)


def _in_centen(som):
    # Rounded to cents in SQL because SQLite sums decimals as floating point: a comparison in the
    # database (openstaand > 0) must not see 0.000000001 of a euro, nor a page show it. On
    # PostgreSQL (exact numeric) the rounding changes nothing.
    return Func(som, 2, function="ROUND", output_field=GELD)


def _expressie(veld):
    return F(veld) if isinstance(veld, str) else veld


def bedrag_som(expressie, filter=None):
    """The one SUM of money, for an aggregate or a GROUP BY: in cents, zero when there is nothing."""
    return Coalesce(
        _in_centen(Sum(_expressie(expressie), output_field=GELD, filter=filter)), Value(ZERO), output_field=GELD
    )


def bedrag_som_per(expressie, *, groep: Sequence[str]):
    """The same SUM as a window over the rows of each `groep`: every row carries its group's
    total, so rows and totals come from one query."""
    venster = Window(Sum(_expressie(expressie), output_field=GELD), partition_by=[F(g) for g in groep])
    return Coalesce(_in_centen(venster), Value(ZERO), output_field=GELD)


class _SomVanSommen(Func):
    """SUM over the groups of a grouped query, of an aggregate of each group: as a window only
    (Django refuses an aggregate of an aggregate, which this is not: the window runs after the
    grouping)."""

    function = "SUM"
    window_compatible = True


def bedrag_som_over(som_per_groep, *, partitie: Sequence[str] = ()):
    """For a grouped query (`values(...).annotate(...)`) whose groups carry `som_per_groep` (a
    `bedrag_som`): the sum of those sums over the groups with the same `partitie` fields (over
    every group without), on each group, as a window. The totals of a cross table's rows and
    columns then come with its cells, in one query; the sum of sums is the sum, to the cent."""
    venster = Window(_SomVanSommen(som_per_groep, output_field=GELD), partition_by=[F(g) for g in partitie] or None)
    return _Venstertotaal(_in_centen(venster), Value(ZERO), output_field=GELD)


def groepen_met_totaal(groepen, *, bedragen: Sequence[str], aantallen: Sequence[str] = ()) -> list[dict]:
    """The rows of a grouped query (`values(...).annotate(...)`, in its `order_by`), each with
    `alles_<naam>`: the sum over all groups of its column `naam` (in cents for `bedragen`), in the
    same query. Unlike `bedrag_som_over`, the grouped query is the inner one of
    `SELECT g.*, SUM(g.naam) OVER () FROM (...) g`: each group's sums are written and compiled
    once, not again inside the windows (a correlated subquery in them was half the CPU of the
    money flow per financier, issue 26). The values pass the inner query's own converters."""
    volgorde = list(groepen.query.order_by)  # field names, "-" for descending, as values() takes them
    groepen = groepen.order_by()
    verbinding = connections[groepen.db]
    qn = verbinding.ops.quote_name
    compiler = groepen.query.get_compiler(using=groepen.db)
    try:
        binnen, parameters = compiler.as_sql()
    except EmptyResultSet:  # a filter that no row can pass (`pk__in=[]`, `none()`): no groups
        return []
    namen = [alias for _, _, alias in compiler.select]
    omzetters = compiler.get_converters([expressie for expressie, _, _ in compiler.select])
    totalen = []
    for naam in (*bedragen, *aantallen):
        kolom = f"SUM(g.{qn(naam)}) OVER ()"
        totalen.append(f"ROUND({kolom}, 2)" if naam in bedragen else kolom)
        if namen.index(naam) in omzetters:
            omzetters[len(namen) + len(totalen) - 1] = omzetters[namen.index(naam)]
    alles = [f"alles_{naam}" for naam in (*bedragen, *aantallen)]
    sorteer = ", ".join(
        f"{namen.index(veld.removeprefix('-')) + 1}{' DESC' if veld.startswith('-') else ''}" for veld in volgorde
    )
    sql = f"SELECT g.*, {', '.join(totalen)} FROM ({binnen}) g" + (f" ORDER BY {sorteer}" if sorteer else "")
    with verbinding.cursor() as cursor:
        cursor.execute(sql, parameters)
        rijen = cursor.fetchall()
    if omzetters:
        rijen = compiler.apply_converters(rijen, omzetters)
    return [dict(zip([*namen, *alles], rij, strict=True)) for rij in rijen]


class _Venstertotaal(Coalesce):
    """A window's sum in cents, zero when there is none. Not a column to group by, as Django takes
    any expression around a window for one: only its partition is (and is grouped by already)."""

    def get_group_by_cols(self):
        return []


def eenmaal_gebouwd(bouw):
    """Decorate a function that builds an annotated queryset of a whole table from hashable
    arguments (a day): it is built once per arguments (the last eight) and each call returns a
    clone of it, to filter, order and read. Django resolves an annotation's expressions (the
    figures' correlated subqueries) when it is added, and a filter clones a query without
    resolving them again: for the querysets with the figures, resolving them was a third to half
    of each query's CPU (issue 26). The one built is never read itself, so no rows are kept: a
    clone reads what the database holds now. `cache_clear` forgets them."""
    gebouwd = functools.lru_cache(maxsize=8)(bouw)

    @functools.wraps(bouw)
    def kloon(*args):
        return gebouwd(*args).all()

    kloon.cache_clear = gebouwd.cache_clear
    return kloon


class EenmaalGeschreven(Subquery):
    """A correlated subquery that writes its SQL once per database, template and time zone:
    compiling the same resolved subquery again gives the same SQL, and an annotated queryset built
    once (`eenmaal_gebouwd`) hands the same resolved subqueries to every clone of it, to be written
    in its SELECT. Writing them again for each page was most of a figure query's CPU after
    resolving them was gone (issue 26). A copy (as resolving, relabeling or replacing makes one,
    and a filter on a figure re-resolves it each time) writes its own again. The time zones are
    in the key because a date of a datetime (`__date`, `TruncDate`) is written with them."""

    def copy(self):
        clone = super().copy()
        clone._geschreven = {}
        return clone

    def __getstate__(self):
        staat = super().__getstate__()
        staat.pop("_geschreven", None)
        return staat

    def as_sql(self, compiler, connection, template=None, **extra_context):
        geschreven = self.__dict__.setdefault("_geschreven", {})
        sleutel = (
            connection.alias,
            connection.vendor,
            connection.timezone_name,
            timezone.get_current_timezone_name(),
            template,
            tuple(sorted(extra_context.items())),
        )
        if sleutel not in geschreven:
            sql, params = super().as_sql(compiler, connection, template, **extra_context)
            geschreven[sleutel] = (sql, tuple(params))
        return geschreven[sleutel]


def som(queryset, veld="bedrag"):
    """The same sum of `veld` (a field name or an expression) over `queryset`, filtered on an
    OuterRef, as a correlated subquery: several totals side by side without joins multiplying the
    rows. SUM is written as a plain function so Django adds no GROUP BY to the subquery."""
    totaal = queryset.order_by().annotate(_som=_in_centen(Func(_expressie(veld), function="SUM", output_field=GELD)))
    return Coalesce(EenmaalGeschreven(_alleen_de_som(totaal), output_field=GELD), Value(ZERO), output_field=GELD)


def _alleen_de_som(queryset):
    """The subquery of one sum, without the other annotations of `queryset`. A filter on one of them
    holds its expression already; kept, Django would clone, relabel and resolve every one of them
    (and the subqueries within) each time the subquery is put into a query, for a column it never
    selects: a third of the time of the money flow per financier (issue 26)."""
    subquery = queryset.values("_som")[:1]
    query = subquery.query
    query.annotations = {naam: a for naam, a in query.annotations.items() if naam in query.annotation_select}
    return subquery


def opgeteld(queryset, veld="bedrag"):
    """The same sum of `veld` over all of `queryset`, as one amount; zero when empty."""
    return queryset.order_by().aggregate(_som=bedrag_som(veld))["_som"]


def aantal_subquery(queryset, veld: str = "aantal"):
    """The sum of a count over `queryset` (filtered on an OuterRef) as a correlated subquery."""
    totaal = queryset.order_by().annotate(_som=Func(F(veld), function="SUM", output_field=IntegerField()))
    return Coalesce(EenmaalGeschreven(_alleen_de_som(totaal), output_field=IntegerField()), Value(0))


def invoegen(model, velden: Sequence[str], rijen: Sequence[Sequence]) -> int:
    """Insert `rijen` (one value per name in `velden`) into `model`'s table; returns their number.
    The database gives each row its key.

    For imports of many rows that are already checked: no model instances, no `save()`, no
    signals. `bulk_create` spends most of its time on exactly those (a model instance and a field
    conversion per value), far more than the database needs (benchmarks/RESULTS.md). The values
    go to the database driver as they are (int, str, Decimal, date): on PostgreSQL by COPY, the
    server's fastest way in; on SQLite by INSERTs of many rows each."""
    if not rijen:
        return 0
    opties = model._meta
    velden_model = [opties.get_field(naam) for naam in velden]
    gegeven = {v.attname for v in velden_model}
    # A field's default is Django's, not the database's: the fields left out that have one get it here.
    aangevuld = [
        v for v in opties.concrete_fields if v is not opties.pk and v.attname not in gegeven and v.has_default()
    ]
    if aangevuld:
        velden_model += aangevuld
        standaard = tuple(v.get_default() for v in aangevuld)
        rijen = [(*rij, *standaard) for rij in rijen]
    vereist = {v.attname for v in opties.concrete_fields if v is not opties.pk and not v.has_default() and not v.null}
    ontbreekt = vereist - gegeven
    if ontbreekt:
        raise ValueError(f"{opties.label}: zonder waarde voor {', '.join(sorted(ontbreekt))}")
    verbinding = connections[router.db_for_write(model)]
    qn = verbinding.ops.quote_name
    tabel = f"{qn(opties.db_table)} ({', '.join(qn(v.column) for v in velden_model)})"
    with verbinding.cursor() as cursor:
        if verbinding.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {tabel} FROM STDIN") as kopie:
                for rij in rijen:
                    kopie.write_row(rij)
        else:
            # Many rows per statement (a tenth of a second per 100,000 faster than executemany).
            # Django assumes SQLite's old limit of 999 variables a statement; this SQLite may allow
            # more. The statements go to the driver itself, with its own `?`: Django's cursor would
            # rewrite every `%s` of these long statements first.
            ruw = verbinding.connection
            per_keer = max(
                verbinding.ops.bulk_batch_size(velden_model, rijen),
                ruw.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) // len(velden_model),
            )
            plekken = "(" + ", ".join(["?"] * len(velden_model)) + ")"
            for begin in range(0, len(rijen), per_keer):
                deel = rijen[begin : begin + per_keer]
                ruw.execute(
                    f"INSERT INTO {tabel} VALUES {', '.join([plekken] * len(deel))}", [w for r in deel for w in r]
                )
    return len(rijen)


def bytes_opslaan(instantie: models.Model, veld: str, inhoud: bytes) -> None:
    """Store `inhoud` (an uploaded file of a few MB) in the BinaryField `veld` of the saved
    `instantie`. On PostgreSQL as a binary parameter: Django's client-side binding would write it
    into the statement as hex text, twice its size, for the server to parse back (0.14 s for a file
    of 3.4 MB against 0.03 s). Elsewhere through the ORM."""
    model = type(instantie)
    verbinding = connections[router.db_for_write(model)]
    setattr(instantie, veld, inhoud)
    if verbinding.vendor != "postgresql":
        instantie.save(update_fields=[veld])
        return
    import psycopg

    opties = model._meta
    qn = verbinding.ops.quote_name
    verbinding.ensure_connection()
    kolom, sleutel = qn(opties.get_field(veld).column), qn(opties.pk.column)
    with psycopg.Cursor(verbinding.connection) as cursor:  # server-side binding: %b is sent as bytes
        cursor.execute(f"UPDATE {qn(opties.db_table)} SET {kolom} = %b WHERE {sleutel} = %s", [inhoud, instantie.pk])


def verwijderen(queryset) -> int:
    """Delete the rows of `queryset` in one statement, without loading them: no `delete()`, no
    signals, no cascade (the counterpart of `invoegen`; the caller records their history with
    `kern.geschiedenis.vastleggen_voor` and removes what points at them). Returns the count."""
    model = queryset.model
    verbinding = connections[router.db_for_write(model)]
    qn = verbinding.ops.quote_name
    sleutels, parameters = queryset.order_by().values("pk").query.sql_with_params()
    with verbinding.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {qn(model._meta.db_table)} WHERE {qn(model._meta.pk.column)} IN ({sleutels})", parameters
        )
        return cursor.rowcount


class Dagen(Func):
    """The whole days from the date `begin` to the date `eind` (an expression or a date), as an
    integer, in the database: SQLite counts by julianday, PostgreSQL subtracts dates."""

    output_field = IntegerField()
    arity = 2

    def __init__(self, eind, begin, **extra):
        super().__init__(_datum(eind), _datum(begin), **extra)

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template="CAST(julianday(%(expressions)s) AS INTEGER)", arg_joiner=") - julianday("
        )

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="(%(expressions)s)", arg_joiner=" - ")


def _datum(waarde):
    if isinstance(waarde, str):
        return F(waarde)
    if isinstance(waarde, datetime.date):
        return Value(waarde, output_field=models.DateField())
    return waarde
