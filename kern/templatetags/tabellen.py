from django import template

from kern import tabellen

register = template.Library()


@register.simple_tag(takes_context=True)
def tabelrijen(context, tabel):
    """{% tabelrijen table %}: the rows of a django-tables2 table's body (kern/tabellen.py)."""
    return tabellen.tabelrijen(tabel, context)
