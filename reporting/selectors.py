"""Reads: which figures a unit owes for a period, and which submissions a user may see."""
from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from institutions.access import limit_to_own_unit
from institutions.models import Institution
from institutions.places import place_day, placed_with
from institutions.selectors import active_in
from targets.models import Frequency, Indicator, Plan, Task
from targets.selectors import plan_indicators, plan_latest

from .models import (
    Period,
    PeriodKind,
    ReviewComment,
    Submission,
    SubmissionStatus,
    SubmissionText,
    SubmissionValue,
    TextKind,
)


@dataclass(frozen=True)
class Cell:
    """One figure a unit owes: an indicator for an institution, or for the unit itself."""

    indicator: Indicator
    institution: Institution | None

    @property
    def key(self):
        return cell_key(self.indicator.code, self.institution.code if self.institution else "")


def cell_key(indicator_code, institution_code=""):
    return f"{indicator_code}|{institution_code or ''}"


def period_by_slug(slug):
    """The period whose key (``Period.slug``: in URLs, workbooks and commands) is ``slug``, with its
    plan; None when there is none. Plan 1133's periods are keyed by their codes (2019-H1)."""
    return Period.objects.select_related("plan").filter(slug=slug).first()


def get_period_or_404(slug):
    """``period_by_slug``, 404 when there is none. Periods are not secret: every portal role may see them."""
    period = period_by_slug(slug)
    if period is None:
        raise Http404
    return period


def indicators_for_period(period):
    """Six-month periods ask for six-monthly indicators, annual ones for all, ad hoc ones their own."""
    if period.kind == PeriodKind.AD_HOC:
        return list(period.indicators.order_by("order", "code"))
    queryset = plan_indicators(period.plan_id)
    if period.kind == PeriodKind.HALF_YEAR:
        queryset = queryset.filter(frequency=Frequency.HALF_YEARLY)
    return list(queryset)


def expected_cells(period, unit, indicators=None, institutions=None):
    """Every figure ``unit`` owes for ``period``, institutions in code order, then the unit's own.
    Its institutions are those active in the period's window (``active_in``), not today's, that it
    reported where they stood on the period's day (``institutions.places``)."""
    if indicators is None:
        indicators = indicators_for_period(period)
    if institutions is None:
        institutions = list(
            placed_with(unit, place_day(period), Institution.objects.filter(active_in(period))).order_by("code")
        )
    cells = []
    for institution in institutions:
        for indicator in indicators:
            if indicator.applies_to_institution(institution.kind, institution.level):
                cells.append(Cell(indicator, institution))
    for indicator in indicators:
        if indicator.applies_to_unit(unit.kind):
            cells.append(Cell(indicator, None))
    return cells


def submissions_visible_to(user):
    return limit_to_own_unit(user, Submission.objects.select_related("period", "reporting_unit", "texts_copied_from"))


def get_submission_for_user(user, pk):
    """The submission if the user may see it; 404 for another unit's."""
    submission = submissions_visible_to(user).filter(pk=pk).first()
    if submission is None:
        raise Http404
    return submission


def values_by_key(submission):
    """{cell key: SubmissionValue} for a submission, in one query."""
    values = submission.values.select_related("indicator", "institution")
    return {_value_key(v): v for v in values}


def values_by_submission(submission_ids):
    """{submission pk: {cell key: SubmissionValue}} for several submissions, in one query."""
    found = {pk: {} for pk in submission_ids}
    for value in SubmissionValue.objects.filter(submission__in=list(found)).select_related("indicator", "institution"):
        found[value.submission_id][_value_key(value)] = value
    return found


def _value_key(value):
    return cell_key(value.indicator.code, value.institution.code if value.institution else "")


def submission_texts(submission):
    """{(kind, task id or None): text} of a report's words, in one query."""
    if submission is None:
        return {}
    return {(text.kind, text.task_id): text.text for text in submission.texts.all()}


def report_tasks(period, unit):
    """[(Task, role label)] a unit reports on for ``period``: the tasks of the period's plan it is
    responsible for, and any task its report already has words on, in the plan's order (one query,
    two when there are tasks). The web form, the printed report and the Excel template list these."""
    written = SubmissionText.objects.filter(
        submission__period=period, submission__reporting_unit=unit, kind=TextKind.TASK_RESULT, task__isnull=False
    ).values("task_id")
    tasks = (
        Task.objects.filter(plan_id=period.plan_id)
        .filter(Q(responsibilities__reporting_unit=unit) | Q(pk__in=written))
        .prefetch_related("responsibilities")
        .distinct()
        .order_by("order", "code")
    )
    return [
        (task, next((r.get_role_display() for r in task.responsibilities.all() if r.reporting_unit_id == unit.pk), ""))
        for task in tasks
    ]


