from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Nhật ký thao tác")

    def ready(self):
        from . import history, lockout, signals  # noqa: F401  (the sign-in receivers, the versions' reason)
