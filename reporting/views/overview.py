"""The department's board: for each period, who has sent, who is late, who has not started,
what waits for review; one click to the review screen."""
from django.shortcuts import render
from django.utils import timezone

from institutions.access import is_department_staff, readers_required

from ..approval import mark_board
from ..progress import default_period, period_summaries
from ..selectors import get_period_or_404
from .common import read_only


@readers_required
@read_only
def overview(request, code=None):
    today = timezone.localdate()
    selected = get_period_or_404(code) if code else None
    summaries = period_summaries(today=today)
    if selected is None:
        selected = default_period(summaries, today)
    current = next((s for s in summaries if selected and s.period.pk == selected.pk), None)
    can_review = is_department_staff(request.user)
    if current and can_review:
        mark_board(current)
    return render(request, "reporting/overview.html", {
        "summaries": summaries,
        "current": current,
        "today": today,
        "can_review": can_review,
    })
