"""Setting one's own password through a one-time link (Django's password-reset token): a new
region's users get one when they are created, anyone gets one from "Wachtwoord vergeten" on the
sign-in page. The link stops working once it is used (the token hashes the password) and after
PASSWORD_RESET_TIMEOUT. Kept apart from the sign-in view itself, in its own URLs and templates."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import path, reverse, reverse_lazy
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .models import Gebruiker


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
