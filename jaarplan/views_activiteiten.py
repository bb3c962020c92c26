"""The projectleider adds, changes and removes activities and their indicators (streefwaarden).
Amounts stay in the editor's matrix. What a vastgesteld jaarplan still allows is the model's call."""

from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.shortcuts import get_object_or_404
from django.urls import reverse

from kern.permissions import vereist

from .forms import ActiviteitForm, IndicatorForm
from .models import Activiteit, Indicator
from .permissions import can_edit_jaarplan, can_edit_jaarplannen
from .views import _jaarplan
from .views_onderdelen import formulier, verwijderen


def _bewerkbaar(request, jaarplan):
    if not can_edit_jaarplan(request.user, jaarplan):
        raise PermissionDenied
    return reverse("jaarplan:detail", args=[jaarplan.pk]) + "#doelen-kop"


def _activiteit(request, pk) -> tuple[Activiteit, str]:
    """The activity of the user's region (404 otherwise) and the editor to return to."""
    activiteit = get_object_or_404(
        Activiteit.objects.voor_gebruiker(request.user).select_related("jaarplan__leerwerkloket"), pk=pk
    )
    return activiteit, _bewerkbaar(request, activiteit.jaarplan)


def _indicator(request, pk) -> tuple[Indicator, str]:
    indicator = get_object_or_404(
        Indicator.objects.voor_gebruiker(request.user).select_related("activiteit__jaarplan__leerwerkloket"), pk=pk
    )
    return indicator, _bewerkbaar(request, indicator.activiteit.jaarplan)


@vereist(can_edit_jaarplannen)
def activiteit_nieuw(request, pk):
    jaarplan = _jaarplan(request, pk)
    terug = _bewerkbaar(request, jaarplan)
    volgorde = (jaarplan.activiteiten.aggregate(m=Max("volgorde"))["m"] or 0) + 1
    form = ActiviteitForm(request.POST or None, instance=Activiteit(jaarplan=jaarplan, volgorde=volgorde))
    return formulier(
        request,
        form,
        titel=f"Nieuwe activiteit in jaarplan {jaarplan.jaar}",
        terug=terug,
        melding=lambda a: f"Activiteit '{a.naam}' is toegevoegd; geef haar begroting en dekking hieronder op.",
    )


@vereist(can_edit_jaarplannen)
def activiteit_bewerken(request, pk):
    activiteit, terug = _activiteit(request, pk)
    form = ActiviteitForm(request.POST or None, instance=activiteit)
    return formulier(
        request,
        form,
        titel=f"Activiteit '{activiteit.naam}' bewerken",
        terug=terug,
        melding=lambda a: f"Activiteit '{a.naam}' is opgeslagen.",
    )


@vereist(can_edit_jaarplannen)
def activiteit_verwijderen(request, pk):
    activiteit, terug = _activiteit(request, pk)
    return verwijderen(
        request,
        activiteit,
        titel=f"Activiteit '{activiteit.naam}' verwijderen, met haar begroting, dekking en indicatoren",
        terug=terug,
        melding=f"Activiteit '{activiteit.naam}' is verwijderd.",
    )


@vereist(can_edit_jaarplannen)
def indicator_nieuw(request, pk):
    activiteit, terug = _activiteit(request, pk)
    form = IndicatorForm(request.POST or None, instance=Indicator(activiteit=activiteit))
    return formulier(
        request,
        form,
        titel=f"Nieuwe indicator bij '{activiteit.naam}'",
        terug=terug,
        melding=lambda i: f"Indicator '{i.naam}' is toegevoegd met streefwaarde {i.streefwaarde} {i.eenheid}.",
    )


@vereist(can_edit_jaarplannen)
def indicator_bewerken(request, pk):
    indicator, terug = _indicator(request, pk)
    form = IndicatorForm(request.POST or None, instance=indicator)
    return formulier(
        request,
        form,
        titel=f"Indicator '{indicator.naam}' bij '{indicator.activiteit.naam}' bewerken",
        terug=terug,
        melding=lambda i: f"Indicator '{i.naam}' is opgeslagen.",
    )


@vereist(can_edit_jaarplannen)
def indicator_verwijderen(request, pk):
    indicator, terug = _indicator(request, pk)
    return verwijderen(
        request,
        indicator,
        titel=f"Indicator '{indicator.naam}' bij '{indicator.activiteit.naam}' verwijderen",
        terug=terug,
        melding=f"Indicator '{indicator.naam}' is verwijderd.",
    )
