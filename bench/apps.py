from django.apps import AppConfig


class BenchConfig(AppConfig):
    """Development only (installed when DEBUG or PORTAL_BENCH is on): ``bench`` and ``generate_load``."""

    name = "bench"
    verbose_name = "Đo hiệu năng"
