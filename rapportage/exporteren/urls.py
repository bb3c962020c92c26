from django.urls import path

from . import lijsten, views

app_name = "exports"

urlpatterns = [
    path("", views.overzicht, name="overzicht"),
    path("<slug:identifier>.xlsx", views.downloaden, name="downloaden"),
    path("lijst/<slug:naam>.<str:formaat>", lijsten.exporteren, name="lijst"),
]
