from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-not-secret"
TWEESTAPS_SLEUTEL = "dGVzdC1vbmx5LW5pZXQtZ2VoZWltLXR3ZWVzdGFwcyE="
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# The test client signs in without a request, which django-axes refuses; the lock-out test
# switches it back on.
AXES_ENABLED = False
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]

# Tests read the mail that would go out from django.core.mail.outbox.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
EMAIL_VERSTUREN = True
BASIS_URL = "http://testserver"

# A background job runs at once, inside the request that asks for it (one test runs the real worker).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
