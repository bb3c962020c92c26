"""The ledger import's pages; config/urls.py puts them under /import/ beside the bank page."""

from django.urls import path

from . import views

urlpatterns = [
    path("realisatie/", views.overzicht, name="realisatie"),
    path("realisatie/<int:pk>/", views.voorbeeld, name="batch"),
    path("realisatie/<int:pk>/kolommen/", views.kolommen, name="kolommen"),
    path("realisatie/<int:pk>/koppelingen/", views.koppelingen, name="koppelingen"),
    path("realisatie/<int:pk>/inlezen/", views.inlezen, name="inlezen"),
    path("realisatie/<int:pk>/ongedaan/", views.ongedaan, name="ongedaan"),
    path("realisatie/<int:pk>/verwijderen/", views.verwijderen, name="verwijderen"),
]
