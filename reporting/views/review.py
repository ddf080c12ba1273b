"""Department staff review a submitted report: return it with comments, or approve it; or approve
several clean reports of a period at once, from the board, after a confirmation page."""
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from institutions.access import any_role_required, staff_required

from ..approval import approval_selection, submissions_approve
from ..forms import BulkApprovalForm, ReturnForm, VersionForm
from ..models import SubmissionStatus
from ..selectors import get_period_or_404
from ..services import SubmissionError, submission_approve, submission_return
from .common import read_only, report_context, submission_for_staff
from .grid import ReportData


def _render(request, submission, data, form, status=200):
    data.attach_review_form(form)
    context = report_context(
        submission, data, form=form, can_decide=submission.status == SubmissionStatus.SUBMITTED
    )
    return render(request, "reporting/review.html", context, status=status)


@any_role_required
@read_only
def review(request, pk):
    submission = submission_for_staff(request, pk)
    data = ReportData(submission)
    form = ReturnForm(initial={"version": submission.version}, cells=data.cells)
    return _render(request, submission, data, form)


@any_role_required
@require_POST
def review_return(request, pk):
    submission = submission_for_staff(request, pk)
    data = ReportData(submission)
    form = ReturnForm(request.POST, cells=data.cells)
    if not form.is_valid():
        return _render(request, submission, data, form, status=400)
    try:
        submission_return(
            submission=submission, user=request.user, comment=form.cleaned_data["comment"],
            value_comments=form.value_comments(), expected_version=form.cleaned_data["version"],
        )
    except SubmissionError as exc:
        for message in exc.messages:
            messages.error(request, message)
        submission.refresh_from_db()
        if submission.status == SubmissionStatus.SUBMITTED:
            # Nothing was lost: the comments typed are shown again.
            return _render(request, submission, ReportData(submission), form, status=400)
        return redirect("reporting:review", pk=submission.pk)
    messages.success(request, _("Đã trả lại báo cáo cho %(unit)s để chỉnh sửa.") % {"unit": submission.reporting_unit})
    return redirect("reporting:overview_period", code=submission.period.slug)


@any_role_required
@require_POST
def review_approve(request, pk):
    submission = submission_for_staff(request, pk)
    form = VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Thiếu phiên bản báo cáo; hãy tải lại trang rồi duyệt."))
        return redirect("reporting:review", pk=submission.pk)
    try:
        submission_approve(submission=submission, user=request.user, expected_version=form.cleaned_data["version"])
    except SubmissionError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("reporting:review", pk=submission.pk)
    messages.success(request, _("Đã duyệt báo cáo của %(unit)s.") % {"unit": submission.reporting_unit})
    return redirect("reporting:overview_period", code=submission.period.slug)


def _back_to_board(request, period, errors):
    for message in errors:
        messages.error(request, message)
    return redirect("reporting:overview_period", code=period.slug)


@staff_required
@require_http_methods(["GET", "POST"])
def bulk_approve(request, code):
    """GET: the reports ticked on the board, each named, approving nothing; POST: approve them."""
    period = get_period_or_404(code)
    confirming = request.method == "POST"
    form = BulkApprovalForm(request.POST if confirming else request.GET, confirming=confirming)
    if not form.is_valid():
        return _back_to_board(request, period, [error for errors in form.errors.values() for error in errors])
    try:
        if not confirming:
            selection = approval_selection(period=period, ids=form.cleaned_data["report"])
            return render(request, "reporting/bulk_approve.html", {"period": period, "selection": selection})
        approved = submissions_approve(period=period, user=request.user, versions=form.cleaned_data["versions"])
    except SubmissionError as exc:
        return _back_to_board(request, period, exc.messages)
    messages.success(request, ngettext(
        "Đã duyệt %(n)d báo cáo: %(units)s.", "Đã duyệt %(n)d báo cáo: %(units)s.", len(approved),
    ) % {"n": len(approved), "units": "; ".join(submission.reporting_unit.name for submission in approved)})
    return redirect("reporting:overview_period", code=period.slug)
