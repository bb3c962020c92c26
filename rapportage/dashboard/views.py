"""The dashboard pages: the overview of a region's year, where one financier's money goes, the
national view, the stuurgroep report with its vastgelegd versions, and the next period."""

from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from financiering.models import Toezegging
from kern.permissions import vereist
from partners.models import Leerwerkloket, Partner

from . import selectors
from .cijfers import dashboard_cijfers
from .permissions import can_view_dashboard, can_view_landelijk, can_view_regio


def _regio(request) -> Leerwerkloket | None:
    """The region to show: `?regio=<slug>` for the national role, else the user's own. Another
    region's slug is a 404 for a regional user, as if it did not exist. None: the national role
    has not picked one yet."""
    gebruiker = request.user
    slug = request.GET.get("regio")
    if not slug:
        return gebruiker.leerwerkloket
    regio = Leerwerkloket.objects.filter(slug=slug).first()
    if regio is None or not can_view_regio(gebruiker, regio):
        raise Http404("Dit Leerwerkloket bestaat niet of u mag de gegevens ervan niet inzien.")
    return regio


def _regio_parameter(request, regio) -> str:
    """The `regio` query parameter the page's links carry, for a user who reads every region."""
    return regio.slug if request.user.leest_alle_regios else ""


def _dashboard_context(request, regio, keuze, *, op) -> dict:
    """What the dashboard and the stuurgroep report both show: the region, its year and the
    figures of sections 1-7."""
    return {
        "regio": regio,
        "regio_parameter": _regio_parameter(request, regio),
        "keuze": keuze,
        **dashboard_cijfers(regio, keuze.gekozen, op=op).context(),
    }


@vereist(can_view_dashboard)
def overzicht(request):
    regio = _regio(request)
    if regio is None:  # the national role, no region picked: every region side by side
        return redirect("dashboard:landelijk")
    keuze = selectors.jaarkeuze(regio, request.GET.get("jaar"))
    context = _dashboard_context(request, regio, keuze, op=timezone.localdate())
    return render(request, "rapportage/dashboard/overzicht.html", context)


@vereist(can_view_dashboard)
def financier(request, pk):
    """Waar gaat uw geld naartoe: one financier's money of a year, over activities and outputs."""
    partner = get_object_or_404(Partner.objects.voor_gebruiker(request.user).select_related("leerwerkloket"), pk=pk)
    regio = partner.leerwerkloket
    keuze = selectors.jaarkeuze(regio, request.GET.get("jaar"))
    financiers = (
        Partner.objects.voor_regio(regio)
        .filter(Exists(Toezegging.objects.filter(afspraak__financier=OuterRef("pk"), jaar=keuze.gekozen)))
        .order_by("naam")
        .values("pk", "naam")
    )
    context = {
        "regio": regio,
        "regio_parameter": _regio_parameter(request, regio),
        "keuze": keuze,
        "jaar": keuze.gekozen,
        "partner": partner,
        "besteding": selectors.besteding(regio, keuze.gekozen, partner),
        "financiers": financiers,
    }
    return render(request, "rapportage/dashboard/financier.html", context)


@vereist(can_view_landelijk)
def landelijk(request):
    """The national view: each region's coverage, commitments kept and co-financing share."""
    keuze = selectors.jaarkeuze(None, request.GET.get("jaar"))
    context = {
        "keuze": keuze,
        "jaar": keuze.gekozen,
        "overzicht": selectors.landelijk_overzicht(keuze.gekozen),
        "aandeel": selectors.cofinancieringsnorm()[0],
        "basisbedrag": selectors.cofinancieringsnorm()[1],
    }
    return render(request, "rapportage/dashboard/landelijk.html", context)
