from django.apps import AppConfig


class RapportageConfig(AppConfig):
    name = "rapportage"
    verbose_name = "Rapportage"

    def ready(self):
        from .exporteren import rapporten  # noqa: F401  (registers the exporters)
