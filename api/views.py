"""The keys page: a user's own API keys, a new one (shown once), revoking one; and the API's 404."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from ninja.errors import HttpError

from kern.forms import fouten_naar_form
from kern.permissions import vereist

from .forms import SleutelForm
from .gebruik import BasicSleutel, BearerSleutel
from .models import ApiSleutel
from .permissions import can_use_api
from .problemen import probleem
from .services import api_sleutel_intrekken, api_sleutel_maken


@vereist(can_use_api)
def sleutels(request):
    nieuw = None
    form = SleutelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            api_sleutel, nieuw = api_sleutel_maken(
                gebruiker=request.user, naam=form.cleaned_data["naam"], dagen=form.cleaned_data["dagen"]
            )
        except ValidationError as fout:
            fouten_naar_form(form, fout)
        else:
            form = SleutelForm()
    nu = timezone.now()
    rijen = [(s, s.stand(nu)) for s in ApiSleutel.objects.filter(gebruiker=request.user)]
    adres = request.build_absolute_uri("/api/v1")
    return render(
        request,
        "api/sleutels.html",
        {"form": form, "nieuw": nieuw, "sleutels": rijen, "api_adres": adres, "jaar": timezone.localdate().year},
    )


@require_POST
@vereist(can_use_api)
def intrekken(request, pk):
    """Only one's own keys: another user's key answers 404, as if it did not exist."""
    api_sleutel = get_object_or_404(ApiSleutel, pk=pk, gebruiker=request.user)
    api_sleutel_intrekken(api_sleutel=api_sleutel)
    messages.success(request, f"De sleutel “{api_sleutel.naam}” is ingetrokken: hij opent de API niet meer.")
    return redirect("api_sleutels:lijst")


@csrf_exempt
def api_niet_gevonden(request):
    """A 404 as problem+json; a key sent along is checked, so its use is in the audit trail too."""
    for controle in (BearerSleutel(), BasicSleutel()):
        try:
            if controle(request):
                break
        except HttpError:  # an unknown, expired or revoked key: recorded as such
            break
    return probleem(request, 404)
