from decimal import Decimal

import pytest
from django import forms
from django.utils.safestring import mark_safe
from hypothesis import given
from hypothesis import strategies as st

from kern.forms import BedragField, BedragInput, KeuzeSelect


class BedragForm(forms.Form):
    bedrag = BedragField(label="Bedrag")
    optioneel = BedragField(label="Optioneel", required=False)


@pytest.mark.parametrize(
    ("getypt", "bedrag"),
    [
        ("75.000", Decimal("75000")),
        ("75000,50", Decimal("75000.50")),
        ("€ 1.234,56", Decimal("1234.56")),
        ("1234.56", Decimal("1234.56")),
        ("  75.000,00 ", Decimal("75000.00")),
        ("0", Decimal("0")),
    ],
)
def test_it_reads_amounts_typed_the_dutch_way(getypt, bedrag):
    form = BedragForm({"bedrag": getypt})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["bedrag"] == bedrag
    assert form.cleaned_data["optioneel"] is None


@pytest.mark.parametrize(
    ("getypt", "melding"),
    [
        ("75.00.0", "een punt scheidt duizendtallen (75.000) en de komma de centen"),
        ("12,5,0", "gebruik één komma voor de centen"),
        ("veel geld", "is geen bedrag"),
        ("1.234,567", "hoogstens twee cijfers achter de komma"),
        ("", "Dit veld is verplicht."),
    ],
)
def test_a_wrong_amount_gets_a_dutch_message_next_to_the_field(getypt, melding):
    form = BedragForm({"bedrag": getypt})
    assert not form.is_valid()
    assert melding in form.errors["bedrag"][0]
    assert list(form.errors) == ["bedrag"]  # the message belongs to the field, not to the form


def test_a_rejected_form_keeps_what_was_typed():
    form = BedragForm({"bedrag": "75.00.0", "optioneel": "€ 1.234,56"})
    assert not form.is_valid()
    assert 'value="75.00.0"' in str(form["bedrag"])
    assert 'value="€ 1.234,56"' in str(form["optioneel"])


def test_a_stored_amount_is_shown_the_dutch_way():
    form = BedragForm(initial={"bedrag": Decimal("75000"), "optioneel": Decimal("-1234.5")})
    assert 'value="75.000,00"' in str(form["bedrag"])
    assert 'value="-1.234,50"' in str(form["optioneel"])


def test_the_field_is_a_text_box_for_decimals_so_browsers_accept_dutch_amounts():
    html = str(BedragForm()["bedrag"])
    assert 'type="text"' in html and 'inputmode="decimal"' in html
    assert "step=" not in html


def test_what_it_shows_it_reads_back_unchanged():
    getoond = BedragForm(initial={"bedrag": Decimal("1234567.89")})["bedrag"].value()
    tekst = BedragForm.base_fields["bedrag"].widget.format_value(getoond)
    form = BedragForm({"bedrag": tekst})
    assert form.is_valid() and form.cleaned_data["bedrag"] == Decimal("1234567.89")


def test_limits_still_apply_with_a_dutch_message():
    class Form(forms.Form):
        bedrag = BedragField(min_value=Decimal("0"), max_value=Decimal("100000"))

    assert Form({"bedrag": "-5,00"}).errors["bedrag"] == ["Het bedrag moet ten minste €\u00a00,00 zijn."]
    assert Form({"bedrag": "100.000,01"}).errors["bedrag"] == ["Het bedrag kan hoogstens €\u00a0100.000,00 zijn."]


_WAARDEN = st.one_of(
    st.none(),
    st.decimals(min_value=-(10**12), max_value=10**12, places=2, allow_nan=False),
    st.integers(min_value=-(10**9), max_value=10**9),
    st.text(max_size=12),
    st.just(mark_safe("<b>al veilig</b>")),
)
_ATTRIBUUTWAARDEN = st.one_of(st.booleans(), st.none(), st.text(max_size=8), st.integers())


@given(
    waarde=_WAARDEN,
    attrs=st.dictionaries(
        st.sampled_from(["id", "aria-label", "required", "disabled", "data-x", "class"]), _ATTRIBUUTWAARDEN
    ),
    eigen=st.dictionaries(st.sampled_from(["aria-label", "title", "readonly"]), _ATTRIBUUTWAARDEN, max_size=2),
)
def test_an_amount_box_written_in_python_is_the_html_of_djangos_templates(waarde, attrs, eigen):
    widget = BedragInput(attrs=eigen)
    assert widget.render("bedrag", waarde, attrs) == forms.Widget.render(widget, "bedrag", waarde, attrs)


# Labels as a template shows them: text, numbers and decimals (localized: 1,5 in Dutch).
_LABEL = st.one_of(st.text(max_size=8), st.integers(), st.decimals(places=1, min_value=-99, max_value=99))
_OPTIE = st.tuples(st.one_of(st.text(max_size=6), st.integers(), st.none()), _LABEL)


@given(
    keuzes=st.lists(
        st.one_of(_OPTIE, st.tuples(st.text(min_size=1, max_size=6), st.lists(_OPTIE, max_size=3))), max_size=6
    ),
    waarde=st.one_of(st.none(), st.text(max_size=6), st.integers(), st.lists(st.text(max_size=3), max_size=2)),
    attrs=st.dictionaries(st.sampled_from(["id", "aria-label", "required", "multiple"]), _ATTRIBUUTWAARDEN),
)
def test_a_choice_list_written_in_python_is_the_html_of_djangos_templates(keuzes, waarde, attrs):
    widget = KeuzeSelect(choices=keuzes)
    assert widget.render("financier", waarde, attrs) == forms.Widget.render(widget, "financier", waarde, attrs)
