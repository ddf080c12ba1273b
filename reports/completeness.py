"""Which units were expected to report for a period, and who submitted, when, and what came of it.

Expected units: the active units the plan names as reporting under it (``Plan.reporting_units``),
since the plan obliges them to report even when they owe only words. A plan that names none
expects every active unit that owes at least one figure for the period (the cells of
``reporting.selectors.expected_cells``, worked out from institution counts, without a query per
unit). "Submitted" means the report is with the department (submitted or approved); a returned
report is back with its unit and counts as missing until sent again. On time: first sent on or
before the due date (local time).
"""
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext_noop

from targets.models import AppliesTo

from reporting.models import Submission, SubmissionStatus
from reporting.selectors import _indicator_applies_to_unit

AT_DEPARTMENT = (SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED)
NOT_STARTED = "none"
NOT_STARTED_LABEL = gettext_noop("Chưa lập báo cáo")


def _status_labels():
    """{status: label}, in Vietnamese whatever the page's language: the data is frozen into the
    issued report (one switch of language for all, not one per unit)."""
    with translation.override(settings.LANGUAGE_CODE):
        labels = {status: str(label) for status, label in SubmissionStatus.choices}
    return {**labels, NOT_STARTED: NOT_STARTED_LABEL}


def _applies(indicator, kind, level):
    if indicator.applies_kind and indicator.applies_kind != kind:
        return False
    return not indicator.applies_levels or level in indicator.applies_levels


def _units_owing_figures(ctx):
    owing = set()
    institution_indicators = [i for i in ctx.indicators if i.applies_to == AppliesTo.INSTITUTION]
    for kind, level, _area, unit_id, _n in ctx.institution_counts:
        if any(_applies(indicator, kind, level) for indicator in institution_indicators):
            owing.add(unit_id)
    for unit in ctx.units.values():
        for indicator in ctx.indicators:
            if indicator.applies_to == AppliesTo.REPORTING_UNIT and _indicator_applies_to_unit(indicator, unit):
                owing.add(unit.pk)
    return owing


def expected_unit_ids(ctx):
    named = set(ctx.plan.reporting_units.values_list("pk", flat=True))
    candidates = named or _units_owing_figures(ctx)
    return {pk for pk in candidates if pk in ctx.units and ctx.units[pk].is_active}


def build_completeness(ctx):
    period = ctx.period
    expected = expected_unit_ids(ctx)
    submissions = {
        row["reporting_unit_id"]: row
        for row in Submission.objects.filter(period=period).values(
            "reporting_unit_id", "status", "first_submitted_at", "approved_at"
        )
    }
    units = sorted((ctx.units[pk] for pk in expected), key=lambda u: (u.order, u.code))
    labels = _status_labels()
    rows = []
    counts = {"expected": len(units), "submitted": 0, "approved": 0, "on_time": 0, "late": 0, "missing": 0,
              "returned": 0, "draft": 0}
    for unit in units:
        row = submissions.get(unit.pk)
        status = row["status"] if row else NOT_STARTED
        first = row["first_submitted_at"] if row else None
        sent_on = timezone.localdate(first) if first else None
        approved_on = timezone.localdate(row["approved_at"]) if row and row["approved_at"] else None
        timeliness = None
        if status in AT_DEPARTMENT:
            counts["submitted"] += 1
            counts["approved"] += status == SubmissionStatus.APPROVED
            timeliness = "on_time" if sent_on and sent_on <= period.due_date else "late"
            counts[timeliness] += 1
        else:
            counts["missing"] += 1
            counts["returned"] += status == SubmissionStatus.RETURNED
            counts["draft"] += status == SubmissionStatus.DRAFT
        rows.append({
            "code": unit.code,
            "name": unit.name,
            "status": status,
            "status_label": labels[status],
            "first_submitted_on": sent_on,
            "approved_on": approved_on,
            "timeliness": timeliness or "missing",
        })
    return {**counts, "due_date": period.due_date, "units": rows}
