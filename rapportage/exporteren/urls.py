from django.urls import path

from . import lijsten, views

app_name = "exports"

urlpatterns = [
    path("", views.overzicht, name="overzicht"),
    path("<slug:identifier>.xlsx", views.downloaden, name="downloaden"),
    # In the request; config/urls.py puts the exports app's address (a long list in the background) first.
    path("lijst/<slug:naam>.<str:formaat>", lijsten.exporteren, name="lijst"),
]
