"""Department staff review a submitted report: return it with comments, or approve it."""
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from institutions.access import any_role_required

from ..forms import ReturnForm, VersionForm
from ..models import SubmissionStatus
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
    return redirect("reporting:overview_period", code=submission.period.code)


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
    return redirect("reporting:overview_period", code=submission.period.code)
