"""Department staff reopen an approved report when a figure is found wrong after approval."""
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from institutions.access import any_role_required

from ..forms import ReopenForm
from ..models import SubmissionStatus
from ..services import SubmissionError, submission_reopen as reopen
from .common import submission_for_staff
from .submissions import render_detail


@any_role_required
@require_POST
def submission_reopen(request, pk):
    submission = submission_for_staff(request, pk)
    form = ReopenForm(request.POST)
    if not form.is_valid() and submission.status == SubmissionStatus.APPROVED:
        return render_detail(request, submission, reopen_form=form, status=400)  # the reason is asked for
    try:  # refused when the report is not approved (or no longer), whatever was typed
        reopen(submission=submission, user=request.user, reason=form.cleaned_data.get("reason", ""),
               expected_version=form.cleaned_data.get("version"))
    except SubmissionError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("reporting:submission_detail", pk=submission.pk)
    messages.success(request, _("Đã mở lại báo cáo của %(unit)s để đơn vị sửa và gửi lại.")
                     % {"unit": submission.reporting_unit})
    return redirect("reporting:submission_detail", pk=submission.pk)
