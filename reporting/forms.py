"""Forms of the reporting pages. Figures stay raw text here: reporting.checks parses and
checks them (the same code checks the Excel upload), and the view puts its messages back
on the fields."""
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from laichau_plan.formatting import plain_number
from targets.models import Indicator, Plan, ValueType
from targets.selectors import plan_indicators, plan_latest

from .attachments import AttachmentRejected, check_upload
from .models import EXPLANATION_MAX_CHARS, TEXT_MAX_CHARS, TextKind
from .periods import ad_hoc_problems

BOOLEAN_CHOICES = [("", "—"), ("1", _("Có")), ("0", _("Không"))]
TEXTAREA = {"rows": 3, "class": "form-control"}


def value_field_name(key):
    return f"value-{key}"


def explanation_field_name(key):
    return f"explanation-{key}"


def comment_field_name(key):
    return f"comment-{key}"


def task_field_name(task_id):
    return f"task-{task_id}"


def initial_text(value):
    return "" if value is None else plain_number(value)


DOCUMENT_FIELDS = ("doc_number", "doc_date", "signer_authority", "signer_title", "signer_name")


class SubmissionForm(forms.Form):
    """The figures (one text field per cell), explanations, and the words of the report."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    shortcomings = forms.CharField(
        label=TextKind.SHORTCOMINGS.label, required=False, max_length=TEXT_MAX_CHARS,
        widget=forms.Textarea(attrs={**TEXTAREA, "rows": 5}),
    )
    proposals = forms.CharField(
        label=TextKind.PROPOSALS.label, required=False, max_length=TEXT_MAX_CHARS,
        widget=forms.Textarea(attrs={**TEXTAREA, "rows": 4}),
    )

    # The unit's own document (reporting.document): its number and date, and who signs it.
    doc_number = forms.IntegerField(
        label=_("Số văn bản"), required=False, min_value=1, max_value=99999,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )
    doc_date = forms.DateField(
        label=_("Ngày văn bản"), required=False, widget=forms.DateInput(attrs={"class": "form-control"}),
    )
    signer_authority = forms.CharField(
        label=_("Thẩm quyền ký"), required=False, max_length=100,
        help_text=_("ví dụ KT. CHỦ TỊCH; để trống khi ký trực tiếp"),
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    signer_title = forms.CharField(
        label=_("Chức vụ người ký"), required=False, max_length=100, help_text=_("ví dụ CHỦ TỊCH"),
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    signer_name = forms.CharField(
        label=_("Người ký"), required=False, max_length=100, widget=forms.TextInput(attrs={"class": "form-control"}),
    )

    def __init__(self, *args, cells, tasks, **kwargs):
        super().__init__(*args, **kwargs)
        self.cells = cells
        self.tasks = tasks
        for cell in cells:
            indicator = cell.indicator
            if indicator.value_type == ValueType.BOOLEAN:
                field = forms.ChoiceField(choices=BOOLEAN_CHOICES, required=False,
                                          widget=forms.Select(attrs={"class": "form-select"}))
            else:
                field = forms.CharField(
                    required=False, max_length=40,
                    widget=forms.TextInput(attrs={
                        "class": "form-control text-end", "inputmode": "decimal", "autocomplete": "off",
                    }),
                )
            field.label = indicator.name
            self.fields[value_field_name(cell.key)] = field
            self.fields[explanation_field_name(cell.key)] = forms.CharField(
                label=_("Giải trình"), required=False, max_length=EXPLANATION_MAX_CHARS,
                widget=forms.Textarea(attrs={**TEXTAREA, "rows": 2}),
            )
        for task in tasks:
            self.fields[task_field_name(task.pk)] = forms.CharField(
                label=f"{task.code}", required=False, max_length=TEXT_MAX_CHARS, widget=forms.Textarea(attrs=TEXTAREA)
            )

    @staticmethod
    def initial_from(submission, cells, tasks, values, texts):
        """Initial data from what is stored: values {key: SubmissionValue}, texts {(kind, task id): text}."""
        initial = {"version": submission.version}
        for cell in cells:
            row = values.get(cell.key)
            if row is not None:
                initial[value_field_name(cell.key)] = initial_text(row.value)
                initial[explanation_field_name(cell.key)] = row.explanation
        for task in tasks:
            initial[task_field_name(task.pk)] = texts.get((TextKind.TASK_RESULT, task.pk), "")
        initial["shortcomings"] = texts.get((TextKind.SHORTCOMINGS, None), "")
        initial["proposals"] = texts.get((TextKind.PROPOSALS, None), "")
        initial.update({name: getattr(submission, name) for name in DOCUMENT_FIELDS})
        return initial

    def document(self):
        """{field: value} of the document's number, date and signer."""
        return {name: self.cleaned_data.get(name) for name in DOCUMENT_FIELDS}

    def raw_values(self):
        return {cell.key: self.cleaned_data.get(value_field_name(cell.key), "") for cell in self.cells}

    def explanations(self):
        """Only the explanations the page showed (a hidden one must not wipe a stored one)."""
        return {
            cell.key: self.cleaned_data.get(explanation_field_name(cell.key), "")
            for cell in self.cells
            if explanation_field_name(cell.key) in self.data
        }

    def texts(self):
        texts = {(TextKind.TASK_RESULT, task.pk): self.cleaned_data.get(task_field_name(task.pk), "")
                 for task in self.tasks}
        texts[(TextKind.SHORTCOMINGS, None)] = self.cleaned_data.get("shortcomings", "")
        texts[(TextKind.PROPOSALS, None)] = self.cleaned_data.get("proposals", "")
        return texts


