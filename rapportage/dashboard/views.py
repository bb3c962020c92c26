"""The dashboard pages: the overview of a region's year, where one financier's money goes, the
national view, the stuurgroep report with its vastgelegd versions, and the next period."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import slug_re
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from financiering.models import Toezegging
from financiering.permissions import can_edit_afspraken
from jaarplan.selectors import concepten_in
from kern.permissions import vereist
from partners.models import Leerwerkloket, Partner
from rapportage.models import Stuurgroeprapport

from . import selectors, services
from .bevriezen import ontdooi
from .cijfers import dashboard_cijfers
from .forms import STATUSSEN, RapportForm, VolgendePeriodeForm
from .permissions import can_vastleggen_rapport, can_view_dashboard, can_view_landelijk, can_view_regio
from .verschillen import verschillen as verschillen_tussen


def _regio(request) -> Leerwerkloket | None:
    """The region to show: `?regio=<slug>` for the national role, else the user's own. Another
    region's slug is a 404 for a regional user, as if it did not exist. None: the national role
    has not picked one yet."""
    gebruiker = request.user
    slug = request.GET.get("regio")
    if not slug:
        return gebruiker.leerwerkloket
    # Only a slug can name a region; anything else (a NUL byte, which PostgreSQL refuses) names none.
    regio = Leerwerkloket.objects.filter(slug=slug).first() if slug_re.fullmatch(slug) else None
    if regio is None or not can_view_regio(gebruiker, regio):
        raise Http404("Dit Leerwerkloket bestaat niet of u mag de gegevens ervan niet inzien.")
    return regio


def _regio_parameter(request, regio) -> str:
    """The `regio` query parameter the page's links carry, for a user who reads every region."""
    return regio.slug if can_view_landelijk(request.user) else ""


