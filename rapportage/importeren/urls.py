from django.urls import path

from . import views

app_name = "importeren"

urlpatterns = [
    path("realisatie/", views.overzicht, name="realisatie"),
    path("realisatie/<int:pk>/", views.voorbeeld, name="batch"),
    path("realisatie/<int:pk>/kolommen/", views.kolommen, name="kolommen"),
    path("realisatie/<int:pk>/koppelingen/", views.koppelingen, name="koppelingen"),
    path("realisatie/<int:pk>/inlezen/", views.inlezen, name="inlezen"),
    path("realisatie/<int:pk>/ongedaan/", views.ongedaan, name="ongedaan"),
    path("realisatie/<int:pk>/verwijderen/", views.verwijderen, name="verwijderen"),
    path("bank/", views.bank, name="bank"),
    path("bank/<int:pk>/boeken/", views.bank_boeken, name="bank_boeken"),
    path("bank/<int:pk>/negeren/", views.bank_negeren, name="bank_negeren"),
]
