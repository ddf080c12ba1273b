from django import forms
from django.utils.translation import gettext_lazy as _


class ApiClientForm(forms.Form):
    name = forms.CharField(
        label=_("Tên hệ thống"), max_length=100,
        help_text=_("Ví dụ: Hệ thống báo cáo của Bộ Văn hóa, Thể thao và Du lịch."),
    )
