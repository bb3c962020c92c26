from django import template

from kern import tekst

register = template.Library()


@register.filter
def aantal(n, vormen):
    """{{ n|aantal:"regio,regio's" }} -> "1 regio", "2 regio's"."""
    return tekst.aantal(n, vormen)


@register.filter
def meervoud(n, vormen):
    """{{ n|meervoud:"heeft,hebben" }} -> the word alone, in its form for n."""
    return tekst.meervoud(n, vormen)
