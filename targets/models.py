"""A plan as data: the plan, its tasks and who is responsible, indicators and yearly targets."""
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from institutions.models import Institution, InstitutionKind, InstitutionLevel, ReportingUnit
from laichau_plan import formatting


class Plan(models.Model):
    code = models.SlugField(_("mã"), max_length=50, unique=True)
    number = models.CharField(_("số, ký hiệu"), max_length=50)
    issued_on = models.DateField(_("ngày ban hành"))
    issuer = models.CharField(_("cơ quan ban hành"), max_length=200)
    title = models.TextField(_("trích yếu"))
    implements = models.TextField(_("căn cứ"), blank=True)
    start_year = models.PositiveSmallIntegerField(_("từ năm"))
    end_year = models.PositiveSmallIntegerField(_("đến năm"))
    half_year_due = models.CharField(_("hạn báo cáo 6 tháng (ngày-tháng)"), max_length=5, default="06-20")
    annual_due = models.CharField(_("hạn báo cáo năm (ngày-tháng)"), max_length=5, default="11-30")
    sections = models.JSONField(
        _("các mục"), default=list, blank=True,
        help_text=_("Danh sách {code, title} các mục, mục con của kế hoạch, theo thứ tự trong văn bản."),
    )
    reporting_units = models.ManyToManyField(
        ReportingUnit, blank=True, related_name="plans", verbose_name=_("đơn vị phải báo cáo"),
        help_text=_("Các đơn vị gửi báo cáo định kỳ theo kế hoạch này."),
    )
    reporting_kinds = models.JSONField(
        _("loại đơn vị báo cáo"), default=list, blank=True,
        help_text=_("Các loại đơn vị gửi báo cáo theo kế hoạch này (plan.reporting_kinds trong tệp kế hoạch)."),
    )
    source_file = models.CharField(_("tệp kế hoạch"), max_length=300, blank=True)
    loaded_at = models.DateTimeField(auto_now=True)
    # Every version (the links to reporting units are counted in the load's audit event instead).
    history = HistoricalRecords(excluded_fields=["loaded_at"])

    class Meta:
        verbose_name = _("kế hoạch")
        verbose_name_plural = _("kế hoạch")
        ordering = ["-start_year", "code"]
        constraints = [
            models.CheckConstraint(condition=Q(end_year__gte=models.F("start_year")), name="plan_years_in_order"),
        ]

    def __str__(self):
        return f"{self.number} — {self.title[:80]}"

    @property
    def years(self):
        return list(range(self.start_year, self.end_year + 1))

    def section_title(self, code):
        """The title of section ``code`` ("II", "II.1") as written in the plan file, or ""."""
        for section in self.sections or []:
            if section.get("code") == code:
                return section.get("title", "")
        return ""


class Task(models.Model):
    """An item of sections II (tasks) and III (solutions) of the plan."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    code = models.CharField(_("mã"), max_length=30)
    section = models.CharField(_("mục"), max_length=30)
    section_title = models.CharField(_("tên mục"), max_length=200)
    text = models.TextField(_("nội dung"))
    source_ref = models.CharField(_("trích dẫn"), max_length=200, blank=True)
    order = models.PositiveIntegerField(default=0)
    responsible = models.ManyToManyField(
        ReportingUnit, through="TaskResponsibility", related_name="tasks", verbose_name=_("đơn vị thực hiện")
    )

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["plan", "order"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="task_unique_code_in_plan")]

    def __str__(self):
        return f"{self.code}. {self.text[:80]}"


class ResponsibilityRole(models.TextChoices):
    LEAD = "lead", _("chủ trì")
    SUPPORT = "support", _("phối hợp")


class TaskResponsibility(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="responsibilities")
    reporting_unit = models.ForeignKey(ReportingUnit, on_delete=models.PROTECT, related_name="responsibilities")
    role = models.CharField(_("vai trò"), max_length=10, choices=ResponsibilityRole.choices)
    source_ref = models.CharField(_("trích dẫn"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("trách nhiệm")
        verbose_name_plural = _("trách nhiệm")
        constraints = [
            models.UniqueConstraint(fields=["task", "reporting_unit"], name="responsibility_unique"),
        ]


class ValueType(models.TextChoices):
    INTEGER = "integer", _("số nguyên")
    DECIMAL = "decimal", _("số thập phân")
    PERCENT = "percent", _("tỷ lệ %")
    BOOLEAN = "boolean", _("có/không")


class Aggregation(models.TextChoices):
    SUM = "sum", _("cộng")
    AVERAGE = "average", _("trung bình")
    SHARE_YES = "share_yes", _("tỷ lệ có")
    LATEST = "latest", _("số mới nhất")


class AppliesTo(models.TextChoices):
    INSTITUTION = "institution", _("thiết chế")
    REPORTING_UNIT = "reporting_unit", _("đơn vị báo cáo")


class Frequency(models.TextChoices):
    HALF_YEARLY = "half_yearly", _("6 tháng")
    YEARLY = "yearly", _("hằng năm")


class Indicator(models.Model):
    """Something that is counted or reported: reader visits, books added, festivals held."""

    code = models.CharField(_("mã chỉ tiêu"), max_length=40, unique=True)
    name_vi = models.CharField(_("tên (tiếng Việt)"), max_length=300)
    name_en = models.CharField(_("tên (tiếng Anh)"), max_length=300)
    unit_vi = models.CharField(_("đơn vị tính"), max_length=50)
    unit_en = models.CharField(_("đơn vị tính (tiếng Anh)"), max_length=50)
    value_type = models.CharField(_("kiểu giá trị"), max_length=10, choices=ValueType.choices)
    aggregation = models.CharField(_("cách tổng hợp"), max_length=10, choices=Aggregation.choices)
    applies_to = models.CharField(_("áp dụng cho"), max_length=20, choices=AppliesTo.choices)
    applies_kind = models.CharField(
        _("loại thiết chế"), max_length=20, choices=InstitutionKind.choices, blank=True
    )
    applies_levels = models.JSONField(_("các cấp"), default=list, blank=True)
    applies_unit_kinds = models.JSONField(_("loại đơn vị báo cáo"), default=list, blank=True)
    frequency = models.CharField(_("kỳ báo cáo"), max_length=12, choices=Frequency.choices)
    running_count = models.BooleanField(
        _("số cộng dồn trong năm"), default=True,
        help_text=_("Số cả năm không được nhỏ hơn số 6 tháng."),
    )
    description = models.TextField(_("ghi chú"), blank=True)
    source_ref = models.CharField(_("trích dẫn"), max_length=200, blank=True)
    order = models.PositiveIntegerField(default=0)
    tasks = models.ManyToManyField(Task, blank=True, related_name="indicators")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["order", "code"]

    def __str__(self):
        return f"{self.code} — {self.name}"

    @property
    def name(self):
        return self.name_en if (get_language() or "vi").startswith("en") else self.name_vi

    @property
    def unit(self):
        return self.unit_en if (get_language() or "vi").startswith("en") else self.unit_vi

    def applies_to_institution(self, kind, level):
        """Whether an institution of ``kind`` at ``level`` owes this indicator's figure (the one rule;
        kind and level rather than the institution, so that counts by kind and level can ask too)."""
        if self.applies_to != AppliesTo.INSTITUTION or (self.applies_kind and self.applies_kind != kind):
            return False
        return not self.applies_levels or level in self.applies_levels

    def applies_to_unit(self, unit_kind):
        """Whether a reporting unit of ``unit_kind`` owes this indicator's figure for itself."""
        if self.applies_to != AppliesTo.REPORTING_UNIT:
            return False
        return not self.applies_unit_kinds or unit_kind in self.applies_unit_kinds


