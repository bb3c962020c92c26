from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from financiering.permissions import can_edit_afspraken
from kern.permissions import vereist
from kern.tekst import aantal
from kern.views import BegrensdePaginator, id_of_404

from . import rules, selectors, services
from .forms import AfsluitenForm, BegrotingForm, NieuwJaarplanForm, VaststellenForm, rijen_met_velden
from .models import Jaarplan, alle_activiteiten_met_totalen
from .permissions import (
    can_afsluiten,
    can_afsluiten_als,
    can_create_jaarplan,
    can_edit_jaarplan,
    can_vaststellen,
    can_view_jaarplannen,
)


def _jaarplan(request, pk, *, met_matrixtotalen: bool = False) -> Jaarplan:
    """The jaarplan if the user's region owns it; another region's gives 404."""
    plannen = Jaarplan.objects.voor_gebruiker(request.user).select_related("leerwerkloket")
    return get_object_or_404(selectors.met_matrixtotalen(plannen) if met_matrixtotalen else plannen, pk=pk)


JAARPLANNEN_PER_PAGINA = 50  # a region has one a year; the national list has 35 regions' worth


@vereist(can_view_jaarplannen)
def lijst(request):
    # A page at a time: the figures (met_totalen) are computed for the plans on it alone.
    pagina = BegrensdePaginator(selectors.jaarplannen_van(request.user), JAARPLANNEN_PER_PAGINA).get_page(
        request.GET.get("page")
    )
    regio = request.user.leerwerkloket_id
    vorig = Jaarplan.objects.voor_regio(regio).order_by("-jaar").first() if regio else None
    volgend_jaar = (vorig.jaar + 1) if vorig else timezone.localdate().year
    return render(
        request,
        "jaarplan/lijst.html",
        {
            "plannen": pagina,
            "pagina": pagina,
            "vorig": vorig,
            "kan_nieuw": can_create_jaarplan(request.user),
            "nieuw_form": NieuwJaarplanForm(initial={"jaar": volgend_jaar}),
        },
    )


@require_POST
@vereist(can_create_jaarplan)
def nieuw(request):
    """A new jaarplan on the basis of the region's latest earlier one; the region's first starts empty."""
    form = NieuwJaarplanForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for fouten in form.errors.values() for e in fouten))
        return redirect("jaarplan:lijst")
    jaar, regio = form.cleaned_data["jaar"], request.user.leerwerkloket
    bron = Jaarplan.objects.voor_regio(regio).filter(jaar__lt=jaar).order_by("-jaar").first()
    try:
        if bron is None:
            nieuw = services.jaarplan_aanmaken(leerwerkloket=regio, jaar=jaar, door=request.user)
        else:
            nieuw = services.jaarplan_kopieren(bron=bron, jaar=jaar, door=request.user)
    except ValidationError as fout:
        messages.error(request, " ".join(fout.messages))
        return redirect("jaarplan:lijst")
    if bron is None:
        messages.success(request, f"Jaarplan {nieuw.jaar} is aangemaakt; voeg de activiteiten toe.")
    else:
        messages.success(request, f"Jaarplan {nieuw.jaar} is aangemaakt op basis van {bron.jaar}.")
    return redirect("jaarplan:detail", pk=nieuw.pk)


@vereist(can_view_jaarplannen)
def detail(request, pk):
    """The jaarplan editor: budget per activity and kostensoort, and the dekking matrix."""
    # The fingerprint before anything the page shows. A save that commits while the page reads its
    # values then leaves the fingerprint behind and this page's save is refused as a conflict;
    # taken after the values, it would match that save and this page would undo it unseen.
    getekend = selectors.toestand(Jaarplan(pk=id_of_404(pk))) if request.method != "POST" else None
    jaarplan = _jaarplan(request, pk, met_matrixtotalen=True)
    bewerkbaar = can_edit_jaarplan(request.user, jaarplan)
    matrix = selectors.dekking_matrix(jaarplan)
    form = None
    if request.method == "POST":
        if not bewerkbaar:
            raise PermissionDenied
        form = BegrotingForm(request.POST, matrix=matrix)
        if form.is_valid() and _save_form(request, jaarplan, form):
            return redirect("jaarplan:detail", pk=jaarplan.pk)
    elif bewerkbaar:
        form = BegrotingForm(matrix=matrix, initial={"toestand": getekend})
    return render(
        request,
        "jaarplan/detail.html",
        {
            "jaarplan": jaarplan,
            "matrix": matrix,
            "form": form,
            "rijen": list(rijen_met_velden(matrix, form)),
            "waarschuwingen": rules.waarschuwingen(r.activiteit for r in matrix.rijen),
            "kan_vaststellen": can_vaststellen(request.user, jaarplan),
            "kan_afsluiten": can_afsluiten(request.user, jaarplan),
            # Activities come and go only in a concept; the model refuses it later on.
            "kan_activiteiten": bewerkbaar and jaarplan.is_concept,
            "bewerkbaar": bewerkbaar,
            "wijzigingen": jaarplan.begrotingswijzigingen.select_related("door").prefetch_related("regels")[:10],
            "door_te_zetten": selectors.door_te_zetten(jaarplan),
            "kan_doorzetten": can_edit_afspraken(request.user),
            "ontbrekend": selectors.ontbrekende_toezeggingen(jaarplan) if not matrix.bronnen else [],
            "concepten": list(selectors.concepten_in(jaarplan.leerwerkloket_id, jaarplan.jaar).values()),
        },
    )


