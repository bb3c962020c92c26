from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = SECRET_KEY or "dev-only-not-secret-6f1c2b9e"  # noqa: F405
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

if not EMAIL_VERSTUREN:  # noqa: F405
    # Development shows the mail it would send (a new user's link, a forgotten password) on the console.
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    EMAIL_VERSTUREN = True
