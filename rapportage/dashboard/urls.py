from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("", views.overzicht, name="overzicht"),
    path("financier/<int:pk>/", views.financier, name="financier"),
    path("landelijk/", views.landelijk, name="landelijk"),
    path("rapport/", views.rapport, name="rapport"),
    path("rapport/vastleggen/", views.rapport_vastleggen, name="rapport_vastleggen"),
    path("vastgelegd/", views.vastgelegde_rapporten, name="vastgelegde_rapporten"),
    path("vastgelegd/<int:pk>/", views.vastgelegd_rapport, name="vastgelegd_rapport"),
    path("vastgelegd/<int:pk>/verschillen/", views.verschillen, name="verschillen"),
    path("volgende-periode/", views.volgende_periode, name="volgende_periode"),
    path("volgende-periode/omzetten/", views.volgende_periode_omzetten, name="volgende_periode_omzetten"),
]