def _dashboard_context(request, regio, keuze, *, op) -> dict:
    """What the dashboard and the stuurgroep report both show: the region, its year and the
    figures of sections 1-7."""
    return {
        "regio": regio,
        "regio_parameter": _regio_parameter(request, regio),
        "keuze": keuze,
        **dashboard_cijfers(regio, keuze.gekozen, op=op).context(),
        # Live pages name a concept renewal where a toezegging is missing; a laid-down report does not.
        "concepten": concepten_in(regio, keuze.gekozen),
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
        .filter(Exists(Toezegging.objects.telt().filter(afspraak__financier=OuterRef("pk"), jaar=keuze.gekozen)))
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


# -- The stuurgroep report and its vastgelegd versions ----------------------------------------
def _rapportkeuze(request) -> RapportForm:
    """The report's status and meeting date from the query string; concept and today at first."""
    gegevens = {"status": "concept", "datum": timezone.localdate().isoformat()}
    gegevens.update({k: request.GET[k] for k in ("status", "datum") if k in request.GET})
    return RapportForm(gegevens)


@vereist(can_view_dashboard)
def rapport(request):
    """The print-ready stuurgroep report of a year: the dashboard's sections 1-7 under the meeting
    date and "concept" or "definitief"."""
    regio = _regio(request)
    if regio is None:
        return redirect("dashboard:landelijk")
    keuze = selectors.jaarkeuze(regio, request.GET.get("jaar"))
    formulier = _rapportkeuze(request)
    context = {
        "regio": regio,
        "regio_parameter": _regio_parameter(request, regio),
        "keuze": keuze,
        "jaar": keuze.gekozen,
        "formulier": formulier,
        "kan_vastleggen": can_vastleggen_rapport(request.user, regio),
    }
    if formulier.is_valid():
        context.update(_dashboard_context(request, regio, keuze, op=timezone.localdate()))
        context.update(
            status=formulier.cleaned_data["status"],
            status_label=dict(STATUSSEN)[formulier.cleaned_data["status"]],
            vergaderdatum=formulier.cleaned_data["datum"],
        )
    return render(request, "rapportage/dashboard/rapport.html", context)


@require_POST
@vereist(can_view_dashboard)
def rapport_vastleggen(request):
    """Vastleggen voor de vergadering van <datum>: freeze the report's figures as they are now."""
    regio = request.user.leerwerkloket
    if not can_vastleggen_rapport(request.user, regio):
        raise PermissionDenied
    keuze = selectors.jaarkeuze(regio, request.POST.get("jaar"))
    formulier = RapportForm(request.POST)
    if not formulier.is_valid():
        fouten = " ".join(e for lijst in formulier.errors.values() for e in lijst)
        messages.error(request, f"Het rapport is niet vastgelegd. {fouten}")
        return redirect(f"{reverse('dashboard:rapport')}?jaar={keuze.gekozen}")
    try:
        vastgelegd = services.rapport_vastleggen(
            regio=regio,
            jaar=keuze.gekozen,
            vergaderdatum=formulier.cleaned_data["datum"],
            status=formulier.cleaned_data["status"],
            door=request.user,
        )
    except ValidationError as fout:
        messages.error(request, f"Het rapport is niet vastgelegd. {' '.join(fout.messages)}")
        return redirect(
            f"{reverse('dashboard:rapport')}?jaar={keuze.gekozen}&status={formulier.cleaned_data['status']}"
            f"&datum={formulier.cleaned_data['datum']:%Y-%m-%d}"
        )
    messages.success(
        request,
        f"Het rapport {vastgelegd.jaar} is vastgelegd voor de vergadering van "
        f"{formulier.cleaned_data['datum']:%d-%m-%Y}; latere wijzigingen veranderen het niet.",
    )
    return redirect("dashboard:vastgelegd_rapport", pk=vastgelegd.pk)


def _vastgelegd(request, pk) -> Stuurgroeprapport:
    """A vastgelegd report the user may read; another region's is a 404."""
    return get_object_or_404(
        Stuurgroeprapport.objects.voor_gebruiker(request.user).select_related("leerwerkloket", "vastgelegd_door"),
        pk=pk,
    )


@vereist(can_view_dashboard)
def vastgelegde_rapporten(request):
    """The reports laid down for meetings: the region's, or every region's for the national role."""
    regio = _regio(request)
    rapporten = Stuurgroeprapport.objects.voor_gebruiker(request.user).select_related(
        "leerwerkloket", "vastgelegd_door"
    )
    if regio is not None:
        rapporten = rapporten.voor_regio(regio)
    context = {
        "regio": regio,
        "regio_parameter": _regio_parameter(request, regio) if regio else "",
        "rapporten": rapporten.defer("cijfers"),
        "kan_vastleggen": can_vastleggen_rapport(request.user, regio),
    }
    return render(request, "rapportage/dashboard/vastgelegde_rapporten.html", context)


@vereist(can_view_dashboard)
def vastgelegd_rapport(request, pk):
    """A vastgelegd report, rendered from its frozen figures by the report's own templates."""
    vastgelegd = _vastgelegd(request, pk)
    regio = vastgelegd.leerwerkloket
    context = {
        "regio": regio,
        "regio_parameter": _regio_parameter(request, regio),
        "vastgelegd": vastgelegd,
        "status": vastgelegd.status,
        "status_label": vastgelegd.get_status_display(),
        "vergaderdatum": vastgelegd.vergaderdatum,
        **ontdooi(vastgelegd.cijfers).context(),
    }
    return render(request, "rapportage/dashboard/vastgelegd_rapport.html", context)


@vereist(can_view_dashboard)
def verschillen(request, pk):
    """What changed between a vastgelegd report and the same report today: every figure that
    differs, with its section, row and column, then and now."""
    vastgelegd = _vastgelegd(request, pk)
    regio = vastgelegd.leerwerkloket
    vandaag = timezone.localdate()
    toen = ontdooi(vastgelegd.cijfers)
    nu = dashboard_cijfers(regio, vastgelegd.jaar, op=vandaag, drempel=toen.begroting.drempel)
    context = {
        "regio": regio,
        "regio_parameter": _regio_parameter(request, regio),
        "vastgelegd": vastgelegd,
        "vandaag": vandaag,
        "verschillen": verschillen_tussen(toen, nu),
    }
    return render(request, "rapportage/dashboard/verschillen.html", context)


# -- 8. The next period -----------------------------------------------------------------------
@vereist(can_view_dashboard)
def volgende_periode(request):
    """What each partner would commit per year in the next agreement period: the current costs,
    indexed, split by a chosen share, against today's minimum."""
    regio = _regio(request)
    if regio is None:
        return redirect("dashboard:landelijk")
    basis = selectors.planbasis(regio, _jaar_of_none(request.GET.get("basisjaar")))
    context = {
        "regio": regio,
        "regio_parameter": _regio_parameter(request, regio),
        "basis": basis,
        "kan_omzetten": can_edit_afspraken(request.user) and request.user.leerwerkloket_id == regio.pk,
    }
    if basis.basisjaar is not None:
        context["formulier"], plan = _plan(basis, request.GET)
        if plan is not None:
            context["plan"] = plan
    return render(request, "rapportage/dashboard/volgende_periode.html", context)


def _plan(basis, gegevens) -> tuple[VolgendePeriodeForm, selectors.VolgendePeriode | None]:
    """The next-period form from the request (the proposal when nothing was chosen yet), and the
    plan it computes; None when the form says what is wrong."""
    if any(k in gegevens for k in ("indexatie", "van", "aantal")):
        gegevens = {k: v for k, v in gegevens.items() if k not in ("regio", "csrfmiddlewaretoken")}
        gegevens["basisjaar"] = str(basis.basisjaar)
    else:
        gegevens = VolgendePeriodeForm.standaardwaarden(basis, selectors.standaard_indexatie())
    formulier = VolgendePeriodeForm(gegevens, basis=basis)
    if not formulier.is_valid():
        return formulier, None
    try:
        plan = selectors.volgende_periode(
            basis,
            indexatie=formulier.cleaned_data["indexatie"],
            verdeling=formulier.verdeling,
            jaren=formulier.jaren,
            vast=formulier.vast,
        )
    except ValueError as fout:
        formulier.add_error(None, str(fout))
        return formulier, None
    return formulier, plan


@require_POST
@vereist(can_edit_afspraken)
def volgende_periode_omzetten(request):
    """Omzetten in afspraken: the plan as shown (the form's values, posted again) becomes concept
    agreements, one per financier, with their yearly toezeggingen; nothing when any is refused."""
    regio = request.user.leerwerkloket
    basis = selectors.planbasis(regio, _jaar_of_none(request.POST.get("basisjaar")))
    terug = reverse("dashboard:volgende_periode")
    if basis.basisjaar is None:
        messages.error(request, "Niet omgezet: er is nog geen jaarplan om de volgende periode uit te rekenen.")
        return redirect(terug)
    if "indexatie" not in request.POST:
        messages.error(request, "Niet omgezet: reken de volgende periode eerst door en zet dan die verdeling om.")
        return redirect(terug)
    formulier, plan = _plan(basis, request.POST)
    terug = f"{terug}?{urlencode(formulier.data)}"
    if plan is None:
        fouten = " ".join(e for lijst in formulier.errors.values() for e in lijst)
        messages.error(request, f"Niet omgezet: {fouten}")
        return redirect(terug)
    try:
        gemaakt, overgeslagen = services.plan_omzetten(basis=basis, plan=plan, door=request.user)
    except ValidationError as fout:
        messages.error(request, f"Niet omgezet: {' '.join(fout.messages)}")
        return redirect(terug)
    if not gemaakt:
        messages.error(
            request, " ".join(["Niet omgezet: er was geen financier om een afspraak voor te maken.", *overgeslagen])
        )
        return redirect(terug)
    melding = (
        f"{len(gemaakt)} conceptafspra{'ak' if len(gemaakt) == 1 else 'ken'} voor {plan.jaren[0]}–{plan.jaren[-1]} "
        f"vastgelegd: {', '.join(a.naam for a in gemaakt)}. Ze tellen pas mee als toezegging wanneer ze met "
        "'Tekenen' getekend zijn."
    )
    messages.success(request, " ".join([melding, *overgeslagen]))
    return redirect(f"{reverse('afspraken:lijst')}?status=concept")


def _jaar_of_none(waarde) -> int | None:
    try:
        return int(waarde)
    except (TypeError, ValueError):
        return None
