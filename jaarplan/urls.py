from django.urls import path

from . import views, views_realisatie
from . import views_activiteiten as activiteiten

app_name = "jaarplan"

urlpatterns = [
    path("", views.lijst, name="lijst"),
    path("nieuw/", views.nieuw, name="nieuw"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/vaststellen/", views.vaststellen, name="vaststellen"),
    path("<int:pk>/afsluiten/", views.afsluiten, name="afsluiten"),
    path("<int:pk>/geschiedenis/", views.geschiedenis, name="geschiedenis"),
    # Activities and their indicators (streefwaarden)
    path("<int:pk>/activiteiten/nieuw/", activiteiten.activiteit_nieuw, name="activiteit_nieuw"),
    path("activiteiten/<int:pk>/bewerken/", activiteiten.activiteit_bewerken, name="activiteit_bewerken"),
    path("activiteiten/<int:pk>/verwijderen/", activiteiten.activiteit_verwijderen, name="activiteit_verwijderen"),
    path("activiteiten/<int:pk>/indicatoren/nieuw/", activiteiten.indicator_nieuw, name="indicator_nieuw"),
    path("indicatoren/<int:pk>/bewerken/", activiteiten.indicator_bewerken, name="indicator_bewerken"),
    path("indicatoren/<int:pk>/verwijderen/", activiteiten.indicator_verwijderen, name="indicator_verwijderen"),
    # Realisatie
    path("realisatie/", views_realisatie.KostenrealisatieLijst.as_view(), name="realisatie_lijst"),
    path("<int:pk>/realisatie/", views_realisatie.realisatie, name="realisatie"),
    path("<int:pk>/realisatie/kosten/", views_realisatie.kosten_nieuw, name="kosten_nieuw"),
    path("<int:pk>/realisatie/output/", views_realisatie.output_nieuw, name="output_nieuw"),
    path("realisatie/kosten/<int:pk>/bewerken/", views_realisatie.kosten_bewerken, name="kosten_bewerken"),
    path("realisatie/kosten/<int:pk>/verwijderen/", views_realisatie.kosten_verwijderen, name="kosten_verwijderen"),
    path("realisatie/output/<int:pk>/bewerken/", views_realisatie.output_bewerken, name="output_bewerken"),
    path("realisatie/output/<int:pk>/verwijderen/", views_realisatie.output_verwijderen, name="output_verwijderen"),
]
