from django.apps import AppConfig


class KernConfig(AppConfig):
    name = "kern"
    verbose_name = "Kern"

    def ready(self):
        # Connects the sign-in receiver that decides whether a second factor is owed.
        from . import tweestaps  # noqa: F401
        from .tabellen import installeren

        installeren()  # django-tables2 remembers each cell method's signature (kern/tabellen.py)
