"""A reporting unit's home: its open periods, deadlines, the state of each report, earlier reports."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from institutions.access import any_role_required, can_read_everything, unit_of

from .. import services
from ..expected import is_expected
from ..forms import SubmissionStartForm
from ..models import BACK_WITH_UNIT
from ..progress import periods_queryset, unit_progress
from ..selectors import get_period_or_404, review_comments
from .common import read_only


@any_role_required
@read_only
def unit_home(request):
    unit = unit_of(request.user)
    if unit is None:
        if can_read_everything(request.user):
            return redirect("reporting:overview")
        raise PermissionDenied
    today = timezone.localdate()
    due, overdue, earlier = unit_progress(unit, today=today)
    # What needs the unit first: a report returned or reopened (with the department's words), then by due date.
    comments = review_comments([row.submission for row in due + overdue if row.status in BACK_WITH_UNIT])
    for row in due + overdue:
        row.return_comment = comments.get(row.submission.pk) if row.submission else None
    for rows in (due, overdue):
        rows.sort(key=lambda row: row.status not in BACK_WITH_UNIT)
    return render(request, "reporting/unit_home.html", {
        "unit": unit, "due": due, "overdue": overdue, "earlier": earlier, "today": today,
    })


@any_role_required
@require_POST
def submission_start(request, code):
    """Open (or create) the unit's report for a period, then go to the form; the unit may ask to
    start from the words of its own last like report."""
    period = get_period_or_404(code)
    unit = unit_of(request.user)
    if unit is None:
        raise PermissionDenied
    period = periods_queryset().get(pk=period.pk)
    if not is_expected(period, unit):
        raise Http404
    form = SubmissionStartForm(request.POST)
    copy_texts = form.is_valid() and form.cleaned_data["copy_texts"]
    try:
        submission = services.submission_start(period=period, unit=unit, user=request.user, copy_texts=copy_texts)
    except services.SubmissionError as refusal:
        messages.error(request, " ".join(refusal.messages))
        return redirect("reporting:unit_home")
    return redirect("reporting:submission_edit", pk=submission.pk)
