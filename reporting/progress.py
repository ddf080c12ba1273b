"""Where each reporting unit stands in each period: the department's board, a unit's home page.

Reads only, in a fixed number of queries whatever the number of units, institutions and
submissions (the pages that use them assert it).

Who is expected to report in a period: ``expected.expected_units``.

Late: a report first sent after the due date, or not sent and the due date is past. A report
sent on time, returned and sent again after the due date is not late (the department asked
for the changes).
"""
import datetime
from collections import Counter
from dataclasses import dataclass
from functools import cached_property, lru_cache

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from institutions.models import ReportingUnit

from .expected import expected_units, units_by_pk
from .models import BACK_WITH_UNIT, Period, PeriodStatus, Submission, SubmissionStatus
from .periods import CLOSED, OPEN, OVERDUE, period_state
from .selectors import texts_copy_source, with_texts_flag

NOT_STARTED = "not_started"
STATUS_LABELS = {NOT_STARTED: _("chưa bắt đầu"), **dict(SubmissionStatus.choices)}
STATUS_ORDER = [NOT_STARTED, SubmissionStatus.DRAFT, SubmissionStatus.RETURNED, SubmissionStatus.REOPENED,
                SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED]
# Bootstrap badge colours per status.
STATUS_BADGES = {
    NOT_STARTED: "text-bg-secondary",
    SubmissionStatus.DRAFT: "text-bg-light border",
    SubmissionStatus.SUBMITTED: "text-bg-primary",
    SubmissionStatus.RETURNED: "text-bg-warning",
    SubmissionStatus.REOPENED: "text-bg-warning",
    SubmissionStatus.APPROVED: "text-bg-success",
}


# What the board and the reminders read of a submission (see UnitProgress and overview.html).
BOARD_FIELDS = ("pk", "period_id", "reporting_unit_id", "status", "first_submitted_at", "submitted_at")


@dataclass(slots=True)
class BoardSubmission:
    """A submission as the board reads it: the board reads every report of every period, and a
    model instance each cost more than the rest of the page."""

    pk: int
    period_id: int
    reporting_unit_id: int
    status: str
    first_submitted_at: datetime.datetime | None
    submitted_at: datetime.datetime | None
    reporting_unit: ReportingUnit | None = None


@lru_cache(maxsize=512)
def _late_from(due_date, zone):
    """The first moment that is after ``due_date`` in ``zone``: a report first sent then is late."""
    return datetime.datetime.combine(due_date + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone)


@dataclass
class UnitProgress:
    """One unit in one period: its submission (if started) and what that means today."""

    period: Period
    unit: ReportingUnit
    submission: "Submission | BoardSubmission | None"
    today: datetime.date
    copy_from: "Submission | None" = None  # not started yet: the earlier report its words may be copied from
    approval: object = None  # approval.Readiness of a waiting report, on the staff's board

    @property
    def status(self):
        return self.submission.status if self.submission else NOT_STARTED

    @cached_property
    def state(self):
        """What the period is today (``periods.period_state``)."""
        return period_state(self.period, self.today)

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]

    @property
    def badge(self):
        return STATUS_BADGES[self.status]

    @property
    def has_been_sent(self):
        return bool(self.submission and self.submission.first_submitted_at)

    @property
    def is_late(self):
        if self.has_been_sent:  # sent on a local day after the due date
            return self.submission.first_submitted_at >= _late_from(self.period.due_date,
                                                                    timezone.get_current_timezone())
        return self.today > self.period.due_date

    @property
    def days_left(self):
        """Days until the due date (0 on the day, negative once past)."""
        return (self.period.due_date - self.today).days

    @property
    def days_late(self):
        return -self.days_left

    @property
    def waiting_review(self):
        return self.status == SubmissionStatus.SUBMITTED

    @property
    def is_done(self):
        return self.status == SubmissionStatus.APPROVED

    @property
    def editable(self):
        return self.state.accepts_reports and self.status in (NOT_STARTED, SubmissionStatus.DRAFT, *BACK_WITH_UNIT)


def periods_queryset():
    return Period.objects.select_related("plan")


def _board(periods, submissions, today):
    units = units_by_pk()
    for submission in submissions:  # the unit objects loaded once, not once per submission
        submission.reporting_unit = units[submission.reporting_unit_id]
    by_cell = {(s.period_id, s.reporting_unit_id): s for s in submissions}
    expected = expected_units(periods, started=[(s.period_id, s.reporting_unit_id) for s in submissions], units=units)
    return {
        period.pk: [UnitProgress(period, unit, by_cell.get((period.pk, unit.pk)), today)
                    for unit in expected[period.pk]]
        for period in periods
    }


def period_board(period, *, today=None):
    """Every expected unit of ``period`` with its status, in the units' order."""
    today = today or timezone.localdate()
    period = periods_queryset().get(pk=period.pk)
    submissions = list(Submission.objects.filter(period=period))
    return _board([period], submissions, today)[period.pk]


