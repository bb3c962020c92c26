"""The visitor's IP address, for the sign-in lockout (django-axes) and the audit trail."""

from django.conf import settings


def client_ip(request) -> str | None:
    """REMOTE_ADDR, or behind AXES_PROXY_COUNT reverse proxies (deploy/nginx: one, with the app
    bound to 127.0.0.1) the address the farthest of them saw: each proxy appends the address it
    was called from to X-Forwarded-For, so that entry is counted from the right. Whatever a
    visitor wrote into the header himself stays to the left of it and is never read."""
    aantal = settings.AXES_IPWARE_PROXY_COUNT or 0
    if aantal > 0:
        keten = [deel.strip() for deel in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if deel.strip()]
        if len(keten) >= aantal:
            return keten[-aantal][:45]  # an IPv6 address is at most 45 characters
    return request.META.get("REMOTE_ADDR")
