from django.apps import AppConfig


class RegiosConfig(AppConfig):
    """Starting a new region (Leerwerkloket) in one step: above every app it fills, below config."""

    name = "regios"
    verbose_name = "Nieuwe regio's"
