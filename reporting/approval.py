"""Approving several sent reports at once from the board, when nothing in them needs reading first.

A report may be approved with others ("clean") when it is sent and nothing would have stopped it
from being sent now: every figure is there and every warning has the unit's explanation
(``figures.figure_problems``, the check of sending, run again on today's comparisons). A report
with an unexplained warning is opened and reviewed one by one.

Each report is approved by ``services.submission_approve``, the one approval (history, audit,
the unit's mail once committed); here only which reports may go together, all or none.
"""
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from institutions.models import Institution
from institutions.places import place_day, placed_on
from institutions.selectors import active_in

from .checks import comparison_values_for_units, value_warning
from .figures import figure_problems
from .models import Submission
from .selectors import expected_cells, indicators_for_period, values_by_submission
from .services import SubmissionError, require_submitted, submission_approve


@dataclass
class Readiness:
    """Whether one report may be approved with others, and why not."""

    submission: object  # Submission, or progress.BoardSubmission on the board
    problems: list = field(default_factory=list)  # why not: not sent, missing figures, unexplained warnings
    explained: int = 0  # warnings the unit explained (approving together accepts the explanations)
    unexplained: int = 0  # warnings without an explanation

    @property
    def clean(self):
        return not self.problems

    @property
    def reason(self):
        """Why it cannot go with others, for the board."""
        if self.unexplained:
            return ngettext(
                "%(n)d cảnh báo chưa có giải trình; cần mở báo cáo xem xét riêng.",
                "%(n)d cảnh báo chưa có giải trình; cần mở báo cáo xem xét riêng.", self.unexplained,
            ) % {"n": self.unexplained}
        return "; ".join(self.problems)


def approval_readiness(period, submissions):
    """{submission pk: Readiness} for ``submissions`` of ``period`` (each with its reporting_unit), in
    the same few queries whatever their number: what the unit owes, the stored figures, what they
    are compared with."""
    submissions = list(submissions)
    if not submissions:
        return {}
    units = {submission.reporting_unit_id: submission.reporting_unit for submission in submissions}
    indicators = indicators_for_period(period)
    institutions = defaultdict(list)
    placed = Institution.objects.filter(active_in(period)).annotate(**placed_on(place_day(period)))
    for institution in placed.filter(then_reporting_unit__in=list(units)).order_by("code"):
        institutions[institution.then_reporting_unit].append(institution)
    values = values_by_submission([submission.pk for submission in submissions])
    comparisons = comparison_values_for_units(period, units.values())
    result = {}
    for submission in submissions:
        unit_id = submission.reporting_unit_id
        try:
            require_submitted(submission)
        except SubmissionError as exc:
            result[submission.pk] = Readiness(submission, exc.messages)
            continue
        cells = expected_cells(period, units[unit_id], indicators, institutions[unit_id])
        existing = values[submission.pk]
        comparing = comparisons[unit_id]
        warned = [cell for cell in cells
                  if cell.key in existing and value_warning(cell, existing[cell.key].value, comparing)]
        explained = sum(1 for cell in warned if existing[cell.key].explanation.strip())
        result[submission.pk] = Readiness(
            submission, figure_problems(cells, existing, comparing), explained, len(warned) - explained
        )
    return result


def mark_board(summary):
    """Put each waiting report's Readiness on its board row (``row.approval``), for staff."""
    rows = [row for row in summary.rows if row.waiting_review]
    readiness = approval_readiness(summary.period, [row.submission for row in rows])
    for row in rows:
        row.approval = readiness[row.submission.pk]


def approval_selection(*, period, ids, queryset=None):
    """The Readiness of each report ``ids`` names, in the units' order, when every one is a clean
    report of ``period``; else SubmissionError saying, for each that is not, why."""
    queryset = Submission.objects.select_related("period", "reporting_unit") if queryset is None else queryset
    ids = list(dict.fromkeys(ids))
    if not ids:
        raise SubmissionError(_("Chưa chọn báo cáo nào để duyệt."))
    found = list(queryset.filter(pk__in=ids, period=period).order_by("pk"))
    refusals = []
    found_ids = {submission.pk for submission in found}
    missing = [str(pk) for pk in ids if pk not in found_ids]
    if missing:
        refusals.append(ngettext(
            "Không có báo cáo số %(ids)s trong kỳ %(period)s.",
            "Không có các báo cáo số %(ids)s trong kỳ %(period)s.", len(missing),
        ) % {"ids": ", ".join(missing), "period": period.code})
    readiness = approval_readiness(period, found)
    for submission in found:
        for problem in readiness[submission.pk].problems:
            refusals.append(f"{submission.reporting_unit.name}: {problem}")
    if refusals:
        refusals.append(_("Chưa duyệt báo cáo nào. Báo cáo có cảnh báo chưa giải trình cần mở ra xem xét riêng."))
        raise SubmissionError(refusals)
    return sorted(readiness.values(), key=lambda item: (item.submission.reporting_unit.order,
                                                        item.submission.reporting_unit.code))


@transaction.atomic
def submissions_approve(*, period, user, versions):
    """Approve together the reports {pk: version seen on the confirmation page}, all or none.

    The reports are locked and checked again (``approval_selection``); a report changed since the
    page was loaded is refused as a single approval refuses it, and then none is approved.
    Returns the approved submissions, in the units' order.
    """
    locked = Submission.objects.select_for_update().select_related("period", "reporting_unit")
    selection = approval_selection(period=period, ids=list(versions), queryset=locked)
    return [
        submission_approve(submission=item.submission, user=user, expected_version=versions[item.submission.pk])
        for item in selection
    ]
