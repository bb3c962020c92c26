from django.apps import AppConfig


class JaarplanConfig(AppConfig):
    name = "jaarplan"
    verbose_name = "Jaarplan"

    def ready(self):
        from financiering.models import Financieringsafspraak, Toezegging

        from .rules import afspraak_concept_zonder_dekking, toezegging_dekt_zijn_toewijzingen

        if toezegging_dekt_zijn_toewijzingen not in Toezegging.extra_controles:
            Toezegging.extra_controles.append(toezegging_dekt_zijn_toewijzingen)
        if afspraak_concept_zonder_dekking not in Financieringsafspraak.extra_controles:
            Financieringsafspraak.extra_controles.append(afspraak_concept_zonder_dekking)
