"""Services are the only writers of money: no admin page (change or add, with its inlines) of any
registered model has an editable amount, a posted amount changes nothing, and each amount links
to the page whose service changes it. The money fields are found by type
(`kern.admin.geldvelden`), so a new model with money is caught without being named here."""

import datetime
import re
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib import admin
from django.forms.models import InlineForeignKeyField as Ouder
from django.urls import reverse

from financiering.models import Betaling, Factuur, Toezegging
from jaarplan.models import Begrotingsregel, Dekking, Jaarplan, Kostenrealisatie
from kern.admin import geldvelden, is_vrij_te_wijzigen
from partners.models import VerdeelsleutelAandeel
from partners.roles import Rol
from tests.factories import GebruikerFactory

pytestmark = pytest.mark.django_db

MODELLEN = sorted(admin.site._registry, key=lambda m: m._meta.label)
# Every field name that holds money in any model: an input by one of these names (also an inline
# row's, `facturen-0-bedrag`) on an admin page is an amount typed past the services.
GELDNAMEN = sorted({naam for model in apps.get_models() for naam in geldvelden(model)})
GELDINPUT = re.compile(r'<(?:input|select|textarea)[^>]*\bname="(?:[\w-]+-)?(' + "|".join(GELDNAMEN) + r')"')


@pytest.fixture
def superuser(demo):
    return GebruikerFactory(username="root", leerwerkloket=None, is_staff=True, is_superuser=True)


def _formulieren(context):
    """Every form of an admin change or add page: the object's, each inline row's and the empty
    row a browser adds."""
    yield context["adminform"].form
    for inline in context["inline_admin_formsets"]:
        yield from inline.formset.forms
        yield inline.formset.empty_form


def _geen_bedrag_te_typen(antwoord, label):
    assert antwoord.status_code == 200, label
    for form in _formulieren(antwoord.context):
        assert not set(form.fields) & set(geldvelden(form._meta.model)), (label, form._meta.model)
    assert GELDINPUT.search(antwoord.text) is None, (label, GELDINPUT.search(antwoord.text).group(0))


def test_the_money_fields_are_found_by_type():
    gevonden = {f"{m._meta.label}.{veld}" for m in MODELLEN for veld in geldvelden(m)}

    assert {
        "financiering.Toezegging.bedrag_geld",
        "financiering.Toezegging.bedrag_natura",
        "financiering.Financieringsafspraak.minimum_per_jaar",
        "financiering.Factuur.bedrag",
        "financiering.Betaling.bedrag",
        "jaarplan.Kostenrealisatie.bedrag",
        "jaarplan.Dekking.bedrag",
        "jaarplan.Begrotingsregel.bedrag",
        "partners.VerdeelsleutelAandeel.vast_bedrag",
    } <= gevonden
    assert "partners.VerdeelsleutelAandeel.percentage" not in gevonden  # a share, not euros


@pytest.mark.parametrize("model", MODELLEN, ids=lambda m: m._meta.label)
def test_no_admin_change_or_add_page_has_an_editable_amount(client, superuser, model):
    client.force_login(superuser)
    opts = model._meta
    lijst = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    obj = model._default_manager.order_by("pk").first()
    if geldvelden(model) and obj is None:
        # Only an admin that changes nothing (a record the app writes) may go untested here.
        assert not admin.site._registry[model].has_change_permission(lijst.wsgi_request), (
            f"De demo heeft geen {opts.label}: het wijzigformulier kan niet worden getoetst."
        )
    if obj is not None:
        wijzig = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
        if wijzig.status_code != 403:  # a model the superuser only reads (axes' logs)
            _geen_bedrag_te_typen(wijzig, f"{opts.label} wijzigen")
    toevoegen = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    if toevoegen.status_code == 200:
        _geen_bedrag_te_typen(toevoegen, f"{opts.label} toevoegen")
    elif geldvelden(model) and not all(opts.get_field(v).null for v in geldvelden(model)):
        # A required amount is made on its page, through its service, never added in the admin.
        assert toevoegen.status_code == 403, opts.label


def _ingevuld(antwoord, **wijziging) -> dict:
    """The change form as the browser would post it back, with `wijziging` typed over it."""
    form = antwoord.context["adminform"].form
    gegevens = {}
    for naam in form.fields:
        waarde = form[naam].value()
        if isinstance(waarde, bool):
            if waarde:
                gegevens[naam] = "on"
        elif waarde is not None:
            gegevens[naam] = str(waarde)
    return gegevens | wijziging


@pytest.mark.parametrize(
    ("model", "veld"),
    [(Factuur, "bedrag"), (Betaling, "bedrag"), (VerdeelsleutelAandeel, "vast_bedrag")],
    ids=["factuur", "betaling", "aandeel"],
)
def test_posting_a_changed_amount_to_the_admin_changes_nothing(client, superuser, model, veld):
    obj = model._default_manager.order_by("pk").first()
    oud = getattr(obj, veld)
    opts = model._meta
    adres = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    client.force_login(superuser)

    antwoord = client.post(adres, _ingevuld(client.get(adres), **{veld: "1.00"}))

    assert antwoord.status_code == 302  # saved: the other fields, not the amount
    obj.refresh_from_db()
    assert getattr(obj, veld) == oud


