from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo and synthetic data, on top of every app: it may import them all, none imports it."""

    name = "demo"
    verbose_name = "Demo"
