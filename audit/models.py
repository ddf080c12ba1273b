"""The audit log: one line per sign-in and per change, who, from where, when."""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    SIGN_IN = "sign_in", _("đăng nhập")
    SIGN_OUT = "sign_out", _("đăng xuất")
    SIGN_IN_FAILED = "sign_in_failed", _("đăng nhập sai")
    LOCKOUT = "lockout", _("khóa đăng nhập tạm thời")
    UNLOCK = "unlock", _("mở khóa đăng nhập")
    CREATE = "create", _("tạo mới")
    UPDATE = "update", _("sửa")
    DEACTIVATE = "deactivate", _("ngừng hoạt động")
    REACTIVATE = "reactivate", _("hoạt động trở lại")
    IMPORT = "import", _("nhập từ Excel")
    PLAN_LOAD = "plan_load", _("nạp tệp kế hoạch")
    SAVE = "save", _("lưu báo cáo")
    SUBMIT = "submit", _("gửi báo cáo")
    RETURN = "return", _("trả lại báo cáo")
    APPROVE = "approve", _("duyệt báo cáo")
    REOPEN = "reopen", _("mở lại báo cáo đã duyệt")
    ATTACHMENT_ADD = "attachment_add", _("đính kèm tệp")
    ATTACHMENT_REMOVE = "attachment_remove", _("gỡ tệp đính kèm")
    PERIOD_CREATE = "period_create", _("tạo kỳ báo cáo")
    PERIOD_CLOSE = "period_close", _("khóa kỳ báo cáo")
    PERIOD_REOPEN = "period_reopen", _("mở lại kỳ báo cáo")
    REPORT_DRAFT = "report_draft", _("lập dự thảo báo cáo tổng hợp")
    REPORT_UPDATE = "report_update", _("sửa dự thảo báo cáo tổng hợp")
    REPORT_ISSUE = "report_issue", _("ban hành báo cáo tổng hợp")
    PASSWORD_LINK = "password_link", _("gửi liên kết đặt mật khẩu")
    PASSWORD_RESET = "password_reset", _("gửi thư đặt lại mật khẩu")
    PASSWORD_SET = "password_set", _("đặt mật khẩu qua liên kết")


class AuditEvent(models.Model):
    """One line of the audit log: a sign-in (or a failed one), or a change, by whom, from where.

    Written by ``audit.services.audit_record`` inside the change's own transaction, so a
    change that is rolled back leaves no line. Never holds a password.
    """

    at = models.DateTimeField(_("thời điểm"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("người dùng"),
    )
    # The user's name at the time, or the name typed on a failed sign-in; kept if the user goes.
    username = models.CharField(_("tên đăng nhập"), max_length=150, blank=True, db_index=True)
    ip = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)
    action = models.CharField(_("thao tác"), max_length=30, choices=AuditAction.choices)
    object_type = models.CharField(_("loại đối tượng"), max_length=100, blank=True)
    object_id = models.CharField(_("mã đối tượng"), max_length=64, blank=True)
    object_label = models.CharField(_("đối tượng"), max_length=300, blank=True)
    detail = models.TextField(_("chi tiết"), blank=True)

    class Meta:
        db_table = "institutions_auditevent"  # the table kept its name when the model moved here
        verbose_name = _("nhật ký thao tác")
        verbose_name_plural = _("nhật ký thao tác")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["action", "-at"], name="audit_action_at"),
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.username or '-'} {self.action} {self.object_label}"
