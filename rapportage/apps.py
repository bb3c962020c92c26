from django.apps import AppConfig


class RapportageConfig(AppConfig):
    name = "rapportage"
    verbose_name = "Rapportage"

    def ready(self):
        from financiering.models import Betaling

        from .exporteren import rapporten  # noqa: F401  (registers the exporters)
        from .importeren.bank import bankregel_heropenen

        if bankregel_heropenen not in Betaling.voor_terugdraaien:
            Betaling.voor_terugdraaien.append(bankregel_heropenen)
