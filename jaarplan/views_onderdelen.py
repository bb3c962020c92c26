"""What the pages that add, change and remove a part of a jaarplan (an activity, an indicator, a
realisatie row) share: the form goes through the service, a refusal lands next to its field with
everything typed still there, and removing asks for a confirmation."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from kern.forms import fouten_naar_form

from . import services
from .models import JaarplanOnderdeel


def bewaard(form, door) -> bool:
    """True when the form is valid and the service saved it; otherwise the form carries the reason."""
    if not form.is_valid():
        return False
    try:
        services.onderdeel_opslaan(onderdeel=form.instance, door=door)
    except ValidationError as fout:
        fouten_naar_form(form, fout)
        return False
    return True


def geweigerd(onderdeel: JaarplanOnderdeel, *, verwijderen: bool = False) -> list[str]:
    """The model's reason an existing part can no longer be changed (or removed): shown at once,
    instead of a form that could never be saved."""
    if onderdeel.pk is None:
        return []
    try:
        onderdeel.controleer_bewerkbaar(verwijderen=verwijderen)
    except ValidationError as fout:
        return fout.messages
    return []


def formulier(request, form, *, titel: str, terug: str, melding: Callable[[JaarplanOnderdeel], str]):
    """The form on its own page; a save goes back to `terug` with `melding(saved object)`."""
    context = {"form": form, "titel": titel, "terug": terug, "fouten": geweigerd(form.instance)}
    if context["fouten"]:
        context["form"] = None
    elif request.method == "POST" and bewaard(form, request.user):
        messages.success(request, melding(form.instance))
        return redirect(terug)
    return render(request, "jaarplan/formulier.html", context)


def verwijderen(request, onderdeel: JaarplanOnderdeel, *, titel: str, terug: str, melding: str):
    """A confirmation page; the model decides whether it may go, and says why not."""
    fouten = geweigerd(onderdeel, verwijderen=True)
    if request.method == "POST" and not fouten:
        try:
            services.onderdeel_verwijderen(onderdeel=onderdeel, door=request.user)
        except ValidationError as fout:
            fouten = fout.messages
        else:
            messages.success(request, melding)
            return redirect(terug)
    return render(request, "jaarplan/verwijderen.html", {"titel": titel, "terug": terug, "fouten": fouten})
