"""Response headers every page gets, beyond what Django's SecurityMiddleware sets."""

from django.utils.cache import patch_cache_control

# The app uses no camera, microphone, location, payment or other powerful browser feature.
PERMISSIONS_POLICY = ", ".join(
    f"{functie}=()"
    for functie in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)


class KopregelsMiddleware:
    """Permissions-Policy on every response; `Cache-Control: no-store` on everything a signed-in
    user gets (pages, documents, exports), so no browser or proxy cache keeps money figures or a
    signed agreement after sign-out. Static files are served before this (whitenoise) and stay
    cacheable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response
