from django.urls import path

from . import views_afspraken, views_facturen

afspraken = (
    [
        path("", views_afspraken.AfspraakLijst.as_view(), name="lijst"),
        path("nieuw/", views_afspraken.afspraak_nieuw, name="nieuw"),
        path("<int:pk>/", views_afspraken.afspraak_detail, name="detail"),
        path("<int:pk>/bewerken/", views_afspraken.afspraak_bewerken, name="bewerken"),
        path("<int:pk>/document/", views_afspraken.afspraak_document, name="document"),
        path("<int:pk>/tekenen/", views_afspraken.afspraak_tekenen_view, name="tekenen"),
        path("<int:pk>/verlengen/", views_afspraken.afspraak_verlengen_view, name="verlengen"),
        path("<int:pk>/doorzetten/<int:jaar>/", views_afspraken.afspraak_doorzetten, name="doorzetten"),
    ],
    "afspraken",
)

toezeggingen = ([path("", views_afspraken.ToezeggingLijst.as_view(), name="lijst")], "toezeggingen")

facturen = (
    [
        path("", views_facturen.FactuurLijst.as_view(), name="lijst"),
        path("betalingen/", views_facturen.BetalingLijst.as_view(), name="betalingen"),
        path("nieuw/", views_facturen.factuur_kiezen, name="kiezen"),
        path("nieuw/<int:toezegging_pk>/", views_facturen.factuur_nieuw, name="nieuw"),
        path("<int:factuur_pk>/betaling/", views_facturen.betaling_nieuw, name="betaling"),
        path("<int:factuur_pk>/crediteren/", views_facturen.factuur_crediteren_view, name="crediteren"),
        path("voorschot/<int:toezegging_pk>/", views_facturen.voorschot_nieuw, name="voorschot"),
        path(
            "betalingen/<int:betaling_pk>/corrigeren/",
            views_facturen.betaling_corrigeren_view,
            name="betaling_corrigeren",
        ),
        path(
            "betalingen/<int:betaling_pk>/terugdraaien/",
            views_facturen.betaling_terugdraaien_view,
            name="betaling_terugdraaien",
        ),
    ],
    "facturen",
)
