"""Setting one's own password through a one-time link (Django's password-reset token): a new
region's users get one when they are created, anyone gets one from "Wachtwoord vergeten" on the
sign-in page. The link stops working once it is used (the token hashes the password) and after
PASSWORD_RESET_TIMEOUT. Kept apart from the sign-in view itself, in its own URLs and templates.

"Wachtwoord vergeten" answers the same, in the same time, for a known and an unknown address: the
request looks the address up either way and the mail (token, text, SMTP) goes out after the
response, in a thread started when the request commits (kern.achtergrond). At most
WACHTWOORD_HERSTEL_PER_ADRES mails per address and WACHTWOORD_HERSTEL_PER_AANVRAGER requests per
requester (IP address) per hour; above that the answer is the same and nothing is sent."""

import datetime
import hashlib

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import path, reverse, reverse_lazy
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from kern.achtergrond import after_response
from kern.adres import client_ip

from .models import Gebruiker, Herstelverzoek

UUR = datetime.timedelta(hours=1)


def herstel_toegestaan(*, email: str, aanvrager: str | None) -> bool:
    """Record a request and say whether it stays under both hourly caps. The same queries for a
    known and an unknown address."""
    nu = timezone.now()
    Herstelverzoek.objects.filter(tijdstip__lt=nu - 24 * UUR).delete()
    adres = hashlib.sha256(email.strip().casefold().encode()).hexdigest()
    recent = Herstelverzoek.objects.filter(tijdstip__gte=nu - UUR)
    binnen = (
        recent.filter(adres=adres).count() < settings.WACHTWOORD_HERSTEL_PER_ADRES
        and recent.filter(aanvrager=aanvrager or "").count() < settings.WACHTWOORD_HERSTEL_PER_AANVRAGER
    )
    Herstelverzoek.objects.create(adres=adres, aanvrager=aanvrager or "")
    return binnen


def wachtwoordpad(gebruiker: Gebruiker) -> str:
    """The path of the one-time link with which `gebruiker` sets a password."""
    return reverse(
        "wachtwoord_instellen",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(gebruiker.pk)),
            "token": default_token_generator.make_token(gebruiker),
        },
    )


def uitnodiging_versturen(gebruiker: Gebruiker, link: str) -> None:
    """Mail a new user the link to set their password (when this installation sends mail)."""
    context = {"gebruiker": gebruiker, "link": link, "regio": gebruiker.leerwerkloket}
    send_mail(
        subject=render_to_string("registration/uitnodiging_onderwerp.txt", context).strip(),
        message=render_to_string("registration/uitnodiging_email.txt", context),
        from_email=None,
        recipient_list=[gebruiker.email],
    )


class WachtwoordVergetenForm(PasswordResetForm):
    """Django's form, also for a user who never set a password: a new region's user whose first
    link expired asks for a new one here. Every account is local (no outside sign-in)."""

    def get_users(self, email):
        return (
            gebruiker
            for gebruiker in Gebruiker.objects.filter(email__iexact=email, is_active=True)
            if gebruiker.email.casefold() == email.casefold()
        )

    def mail_for(self, gebruiker, *, domein, use_https, token_generator, extra_email_context, **opties):
        """The mail of Django's PasswordResetForm.save() for one user, without the database."""
        context = {
            "email": gebruiker.email,
            "domain": domein,
            "site_name": domein,
            "uid": urlsafe_base64_encode(force_bytes(gebruiker.pk)),
            "user": gebruiker,
            "token": token_generator.make_token(gebruiker),
            "protocol": "https" if use_https else "http",
            **(extra_email_context or {}),
        }
        self.send_mail(
            opties["subject_template_name"],
            opties["email_template_name"],
            context,
            opties["from_email"],
            gebruiker.email,
            html_email_template_name=opties["html_email_template_name"],
        )


class WachtwoordInstellenForm(SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "Nieuw wachtwoord"
        self.fields["new_password2"].label = "Nieuw wachtwoord (nogmaals)"


class WachtwoordVergeten(auth_views.PasswordResetView):
    form_class = WachtwoordVergetenForm
    template_name = "registration/wachtwoord_vergeten.html"
    email_template_name = "registration/wachtwoord_email.txt"
    subject_template_name = "registration/wachtwoord_onderwerp.txt"
    success_url = reverse_lazy("wachtwoord_verstuurd")

    def get_context_data(self, **kwargs):
        # Without mail the page says whom to ask instead of promising an e-mail.
        return {**super().get_context_data(**kwargs), "email_versturen": settings.EMAIL_VERSTUREN}

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        gebruikers = list(form.get_users(email))  # looked up for every address, known or not
        if not herstel_toegestaan(email=email, aanvrager=client_ip(self.request)):
            gebruikers = []
        # What the mail needs, read now: the thread outlives the request.
        opties = {
            "domein": self.request.get_host(),
            "use_https": self.request.is_secure(),
            "token_generator": self.token_generator,
            "extra_email_context": self.extra_email_context,
            "subject_template_name": self.subject_template_name,
            "email_template_name": self.email_template_name,
            "from_email": self.from_email,
            "html_email_template_name": self.html_email_template_name,
        }

        def versturen():
            for gebruiker in gebruikers:
                form.mail_for(gebruiker, **opties)

        # Started for an unknown address too, with nobody to mail: the same work before the answer.
        after_response(versturen, name="wachtwoord-vergeten")
        return redirect(self.get_success_url())


urlpatterns = [
    path("wachtwoord-vergeten/", WachtwoordVergeten.as_view(), name="wachtwoord_vergeten"),
    path(
        "wachtwoord-vergeten/verstuurd/",
        auth_views.PasswordResetDoneView.as_view(template_name="registration/wachtwoord_verstuurd.html"),
        name="wachtwoord_verstuurd",
    ),
    path(
        "wachtwoord-instellen/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            form_class=WachtwoordInstellenForm,
            template_name="registration/wachtwoord_instellen.html",
            success_url=reverse_lazy("wachtwoord_ingesteld"),
        ),
        name="wachtwoord_instellen",
    ),
    path(
        "wachtwoord-instellen/klaar/",
        auth_views.PasswordResetCompleteView.as_view(template_name="registration/wachtwoord_ingesteld.html"),
        name="wachtwoord_ingesteld",
    ),
]
