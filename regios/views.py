"""The national role's page to start a new region: the same service as `manage.py regio_aanmaken`."""

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils import timezone

from kern.permissions import vereist

from .forms import GebruikersFormSet, RegioForm
from .permissions import can_create_regio
from .services import eerste_jaren, regio_aanmaken


@vereist(can_create_regio)
def nieuw(request):
    if request.method == "POST":
        form = RegioForm(request.POST, request.FILES)
        gebruikers = GebruikersFormSet(request.POST, prefix="gebruiker")
        if form.is_valid() and gebruikers.is_valid():
            c = form.cleaned_data
            try:
                nieuw = regio_aanmaken(
                    naam=c["naam"],
                    slug=c["slug"],
                    arbeidsmarktregio=c["arbeidsmarktregio"],
                    uwv=c["uwv"],
                    roc=c["roc"],
                    gemeenten=c["gemeenten"],
                    gebruikers=gebruikers.regels(),
                    activiteiten_van=c["activiteiten_van"].slug if c["activiteiten_van"] else "",
                    basis_url=request.build_absolute_uri("/"),
                    door=request.user,
                )
            except ValidationError as fout:
                for veld, meldingen in fout.message_dict.items():
                    form.add_error(veld if veld in form.fields else None, meldingen)
            else:
                # The links went to each person by e-mail; the page names who got one, never the link.
                return render(request, "regios/aangemaakt.html", {"nieuw": nieuw})
    else:
        form = RegioForm()
        gebruikers = GebruikersFormSet(prefix="gebruiker")
    return render(
        request,
        "regios/nieuw.html",
        {"form": form, "gebruikers": gebruikers, "jaren": eerste_jaren(timezone.localdate())},
    )
