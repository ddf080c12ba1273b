from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import ConsolidatedReport


class ReportTextForm(forms.ModelForm):
    class Meta:
        model = ConsolidatedReport
        fields = [
            "summary", "include_submitted", "results", "with_unit_texts", "shortcomings", "tasks_ahead", "proposals",
            "signer_authority", "signer_title", "signer_name", "recipients", "symbol",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2}),
            "results": forms.Textarea(attrs={"rows": 12}),
            "shortcomings": forms.Textarea(attrs={"rows": 6}),
            "tasks_ahead": forms.Textarea(attrs={"rows": 6}),
            "proposals": forms.Textarea(attrs={"rows": 6}),
            "recipients": forms.Textarea(attrs={"rows": 5}),
        }


class IssueForm(forms.Form):
    number = forms.IntegerField(
        label=_("Số văn bản"), min_value=1, required=False,
        help_text=_("Để trống: lấy số tiếp theo trong năm."),
    )
    issued_on = forms.DateField(label=_("Ngày ban hành"), initial=timezone.localdate)
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)
