"""Administrative units, institutions, reporting units and the people who use the portal."""
from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from laichau_plan.text import fold, nfc, vi_sort_key

SORT_NAME_MAX_LENGTH = 1000


def _encode_sort_number(number):
    """Digits that keep the order of non-negative integers and never prefix one another."""
    if number < 70:
        return str(number + 10)  # "10".."79"
    if number < 10070:
        return f"8{number - 70:04d}"
    return f"9{number - 10070:07d}"


def _sort_rank(group, rank):
    """Spaces 0, the alphabet's letters 1–29, anything else from 30 on."""
    if group < 0:
        return 0
    return rank + 1 if group == 0 else 30 + rank


def vi_sort_string(value):
    """``vi_sort_key(value)`` as a string of digits, so the database sorts it bytewise.

    Digits only: they compare the same in every collation (C, ICU, glibc), so ORDER BY on
    this column gives Vietnamese order on SQLite and on PostgreSQL, with pagination. Letters
    first, a "0" that ends them (a shorter name before a longer one it begins), then tones.
    """
    primary, secondary = vi_sort_key(value)
    letters = "".join(_encode_sort_number(_sort_rank(group, rank)) for group, rank in primary)
    tones = "".join(str(tone) for tone in secondary)
    return f"{letters}0{tones}"[:SORT_NAME_MAX_LENGTH]


institution_code_validator = RegexValidator(
    r"^[A-Z0-9][A-Z0-9._-]*$",
    _("Mã chỉ gồm chữ cái không dấu, chữ số và các dấu - . _ (ví dụ TV-105)."),
)


class DivisionType(models.TextChoices):
    PROVINCE = "tinh", _("tỉnh")
    CITY = "thanh_pho", _("thành phố")
    DISTRICT = "huyen", _("huyện")
    TOWN = "thi_xa", _("thị xã")
    WARD = "phuong", _("phường")
    COMMUNE = "xa", _("xã")
    TOWNSHIP = "thi_tran", _("thị trấn")

    @classmethod
    def from_label(cls, label):
        wanted = nfc(label).lower()
        for value, text in cls.choices:
            if str(text) == wanted or value == wanted:
                return value
        raise ValueError(f"loại đơn vị hành chính không rõ: {label!r}")


class AdminLevel(models.TextChoices):
    PROVINCE = "province", _("cấp tỉnh")
    DISTRICT = "district", _("cấp huyện")
    COMMUNE = "commune", _("cấp xã")


