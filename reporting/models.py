"""Reporting periods, submissions, their values and words, review and history."""
import itertools

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from institutions.models import Institution, ReportingUnit
from targets.models import Indicator, Plan, Task


class PeriodKind(models.TextChoices):
    HALF_YEAR = "half_year", _("6 tháng")
    ANNUAL = "annual", _("năm")
    AD_HOC = "ad_hoc", _("đột xuất")


class PeriodStatus(models.TextChoices):
    OPEN = "open", _("đang mở")
    CLOSED = "closed", _("đã khóa")


class Period(models.Model):
    """A reporting round: 2016-H1 (due 20 June), 2016-FY (due 30 November), or an ad hoc one."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="periods")
    code = models.CharField(_("mã kỳ"), max_length=30)
    # The period's key in URLs, workbooks and commands, unique across plans: its code while no other
    # plan's period has that code (every period of Plan 1133: /overview/2019-H1/), else the plan's
    # code before it (``period_slug``).
    slug = models.CharField(_("mã định danh kỳ"), max_length=90, unique=True, editable=False)
    kind = models.CharField(_("loại kỳ"), max_length=10, choices=PeriodKind.choices)
    year = models.PositiveSmallIntegerField(_("năm"))
    title = models.CharField(_("tên kỳ báo cáo"), max_length=200)
    cutoff_start = models.DateField(_("số liệu từ ngày"))
    cutoff_end = models.DateField(_("số liệu đến ngày"))
    due_date = models.DateField(_("hạn nộp"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=PeriodStatus.choices, default=PeriodStatus.OPEN)
    indicators = models.ManyToManyField(
        Indicator, blank=True, related_name="ad_hoc_periods", verbose_name=_("chỉ tiêu (kỳ đột xuất)"),
        help_text=_("Chỉ dùng cho kỳ đột xuất; kỳ định kỳ lấy chỉ tiêu theo tần suất."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kỳ báo cáo")
        verbose_name_plural = _("kỳ báo cáo")
        ordering = ["-year", "due_date", "code"]
        constraints = [
            models.CheckConstraint(condition=Q(cutoff_end__gte=models.F("cutoff_start")), name="period_cutoff_order"),
            models.UniqueConstraint(fields=["plan", "code"], name="period_code_unique_in_plan"),
            models.UniqueConstraint(
                fields=["plan", "year", "kind"], condition=~Q(kind="ad_hoc"), name="period_one_regular_per_year"
            ),
        ]
        indexes = [models.Index(fields=["status", "due_date"], name="period_status_due")]

    def __str__(self):
        return f"{self.code} — {self.title}"

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = period_slug(self.plan, self.code)
        super().save(*args, **kwargs)

    @property
    def label(self):
        """The code, with the plan's number when another plan's period has the same code and this
        one's key carries the plan (``period_slug``): "2019-H1", or "2019-H1 (15/KH-UBND)"."""
        if self.slug and self.slug != self.code:
            return f"{self.code} ({self.plan.number})"
        return self.code

    @property
    def display_title(self):
        """``title`` for a page: the standard title of a regular period (reporting.periods) in the
        page's language; any other title as written."""
        standard = {
            PeriodKind.HALF_YEAR: (f"Báo cáo 6 tháng đầu năm {self.year}", _("Báo cáo 6 tháng đầu năm %(year)s")),
            PeriodKind.ANNUAL: (f"Báo cáo năm {self.year}", _("Báo cáo năm %(year)s")),
        }.get(self.kind)
        if standard and self.title == standard[0]:
            return standard[1] % {"year": self.year}
        return self.title

    @property
    def is_open(self):
        return self.status == PeriodStatus.OPEN

    def has_begun(self, today=None):
        """Whether the days the period counts have begun: before that, no unit reports for it."""
        return (today or timezone.localdate()) >= self.cutoff_start

    def not_begun_message(self):
        return _("Kỳ báo cáo %(code)s chưa bắt đầu (số liệu tính từ ngày %(start)s); chưa lập báo cáo được.") % {
            "code": self.code, "start": self.cutoff_start.strftime("%d/%m/%Y"),
        }


