from django.urls import path

from . import views

app_name = "jaarplan"

urlpatterns = [
    path("", views.lijst, name="lijst"),
    path("nieuw/", views.nieuw, name="nieuw"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/vaststellen/", views.vaststellen, name="vaststellen"),
    path("<int:pk>/afsluiten/", views.afsluiten, name="afsluiten"),
]