class AdminUnit(models.Model):
    """A province, district or commune as it stood in one structure (its dates in force).

    The same statistics code may be reused by a later structure for a different unit; each
    structure keeps its own rows, so reports made on the 2015 structure never change.
    """

    code = models.CharField(_("mã thống kê"), max_length=10)
    name = models.CharField(_("tên"), max_length=200)
    division_type = models.CharField(_("loại"), max_length=20, choices=DivisionType.choices)
    level = models.CharField(_("cấp"), max_length=20, choices=AdminLevel.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name=_("trực thuộc")
    )
    structure = models.CharField(_("cơ cấu"), max_length=20, help_text=_("ví dụ 2015 hoặc 2025"))
    valid_from = models.DateField(_("hiệu lực từ"))
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    source = models.CharField(_("nguồn"), max_length=300, blank=True)
    history = HistoricalRecords()  # every version, old and new values, who and when (audit.history)

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["structure", "code"]
        constraints = [
            models.UniqueConstraint(fields=["structure", "code"], name="adminunit_unique_code_in_structure"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="adminunit_valid_range",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = nfc(self.name)
        super().save(*args, **kwargs)


class InstitutionKind(models.TextChoices):
    LIBRARY = "library", _("Thư viện")
    MUSEUM = "museum", _("Bảo tàng")
    CULTURE_CENTRE = "culture_centre", _("Trung tâm văn hóa")
    CULTURAL_HOUSE = "cultural_house", _("Nhà văn hóa")
    CLUB = "club", _("Câu lạc bộ")
    POST_OFFICE = "post_office", _("Bưu điện văn hóa xã")


class InstitutionLevel(models.TextChoices):
    PROVINCE = "province", _("cấp tỉnh")
    DISTRICT = "district", _("cấp huyện")
    COMMUNE = "commune", _("cấp xã")
    VILLAGE = "village", _("thôn, bản")


class ReportingUnitKind(models.TextChoices):
    DISTRICT = "district", _("UBND huyện, thành phố")
    # Since 1 July 2025 (two-level map): the People's Committee of a commune or ward.
    COMMUNE = "commune", _("UBND xã, phường")
    DEPARTMENT = "department", _("Sở, ban, ngành")
    ORGANISATION = "organisation", _("Đoàn thể, tổ chức")
    DEPARTMENT_UNIT = "department_unit", _("Đơn vị thuộc Sở VHTTDL")


class ReportingUnit(models.Model):
    """A body that reports: a district People's Committee, a department, an organisation."""

    code = models.CharField(_("mã"), max_length=20, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    short_name = models.CharField(_("tên viết tắt"), max_length=60, blank=True)
    kind = models.CharField(_("loại"), max_length=20, choices=ReportingUnitKind.choices)
    admin_unit = models.ForeignKey(
        AdminUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="reporting_units",
        verbose_name=_("địa bàn"),
    )
    email = models.EmailField(_("thư điện tử"), blank=True)
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    history = HistoricalRecords()  # every version, old and new values, who and when (audit.history)

    class Meta:
        verbose_name = _("đơn vị báo cáo")
        verbose_name_plural = _("đơn vị báo cáo")
        ordering = ["order", "code"]

    def __str__(self):
        return self.name

    def active_in(self, period):
        """Whether the unit counts in ``period`` (``selectors.unit_was_active``; admin_unit loaded)."""
        from .selectors import unit_active_in

        return unit_active_in(self, period)

    def save(self, *args, **kwargs):
        self.name = nfc(self.name)
        self.short_name = nfc(self.short_name)
        super().save(*args, **kwargs)


class Institution(models.Model):
    """A library, museum, cultural centre or house, club or commune cultural post office."""

    code = models.CharField(_("mã"), max_length=30, unique=True, validators=[institution_code_validator])
    name = models.CharField(_("tên"), max_length=200)
    search_name = models.CharField(max_length=200, editable=False, db_index=True)
    # Vietnamese dictionary order as digits (see vi_sort_string), filled on save.
    sort_name = models.CharField(max_length=SORT_NAME_MAX_LENGTH, editable=False, db_index=True, default="")
    kind = models.CharField(_("loại hình"), max_length=20, choices=InstitutionKind.choices)
    level = models.CharField(_("cấp"), max_length=20, choices=InstitutionLevel.choices)
    admin_unit = models.ForeignKey(
        AdminUnit, on_delete=models.PROTECT, related_name="institutions", verbose_name=_("địa bàn")
    )
    reporting_unit = models.ForeignKey(
        ReportingUnit, on_delete=models.PROTECT, related_name="institutions", verbose_name=_("đơn vị báo cáo")
    )
    has_internet = models.BooleanField(_("có điểm kết nối internet"), default=False)
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    established_year = models.PositiveSmallIntegerField(_("năm thành lập"), null=True, blank=True)
    notes = models.TextField(_("ghi chú"), blank=True)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    # The days the institution counts in a period's report (selectors.active_during): from
    # active_from (none: always) to active_until (none: still active). is_active is "now".
    active_from = models.DateField(
        _("hoạt động từ ngày"), null=True, blank=True,
        help_text=_("Để trống nếu thiết chế đã hoạt động từ trước mọi kỳ báo cáo."),
    )
    active_until = models.DateField(_("hoạt động đến ngày"), null=True, blank=True)
    # admin_unit and reporting_unit are where the institution stands now, since placed_since
    # (none: since before every period); where it stood before is kept in InstitutionPlace.
    placed_since = models.DateField(_("ở địa bàn này từ ngày"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["search_name", "sort_name", "created_at", "updated_at"])

    class Meta:
        verbose_name = _("thiết chế")
        verbose_name_plural = _("thiết chế")
        ordering = ["code"]
        indexes = [
            # Also covers the consolidated report's count of institutions by kind, level, unit and
            # district (reports.queries): SQLite reads the index, not the table.
            models.Index(fields=["kind", "level", "reporting_unit", "admin_unit", "active_from", "active_until"],
                         name="institution_group_counts"),
            models.Index(fields=["reporting_unit", "is_active"], name="institution_unit_active"),
        ]

        constraints = [
            models.CheckConstraint(
                condition=Q(active_from__isnull=True) | Q(active_until__isnull=True)
                | Q(active_until__gte=models.F("active_from")),
                name="institution_active_range",
                violation_error_message=_("Ngày ngừng hoạt động không thể trước ngày bắt đầu hoạt động."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"

    def normalise(self):
        """NFC text, upper-case code, and the derived search and sort keys (before full_clean)."""
        self.code = (nfc(self.code) or "").upper()
        self.name = nfc(self.name) or ""
        self.address = nfc(self.address) or ""
        self.notes = nfc(self.notes) or ""
        self.search_name = fold(f"{self.name} {self.code}")[:200]
        self.sort_name = vi_sort_string(self.name)
        self.keep_dates_with_flag()

    def keep_dates_with_flag(self):
        """is_active and the dates say the same: an active institution has no end date, an inactive
        one has one (today unless given). A reactivated one counts again from its start: the
        registry keeps one span, not the gaps."""
        if self.is_active:
            self.active_until = None
        elif self.active_until is None:
            self.active_until = timezone.localdate()

    def save(self, *args, **kwargs):
        self.normalise()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"name", "code"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_name", "sort_name"}
        if update_fields is not None and "is_active" in update_fields:
            kwargs["update_fields"] = {*kwargs["update_fields"], "active_until"}
        super().save(*args, **kwargs)


class InstitutionPlace(models.Model):
    """Where an institution stood before it moved: its admin unit and reporting unit from
    valid_from (none: since before every period) to valid_to. Its current place is on the
    institution itself; ``institutions.places`` reads the place on a given day."""

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="past_places")
    admin_unit = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("địa bàn"))
    reporting_unit = models.ForeignKey(
        ReportingUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị báo cáo")
    )
    valid_from = models.DateField(_("từ ngày"), null=True, blank=True)
    valid_to = models.DateField(_("đến ngày"))
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("địa bàn trước đây của thiết chế")
        verbose_name_plural = _("địa bàn trước đây của thiết chế")
        ordering = ["institution", "valid_to"]
        indexes = [models.Index(fields=["institution", "valid_to"], name="institutionplace_by_day")]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="institutionplace_range",
            ),
        ]

    def __str__(self):
        return f"{self.institution_id}: {self.admin_unit_id} → {self.valid_to}"


class Role(models.TextChoices):
    STAFF = "staff", _("Cán bộ Sở VHTTDL")
    UNIT = "unit", _("Thành viên đơn vị báo cáo")
    LEADER = "leader", _("Lãnh đạo (chỉ xem)")


class Profile(models.Model):
    """A user's role in the portal, and for reporting-unit members, their unit."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    role = models.CharField(_("vai trò"), max_length=10, choices=Role.choices)
    reporting_unit = models.ForeignKey(
        ReportingUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="members",
        verbose_name=_("đơn vị báo cáo"),
    )
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("hồ sơ người dùng")
        verbose_name_plural = _("hồ sơ người dùng")
        constraints = [
            models.CheckConstraint(
                condition=Q(role="unit", reporting_unit__isnull=False) | ~Q(role="unit"),
                name="profile_unit_member_has_unit",
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()}"