def _save_form(request, jaarplan: Jaarplan, form: BegrotingForm) -> bool:
    # The service compares the form's `toestand` with the stored one under the jaarplan's lock.
    toestand = form.cleaned_data["toestand"]
    try:
        if jaarplan.is_concept:
            veranderd = services.begroting_bijwerken(
                jaarplan=jaarplan,
                door=request.user,
                begroting=form.begroting(),
                toewijzing=form.toewijzing(),
                toestand=toestand,
            )
        else:
            wijziging = services.begrotingswijziging_doorvoeren(
                jaarplan=jaarplan,
                door=request.user,
                reden=form.cleaned_data["reden"],
                begroting=form.begroting(),
                toewijzing=form.toewijzing(),
                toestand=toestand,
            )
            veranderd = list(wijziging.regels.all())
    except ValidationError as fout:
        sleutel = getattr(fout, "sleutel", None)
        form.add_error(form.veld_voor(sleutel) if sleutel else None, fout.messages)
        return False
    if veranderd:
        gewijzigd = aantal(len(veranderd), "bedrag,bedragen")
        messages.success(request, f"Jaarplan {jaarplan.jaar} is opgeslagen ({gewijzigd} gewijzigd).")
    else:
        messages.info(request, "Er was niets gewijzigd.")
    for waarschuwing in rules.waarschuwingen(alle_activiteiten_met_totalen().filter(jaarplan=jaarplan)):
        messages.warning(request, waarschuwing)
    return True


@vereist(can_view_jaarplannen)
def vaststellen(request, pk):
    jaarplan = _jaarplan(request, pk)
    if not can_vaststellen(request.user, jaarplan):
        raise PermissionDenied
    geld = selectors.dekking_per_activiteit(jaarplan)
    form = VaststellenForm(request.POST or None, ongedekt=geld.totalen.totaal_ongedekt)
    if request.method == "POST" and form.is_valid():
        try:
            services.jaarplan_vaststellen(
                jaarplan=jaarplan,
                door=request.user,
                besluitdatum=form.cleaned_data["besluitdatum"],
                aanvaard_ongedekt=form.aanvaard_ongedekt,
            )
        except ValidationError as fout:
            form.add_error(None, fout.messages)
        else:
            messages.success(request, f"Jaarplan {jaarplan.jaar} is vastgesteld.")
            return redirect("jaarplan:detail", pk=jaarplan.pk)
    return render(
        request,
        "jaarplan/bevestigen.html",
        {"jaarplan": jaarplan, "form": form, "actie": "Vaststellen", "geld": geld},
    )


@vereist(can_view_jaarplannen)
def afsluiten(request, pk):
    jaarplan = _jaarplan(request, pk)
    if not can_afsluiten_als(request.user, jaarplan):
        raise PermissionDenied
    context = {"jaarplan": jaarplan, "actie": "Afsluiten"}
    if not can_afsluiten(request.user, jaarplan):
        # The year has not ended: the page says from when, and offers nothing to confirm.
        context["weigering"] = services.niet_voor_het_jaar_voorbij_is(jaarplan)
        return render(request, "jaarplan/bevestigen.html", context)
    geboekt_tot = jaarplan.geboekt_tot_nu()
    form = AfsluitenForm(request.POST or None, jaarplan=jaarplan, geboekt_tot=geboekt_tot)
    if request.method == "POST" and form.is_valid():
        try:
            services.jaarplan_afsluiten(
                jaarplan=jaarplan, door=request.user, aanvaard_geboekt_tot=form.aanvaard_geboekt_tot
            )
        except ValidationError as fout:
            form.add_error(None, fout.messages)
        else:
            messages.success(request, f"Jaarplan {jaarplan.jaar} is afgesloten.")
            return redirect("jaarplan:detail", pk=jaarplan.pk)
    return render(request, "jaarplan/bevestigen.html", context | {"form": form, "geboekt_tot": geboekt_tot})


@vereist(can_view_jaarplannen)
def geschiedenis(request, pk):
    jaarplan = _jaarplan(request, pk)
    return render(
        request,
        "jaarplan/geschiedenis.html",
        {"jaarplan": jaarplan, "gebeurtenissen": selectors.geschiedenis(jaarplan)},
    )
