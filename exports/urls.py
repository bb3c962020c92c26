"""Put under the namespace `exports` beside the report exports' own addresses (config/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("lijst/<slug:naam>.<str:formaat>", views.lijst, name="lijst"),
    path("taak/<uuid:pk>/", views.taak, name="taak"),
    path("taak/<uuid:pk>/downloaden", views.downloaden, name="taak_downloaden"),
]
