from django.urls import path

from . import views

app_name = "cyclus"

urlpatterns = [
    path("meldingen/", views.meldingen, name="meldingen"),
    path("meldingen/agenda/", views.agenda_koppelen, name="agenda_koppelen"),
    path("meldingen/agenda/intrekken/", views.agenda_intrekken, name="agenda_intrekken"),
    path("agenda/<str:token>.ics", views.agenda_feed, name="agenda_feed"),
    path("herinnering/factuur/<int:pk>/", views.betalingsherinnering, name="betalingsherinnering"),
    path("verantwoording/<int:pk>/<int:jaar>/", views.verantwoording, name="verantwoording"),
]
