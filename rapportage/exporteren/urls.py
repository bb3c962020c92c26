from django.urls import path

from . import views

app_name = "exports"

urlpatterns = [
    path("", views.overzicht, name="overzicht"),
    path("<slug:identifier>.xlsx", views.downloaden, name="downloaden"),
]
