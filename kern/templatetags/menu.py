from django import template

from kern.menu import menu_for

register = template.Library()


@register.simple_tag(takes_context=True)
def hoofdmenu(context):
    """{% hoofdmenu as items %}: the sections the signed-in user may open, the current one marked."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return []
    return menu_for(request)
