"""Where a form sends the user back to (`next`, `terug`): only a path on this site.

`django.shortcuts.redirect()` tries any text without a slash or a dot as the name of a URL pattern,
so a huge integer in `next` ended in NoReverseMatch, a server error (issue 27); a URL of more than
2,048 characters Django refuses to redirect to. Both fall back to the page the caller names."""

from django.utils.http import url_has_allowed_host_and_scheme

# Longer than this a return address is no page of the app (Django redirects to at most 2,048).
MAX_LENGTE = 2000


def pad_op_deze_site(request, doel: str) -> str | None:
    """`doel` when it is a path on this site, else None."""
    if (
        doel.startswith("/")
        and len(doel) <= MAX_LENGTE
        and url_has_allowed_host_and_scheme(doel, allowed_hosts={request.get_host()}, require_https=request.is_secure())
    ):
        return doel
    return None
