"""Forms of the institutions registry: list filters, create/edit, Excel upload."""
import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Layout, Row, Submit
from django import forms
from django.core.validators import FileExtensionValidator, RegexValidator
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _, gettext_noop

from laichau_plan.text import nfc
from laichau_plan.workbooks import MAX_BYTES

from .models import AdminLevel, AdminUnit, Institution, InstitutionKind, InstitutionLevel, ReportingUnit
from .selectors import area_units, structures

MIN_YEAR = 1800
# The filter forms' HTML says {% translate "Xóa bộ lọc" %}, which makemessages does not see in Python.
gettext_noop("Xóa bộ lọc")


def admin_unit_label(unit):
    parent = f" — {unit.parent.name}" if unit.parent_id and unit.parent.level == AdminLevel.DISTRICT else ""
    return f"{unit.name}{parent} ({unit.code}, {_('cơ cấu')} {unit.structure})"


class AdminUnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return admin_unit_label(obj)


def structure_label(structure, start, end):
    """"2015 (đến 30/06/2025)", "2025 (từ 01/07/2025)"."""
    if end:
        return _("%(structure)s (đến %(end)s)") % {"structure": structure, "end": end.strftime("%d/%m/%Y")}
    return _("%(structure)s (từ %(start)s)") % {"structure": structure, "start": start.strftime("%d/%m/%Y")}


class DistrictChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.structure})"


