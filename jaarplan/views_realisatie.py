"""Realisatie: what was actually spent per activity and kostensoort against the budget, and what
was delivered per indicator against its streefwaarde. Finance staff book costs and outputs by hand;
a booking read in from the bookkeeping changes only with its import. Everyone of the region reads."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from kern.money import format_euro
from kern.permissions import vereist
from kern.views import RegioLijst

from . import selectors
from .filters import KostenrealisatieFilter
from .forms import KostenrealisatieForm, OutputrealisatieForm
from .models import Activiteit, Jaarplan, Kostenrealisatie, Outputrealisatie
from .permissions import can_record_realisatie, can_record_realisaties, can_view_jaarplannen
from .tables import KostenrealisatieTable
from .views import _jaarplan
from .views_onderdelen import bewaard, formulier, verwijderen


@vereist(can_view_jaarplannen)
def realisatie(request, pk):
    return _pagina(request, _jaarplan(request, pk))


def _pagina(request, jaarplan: Jaarplan, *, kosten_form=None, output_form=None):
    boeken = can_record_realisatie(request.user, jaarplan)
    if boeken:
        # Today when it falls in the jaarplan's year; otherwise the date is typed on purpose.
        vandaag = timezone.localdate()
        begin = {"datum": vandaag if vandaag.year == jaarplan.jaar else None}
        kosten_form = kosten_form or KostenrealisatieForm(jaarplan=jaarplan, initial=begin, prefix="kosten")
        output_form = output_form or OutputrealisatieForm(jaarplan=jaarplan, initial=begin, prefix="output")
    return render(
        request,
        "jaarplan/realisatie.html",
        {
            "jaarplan": jaarplan,
            "realisatie": selectors.realisatie(jaarplan),
            "kosten_form": kosten_form,
            "output_form": output_form,
            "kan_boeken": boeken,
        },
    )


# Writing needs the role and the region (404 otherwise); an afgesloten jaarplan is refused by the
# model, with its own message on the page.
@require_POST
@vereist(can_record_realisaties)
def kosten_nieuw(request, pk):
    jaarplan = _jaarplan(request, pk)
    form = KostenrealisatieForm(request.POST, instance=Kostenrealisatie(), jaarplan=jaarplan, prefix="kosten")
    if not bewaard(form, request.user):
        return _pagina(request, jaarplan, kosten_form=form)
    boeking = form.instance
    messages.success(request, f"{format_euro(boeking.bedrag)} op {boeking.activiteit} is geboekt.")
    return redirect("jaarplan:realisatie", pk=jaarplan.pk)


@require_POST
@vereist(can_record_realisaties)
def output_nieuw(request, pk):
    jaarplan = _jaarplan(request, pk)
    form = OutputrealisatieForm(request.POST, instance=Outputrealisatie(), jaarplan=jaarplan, prefix="output")
    if not bewaard(form, request.user):
        return _pagina(request, jaarplan, output_form=form)
    output = form.instance
    messages.success(request, f"{output.aantal} {output.indicator.eenheid} voor {output.indicator.naam} vastgelegd.")
    return redirect("jaarplan:realisatie", pk=jaarplan.pk)


def _kosten(request, pk) -> tuple[Kostenrealisatie, str]:
    boeking = get_object_or_404(
        Kostenrealisatie.objects.voor_gebruiker(request.user).select_related("activiteit__jaarplan__leerwerkloket"),
        pk=pk,
    )
    return boeking, f"{reverse('jaarplan:realisatie_lijst')}?jaar={boeking.activiteit.jaarplan.jaar}"


def _output(request, pk) -> tuple[Outputrealisatie, str]:
    output = get_object_or_404(
        Outputrealisatie.objects.voor_gebruiker(request.user).select_related(
            "indicator__activiteit__jaarplan__leerwerkloket"
        ),
        pk=pk,
    )
    return output, reverse("jaarplan:realisatie", args=[output.indicator.activiteit.jaarplan_id])


@vereist(can_record_realisaties)
def kosten_bewerken(request, pk):
    boeking, terug = _kosten(request, pk)
    form = KostenrealisatieForm(request.POST or None, instance=boeking, jaarplan=boeking.activiteit.jaarplan)
    return formulier(
        request,
        form,
        titel=f"Boeking van {boeking.datum:%d-%m-%Y} op {boeking.activiteit} bewerken",
        terug=terug,
        melding=lambda b: f"De boeking op {b.activiteit} is opgeslagen ({format_euro(b.bedrag)}).",
    )


@vereist(can_record_realisaties)
def kosten_verwijderen(request, pk):
    boeking, terug = _kosten(request, pk)
    return verwijderen(
        request,
        boeking,
        titel=f"Boeking van {format_euro(boeking.bedrag)} op {boeking.activiteit} verwijderen",
        terug=terug,
        melding=f"De boeking van {format_euro(boeking.bedrag)} op {boeking.activiteit} is verwijderd.",
    )


@vereist(can_record_realisaties)
def output_bewerken(request, pk):
    output, terug = _output(request, pk)
    form = OutputrealisatieForm(request.POST or None, instance=output, jaarplan=output.indicator.activiteit.jaarplan)
    return formulier(
        request,
        form,
        titel=f"Output van {output.datum:%d-%m-%Y} voor {output.indicator.naam} bewerken",
        terug=terug,
        melding=lambda o: f"De output voor {o.indicator.naam} is opgeslagen ({o.aantal} {o.indicator.eenheid}).",
    )


@vereist(can_record_realisaties)
def output_verwijderen(request, pk):
    output, terug = _output(request, pk)
    return verwijderen(
        request,
        output,
        titel=f"Output van {output.datum:%d-%m-%Y} voor {output.indicator.naam} ({output.aantal}) verwijderen",
        terug=terug,
        melding=f"De output van {output.datum:%d-%m-%Y} voor {output.indicator.naam} is verwijderd.",
    )


class KostenrealisatieLijst(RegioLijst):
    """Every cost booking of the region, filtered; the export gives exactly these rows."""

    toegang = can_view_jaarplannen
    model = Kostenrealisatie
    table_class = KostenrealisatieTable
    filterset_class = KostenrealisatieFilter
    template_name = "jaarplan/realisatie_lijst.html"

    def get_queryset(self):
        return (
            Kostenrealisatie.objects.voor_gebruiker(self.request.user)
            .select_related("activiteit__jaarplan__leerwerkloket")
            .order_by("-datum", "-pk")
        )

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        namen = {}
        for code, naam in (
            Activiteit.objects.voor_gebruiker(self.request.user)
            .order_by("code", "-jaarplan__jaar")
            .values_list("code", "naam")
        ):
            namen.setdefault(code, naam)  # the newest year's name
        kwargs["activiteiten"] = sorted(((c, n) for c, n in namen.items()), key=lambda keuze: keuze[1])
        return kwargs

    def get_table(self, **kwargs):
        tabel = super().get_table(**kwargs)
        tabel.kan_boeken = can_record_realisaties(self.request.user)
        return tabel

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        regio = self.request.user.leerwerkloket_id
        context["jaarplannen"] = Jaarplan.objects.voor_regio(regio).order_by("-jaar") if regio else []
        return context