@pytest.mark.parametrize(
    ("model", "pagina"),
    [
        (Toezegging, lambda t: reverse("afspraken:bewerken", args=[t.afspraak_id])),
        (Factuur, lambda f: reverse("facturen:crediteren", args=[f.pk])),
        (Betaling, lambda b: reverse("facturen:betaling_corrigeren", args=[b.pk])),
        (Dekking, lambda d: reverse("jaarplan:detail", args=[d.activiteit.jaarplan_id])),
        (Begrotingsregel, lambda r: reverse("jaarplan:detail", args=[r.activiteit.jaarplan_id])),
        (Kostenrealisatie, lambda k: reverse("jaarplan:kosten_bewerken", args=[k.pk])),
        (VerdeelsleutelAandeel, lambda a: reverse("admin:partners_verdeelsleutelaandeel_vast_bedrag", args=[a.pk])),
    ],
    ids=lambda m: getattr(m, "__name__", ""),
)
def test_each_amount_links_to_the_page_whose_service_changes_it(client, superuser, model, pagina):
    obj = model._default_manager.filter(**({"crediteert__isnull": True} if model is Factuur else {})).first()
    opts = model._meta
    client.force_login(superuser)

    wijzig = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])).text

    assert "Bedragen wijzigen" in wijzig
    assert f'<a href="{pagina(obj)}">' in wijzig


def test_a_fixed_amount_changes_in_the_admin_only_with_a_reason_and_is_in_its_history(client, superuser):
    aandeel = VerdeelsleutelAandeel.objects.order_by("pk").first()
    adres = reverse("admin:partners_verdeelsleutelaandeel_vast_bedrag", args=[aandeel.pk])
    client.force_login(superuser)

    zonder = client.post(adres, {"vast_bedrag": "5.000,00", "reden": ""})
    met = client.post(adres, {"vast_bedrag": "5.000,00", "reden": "Afspraak stuurgroep 14 juni"}, follow=True)

    assert "Dit veld is verplicht." in zonder.text
    assert f"Het vaste bedrag van {aandeel.partner} is gewijzigd." in met.text
    aandeel.refresh_from_db()
    assert aandeel.vast_bedrag == Decimal("5000.00")
    laatste = aandeel.history.first()
    assert (laatste.history_user, laatste.history_change_reason) == (superuser, "Afspraak stuurgroep 14 juni")


def test_a_regional_beheerder_cannot_change_another_regions_fixed_amount(client, demo, achterhoek):
    beheerder = GebruikerFactory(username="bea", leerwerkloket=achterhoek, is_staff=True, rollen=[Rol.BEHEERDER])
    aandeel = VerdeelsleutelAandeel.objects.order_by("pk").first()  # Twente's
    client.force_login(beheerder)

    antwoord = client.post(
        reverse("admin:partners_verdeelsleutelaandeel_vast_bedrag", args=[aandeel.pk]),
        {"vast_bedrag": "1,00", "reden": "poging"},
    )

    assert antwoord.status_code == 404
    aandeel.refresh_from_db()
    assert aandeel.vast_bedrag != Decimal("1.00")


# Once saved, money does not move in the admin either: not to another agreement, year, invoice or
# date, and it is not deleted there. Only text that describes a row (and its document) changes.
GELDMODELLEN = [m for m in MODELLEN if geldvelden(m)]


@pytest.mark.parametrize("model", GELDMODELLEN, ids=lambda m: m._meta.label)
def test_a_saved_money_row_shows_no_field_that_moves_its_money_and_no_delete(client, superuser, model):
    obj = model._default_manager.order_by("pk").first()
    opts = model._meta
    client.force_login(superuser)
    if obj is None:  # a record the app writes and the admin only reads (an import batch)
        lijst = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        assert not admin.site._registry[model].has_change_permission(lijst.wsgi_request), opts.label
        return

    wijzig = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
    verwijder = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_delete", args=[obj.pk]))

    for form in _formulieren(wijzig.context):
        if geldvelden(form._meta.model):
            # An inline row's link to its parent is carried, not typed (InlineForeignKeyField).
            getypt = [n for n, f in form.fields.items() if n not in ("id", "DELETE") and not isinstance(f, Ouder)]
            velden = [form._meta.model._meta.get_field(naam) for naam in getypt]
            plaatsend = [v.name for v in velden if getattr(v, "concrete", False) and not is_vrij_te_wijzigen(v)]
            assert plaatsend == [], (opts.label, form._meta.model, plaatsend)
            assert "DELETE" not in form.fields, (opts.label, form._meta.model)
    assert verwijder.status_code == 403
    assert 'class="deletelink"' not in wijzig.text  # the change page offers no "Verwijderen" link


def test_moving_an_invoice_to_another_toezegging_in_the_admin_changes_nothing(client, superuser):
    factuur = Factuur.objects.filter(crediteert__isnull=True).order_by("pk").first()
    ander = Toezegging.objects.exclude(pk=factuur.toezegging_id).order_by("pk").first()
    adres = reverse("admin:financiering_factuur_change", args=[factuur.pk])
    client.force_login(superuser)

    antwoord = client.post(
        adres,
        _ingevuld(client.get(adres), toezegging=str(ander.pk), factuurdatum="2021-01-02", omschrijving="Herinnering"),
    )

    assert antwoord.status_code == 302
    factuur.refresh_from_db()
    assert factuur.toezegging_id != ander.pk
    assert factuur.factuurdatum != datetime.date(2021, 1, 2)


def test_an_adopted_jaarplan_keeps_its_year_and_region_in_the_admin(client, superuser):
    jaarplan = Jaarplan.objects.order_by("pk").first()
    adres = reverse("admin:jaarplan_jaarplan_change", args=[jaarplan.pk])
    client.force_login(superuser)

    form = client.get(adres).context["adminform"].form

    assert "jaar" not in form.fields
    assert "leerwerkloket" not in form.fields
