"""What the audit trail hears from below: sign-ins, sign-outs and failed sign-ins (Django's auth
signals) and backups (kern's `backup_written`), beside the exports and imports that rapportage
records itself, so one list in the admin says who did what and when. django-axes keeps its own
log for the lock-out; this is the trail a region's beheerder reads."""

from axes.helpers import get_client_ip_address
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from kern.backup import backup_written

from .models import Auditregel, vastleggen


def _from_address(request) -> str:
    adres = get_client_ip_address(request) if request is not None else None
    return f"vanaf {adres}" if adres else "vanaf een onbekend adres"


@receiver(user_logged_in, dispatch_uid="partners.aanmelding_vastleggen")
def aanmelding_vastleggen(sender, request, user, **kwargs):
    vastleggen(Auditregel.Actie.INLOGGEN, f"Ingelogd {_from_address(request)}", gebruiker=user)


@receiver(user_logged_out, dispatch_uid="partners.afmelding_vastleggen")
def afmelding_vastleggen(sender, request, user, **kwargs):
    if user is None:  # signing out without being signed in
        return
    vastleggen(Auditregel.Actie.UITLOGGEN, f"Uitgelogd {_from_address(request)}", gebruiker=user)


@receiver(user_login_failed, dispatch_uid="partners.mislukte_aanmelding_vastleggen")
def mislukte_aanmelding_vastleggen(sender, credentials, request=None, **kwargs):
    """The name that was tried, and its user (so their region's beheerder sees it) if it exists;
    a name that exists nowhere is only in the trail of a reader of every region."""
    model = get_user_model()
    naam = str(credentials.get(model.USERNAME_FIELD) or "")[:150]
    gebruiker = model._default_manager.filter(**{model.USERNAME_FIELD: naam}).first() if naam else None
    geblokkeerd = " (geblokkeerd na te veel pogingen)" if getattr(request, "axes_locked_out", False) else ""
    vastleggen(
        Auditregel.Actie.INLOGGEN_MISLUKT,
        f"Inloggen mislukt als “{naam}” {_from_address(request)}{geblokkeerd}",
        gebruiker=gebruiker,
    )


@receiver(backup_written, dispatch_uid="partners.backup_vastleggen")
def backup_vastleggen(sender, path, **kwargs):
    vastleggen(Auditregel.Actie.BACKUP, f"Backup geschreven naar {path}")