class InstitutionFilterForm(forms.Form):
    """The list's filters, read from the query string; invalid values are ignored."""

    ACTIVE_CHOICES = [("", _("Tất cả")), ("1", _("Đang hoạt động")), ("0", _("Ngừng hoạt động"))]

    q = forms.CharField(label=_("Tìm theo tên hoặc mã"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Loại hình"), required=False)
    level = forms.ChoiceField(label=_("Cấp"), required=False)
    structure = forms.ChoiceField(label=_("Cơ cấu hành chính"), required=False)
    district = DistrictChoiceField(
        label=_("Địa bàn (huyện hoặc xã trực thuộc tỉnh)"), required=False, queryset=AdminUnit.objects.none(),
        empty_label=_("Tất cả"),
    )
    reporting_unit = forms.ModelChoiceField(
        label=_("Đơn vị báo cáo"), required=False, queryset=ReportingUnit.objects.none(),
        to_field_name="code", empty_label=_("Tất cả"),
    )
    active = forms.ChoiceField(label=_("Tình trạng"), required=False, choices=ACTIVE_CHOICES)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Tất cả")), *InstitutionKind.choices]
        self.fields["level"].choices = [("", _("Tất cả")), *InstitutionLevel.choices]
        self.fields["structure"].choices = [("", _("Tất cả")), *(
            (structure, structure_label(structure, start, end)) for structure, start, end in structures())]
        self.fields["district"].queryset = area_units()
        if units is None:
            del self.fields["reporting_unit"]
        else:
            self.fields["reporting_unit"].queryset = units
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_id = "institution-filters"
        self.helper.disable_csrf = True
        columns = [Column("q", css_class="col-12 col-lg-4")]
        columns += [
            Column(name, css_class="col-6 col-md-4 col-lg-2")
            for name in ("kind", "level", "structure", "district", "reporting_unit", "active")
            if name in self.fields
        ]
        self.helper.layout = Layout(
            Row(*columns, css_class="g-2"),
            Submit("", _("Lọc"), css_class="btn-primary"),
            HTML('<a class="btn btn-link" href="?">{% load i18n %}{% translate "Xóa bộ lọc" %}</a>'),
        )

    def clean_q(self):
        return nfc(self.cleaned_data["q"])

    def filters(self):
        """The valid filter values (an invalid one is dropped, not an error page)."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}


class InstitutionForm(forms.ModelForm):
    """Create or edit an institution. The code is typed once, at creation, and never changes."""

    admin_unit = AdminUnitChoiceField(
        label=_("Địa bàn"), queryset=AdminUnit.objects.none(),
        error_messages={"required": _("Hãy chọn địa bàn (xã, huyện hoặc tỉnh) của thiết chế.")},
    )
    moved_on = forms.DateField(
        label=_("Chuyển địa bàn từ ngày"), required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Chỉ điền khi thiết chế chuyển sang địa bàn hoặc đơn vị báo cáo khác (ví dụ 01/07/2025, khi "
                    "bỏ cấp huyện): các kỳ trước ngày này vẫn tính ở nơi cũ. Để trống nếu chỉ sửa chỗ nhập nhầm."),
    )

    class Meta:
        model = Institution
        fields = [
            "code", "name", "kind", "level", "admin_unit", "reporting_unit",
            "has_internet", "address", "established_year", "notes", "active_from", "active_until",
        ]
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 3}),
            "active_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "active_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        labels = {"code": _("Mã thiết chế"), "name": _("Tên thiết chế")}
        help_texts = {
            "code": _("Viết hoa, không dấu, ví dụ TV-105. Không sửa được sau khi tạo."),
            "established_year": _("Bốn chữ số, ví dụ 2008."),
            "active_until": _("Ngày cuối cùng thiết chế được tính trong báo cáo các kỳ."),
        }
        error_messages = {
            "code": {"required": _("Hãy nhập mã thiết chế.")},
            "name": {"required": _("Hãy nhập tên thiết chế.")},
            "kind": {"required": _("Hãy chọn loại hình.")},
            "level": {"required": _("Hãy chọn cấp.")},
            "reporting_unit": {"required": _("Hãy chọn đơn vị báo cáo.")},
            "established_year": {"invalid": _("Năm thành lập phải là một số, ví dụ 2008.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        editing = self.instance.pk is not None
        if editing:
            del self.fields["code"]
        else:  # registered today unless the staff say since when (empty: in every period)
            self.initial.setdefault("active_from", timezone.localdate())
            del self.fields["moved_on"]
        if not (editing and not self.instance.is_active):  # an end date only for an inactive one
            del self.fields["active_until"]
        self.fields["admin_unit"].queryset = AdminUnit.objects.select_related("parent").order_by(
            "-structure", "level", "parent__code", "code"
        )
        units = ReportingUnit.objects.filter(is_active=True)
        if editing:
            units = ReportingUnit.objects.filter(Q(is_active=True) | Q(pk=self.instance.reporting_unit_id))
        self.fields["reporting_unit"].queryset = units.order_by("order", "code")
        self.fields["reporting_unit"].empty_label = _("— Chọn đơn vị báo cáo —")
        self.fields["admin_unit"].empty_label = _("— Chọn địa bàn —")
        self.fields["kind"].choices = [("", _("— Chọn loại hình —")), *InstitutionKind.choices]
        self.fields["level"].choices = [("", _("— Chọn cấp —")), *InstitutionLevel.choices]
        self.helper = FormHelper()
        self.helper.form_id = "institution-form"
        self.helper.layout = Layout(
            Row(
                *([Column("code", css_class="col-md-4")] if not editing else []),
                Column("name", css_class="col-md-8"),
            ),
            Row(Column("kind", css_class="col-md-6"), Column("level", css_class="col-md-6")),
            Row(Column("admin_unit", css_class="col-md-6"), Column("reporting_unit", css_class="col-md-6")),
            *([Row(Column("moved_on", css_class="col-md-6"))] if editing else []),
            Row(Column("address", css_class="col-md-8"), Column("established_year", css_class="col-md-4")),
            Row(Column("active_from", css_class="col-md-6"),
                *([Column("active_until", css_class="col-md-6")] if "active_until" in self.fields else [])),
            "has_internet",
            "notes",
            Submit("save", _("Lưu"), css_class="btn-primary"),
        )

    def clean_code(self):
        code = (nfc(self.cleaned_data["code"]) or "").upper()
        taken = Institution.objects.filter(code=code).first()
        if taken is not None:
            raise forms.ValidationError(
                _("Mã %(code)s đã được dùng cho “%(name)s”. Hãy chọn mã khác."),
                code="unique",
                params={"code": code, "name": taken.name},
            )
        return code

    def clean_name(self):
        return nfc(self.cleaned_data["name"])

    def clean_address(self):
        return nfc(self.cleaned_data["address"]) or ""

    def clean_notes(self):
        return nfc(self.cleaned_data["notes"]) or ""

    def clean_established_year(self):
        year = self.cleaned_data["established_year"]
        this_year = datetime.date.today().year
        if year is not None and not MIN_YEAR <= year <= this_year:
            raise forms.ValidationError(
                _("Năm thành lập phải từ %(low)s đến %(high)s."),
                code="year_range",
                params={"low": MIN_YEAR, "high": this_year},
            )
        return year

    def clean_active_until(self):
        until = self.cleaned_data["active_until"]
        if until is None:
            raise forms.ValidationError(_("Thiết chế ngừng hoạt động cần ngày ngừng hoạt động."), code="required")
        return until

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("moved_on") and not {"admin_unit", "reporting_unit"} & set(self.changed_data):
            self.add_error("moved_on", _("Chưa chọn địa bàn hoặc đơn vị báo cáo mới nên không có gì để chuyển; "
                                         "hãy chọn nơi mới, hoặc để trống ngày chuyển."))
        return cleaned

    def service_fields(self):
        """cleaned_data as keyword arguments for institution_create / institution_update."""
        return {name: self.cleaned_data[name] for name in self.fields}


class DeactivateForm(forms.Form):
    """The day an institution stops: it still counts in every period up to that day."""

    on = forms.DateField(
        label=_("Ngày ngừng hoạt động"), required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Thiết chế vẫn được tính trong báo cáo các kỳ có số liệu đến ngày này."),
    )

    def __init__(self, *args, institution, **kwargs):
        super().__init__(*args, **kwargs)
        self.institution = institution
        self.initial.setdefault("on", timezone.localdate())

    def clean_on(self):
        on = self.cleaned_data["on"] or timezone.localdate()
        if on > timezone.localdate():
            raise forms.ValidationError(_("Ngày ngừng hoạt động không thể sau hôm nay."), code="future")
        start = self.institution.active_from
        if start is not None and on < start:
            raise forms.ValidationError(
                _("Ngày ngừng hoạt động không thể trước ngày bắt đầu hoạt động (%(start)s)."), code="before_start",
                params={"start": start.strftime("%d/%m/%Y")},
            )
        return on


class InstitutionImportForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp Excel (.xlsx)"),
        validators=[
            FileExtensionValidator(
                ["xlsx"], message=_("Chỉ nhận tệp Excel .xlsx. Tệp .xls cũ: hãy mở và lưu lại dưới dạng .xlsx.")
            )
        ],
        error_messages={"required": _("Hãy chọn tệp Excel cần nhập."), "empty": _("Tệp được chọn không có nội dung.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_id = "import-form"
        self.helper.add_input(Submit("upload", _("Kiểm tra và nhập"), css_class="btn-primary"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("Tệp lớn hơn %(mb)d MB."), code="too_big", params={"mb": MAX_BYTES // (1024 * 1024)}
            )
        return upload


class MemberForm(forms.Form):
    """A new member of a reporting unit; whether the address or the name is free is the service's
    rule (institutions.members.member_create), shown here on the field it names."""

    full_name = forms.CharField(
        label=_("Họ và tên"), max_length=150,
        error_messages={"required": _("Hãy nhập họ và tên người dùng.")},
    )
    email = forms.EmailField(
        label=_("Thư điện tử"), max_length=254,
        help_text=_("Liên kết đặt mật khẩu được gửi tới địa chỉ này; mỗi địa chỉ chỉ dùng cho một tài khoản."),
        error_messages={
            "required": _("Hãy nhập địa chỉ thư điện tử."),
            "invalid": _("Địa chỉ thư điện tử chưa đúng, ví dụ đúng: nguyenvan@laichau.gov.vn."),
        },
    )
    username = forms.CharField(
        label=_("Tên đăng nhập"), max_length=150,
        help_text=_("Chữ không dấu, chữ số và các dấu . _ - (không có dấu cách), ví dụ tamduong.lovan."),
        validators=[RegexValidator(
            r"^[A-Za-z0-9._-]+\Z",
            _("Tên đăng nhập chỉ gồm chữ không dấu, chữ số và các dấu . _ - (không có dấu cách)."),
        )],
        error_messages={"required": _("Hãy nhập tên đăng nhập.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].widget.attrs["autocomplete"] = "off"
        self.fields["username"].widget.attrs.update({"autocapitalize": "none", "autocomplete": "off"})
        self.helper = FormHelper()
        self.helper.form_id = "member-form"
        self.helper.layout = Layout(
            "full_name",
            Row(Column("email", css_class="col-md-6"), Column("username", css_class="col-md-6")),
            Submit("save", _("Thêm người dùng"), css_class="btn-primary"),
        )
