"""Two-factor sign-in (django-otp): after the password, a code from an authenticator app (TOTP) or
one of ten backup codes, each good once.

Who gives one: everyone who set it up, always; with TWEESTAPS_VERPLICHT (production) also every
role in TWEESTAPS_ROLLEN (in production every role), whoever reads every region (the national role,
whatever the roles list says) and everyone who reaches the admin, who are sent to set it up first.
The devices are kern's (kern/models.py): the secret encrypted, the backup codes hashed.
Whether a user needs a second factor is decided once, at sign-in, and kept in the session, so a
page costs no extra query for it."""

import base64
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.core.exceptions import ValidationError
from django.db import transaction
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import user_has_device, verify_token

from .models import AuthenticatorApp, Reservecodes
from .omleiden import MAX_LENGTE, pad_op_deze_site

SESSIE_SLEUTEL = "tweestaps"
NODIG = "nodig"  # has a device: give the code
INSTELLEN = "instellen"  # must have one and has none yet: set it up
VRIJ = "vrij"  # password alone

AANTAL_RESERVECODES = 10
FOUTE_CODE = "Deze code klopt niet. Typ de zes cijfers die uw app nu toont, of een van uw reservecodes."
TE_VAAK = "Te veel verkeerde codes achter elkaar. Wacht een paar seconden en probeer het opnieuw."


def verplicht_voor(gebruiker) -> bool:
    """A second factor is required of this user (the setting, the roles, the admin)."""
    if not settings.TWEESTAPS_VERPLICHT:
        return False
    if gebruiker.is_staff or gebruiker.is_superuser or getattr(gebruiker, "leest_alle_regios", False):
        return True
    return bool(set(getattr(gebruiker, "rollen", ())) & set(settings.TWEESTAPS_ROLLEN))


def stand_voor(gebruiker) -> str:
    if user_has_device(gebruiker):
        return NODIG
    return INSTELLEN if verplicht_voor(gebruiker) else VRIJ


@receiver(user_logged_in, dispatch_uid="kern.tweestaps_bepalen")
def _bij_aanmelden(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SESSIE_SLEUTEL] = stand_voor(user)


def volgende_adres(request, standaard="home") -> str:
    """Where to go after a step of signing in: `next` when it is a path on this site, else the home page."""
    doel = request.POST.get("next") or request.GET.get("next") or ""
    return pad_op_deze_site(request, doel) or reverse(standaard)


def _vrije_adressen() -> set[str]:
    return {reverse(naam) for naam in ("tweestaps_code", "tweestaps_instellen", "logout", "admin:logout")}


def _naar(naam: str, request):
    terug = request.get_full_path()
    if len(terug) > MAX_LENGTE:  # a query string that long is dropped, not made into a 400
        terug = request.path[:MAX_LENGTE]
    return redirect(f"{reverse(naam)}?{urlencode({'next': terug})}")


class TweestapsMiddleware:
    """A signed-in user who owes a second factor reaches only the code page (or the page to set
    it up) and sign-out, the admin included."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        gebruiker = request.user
        if gebruiker.is_authenticated and not gebruiker.is_verified():
            stand = request.session.get(SESSIE_SLEUTEL)
            if stand is None:  # a session from before this setting: decide now, once
                stand = request.session[SESSIE_SLEUTEL] = stand_voor(gebruiker)
            if stand != VRIJ and request.path_info not in _vrije_adressen():
                return _naar("tweestaps_code" if stand == NODIG else "tweestaps_instellen", request)
        return self.get_response(request)


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=20,
        help_text="De zes cijfers uit uw authenticator-app, of een reservecode.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}),
        error_messages={"required": "Typ de code.", "max_length": FOUTE_CODE},
    )

    def __init__(self, gebruiker, *args, apparaten=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.gebruiker = gebruiker
        self.apparaten = apparaten
        self.apparaat = None

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split()).lower()
        totp = code.isdigit() and len(code) == 6
        if self.apparaten is not None:
            apparaten = self.apparaten
        else:
            # A six-digit code is the app's, anything else a backup code: a try on one kind does
            # not count against the other kind's throttle.
            model = AuthenticatorApp if totp else Reservecodes
            apparaten = list(model.objects.devices_for_user(self.gebruiker, confirmed=True))
        for apparaat in apparaten:
            if not apparaat.verify_is_allowed()[0]:
                raise ValidationError(TE_VAAK, code="te_vaak")
            gevonden = verify_token(self.gebruiker, apparaat.persistent_id, code)
            if gevonden is not None:
                self.apparaat = gevonden
                return code
        raise ValidationError(FOUTE_CODE, code="fout")


def qr_als_data_url(inhoud: str) -> str:
    """The QR code as an SVG image in a data: URL: no external service, no inline markup the
    Content Security Policy would refuse (img-src allows data:)."""
    svg = qrcode.make(inhoud, image_factory=qrcode.image.svg.SvgPathImage, border=2).to_string()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def geheim_in_groepen(apparaat: AuthenticatorApp) -> str:
    geheim = base64.b32encode(apparaat.bin_key).decode("ascii").rstrip("=")
    return " ".join(geheim[i : i + 4] for i in range(0, len(geheim), 4))


@transaction.atomic
def reservecodes_maken(gebruiker) -> list[str]:
    """Ten new backup codes; the earlier ones stop working."""
    apparaat, _ = Reservecodes.objects.get_or_create(user=gebruiker, name="Reservecodes", defaults={"confirmed": True})
    return apparaat.new_codes(AANTAL_RESERVECODES)


def nieuw_app_apparaat(gebruiker) -> AuthenticatorApp:
    """The authenticator app being set up: the same secret until it is confirmed, so reloading
    the page does not invalidate a code already scanned."""
    apparaat = AuthenticatorApp.objects.filter(user=gebruiker, confirmed=False).first()
    return apparaat or AuthenticatorApp.objects.create(user=gebruiker, name="Authenticator-app", confirmed=False)


@transaction.atomic
def tweestaps_uitzetten(gebruiker) -> None:
    """The app and the backup codes go (a lost phone); the next sign-in asks to set it up again
    where it is required."""
    AuthenticatorApp.objects.filter(user=gebruiker).delete()
    Reservecodes.objects.filter(user=gebruiker).delete()
