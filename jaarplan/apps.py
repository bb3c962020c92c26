from django.apps import AppConfig


class JaarplanConfig(AppConfig):
    name = "jaarplan"
    verbose_name = "Jaarplan"

    def ready(self):
        from financiering.models import Toezegging

        from .rules import toezegging_dekt_zijn_toewijzingen

        if toezegging_dekt_zijn_toewijzingen not in Toezegging.extra_controles:
            Toezegging.extra_controles.append(toezegging_dekt_zijn_toewijzingen)