class StoredFigure(NamedTuple):
    value: object  # Decimal or None
    explanation: str


def figures_by_key(submission):
    """{cell key: StoredFigure} of a report, read as plain rows (one query): for writers that only
    read the figures, such as the Excel template; None gives {}."""
    if submission is None:
        return {}
    rows = submission.values.values_list("indicator__code", "institution__code", "value", "explanation")
    return {
        cell_key(code, institution or ""): StoredFigure(value, explanation)
        for code, institution, value, explanation in rows
    }


@dataclass
class ReturnComments:
    """What the department wrote when it last returned a report: its overall comment and how
    many figures it commented on."""

    text: str
    on_figures: int


def review_comments(submissions):
    """{submission pk: ReturnComments} of the department's return of each returned report: the
    comments made since the report was last sent (one query)."""
    if not submissions:
        return {}
    sent_at = {submission.pk: submission.submitted_at for submission in submissions}
    result = {}
    for comment in ReviewComment.objects.filter(submission__in=list(sent_at)).order_by("created_at", "pk"):
        since = sent_at[comment.submission_id]
        if since is not None and comment.created_at < since:
            continue  # an earlier round, answered when the unit sent the report again
        found = result.setdefault(comment.submission_id, ReturnComments("", 0))
        if comment.indicator_id is None:
            found.text = comment.text
        else:
            found.on_figures += 1
    return result


def with_texts_flag(submissions):
    """``submissions`` annotated ``has_texts``: the report has words (a non-empty text)."""
    written = SubmissionText.objects.filter(submission=OuterRef("pk")).exclude(text="")
    return submissions.annotate(has_texts=Exists(written))


def texts_copy_source(period, unit, submissions, periods):
    """Where a new report of ``unit`` for ``period`` may copy its words from: of ``submissions``
    (with ``has_texts``; ``periods`` {pk: Period} holds their periods), ``unit``'s own report of the
    latest earlier period of the same kind (six-month from six-month, annual from annual) that has
    words. None for an ad hoc period or when there is none. Never another unit's report."""
    if period.kind == PeriodKind.AD_HOC:
        return None

    def like(submission):
        earlier = periods[submission.period_id]
        return (submission.reporting_unit_id == unit.pk and submission.has_texts
                and earlier.kind == period.kind and earlier.year < period.year)

    return max(
        filter(like, submissions),
        key=lambda submission: (periods[submission.period_id].year, periods[submission.period_id].due_date),
        default=None,
    )


def previous_texts_source(period, unit):
    """``texts_copy_source`` for ``unit``, read from the database (one query); only the unit's own reports."""
    submissions = list(with_texts_flag(
        Submission.objects.filter(reporting_unit=unit, period__kind=period.kind, period__year__lt=period.year)
        .select_related("period")
    ))
    return texts_copy_source(period, unit, submissions, {s.period_id: s.period for s in submissions})


def plans_and_asked(code):
    """Every plan, the one that starts last first (for a page's plan links), and the one coded
    ``code`` (the page's ?plan=), or None."""
    plans = list(Plan.objects.order_by("-start_year", "code"))
    return plans, next((plan for plan in plans if plan.code == code), None)


def plan_with_data(*, preferred=None, institution=None):
    """The plan a page shows when none is asked for: the one the object has approved figures in.

    ``preferred`` (the dashboard period's plan, say) when the figures of ``institution`` (or of
    any unit, without one) are approved in it; else, of the plans with such figures, the one that
    starts last; else ``preferred``; else the plan that starts last. So an institution whose
    figures are all in Plan 1133 shows Plan 1133, after a later plan is loaded too. One query
    (two with no figures anywhere)."""
    if institution is not None:
        approved = SubmissionValue.objects.filter(institution=institution, submission__status=SubmissionStatus.APPROVED)
        plan_ids = approved.values("submission__period__plan_id")
    else:
        plan_ids = Submission.objects.filter(status=SubmissionStatus.APPROVED).values("period__plan_id")
    with_data = list(Plan.objects.filter(pk__in=plan_ids).order_by("-start_year", "-issued_on", "code"))
    if preferred is not None and preferred in with_data:
        return preferred
    return next(iter(with_data), None) or preferred or plan_latest()
