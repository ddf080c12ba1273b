"""The audit log's filters."""
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Layout, Row, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_ipv46_address
from django.utils.translation import gettext_lazy as _

from .models import AuditAction


class AuditDateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class AuditFilterForm(forms.Form):
    """The audit log's filters, read from the query string; invalid values are ignored."""

    action = forms.ChoiceField(label=_("Thao tác"), required=False)
    user = forms.CharField(label=_("Tên đăng nhập"), required=False, max_length=150)
    date_from = forms.DateField(label=_("Từ ngày"), required=False, widget=AuditDateInput())
    date_to = forms.DateField(label=_("Đến ngày"), required=False, widget=AuditDateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("Tất cả")), *AuditAction.choices]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_id = "audit-filters"
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Row(
                Column("action", css_class="col-12 col-md-3"),
                Column("user", css_class="col-12 col-md-3"),
                Column("date_from", css_class="col-6 col-md-3"),
                Column("date_to", css_class="col-6 col-md-3"),
                css_class="g-2",
            ),
            Submit("", _("Lọc"), css_class="btn-primary"),
            HTML('<a class="btn btn-link" href="?">{% load i18n %}{% translate "Xóa bộ lọc" %}</a>'),
        )

    def filters(self):
        """The valid filters only (a wrong date is ignored, as on the registry list)."""
        self.is_valid()
        return {name: value for name, value in getattr(self, "cleaned_data", {}).items() if value}


class UnlockForm(forms.Form):
    """The "Mở khóa" button of one row of the locks page: what is locked, and which one."""

    kind = forms.ChoiceField(choices=[("user", _("Tên đăng nhập")), ("address", _("Địa chỉ IP"))])
    value = forms.CharField(max_length=150)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == "address" and cleaned.get("value"):
            try:
                validate_ipv46_address(cleaned["value"])
            except ValidationError:
                self.add_error("value", _("Địa chỉ IP không hợp lệ."))
        return cleaned
