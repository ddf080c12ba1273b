from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data for `make run` (``seed_demo``): the only code that spans every app."""

    name = "demo"
    verbose_name = "Dữ liệu mẫu"