class ReturnForm(forms.Form):
    """Returning a report: an overall comment and/or comments on single figures."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    comment = forms.CharField(
        label=_("Nhận xét chung"), required=False, widget=forms.Textarea(attrs={**TEXTAREA, "rows": 4})
    )

    def __init__(self, *args, cells, **kwargs):
        super().__init__(*args, **kwargs)
        self.cells = cells
        for cell in cells:
            self.fields[comment_field_name(cell.key)] = forms.CharField(
                label=_("Nhận xét"), required=False, max_length=2000,
                widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
            )

    def value_comments(self):
        return {
            cell.key: self.cleaned_data[comment_field_name(cell.key)]
            for cell in self.cells
            if self.cleaned_data.get(comment_field_name(cell.key), "").strip()
        }


class SubmissionStartForm(forms.Form):
    """Starting a report: the box to copy the words of the unit's last like report."""

    copy_texts = forms.BooleanField(required=False)


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReopenForm(forms.Form):
    """Reopening an approved report so that its unit corrects it: why, and the version seen."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Lý do mở lại"), max_length=2000, widget=forms.Textarea(attrs=TEXTAREA),
        help_text=_("Ghi rõ số liệu nào cần sửa và vì sao; đơn vị đọc được lý do này trên cổng và trong thư báo."),
        error_messages={"required": _("Cần ghi lý do mở lại báo cáo.")},
    )


class IdListField(forms.Field):
    """Several ids sent under one name (ticked boxes, hidden inputs)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        try:
            return [int(item) for item in value or []]
        except (TypeError, ValueError):
            raise ValidationError(
                _("Danh sách báo cáo đã chọn không hợp lệ; hãy chọn lại trên trang tình hình nộp.")
            ) from None


class BulkApprovalForm(forms.Form):
    """The reports ticked on the board (``report``); on confirming, also the version of each as the
    confirmation page showed it (``version-<pk>``)."""

    report = IdListField(error_messages={"required": _("Chưa chọn báo cáo nào để duyệt.")})

    def __init__(self, *args, confirming=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.confirming = confirming

    def clean(self):
        cleaned = super().clean()
        if self.confirming and "report" in cleaned:
            try:
                cleaned["versions"] = {pk: int(self.data[f"version-{pk}"]) for pk in cleaned["report"]}
            except (KeyError, TypeError, ValueError):
                raise ValidationError(_("Thiếu phiên bản báo cáo; hãy tải lại trang rồi duyệt.")) from None
        return cleaned


class PeriodCloseForm(forms.Form):
    reason = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs=TEXTAREA))


class PeriodReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do mở lại"), widget=forms.Textarea(attrs=TEXTAREA),
        error_messages={"required": _("Cần ghi lý do mở lại kỳ báo cáo.")},
    )


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class AdHocPeriodForm(forms.Form):
    """An ad hoc period of one plan. The indicators offered are the chosen plan's (``plan_indicators``):
    the plan posted, else ``plan`` (the page's ?plan=), else the plan that starts last; an
    indicator ticked that is not the plan's stays ticked on the page, with the error
    (``periods.ad_hoc_problems``, as are data days outside the plan's years)."""

    plan = forms.ModelChoiceField(label=_("Kế hoạch"), queryset=Plan.objects.all(), empty_label=None)
    title = forms.CharField(label=_("Tên kỳ báo cáo"), max_length=200)
    cutoff_start = forms.DateField(label=_("Số liệu từ ngày"), widget=DateInput())
    cutoff_end = forms.DateField(label=_("Số liệu đến ngày"), widget=DateInput())
    due_date = forms.DateField(label=_("Hạn nộp"), widget=DateInput())
    indicators = forms.ModelMultipleChoiceField(
        label=_("Chỉ tiêu cần báo cáo"), queryset=Indicator.objects.order_by("order", "code"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kỳ đột xuất cần ít nhất một chỉ tiêu.")},
    )

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.chosen_plan = self._chosen_plan(plan)
        self.initial.setdefault("plan", self.chosen_plan)
        offered = Q(pk__in=plan_indicators(self.chosen_plan.pk).values("pk")) if self.chosen_plan else Q(pk__in=[])
        ticked = [int(pk) for pk in self.data.getlist("indicators") if str(pk).isdigit()] if self.is_bound else []
        self.fields["indicators"].queryset = Indicator.objects.filter(offered | Q(pk__in=ticked)).order_by("order", "code")

    def _chosen_plan(self, plan):
        posted = self.data.get("plan") if self.is_bound else None
        if posted and str(posted).isdigit():
            found = Plan.objects.filter(pk=posted).first()
            if found:
                return found
        return plan or plan_latest()

    def clean(self):
        data = super().clean()
        start, end, due = data.get("cutoff_start"), data.get("cutoff_end"), data.get("due_date")
        if start and end and end < start:
            self.add_error("cutoff_end", _("Ngày chốt số liệu phải sau ngày bắt đầu."))
        if end and due and due < end:
            self.add_error("due_date", _("Hạn nộp không được trước ngày chốt số liệu."))
        if data.get("plan"):
            problems = ad_hoc_problems(
                plan=data["plan"], cutoff_start=start, cutoff_end=end, indicators=data.get("indicators"),
            )
            for name, message in problems.items():
                if name not in self.errors:
                    self.add_error(name, message)
        return data


class AttachmentForm(forms.Form):
    """One file. In the report form (``optional``) it may be left empty and ``remove`` lists the
    report's files ticked to go when the draft is saved."""

    file = forms.FileField(label=_("Tệp đính kèm"))

    def __init__(self, *args, optional=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].required = not optional

    def removed(self):
        """Ids ticked in "remove" (the service keeps only the report's own)."""
        return [int(pk) for pk in self.data.getlist("remove") if pk.isdigit()]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload is None:
            return None
        try:
            check_upload(upload)
        except AttachmentRejected as exc:
            raise ValidationError(str(exc)) from None
        return upload
