"""The department's consolidated report: its words, and once issued, its frozen numbers and files."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from laichau_plan import formatting

DEFAULT_SYMBOL = "BC-SVHTTDL"
DEFAULT_RECIPIENTS = "\n".join(
    [
        "Bộ Văn hóa, Thể thao và Du lịch (b/c)",
        "UBND tỉnh (b/c)",
        "Giám đốc, các Phó Giám đốc Sở",
        "Lưu: VT, QLVH",
    ]
)


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("dự thảo")
    ISSUED = "issued", _("đã ban hành")


class ConsolidatedReport(models.Model):
    """A report of the department for one period.

    A draft is computed live. Issuing gives it a number and a date and freezes it: the numbers
    (``data``, canonical JSON) and the PDF and Excel bytes are stored and served from then on.
    The bytes live in the database so that issuing is one transaction (no orphan files).
    """

    period = models.ForeignKey(
        "reporting.Period", on_delete=models.PROTECT, related_name="consolidated_reports",
        verbose_name=_("kỳ báo cáo"),
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    include_submitted = models.BooleanField(
        _("gồm số liệu chưa duyệt (tạm tính)"), default=False,
        help_text=_("Tính cả báo cáo đơn vị đã gửi nhưng chưa được duyệt; các số này được đánh dấu tạm tính."),
    )
    with_unit_texts = models.BooleanField(
        _("Kèm phụ lục toàn văn báo cáo của đơn vị"), default=False,
        help_text=_("In thêm một phụ lục gồm toàn văn kết quả thực hiện từng nhiệm vụ của các đơn vị."),
    )
    summary = models.TextField(_("trích yếu"))
    results = models.TextField(_("kết quả thực hiện"), blank=True)
    shortcomings = models.TextField(_("tồn tại, hạn chế và nguyên nhân"), blank=True)
    tasks_ahead = models.TextField(_("nhiệm vụ thời gian tới"), blank=True)
    proposals = models.TextField(_("đề xuất, kiến nghị"), blank=True)
    signer_authority = models.CharField(
        _("thẩm quyền ký"), max_length=60, blank=True, default="KT. GIÁM ĐỐC",
        help_text=_("Ví dụ KT. GIÁM ĐỐC; để trống khi Giám đốc ký."),
    )
    signer_title = models.CharField(_("chức vụ người ký"), max_length=60, default="PHÓ GIÁM ĐỐC")
    signer_name = models.CharField(_("họ và tên người ký"), max_length=100, blank=True)
    recipients = models.TextField(
        _("nơi nhận"), blank=True, default=DEFAULT_RECIPIENTS, help_text=_("Mỗi dòng một nơi nhận.")
    )
    symbol = models.CharField(_("ký hiệu"), max_length=40, default=DEFAULT_SYMBOL)
    number = models.PositiveIntegerField(_("số"), null=True, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    issued_year = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(  # blank: the issue_report command drafts as nobody in particular
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(null=True, blank=True)
    data = models.TextField(_("số liệu đã chốt (JSON)"), blank=True, editable=False)
    pdf = models.BinaryField(null=True, editable=False)
    xlsx = models.BinaryField(null=True, editable=False)
    pdf_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    xlsx_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    replaces = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by", editable=False,
        verbose_name=_("thay thế báo cáo"),
        help_text=_("Báo cáo đã ban hành mà báo cáo này đính chính; mỗi báo cáo chỉ được thay thế một lần."),
    )

    class Meta:
        db_table = "reporting_consolidatedreport"  # the table kept its name when the model moved here
        verbose_name = _("báo cáo tổng hợp")
        verbose_name_plural = _("báo cáo tổng hợp")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["symbol", "issued_year", "number"], condition=Q(status="issued"),
                name="report_unique_number_in_year",
            ),
            models.CheckConstraint(
                condition=Q(status="draft")
                | Q(number__isnull=False, issued_on__isnull=False, issued_year__isnull=False),
                name="report_issued_has_number_and_date",
            ),
        ]
        indexes = [models.Index(fields=["period", "status"], name="report_period_status")]

    def __str__(self):
        return f"{self.number_display} — {self.period.code}"

    @property
    def is_issued(self):
        return self.status == ReportStatus.ISSUED

    @property
    def number_display(self):
        """``05/BC-SVHTTDL`` (numbers under 10 with a leading 0); a draft has a blank number."""
        return formatting.number_symbol(self.number, self.symbol)

    @property
    def replacement(self):
        """The issued or draft report replacing this one, or None (load it with select_related)."""
        return getattr(self, "replaced_by", None)

    def recipient_lines(self):
        return [line.strip().lstrip("-").strip().rstrip(";.") for line in self.recipients.splitlines() if line.strip()]


class BuildStatus(models.TextChoices):
    QUEUED = "queued", _("đang chờ")
    RUNNING = "running", _("đang dựng")
    DONE = "done", _("xong")
    FAILED = "failed", _("lỗi")


class ReportBuild(models.Model):
    """A PDF of a period's report built in the background (``manage.py build_reports --loop``):
    the row is the queue, its progress what the waiting page shows, and then the file."""

    period = models.ForeignKey("reporting.Period", on_delete=models.CASCADE, related_name="report_builds")
    include_submitted = models.BooleanField(default=False)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=10, choices=BuildStatus.choices, default=BuildStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    stage = models.CharField(max_length=100, blank=True)
    pdf = models.BinaryField(null=True, editable=False)
    pages = models.PositiveIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "reporting_reportbuild"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"], name="report_build_queue")]

    @property
    def is_finished(self):
        return self.status in (BuildStatus.DONE, BuildStatus.FAILED)


class ReportGeneration(models.Model):
    """How many times something the consolidated report reads has changed (one row). The
    report's cache key holds it (cache.py), so a change anywhere is a new key for every report."""

    value = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("thế hệ dữ liệu báo cáo")
