"""The proof that a figure is declared once: "gemiddelde betaaltermijn per financier" is its
QuerySet method (ToezeggingQuerySet.met_betaaltermijn) plus one line on the money flow's row
(`figuur(BETAALTERMIJN, ...)`). From that it is on the dashboard, in the stuurgroep report, in a
laid-down report and its comparison, and in the jaaroverzicht's Geldstroom sheet, where its total
is the average over every paid invoice, not a sum."""

import datetime
import re
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

import openpyxl
import pytest
from django.urls import reverse

from financiering.models import Factuur, Toezegging
from financiering.services import betaling_registreren
from rapportage.dashboard.services import rapport_vastleggen
from rapportage.exporteren.registry import EXPORTERS
from tests.conftest import op_dag

pytestmark = pytest.mark.django_db

JAAR = 2021
KOP = "Gemiddelde betaaltermijn"


def verwacht(regio, jaar) -> tuple[dict[str, Decimal], Decimal]:
    """Counted here by hand, invoice by invoice: per financier and over all, the days from the
    invoice date to its last payment, for the invoices paid in full."""
    per_financier = defaultdict(list)
    toezeggingen = Toezegging.objects.voor_regio(regio).telt().filter(jaar=jaar)
    for f in Factuur.objects.filter(toezegging__in=toezeggingen, crediteert__isnull=True):
        betalingen = list(f.betalingen.all())
        gecrediteerd = -sum((c.bedrag for c in f.creditfacturen.all()), Decimal(0))
        if betalingen and sum(b.bedrag for b in betalingen) + gecrediteerd >= f.bedrag:
            laatste = max(b.datum for b in betalingen)
            per_financier[f.toezegging.afspraak.financier.naam].append((laatste - f.factuurdatum).days)
    alle = [d for dagen in per_financier.values() for d in dagen]
    return (
        {naam: Decimal(sum(d)) / len(d) for naam, d in per_financier.items()},
        Decimal(sum(alle)) / len(alle),
    )


def tekst(dagen: Decimal) -> str:
    return f"{dagen.quantize(Decimal('0.1'), ROUND_HALF_UP)} dagen".replace(".", ",")


def rij_op_pagina(html: str, naam: str) -> str:
    return re.search(rf'<tr><th scope="row">{re.escape(naam)}</th>(.*?)</tr>', html, re.S).group(1)


def test_the_dashboard_and_the_report_show_each_financiers_average_payment_term(client, stuurgroeplid, demo):
    per_financier, totaal = verwacht(demo, JAAR)
    assert per_financier, "the demo has paid invoices in 2021"
    client.force_login(stuurgroeplid)

    for url in (reverse("dashboard:overzicht"), reverse("dashboard:rapport")):
        html = client.get(url, {"jaar": JAAR}).text
        geldstroom = html[html.index('data-testid="geldstroom"') :]
        geldstroom = geldstroom[: geldstroom.index("</table>")]
        assert KOP in geldstroom
        for naam, dagen in per_financier.items():
            assert f">{tekst(dagen)}</td>" in rij_op_pagina(geldstroom, naam), (url, naam)
        totaalrij = geldstroom[geldstroom.index('data-testid="geldstroom-totaal"') :]
        assert f">{tekst(totaal)}</td>" in totaalrij


def test_a_laid_down_report_keeps_the_term_and_the_comparison_lists_its_change(client, stuurgroeplid, financien, demo):
    vastgelegd = rapport_vastleggen(
        regio=demo, jaar=JAAR, vergaderdatum=datetime.date(2021, 10, 14), status="concept", door=stuurgroeplid
    )
    per_financier_toen, _ = verwacht(demo, JAAR)
    # An open invoice of 2021 is paid in full today: its financier's average changes.
    factuur = next(
        f
        for f in Factuur.objects.voor_regio(demo).filter(toezegging__jaar=JAAR).met_ontvangen()
        if f.openstaand > 0 and f.crediteert_id is None
    )
    naam = factuur.toezegging.afspraak.financier.naam
    with op_dag(datetime.date(2021, 8, 16)):
        betaling_registreren(
            factuur=factuur, bedrag=factuur.openstaand, datum=datetime.date(2021, 8, 16), door=financien
        )
    per_financier_nu, _ = verwacht(demo, JAAR)
    assert per_financier_nu[naam] != per_financier_toen.get(naam)

    client.force_login(stuurgroeplid)
    pagina = client.get(reverse("dashboard:vastgelegd_rapport", args=[vastgelegd.pk])).text
    if naam in per_financier_toen:
        assert f">{tekst(per_financier_toen[naam])}</td>" in rij_op_pagina(pagina, naam)
    lijst = client.get(reverse("dashboard:verschillen", args=[vastgelegd.pk])).context["verschillen"]
    gevonden = {(v.sectie, v.rij, v.kolom): (v.toen, v.nu) for v in lijst}
    toen = tekst(per_financier_toen[naam]) if naam in per_financier_toen else ""
    assert gevonden[("2. Geldstroom", naam, KOP)] == (toen, tekst(per_financier_nu[naam]))


def test_the_jaaroverzicht_has_the_term_per_financier_and_its_average_in_the_totals_row(demo, tmp_path):
    per_financier, totaal = verwacht(demo, JAAR)
    pad = tmp_path / "jaaroverzicht.xlsx"
    EXPORTERS["jaaroverzicht"](leerwerkloket=demo, jaar=JAAR).schrijf(pad)
    blad = openpyxl.load_workbook(pad)["Geldstroom"]
    rijen = list(blad.iter_rows(values_only=True))
    kop = next(r for r in rijen if r and r[0] == "Financier")
    kolom = kop.index(KOP)
    for naam, dagen in per_financier.items():
        rij = next(r for r in rijen if r[0] == naam)
        assert Decimal(str(rij[kolom])) == dagen.quantize(Decimal("0.1"), ROUND_HALF_UP)
    totaalrij = rijen[-1]
    assert totaalrij[0] == "Totaal"
    assert Decimal(str(totaalrij[kolom])) == totaal.quantize(Decimal("0.1"), ROUND_HALF_UP)  # a value, not =SUM()
    assert str(totaalrij[kop.index("Openstaand")]).startswith("=SUM(")
    assert blad.cell(row=rijen.index(totaalrij) + 1, column=kolom + 1).number_format == "0.0"
