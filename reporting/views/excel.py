"""Excel round trip on the web: download a unit's template, upload it filled in."""
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from institutions.access import any_role_required, get_reporting_unit_for_user, read_only, role_required, unit_of
from institutions.models import Role
from laichau_plan.workbooks import MAX_BYTES

from ..excel.importer import import_report
from ..excel.layout import EXPLANATION_SHEET
from ..excel.template import template_bytes, template_filename
from ..models import Submission
from ..selectors import get_period_or_404
from ..services import write_refusal

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Tệp Excel (.xlsx) đã ghi số liệu"))
    submit = forms.BooleanField(
        required=False, label=gettext_lazy("Gửi báo cáo ngay sau khi nhập (khi đủ số liệu)")
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise ValidationError(_("Tệp lớn hơn %(mb)d MB.") % {"mb": MAX_BYTES // (1024 * 1024)})
        return upload


def _unit(request):
    """A unit member's own unit (another unit's code: 404); staff and leaders name one with ?unit=."""
    code = request.GET.get("unit", "").strip()
    own = unit_of(request.user)
    if own is not None:
        if code and code != own.code:
            raise Http404
        return own
    return get_reporting_unit_for_user(request.user, code) if code else None


@any_role_required
@read_only
def template_download(request, code):
    """The template with the figures entered so far; leaders and staff get a read-only copy of any unit's."""
    period = get_period_or_404(code)
    unit = _unit(request)
    if unit is None:
        return HttpResponseBadRequest(_("Cần chọn đơn vị báo cáo (?unit=MÃ)."))
    response = HttpResponse(template_bytes(period=period, unit=unit, user=request.user), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{template_filename(period, unit)}"'
    return response


@role_required(Role.UNIT)
def upload(request, code):
    """Only the unit's own members import its report (department staff review, they don't fill)."""
    period = get_period_or_404(code)
    unit = _unit(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        result = import_report(
            data=upload_file.read(), filename=upload_file.name, user=request.user,
            period=period, unit=unit, submit=form.cleaned_data["submit"],
        )
        if result.ok:
            _say_imported(request, upload_file.name, result)
            return redirect(reverse("reporting:excel_upload", args=[period.slug]))
        problems = result.messages
    submission = Submission.objects.filter(period=period, reporting_unit=unit).first()
    context = {
        "period": period,
        "unit": unit,
        "submission": submission,
        "form": form,
        "problems": problems,
        "can_import": write_refusal(period, unit, submission, importing=True) is None,
    }
    return render(request, "reporting/excel/upload.html", context)


def _say_imported(request, name, result):
    text = _("Đã nhập tệp %(name)s: %(filled)d ô có số liệu, %(texts)d ô nội dung, %(changed)d thay đổi được lưu.") % {
        "name": name, "filled": result.filled, "texts": result.texts, "changed": result.changed,
    }
    if result.submitted:
        text += " " + _("Báo cáo đã được gửi.")
    messages.success(request, text)
    for warning in result.warnings:
        messages.warning(request, _("%(where)s — cần giải trình trước khi gửi (trên cổng hoặc ở trang '%(sheet)s' "
                                    "của tệp).") % {"where": warning, "sheet": EXPLANATION_SHEET})
