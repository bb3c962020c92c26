from django import template

from kern import soorten

register = template.Library()


@register.filter
def euro(value):
    """{{ toezegging.bedrag|euro }} → € 75.000,00"""
    return soorten.BEDRAG.tekst(value)


@register.filter
def procent(value, decimalen=0):
    """A fraction (0.875) shown as a Dutch percentage (87,5%)."""
    return soorten.procent(value, decimalen)


@register.filter
def als_procent(value, decimalen=0):
    """A number of percent (2.5) shown the Dutch way (2,5%)."""
    if value is None or value == "":
        return ""
    return f"{value:.{int(decimalen)}f}%".replace(".", ",")
