"""A table's columns on the page, from the figures its rows declare (`rapportage.dashboard.figuren`):
`{% koppen rij "geldstroom" geldstroom %}` writes the header cells, `{% cellen rij "geldstroom"
geldstroom %}` a row's cells (`totaal=True` for the total row)."""

from django import template
from django.utils.html import format_html, format_html_join

from rapportage.dashboard.figuren import AFWEZIG, figuren, standaardcel

register = template.Library()


def _context(sectie) -> dict:
    return {"jaar": getattr(sectie, "jaar", None)}


@register.simple_tag
def koppen(rij, tabel: str, sectie=None):
    return format_html_join(
        "",
        '<th scope="col"{}>{}</th>',
        (
            (format_html(' class="{}"', "getal") if f.soort.rechts else "", f.koptekst(sectie, **_context(sectie)))
            for f in figuren(type(rij), tabel, sectie)
        ),
    )


@register.simple_tag
def cellen(rij, tabel: str, sectie=None, totaal=False):
    delen = []
    for f in figuren(type(rij), tabel, sectie):
        waarde = f.waarde(rij)
        if waarde is AFWEZIG:  # a figure the laid-down report did not hold yet
            klasse, inhoud = ("getal" if f.soort.rechts else ""), ""
        else:
            klasse, inhoud = (f.cel or standaardcel)(f, waarde, rij, sectie, totaal)
        delen.append(format_html("<td{}>{}</td>", format_html(' class="{}"', klasse) if klasse else "", inhoud))
    return format_html_join("", "{}", ((d,) for d in delen))


@register.filter
def bij(woordenboek, sleutel):
    """{{ concepten|bij:c.financier_id }}: the value under a key, or None."""
    return (woordenboek or {}).get(sleutel)
