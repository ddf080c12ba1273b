"""The department's report as a document: start a draft, write its words, issue it, download it."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from institutions.access import is_department_staff, read_only, readers_required, staff_required
from reporting.selectors import get_period_or_404

from .. import selectors, services
from ..documents import issued_json
from ..issuing import issue_problems
from ..pdf import render_pdf
from ..serialize import dumps
from ..signing import signature_info
from ..xlsx import render_xlsx
from ..forms import IssueForm, ReportTextForm
from .files import check_format, file_response
from .periods import report_page_context


@staff_required
@require_POST
def draft_create(request, code):
    period = get_period_or_404(code)
    report = services.report_create_draft(period=period, user=request.user)
    return redirect("reports:edit", pk=report.pk)


@readers_required
@read_only
def report_detail(request, pk):
    report = selectors.get_report(pk, with_pdf=True)
    data = services.report_data_for(report)
    signature = signature_info(report.pdf) if report.is_issued else None
    return render(
        request,
        "reports/detail.html",
        {
            **report_page_context(data), "report": report, "can_edit": is_department_staff(request.user),
            "signature": signature,
        },
    )


@staff_required
def report_edit(request, pk):
    report = selectors.get_report(pk)
    if report.is_issued:
        messages.info(request, _("Báo cáo đã ban hành; không thể sửa."))
        return redirect("reports:detail", pk=report.pk)
    form = ReportTextForm(request.POST or None, instance=report)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_update(report=report, fields=form.cleaned_data, user=request.user)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Đã lưu dự thảo báo cáo."))
            return redirect("reports:edit", pk=report.pk)
    return render(
        request, "reports/edit.html", {"report": report, "form": form, "issue_form": IssueForm()}
    )


@staff_required
def report_issue(request, pk):
    """The confirmation page (what blocks, what is missing), then, confirmed, the issuing."""
    report = selectors.get_report(pk)
    if report.is_issued:
        messages.info(request, _("Báo cáo đã ban hành; không thể sửa."))
        return redirect("reports:detail", pk=report.pk)
    form = IssueForm(request.POST if request.method == "POST" else request.GET)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("reports:edit", pk=report.pk)
    number, issued_on = form.cleaned_data["number"], form.cleaned_data["issued_on"]
    check = issue_problems(report, issued_on, number)
    if request.method == "POST" and form.cleaned_data["confirmed"] and check.can_issue:
        try:
            issued = services.report_issue(report=report, user=request.user, number=number, issued_on=issued_on)
        except ValidationError as error:
            check.errors = error.messages
        else:
            messages.success(request, _("Đã ban hành báo cáo số %(number)s.") % {"number": issued.number_display})
            return redirect("reports:detail", pk=issued.pk)
    return render(request, "reports/issue_confirm.html", {"report": report, "check": check, "form": form})


@staff_required
@require_POST
def report_correct(request, pk):
    """Start the correction of an issued report: a draft that will replace it."""
    report = selectors.get_report(pk)
    try:
        draft = services.report_start_correction(report=report, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("reports:detail", pk=report.pk)
    return redirect("reports:edit", pk=draft.pk)


@readers_required
@read_only
def report_download(request, pk, fmt):
    """An issued report's frozen file, byte for byte; a draft's, rendered now."""
    check_format(fmt)
    report = selectors.get_report(pk, with_blobs=True)
    if report.is_issued:
        name = f"{report.number:02d}-{report.symbol}-{report.issued_year}.{fmt}"
        content = report.pdf if fmt == "pdf" else report.xlsx if fmt == "xlsx" else issued_json(report)
        return file_response(content, name, fmt)
    data = services.report_data_for(report)
    name = f"du-thao-bao-cao-{report.period.slug}.{fmt}"
    if fmt == "json":
        return file_response(dumps(data), name, fmt)
    content = render_pdf(report, data) if fmt == "pdf" else render_xlsx(report, data)
    return file_response(content, name, fmt)


@readers_required
@read_only
def issued_list(request):
    return render(request, "reports/issued_list.html", {"reports": selectors.issued_reports()})
