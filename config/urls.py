from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView

from cyclus import views as cyclus_views
from exports import urls as exporttaken_urls
from financiering import urls as financiering_urls
from financiering import views as financiering_views
from financiering.bankimport import urls as bank_import_urls
from jaarplan.importeren import urls as realisatie_import_urls
from kern import views as kern_views
from kern.admin import elke_lijst_geldig
from kern.forms import AanmeldForm, BeheerAanmeldForm
from partners import urls as partners_urls
from partners import wachtwoord
from rapportage.exporteren import urls as exports_urls

admin.site.site_header = "Leerwerkloket Financiering – beheer"
admin.site.site_title = "Leerwerkloket Financiering"
admin.site.index_title = "Beheer"
admin.site.login_form = BeheerAanmeldForm
elke_lijst_geldig(admin.site)

# The partner detail shows money, so its view is financiering's; it joins the "partners" namespace here.
partner_urls = [
    *partners_urls.urlpatterns,
    path("<int:pk>/", financiering_views.partner_detail, name="detail"),
]

urlpatterns = [
    path("", cyclus_views.home, name="home"),
    # Browsers ask for /favicon.ico whatever the page says; the file itself is a static file, whose
    # (hashed) name is looked up when asked, not when the URLs load (before collectstatic).
    path("favicon.ico", RedirectView.as_view(url=lazy(static, str)("favicon.ico"), permanent=True), name="favicon"),
    path(
        "inloggen/",
        auth_views.LoginView.as_view(authentication_form=AanmeldForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("inloggen/code/", kern_views.tweestaps_code, name="tweestaps_code"),
    path("inloggen/tweestaps/", kern_views.tweestaps_instellen, name="tweestaps_instellen"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include(wachtwoord.urlpatterns)),
    path("partners/", include((partner_urls, partners_urls.app_name))),
    path("afspraken/", include(financiering_urls.afspraken)),
    path("toezeggingen/", include(financiering_urls.toezeggingen)),
    path("facturen/", include(financiering_urls.facturen)),
    path("jaarplan/", include("jaarplan.urls")),
    # One namespace for both imports, as users know them: the ledger pages (jaarplan), the bank page (financiering).
    path("import/", include(([*realisatie_import_urls.urlpatterns, *bank_import_urls.urlpatterns], "importeren"))),
    # One namespace for the exports: the reports (rapportage) and the list exports, which make a long
    # list in the background (the exports app).
    path("exports/", include(([*exporttaken_urls.urlpatterns, *exports_urls.urlpatterns], exports_urls.app_name))),
    path("dashboard/", include("rapportage.dashboard.urls")),
    path("regios/", include("regios.urls")),
    path("cyclus/", include("cyclus.urls")),
    path("beheer/", admin.site.urls),
    path("", include("api.urls")),
]

handler403 = "kern.views.geen_toegang"
handler404 = "kern.views.niet_gevonden"
handler500 = "kern.storingen.serverfout"
