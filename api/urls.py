"""The API under /api/v1 and the page where a user makes personal keys (/api-sleutels/)."""

from django.urls import include, path, re_path

from . import views
from .v1 import api

sleutels = [
    path("", views.sleutels, name="lijst"),
    path("<int:pk>/intrekken/", views.intrekken, name="intrekken"),
]

urlpatterns = [
    path("api/v1/", api.urls),
    # Whatever else starts with /api (a trailing slash, an unknown resource, /api/v1 itself):
    # a 404 as problem+json, never a redirect to an address with a slash.
    re_path(r"^api(?:/.*)?$", views.api_niet_gevonden, name="api_niet_gevonden"),
    path("api-sleutels/", include((sleutels, "api_sleutels"))),
]