class ScopeMode(models.TextChoices):
    EACH = "each", _("mỗi thiết chế")
    GROUP = "group", _("tổng của nhóm")
    INSTITUTION = "institution", _("một thiết chế")
    REPORTING_UNIT = "reporting_unit", _("một đơn vị báo cáo")


class Target(models.Model):
    """A quota for one indicator and one year, over a scope, with an optional min and max."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets")
    key = models.SlugField(_("mã mục tiêu"), max_length=80, help_text=_("mã trong tệp kế hoạch"))
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="targets")
    year = models.PositiveSmallIntegerField(_("năm"))
    scope_mode = models.CharField(_("phạm vi"), max_length=20, choices=ScopeMode.choices)
    scope_kind = models.CharField(_("loại thiết chế"), max_length=20, choices=InstitutionKind.choices, blank=True)
    scope_levels = models.JSONField(_("các cấp"), default=list, blank=True)
    institution = models.ForeignKey(
        Institution, null=True, blank=True, on_delete=models.PROTECT, related_name="targets"
    )
    reporting_unit = models.ForeignKey(
        ReportingUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="targets"
    )
    target_min = models.DecimalField(_("tối thiểu"), max_digits=14, decimal_places=2, null=True, blank=True)
    target_max = models.DecimalField(_("tối đa"), max_digits=14, decimal_places=2, null=True, blank=True)
    cadence_years = models.PositiveSmallIntegerField(
        _("chu kỳ (năm)"), default=1, help_text=_("2 = hai năm một lần: xét theo cửa sổ hai năm")
    )
    source_ref = models.CharField(_("trích dẫn"), max_length=200, blank=True)
    source_text = models.TextField(_("nguyên văn"), blank=True)
    reading = models.TextField(_("cách hiểu"), blank=True)
    order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mục tiêu")
        verbose_name_plural = _("mục tiêu")
        ordering = ["year", "order", "key"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "key", "year"], name="target_unique_key_year"),
            models.CheckConstraint(
                condition=Q(target_min__isnull=True) | Q(target_max__isnull=True)
                | Q(target_max__gte=models.F("target_min")),
                name="target_min_not_above_max",
            ),
            models.CheckConstraint(condition=Q(cadence_years__gte=1), name="target_cadence_positive"),
        ]
        indexes = [models.Index(fields=["year", "indicator"], name="target_year_indicator")]

    def __str__(self):
        return f"{self.indicator.code} {self.year}: {self.range_display}"

    @property
    def per_institution(self):
        return self.scope_mode == ScopeMode.EACH

    @property
    def range_display(self):
        return formatting.target_range(self.target_min, self.target_max)

    def scope_display(self):
        if self.scope_mode == ScopeMode.INSTITUTION and self.institution_id:
            return str(self.institution.name)
        if self.scope_mode == ScopeMode.REPORTING_UNIT and self.reporting_unit_id:
            return str(self.reporting_unit.name)
        levels = ", ".join(str(InstitutionLevel(level).label) for level in self.scope_levels)
        kind = InstitutionKind(self.scope_kind).label if self.scope_kind else ""
        return f"{self.get_scope_mode_display()}: {kind} {levels}".strip()
