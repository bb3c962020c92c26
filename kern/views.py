from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django_filters.views import FilterView
from django_otp import login as otp_login
from django_otp import user_has_device
from django_tables2 import SingleTableMixin

from . import tweestaps
from .permissions import VereistMixin


def geen_toegang(request, exception=None):
    return render(request, "403.html", status=403)


def niet_gevonden(request, exception=None):
    return render(request, "404.html", status=404)


def csrf_mislukt(request, reason=""):
    """A form sent without a valid security token: mostly a page left open past the session."""
    return render(request, "csrf.html", status=403)


@login_required
def tweestaps_code(request):
    """The second step of signing in: the code after the password."""
    gebruiker = request.user
    if gebruiker.is_verified():
        return redirect(tweestaps.volgende_adres(request))
    if not user_has_device(gebruiker):
        # Nothing to give a code from: set it up when it is required, otherwise carry on.
        if tweestaps.verplicht_voor(gebruiker):
            return redirect("tweestaps_instellen")
        # Its app was turned off meanwhile (the admin's action): the password is enough again.
        request.session[tweestaps.SESSIE_SLEUTEL] = tweestaps.VRIJ
        return redirect(tweestaps.volgende_adres(request))
    form = tweestaps.CodeForm(gebruiker, request.POST or None)
    if request.method == "POST" and form.is_valid():
        otp_login(request, form.apparaat)
        # A new session id once the second factor is given, as after the password: an id seen
        # before this step (planted, or read over a shoulder) opens nothing.
        request.session.cycle_key()
        request.session[tweestaps.SESSIE_SLEUTEL] = tweestaps.NODIG
        return redirect(tweestaps.volgende_adres(request))
    context = {"form": form, "next": tweestaps.volgende_adres(request)}
    return render(request, "registration/tweestaps_code.html", context)


@login_required
def tweestaps_instellen(request):
    """Set up the authenticator app (QR code or typed secret, confirmed by one code) and get ten
    backup codes; once it is on, make new backup codes."""
    gebruiker = request.user
    if user_has_device(gebruiker) and not gebruiker.is_verified():
        return redirect("tweestaps_code")
    context = {"next": tweestaps.volgende_adres(request)}
    if tweestaps.AuthenticatorApp.objects.filter(user=gebruiker, confirmed=True).exists():
        if request.method == "POST":
            context["reservecodes"] = tweestaps.reservecodes_maken(gebruiker)
        return render(request, "registration/tweestaps_instellen.html", {**context, "aan": True})

    apparaat = tweestaps.nieuw_app_apparaat(gebruiker)
    form = tweestaps.CodeForm(gebruiker, request.POST or None, apparaten=[apparaat])
    form.fields["code"].help_text = "De zes cijfers die de app nu toont."
    if request.method == "POST" and form.is_valid():
        apparaat.confirmed = True
        apparaat.save(update_fields=["confirmed"])
        context["reservecodes"] = tweestaps.reservecodes_maken(gebruiker)
        otp_login(request, apparaat)
        request.session.cycle_key()
        request.session[tweestaps.SESSIE_SLEUTEL] = tweestaps.NODIG
        return render(request, "registration/tweestaps_instellen.html", {**context, "aan": True, "net_aan": True})
    context.update(
        form=form,
        verplicht=tweestaps.verplicht_voor(gebruiker),
        qr=tweestaps.qr_als_data_url(apparaat.config_url),
        geheim=tweestaps.geheim_in_groepen(apparaat),
    )
    return render(request, "registration/tweestaps_instellen.html", context)


class BegrensdePaginator(Paginator):
    """Pages of at least one and at most `max_per_page` rows, whatever `?per_page=` asks: a
    negative or enormous number would otherwise reach the database, or render every row."""

    max_per_page = 200

    def __init__(self, object_list, per_page, *args, **kwargs):
        super().__init__(object_list, min(max(int(per_page), 1), self.max_per_page), *args, **kwargs)


class RegioLijst(VereistMixin, SingleTableMixin, FilterView):
    """A list page of one region's rows: a FilterSet, a table, and the same rows as Excel and CSV
    (rapportage.exporteren.lijsten reuses the view). `toegang` says who may read it."""

    paginator_class = BegrensdePaginator

    def get_table_kwargs(self):
        # The region column only helps the national reader, who sees every region.
        return {} if self.request.user.leest_alle_regios else {"exclude": ["leerwerkloket"]}


def id_of_404(pk: int) -> int:
    """A number from a page's path as an id, or "niet gevonden" when no database column holds it:
    SQLite cannot even look up 99999999999999999999 through a join (OverflowError, a server error)."""
    if not 0 < pk <= 2**63 - 1:
        raise Http404("Deze pagina bestaat niet.")
    return pk
