from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = SECRET_KEY or "dev-only-not-secret-6f1c2b9e"  # noqa: F405
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
# A fixed key for the second factor's secrets in development only (production: from the environment).
TWEESTAPS_SLEUTEL = TWEESTAPS_SLEUTEL or "ZGV2LW9ubHktbmlldC1nZWhlaW0tdHdlZXN0YXBzISE="  # noqa: F405

if not EMAIL_VERSTUREN:  # noqa: F405
    # Development shows the mail it would send (a new user's link, a forgotten password) on the console.
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    EMAIL_VERSTUREN = True
