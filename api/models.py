"""A client system allowed to read the API (/api/v1/): its name and the hash of its token.

The token itself is shown once, when it is made (``services.client_create``); only its SHA-256
is stored, so neither a database dump nor a staff member can read it back.
"""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ApiClient(models.Model):
    name = models.CharField(_("tên hệ thống"), max_length=100)
    token_hash = models.CharField(_("mã băm của mã truy cập"), max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("người tạo"),
    )  # blank: made with the api_token command
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True)

    class Meta:
        verbose_name = _("hệ thống được cấp mã truy cập")
        verbose_name_plural = _("hệ thống được cấp mã truy cập")
        ordering = ["revoked_at", "name", "pk"]
        constraints = [
            # One token in use per name (revoke NAME finds one); a revoked name may be given again.
            models.UniqueConstraint(fields=["name"], condition=Q(revoked_at__isnull=True), name="api_client_active_name"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_active(self):
        return self.revoked_at is None
