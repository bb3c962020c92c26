"""The home page (each role's to-do list from the calendar), "Mijn meldingen", the agenda feed,
the drafted payment reminders and recording a verantwoording as submitted."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from financiering.models import Financieringsafspraak, Toezegging, alle_facturen_met_ontvangen
from financiering.permissions import can_edit_afspraken
from jaarplan.permissions import can_vaststellen
from jaarplan.selectors import concepten_in, door_te_zetten
from kern.permissions import is_beheerder, vereist
from rapportage import selectors
from rapportage.dashboard.selectors import toezeggingen_tegen_minimum
from rapportage.permissions import can_view_home_dekking, can_view_home_facturen, can_view_home_minima

from . import agenda, services
from .forms import BetalingsherinneringForm, MeldingenForm, VerantwoordingForm
from .kalender import kalender, voor_gebruiker
from .models import Agendakoppeling, Betalingsherinnering, Meldingsvoorkeur, Verantwoording
from .permissions import can_record_verantwoording, can_send_betalingsherinnering, can_view_te_doen


@login_required
def home(request):
    """What is the signed-in user's to do, by role, in their region; the national role starts on
    the national overview."""
    gebruiker = request.user
    regio = gebruiker.leerwerkloket
    if regio is None and gebruiker.leest_alle_regios:
        return redirect("dashboard:landelijk")
    vandaag = timezone.localdate()
    context = {
        "regio": regio,
        "vandaag": vandaag,
        "toon_dekking": can_view_home_dekking(gebruiker, regio),
        "toon_minima": can_view_home_minima(gebruiker, regio),
        "toon_facturen": can_view_home_facturen(gebruiker, regio),
        "kan_beheren": is_beheerder(gebruiker),
    }
    if regio is not None:
        context["te_doen"] = voor_gebruiker(kalender(regio, vandaag), gebruiker)
        jaarplan = selectors.huidig_jaarplan(regio)
        context["jaarplan"] = jaarplan
        if jaarplan is not None:
            context["kan_vaststellen"] = can_vaststellen(gebruiker, jaarplan)
            if context["toon_dekking"]:
                context["eerste_stappen"] = selectors.eerste_stappen(regio, jaarplan)
                context["ongedekt"] = selectors.ongedekte_activiteiten(jaarplan)
                context["vrije_toezeggingen"] = selectors.vrije_toezeggingen(regio, jaarplan.jaar)
                context["toezeggingen_in_jaar"] = (
                    Toezegging.objects.voor_regio(regio).filter(jaar=jaarplan.jaar).telt().exists()
                )
            if context["toon_dekking"] or context["toon_minima"]:
                context["door_te_zetten"] = door_te_zetten(jaarplan)
                context["kan_doorzetten"] = can_edit_afspraken(gebruiker)
                context["concepten"] = concepten = concepten_in(regio, jaarplan.jaar)
            if context["toon_minima"]:
                context["minima"] = [
                    (c, cel, concepten.get(c.financier_id) if cel == "ontbreekt" else None)
                    for c, cel in toezeggingen_tegen_minimum(regio, jaarplan.jaar).in_jaar()
                ]
        if context["toon_facturen"]:
            context["verlopen"] = selectors.verlopen_facturen(regio, vandaag)
            context["openstaand"] = selectors.totaal_openstaand(regio)
    return render(request, "cyclus/home.html", context)


@vereist(can_view_te_doen)
def meldingen(request):
    """Mijn meldingen: which kinds of reminder reach me by e-mail, and my agenda link."""
    voorkeur, _ = Meldingsvoorkeur.objects.get_or_create(gebruiker=request.user)
    form = MeldingenForm(request.POST if request.method == "POST" else None, gebruiker=request.user, voorkeur=voorkeur)
    if request.method == "POST" and form.is_valid():
        services.meldingen_kiezen(gebruiker=request.user, gewild=form.cleaned_data["soorten"])
        messages.success(request, "Uw keuze is opgeslagen.")
        return redirect("cyclus:meldingen")
    koppeling = Agendakoppeling.objects.filter(gebruiker=request.user).first()
    agenda_url = request.build_absolute_uri(agenda.url_van(koppeling)) if koppeling else None
    return render(request, "cyclus/meldingen.html", {"form": form, "agenda_url": agenda_url})


@require_POST
@vereist(can_view_te_doen)
def agenda_koppelen(request):
    """A new personal agenda link; the old one, if any, stops working."""
    services.agendakoppeling_vernieuwen(gebruiker=request.user)
    messages.success(request, "Er is een nieuwe agendalink gemaakt; een eerdere link werkt niet meer.")
    return redirect("cyclus:meldingen")


@require_POST
@vereist(can_view_te_doen)
def agenda_intrekken(request):
    Agendakoppeling.objects.filter(gebruiker=request.user).delete()
    messages.success(request, "Uw agendalink is ingetrokken; de agenda krijgt geen deadlines meer.")
    return redirect("cyclus:meldingen")


def agenda_feed(request, token):
    """The iCalendar feed behind a personal link: no sign-in (an agenda program cannot), the
    token is the key; a revoked or unknown token is 404."""
    koppeling = Agendakoppeling.objects.select_related("gebruiker__leerwerkloket").filter(token=token).first()
    if koppeling is None or not koppeling.gebruiker.is_active or koppeling.gebruiker.leerwerkloket is None:
        raise Http404("Deze agendalink bestaat niet (meer).")
    gebruiker = koppeling.gebruiker
    items = voor_gebruiker(kalender(gebruiker.leerwerkloket, timezone.localdate()), gebruiker)
    inhoud = agenda.ical(items, basis=request.build_absolute_uri("/").rstrip("/"), gebruiker=gebruiker)
    response = HttpResponse(inhoud, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="leerwerkloket.ics"'
    return response


@vereist(can_send_betalingsherinnering)
def betalingsherinnering(request, pk):
    """A ready letter to the financier's contact for an overdue invoice (eerste, then tweede
    herinnering): finance staff review it and send it with one click."""
    factuur = get_object_or_404(
        alle_facturen_met_ontvangen(timezone.localdate())
        .voor_regio(request.user.leerwerkloket)
        .select_related("toezegging__afspraak__financier"),
        pk=pk,
    )
    eerdere = list(Betalingsherinnering.objects.filter(factuur=factuur).order_by("nummer"))
    concept = services.herinnering_opstellen(factuur=factuur, door=request.user)
    form = BetalingsherinneringForm(request.POST or None, initial=concept and concept.initial())
    if concept is not None and request.method == "POST" and form.is_valid():
        try:
            verzonden = services.betalingsherinnering_versturen(factuur=factuur, door=request.user, **form.cleaned_data)
        except ValidationError as fout:
            form.add_error(None, fout)
        else:
            wat = verzonden.get_nummer_display().lower()
            messages.success(request, f"De {wat} van factuur {factuur.nummer} is verstuurd aan {verzonden.aan}.")
            return redirect("cyclus:betalingsherinnering", pk=factuur.pk)
    return render(
        request,
        "cyclus/betalingsherinnering.html",
        {"factuur": factuur, "eerdere": eerdere, "concept": concept, "form": form},
    )


@vereist(can_record_verantwoording)
def verantwoording(request, pk, jaar):
    afspraak = get_object_or_404(
        Financieringsafspraak.objects.voor_regio(request.user.leerwerkloket).select_related("financier"), pk=pk
    )
    bestaand = Verantwoording.objects.filter(afspraak=afspraak, jaar=jaar).first()
    form = VerantwoordingForm(request.POST or None, initial={"ingediend_op": timezone.localdate()})
    if bestaand is None and request.method == "POST" and form.is_valid():
        try:
            services.verantwoording_vastleggen(
                afspraak=afspraak, jaar=jaar, ingediend_op=form.cleaned_data["ingediend_op"], door=request.user
            )
        except ValidationError as fout:
            form.add_error("ingediend_op", fout)
        else:
            messages.success(request, f"De verantwoording {jaar} aan {afspraak.financier} is vastgelegd als ingediend.")
            return redirect("home")
    return render(
        request,
        "cyclus/verantwoording.html",
        {"afspraak": afspraak, "jaar": jaar, "bestaand": bestaand, "form": form},
    )