def period_slug(plan, code):
    """The URL key of a new period ``code`` of ``plan``: the code itself while no period has that
    key, else ``{plan.code}-{code}`` (numbered on in the unlikely case that is taken too)."""
    candidates = itertools.chain([code, f"{plan.code}-{code}"], (f"{plan.code}-{code}-{n}" for n in itertools.count(2)))
    for slug in candidates:
        if not Period.objects.filter(slug=slug).exists():
            return slug


class PeriodEvent(models.Model):
    """Closing and reopening a period, with who, when and why."""

    class Action(models.TextChoices):
        CLOSE = "close", _("khóa kỳ")
        REOPEN = "reopen", _("mở lại kỳ")

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=10, choices=Action.choices)
    reason = models.TextField(_("lý do"), blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", _("đang soạn")
    SUBMITTED = "submitted", _("đã gửi")
    RETURNED = "returned", _("trả lại để sửa")
    APPROVED = "approved", _("đã duyệt")
    # An approved report the department reopened because a figure was found wrong: back with the
    # unit, which corrects it and sends it again; it counts as approved only once approved again.
    REOPENED = "reopened", _("mở lại để sửa")


# Back with the unit for changes the department asked for: returned, or reopened after approval.
BACK_WITH_UNIT = (SubmissionStatus.RETURNED, SubmissionStatus.REOPENED)


class Submission(models.Model):
    """One reporting unit's report for one period."""

    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="submissions")
    reporting_unit = models.ForeignKey(ReportingUnit, on_delete=models.PROTECT, related_name="submissions")
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=SubmissionStatus.choices, default=SubmissionStatus.DRAFT
    )
    version = models.PositiveIntegerField(default=1, help_text="bumped on every change; guards concurrent edits")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    first_submitted_at = models.DateTimeField(_("gửi lần đầu"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    texts_copied_from = models.ForeignKey(
        Period, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("phần lời chép từ kỳ"),
        help_text=_("Kỳ mà phần lời của báo cáo được chép sang làm bản nháp khi đơn vị lập báo cáo."),
    )
    # Set when the department reopens the approved report, cleared when it is approved again: while
    # set, the unit's figures are not yet approved again (the consolidated report says so).
    reopened_at = models.DateTimeField(_("mở lại lúc"), null=True, blank=True)
    # The unit's own document (Decree 30): its number and date, filled in by the unit, and its signer.
    doc_number = models.PositiveIntegerField(_("số văn bản"), null=True, blank=True)
    doc_date = models.DateField(_("ngày văn bản"), null=True, blank=True)
    signer_authority = models.CharField(
        _("thẩm quyền ký"), max_length=100, blank=True, help_text=_("ví dụ KT. CHỦ TỊCH; để trống khi ký trực tiếp")
    )
    signer_title = models.CharField(_("chức vụ người ký"), max_length=100, blank=True, help_text=_("ví dụ CHỦ TỊCH"))
    signer_name = models.CharField(_("người ký"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("báo cáo của đơn vị")
        verbose_name_plural = _("báo cáo của đơn vị")
        ordering = ["period", "reporting_unit"]
        constraints = [
            models.UniqueConstraint(fields=["period", "reporting_unit"], name="submission_one_per_unit_period"),
        ]
        indexes = [models.Index(fields=["period", "status"], name="submission_period_status")]

    def __str__(self):
        return f"{self.reporting_unit} — {self.period.code}"

    @property
    def is_editable(self):
        return self.status in (SubmissionStatus.DRAFT, *BACK_WITH_UNIT)


class SubmissionValue(models.Model):
    """A figure for one indicator, for one institution (or for the unit itself when institution is empty).

    Yes/no values are stored as 1 and 0.
    """

    # Indexed with the indicator (value_submission_indicator): the report reads a period's figures
    # by submission and indicator; the single-column FK index would only repeat its first column.
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="values", db_index=False)
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    institution = models.ForeignKey(
        Institution, null=True, blank=True, on_delete=models.PROTECT, related_name="values"
    )
    value = models.DecimalField(_("giá trị"), max_digits=16, decimal_places=2, null=True, blank=True)
    explanation = models.TextField(_("giải trình"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("số liệu")
        verbose_name_plural = _("số liệu")
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "indicator", "institution"],
                condition=Q(institution__isnull=False),
                name="value_unique_per_institution",
            ),
            models.UniqueConstraint(
                fields=["submission", "indicator"],
                condition=Q(institution__isnull=True),
                name="value_unique_per_unit",
            ),
        ]
        indexes = [
            models.Index(fields=["indicator", "institution"], name="value_indicator_institution"),
            models.Index(fields=["submission", "indicator"], name="value_submission_indicator"),
        ]


# The longest words a report takes: a task's results, shortcomings, proposals (TEXT_MAX_CHARS),
# the explanation of one figure (EXPLANATION_MAX_CHARS). Both fit in one Excel cell (32,767).
TEXT_MAX_CHARS = 20000
EXPLANATION_MAX_CHARS = 4000


class TextKind(models.TextChoices):
    TASK_RESULT = "task_result", _("Kết quả thực hiện nhiệm vụ")
    SHORTCOMINGS = "shortcomings", _("Tồn tại, hạn chế và nguyên nhân")
    PROPOSALS = "proposals", _("Đề xuất, kiến nghị")


class SubmissionText(models.Model):
    """The words of the report: results for a task, shortcomings and causes, proposals."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="texts")
    kind = models.CharField(max_length=20, choices=TextKind.choices)
    task = models.ForeignKey(Task, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "task"], condition=Q(kind="task_result"), name="text_unique_task_result"
            ),
            models.UniqueConstraint(
                fields=["submission", "kind"], condition=~Q(kind="task_result"), name="text_unique_kind"
            ),
        ]


def attachment_path(instance, filename):
    return f"attachments/{instance.submission.period.slug}/{instance.submission.reporting_unit.code}/{filename}"


class Attachment(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=300)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]


class ReviewComment(models.Model):
    """A reviewer's comment, on the whole report or on one value."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    indicator = models.ForeignKey(Indicator, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    institution = models.ForeignKey(Institution, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("nhận xét"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]


class SubmissionEvent(models.Model):
    """History of a submission: every change with who, when, the old and the new value."""

    class Action(models.TextChoices):
        CREATED = "created", _("tạo báo cáo")
        VALUE = "value", _("sửa số liệu")
        EXPLANATION = "explanation", _("sửa giải trình")
        TEXT = "text", _("sửa nội dung")
        ATTACHMENT = "attachment", _("đính kèm tệp")
        SUBMITTED = "submitted", _("gửi báo cáo")
        RETURNED = "returned", _("trả lại")
        APPROVED = "approved", _("duyệt")
        IMPORTED = "imported", _("nhập từ Excel")
        REOPENED = "reopened", _("mở lại báo cáo đã duyệt")

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="events")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    action = models.CharField(max_length=20, choices=Action.choices)
    field = models.CharField(_("mục"), max_length=300, blank=True)
    old_value = models.TextField(_("giá trị cũ"), blank=True)
    new_value = models.TextField(_("giá trị mới"), blank=True)

    class Meta:
        ordering = ["-at", "-pk"]



class SentMail(models.Model):
    """A mail the portal sent about a report: what, to whom, when. The reminders read it, so
    that running them twice a day sends nothing new and a day cron missed is caught up."""

    class Kind(models.TextChoices):
        BEFORE = "before", _("nhắc hạn")
        LATE = "late", _("báo quá hạn")
        SUBMITTED = "submitted", _("báo Sở có báo cáo gửi đến")
        RETURNED = "returned", _("báo đơn vị báo cáo bị trả lại")
        APPROVED = "approved", _("báo đơn vị báo cáo đã duyệt")
        REOPENED = "reopened", _("báo đơn vị báo cáo đã duyệt được mở lại để sửa")

    kind = models.CharField(_("loại thư"), max_length=10, choices=Kind.choices)
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="sent_mails")
    reporting_unit = models.ForeignKey(ReportingUnit, on_delete=models.CASCADE, related_name="sent_mails")
    to = models.TextField(_("gửi tới"))
    subject = models.CharField(_("tiêu đề"), max_length=300)
    sent_at = models.DateTimeField(_("gửi lúc"))
    sent_on = models.DateField(_("ngày gửi"))  # the local day, as the reminders count days

    class Meta:
        verbose_name = _("thư đã gửi")
        verbose_name_plural = _("thư đã gửi")
        ordering = ["-sent_at", "-pk"]
        indexes = [models.Index(fields=["period", "reporting_unit", "kind"], name="sent_mail_lookup")]
