"""Where each reporting unit stands in each period: the department's board, a unit's home page.

Reads only, in a fixed number of queries whatever the number of units, institutions and
submissions (the pages that use them assert it).

Who is expected to report in a period: the units the plan lists (``Plan.reporting_units``;
all active units when the plan lists none). For an ad hoc period only those among them that
owe at least one of its figures. A unit that has already started a report always counts.

Late: a report first sent after the due date, or not sent and the due date is past. A report
sent on time, returned and sent again after the due date is not late (the department asked
for the changes).
"""
import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from institutions.models import Institution, ReportingUnit
from targets.models import AppliesTo, Indicator, Plan

from .models import Period, PeriodKind, PeriodStatus, Submission, SubmissionStatus
from .selectors import _indicator_applies_to_institution, _indicator_applies_to_unit

NOT_STARTED = "not_started"
STATUS_LABELS = {NOT_STARTED: _("chưa bắt đầu"), **dict(SubmissionStatus.choices)}
STATUS_ORDER = [NOT_STARTED, SubmissionStatus.DRAFT, SubmissionStatus.RETURNED,
                SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED]
# Bootstrap badge colours per status.
STATUS_BADGES = {
    NOT_STARTED: "text-bg-secondary",
    SubmissionStatus.DRAFT: "text-bg-light border",
    SubmissionStatus.SUBMITTED: "text-bg-primary",
    SubmissionStatus.RETURNED: "text-bg-warning",
    SubmissionStatus.APPROVED: "text-bg-success",
}


def local_date(moment):
    return timezone.localdate(moment) if moment else None


@dataclass
class UnitProgress:
    """One unit in one period: its submission (if started) and what that means today."""

    period: Period
    unit: ReportingUnit
    submission: Submission | None
    today: datetime.date

    @property
    def status(self):
        return self.submission.status if self.submission else NOT_STARTED

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
        if self.has_been_sent:
            return local_date(self.submission.first_submitted_at) > self.period.due_date
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
        return self.period.is_open and self.status in (NOT_STARTED, SubmissionStatus.DRAFT, SubmissionStatus.RETURNED)


def _candidate_units(periods):
    """{plan id: [units]} — the plan's reporting units, or every active unit when it lists none."""
    plan_ids = {period.plan_id for period in periods}
    units = list(ReportingUnit.objects.filter(is_active=True).order_by("order", "code"))
    listed = defaultdict(set)
    for plan_id, unit_id in Plan.reporting_units.through.objects.filter(plan_id__in=plan_ids).values_list(
        "plan_id", "reportingunit_id"
    ):
        listed[plan_id].add(unit_id)
    return {
        plan_id: [unit for unit in units if unit.pk in listed[plan_id]] if listed[plan_id] else units
        for plan_id in plan_ids
    }


def _owes_a_figure(unit, indicators, institutions):
    for indicator in indicators:
        if indicator.applies_to == AppliesTo.REPORTING_UNIT:
            if _indicator_applies_to_unit(indicator, unit):
                return True
        elif any(_indicator_applies_to_institution(indicator, inst) for inst in institutions):
            return True
    return False


def expected_units_by_period(periods, submissions=()):
    """{period pk: [units]} for ``periods`` (which must have prefetched ad hoc indicators)."""
    candidates = _candidate_units(periods)
    ad_hoc = [period for period in periods if period.kind == PeriodKind.AD_HOC]
    institutions = defaultdict(list)
    if ad_hoc:
        for inst in Institution.objects.filter(is_active=True).only("reporting_unit_id", "kind", "level"):
            institutions[inst.reporting_unit_id].append(inst)
    started = defaultdict(dict)
    for submission in submissions:
        started[submission.period_id][submission.reporting_unit_id] = submission.reporting_unit
    result = {}
    for period in periods:
        units = candidates[period.plan_id]
        if period.kind == PeriodKind.AD_HOC:
            indicators = list(period.indicators.all())
            units = [unit for unit in units if _owes_a_figure(unit, indicators, institutions[unit.pk])]
        known = {unit.pk for unit in units}
        extra = [unit for pk, unit in started[period.pk].items() if pk not in known]
        result[period.pk] = units + sorted(extra, key=lambda unit: (unit.order, unit.code))
    return result


def periods_queryset():
    return Period.objects.select_related("plan").prefetch_related(
        Prefetch("indicators", queryset=Indicator.objects.only("pk", "code", "applies_to", "applies_kind",
                                                                "applies_levels", "applies_unit_kinds"))
    )


def _board(periods, submissions, today):
    by_cell = {(s.period_id, s.reporting_unit_id): s for s in submissions}
    expected = expected_units_by_period(periods, submissions)
    return {
        period.pk: [UnitProgress(period, unit, by_cell.get((period.pk, unit.pk)), today)
                    for unit in expected[period.pk]]
        for period in periods
    }


def period_board(period, *, today=None):
    """Every expected unit of ``period`` with its status, in the units' order."""
    today = today or timezone.localdate()
    period = periods_queryset().get(pk=period.pk)
    submissions = list(Submission.objects.filter(period=period).select_related("reporting_unit"))
    return _board([period], submissions, today)[period.pk]


@dataclass
class PeriodSummary:
    period: Period
    rows: list

    def count(self, status):
        return sum(1 for row in self.rows if row.status == status)

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
        return self.count(SubmissionStatus.RETURNED)

    @property
    def approved(self):
        return self.count(SubmissionStatus.APPROVED)

    @property
    def sent(self):
        return sum(1 for row in self.rows if row.has_been_sent)

    @property
    def late(self):
        return sum(1 for row in self.rows if row.is_late and not row.has_been_sent)


def period_summaries(periods=None, *, today=None):
    """A PeriodSummary (with its rows) for each period: open ones first, by due date."""
    today = today or timezone.localdate()
    if periods is None:
        periods = periods_queryset()
    periods = sorted(periods, key=lambda p: (p.status != PeriodStatus.OPEN, p.due_date, p.code))
    submissions = list(Submission.objects.filter(period__in=[p.pk for p in periods]).select_related("reporting_unit"))
    board = _board(periods, submissions, today)
    return [PeriodSummary(period, board[period.pk]) for period in periods]


def default_period(summaries, today):
    """The period the board opens on: the next open deadline, else the latest open one, else the latest."""
    open_ones = [s.period for s in summaries if s.period.is_open]
    upcoming = [p for p in open_ones if p.due_date >= today]
    if upcoming:
        return min(upcoming, key=lambda p: p.due_date)
    if open_ones:
        return max(open_ones, key=lambda p: p.due_date)
    return max((s.period for s in summaries), key=lambda p: p.due_date, default=None)


def unit_progress(unit, *, today=None):
    """A unit's periods: (to do — open periods not yet approved, by due date;
    earlier — approved reports and closed periods, newest first)."""
    today = today or timezone.localdate()
    periods = list(periods_queryset())
    submissions = list(Submission.objects.filter(reporting_unit=unit).select_related("reporting_unit"))
    board = _board(periods, submissions, today)
    rows = [row for period in periods for row in board[period.pk] if row.unit.pk == unit.pk]
    current = sorted(
        (row for row in rows if row.period.is_open and not row.is_done), key=lambda row: row.period.due_date
    )
    earlier = sorted(
        (row for row in rows if row.is_done or not row.period.is_open),
        key=lambda row: row.period.due_date, reverse=True,
    )
    return current, earlier
