from django.urls import path

from . import views

app_name = "regios"

urlpatterns = [
    path("nieuw/", views.nieuw, name="nieuw"),
]
