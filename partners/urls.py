"""The partner pages of this app. config/urls.py adds "detail" (financiering.views.partner_detail)
to the same "partners" namespace, because that page shows money."""

from django.urls import path

from . import views

app_name = "partners"

urlpatterns = [
    path("", views.PartnerLijst.as_view(), name="lijst"),
    path("nieuw/", views.partner_nieuw, name="nieuw"),
    path("<int:pk>/bewerken/", views.partner_bewerken, name="bewerken"),
]
