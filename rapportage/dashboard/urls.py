from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("", views.overzicht, name="overzicht"),
    path("financier/<int:pk>/", views.financier, name="financier"),
    path("landelijk/", views.landelijk, name="landelijk"),
]
