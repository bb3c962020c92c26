from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import path

from rapportage import views as rapportage_views

admin.site.site_header = "Leerwerkloket Financiering – beheer"
admin.site.site_title = "Leerwerkloket Financiering"
admin.site.index_title = "Beheer"

urlpatterns = [
    path("", rapportage_views.home, name="home"),
    path("inloggen/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("beheer/", admin.site.urls),
]

handler403 = "kern.views.geen_toegang"
handler404 = "kern.views.niet_gevonden"
