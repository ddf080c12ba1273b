from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Báo cáo tổng hợp")

    def ready(self):
        from django.core import checks

        from .cache import watch_sources
        from .signing import check_signing_certificate

        watch_sources()
        checks.register(check_signing_certificate)
