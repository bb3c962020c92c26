from django.apps import AppConfig


class KernConfig(AppConfig):
    name = "kern"
    verbose_name = "Kern"

    def ready(self):
        from . import aanmeldingen  # noqa: F401 (connects the sign-in receivers)