@dataclass
class PeriodSummary:
    period: Period
    rows: list
    state: object = None  # periods.PeriodState on the day of the summary

    @cached_property
    def _counts(self):
        """Statuses, sent and late-unsent reports, counted in one pass over the rows."""
        counts = Counter(row.status for row in self.rows)
        counts["sent"] = sum(1 for row in self.rows if row.has_been_sent)
        counts["late"] = sum(1 for row in self.rows if row.is_late and not row.has_been_sent)
        return counts

    def count(self, status):
        return self._counts[status]

    @property
    def expected(self):
        return len(self.rows)

    @property
    def not_started(self):
        return self.count(NOT_STARTED)

    @property
    def drafts(self):
        return self.count(SubmissionStatus.DRAFT)

    @property
    def waiting_review(self):
        return self.count(SubmissionStatus.SUBMITTED)

    @property
    def returned(self):
        """Back with their units: returned, or reopened after approval."""
        return sum(self.count(status) for status in BACK_WITH_UNIT)

    @property
    def approved(self):
        return self.count(SubmissionStatus.APPROVED)

    @property
    def sent(self):
        return self._counts["sent"]

    @property
    def late(self):
        return self._counts["late"]


def period_summaries(periods=None, *, today=None):
    """A PeriodSummary (with its rows) for each period: open ones first, by due date."""
    today = today or timezone.localdate()
    if periods is None:
        periods = periods_queryset()
    periods = sorted(periods, key=lambda p: (p.status != PeriodStatus.OPEN, p.due_date, p.code))
    submissions = [BoardSubmission(*row) for row in
                   Submission.objects.filter(period__in=[p.pk for p in periods]).values_list(*BOARD_FIELDS)]
    board = _board(periods, submissions, today)
    return [PeriodSummary(period, board[period.pk], period_state(period, today)) for period in periods]


def default_period(summaries, today):
    """The period the board opens on: of the open periods whose days have begun (units can report
    for them), the next deadline, else the latest (overdue, still taking reports); else the next
    open one; else the latest."""
    open_ones = [s.period for s in summaries if s.period.is_open and s.period.has_begun(today)] or [
        s.period for s in summaries if s.period.is_open]
    upcoming = [p for p in open_ones if p.due_date >= today]
    if upcoming:
        return min(upcoming, key=lambda p: p.due_date)
    if open_ones:
        return max(open_ones, key=lambda p: p.due_date)
    return max((s.period for s in summaries), key=lambda p: p.due_date, default=None)


def unit_progress(unit, *, today=None):
    """A unit's periods: (due — open periods, not yet approved, by due date; overdue — periods past
    their due date that still take late reports, not yet approved, by due date; earlier — approved
    reports and closed periods, newest first), as ``periods.period_state`` says. A period whose days
    have not begun is in none: nobody reports for it yet."""
    today = today or timezone.localdate()
    periods = list(periods_queryset())
    submissions = list(with_texts_flag(Submission.objects.filter(reporting_unit=unit)))
    board = _board(periods, submissions, today)
    rows = [row for period in periods for row in board[period.pk] if row.unit.pk == unit.pk]
    by_pk = {period.pk: period for period in periods}
    for row in rows:
        if row.submission is None:
            row.copy_from = texts_copy_source(row.period, unit, submissions, by_pk)
            if row.copy_from is not None:
                row.copy_from.period = by_pk[row.copy_from.period_id]
    to_do = sorted((row for row in rows if not row.is_done), key=lambda row: row.period.due_date)
    due = [row for row in to_do if row.state is OPEN]
    overdue = [row for row in to_do if row.state is OVERDUE]
    earlier = sorted(
        (row for row in rows if row.is_done or row.state is CLOSED),
        key=lambda row: row.period.due_date, reverse=True,
    )
    return due, overdue, earlier


DUE_SOON_DAYS = 14


@dataclass
class Waiting:
    """What waits for the department in one open period (the staff home page)."""

    period: Period
    to_review: int
    late: int
    due_in: int | None  # days until the due date when it is within DUE_SOON_DAYS, else None
    sent: int
    expected: int


def waiting_for_department(*, today=None):
    """The open periods where something waits (reports to review, units late, a deadline near),
    most pressing first; in the board's fixed number of queries."""
    today = today or timezone.localdate()
    result = []
    for summary in period_summaries(periods_queryset().filter(status=PeriodStatus.OPEN), today=today):
        days = (summary.period.due_date - today).days
        due_in = days if 0 <= days <= DUE_SOON_DAYS else None
        if summary.waiting_review or summary.late or due_in is not None:
            result.append(Waiting(summary.period, summary.waiting_review, summary.late, due_in,
                                  summary.sent, summary.expected))
    # Reports to review first, then deadlines near (the nearest first), then the latest periods.
    return sorted(result, key=lambda item: (
        not item.to_review, item.due_in is None, item.due_in or 0, -item.period.due_date.toordinal()
    ))
