"""The main menu's machinery: the sections a user may open, the current one marked.

The sections themselves belong to the site and are listed in `config/menu.py`, named by the
setting MAIN_MENU, so that kern imports no app; a new page adds its line there."""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str
    section: str  # the URL namespace (or URL name, for a page without one) that marks it current
    check: Callable[..., bool]  # (user) -> bool, from an app's permissions.py


def menu_for(request) -> list[dict]:
    user = request.user
    match = getattr(request, "resolver_match", None)
    current = (match.namespace or match.url_name) if match else None
    items = []
    for item in import_string(settings.MAIN_MENU):
        if not item.check(user):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        items.append({"label": item.label, "url": url, "huidig": item.section == current})
    return items
