"""Which units were expected to report for a period, and who submitted, when, and what came of it.

Expected units: ``reporting.expected.expected_units``, the one rule the submissions board and
the reminders read too (the plan's units; for an ad hoc period those that owe one of its
indicators; plus any unit that started a report). "Submitted" means the report is with the
department (submitted or approved); a returned report is back with its unit and counts as
missing until sent again. On time: first sent on or before the due date (local time).

Reopened: a report the department approved, then reopened because a figure was found wrong, and has
not approved again (``Submission.reopened_at``). While reopened it is back with its unit (missing);
sent again it is submitted, not approved. Either way its figures are not approved ones: left out
of the approved-only report, counted as provisional (*) only when unapproved reports are included.
"""
from django.conf import settings
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext_noop

from reporting.expected import expected_units
from reporting.models import BACK_WITH_UNIT, Submission, SubmissionStatus

AT_DEPARTMENT = (SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED)
NOT_STARTED = "none"
NOT_STARTED_LABEL = gettext_noop("Chưa lập báo cáo")


def _status_labels():
    """{status: label}, in Vietnamese whatever the page's language: the data is frozen into the
    issued report (one switch of language for all, not one per unit)."""
    with translation.override(settings.LANGUAGE_CODE):
        labels = {status: capfirst(str(label)) for status, label in SubmissionStatus.choices}
    return {**labels, NOT_STARTED: NOT_STARTED_LABEL}


def build_completeness(ctx):
    period = ctx.period
    submissions = {
        row["reporting_unit_id"]: row
        for row in Submission.objects.filter(period=period).values(
            "reporting_unit_id", "status", "first_submitted_at", "approved_at", "reopened_at"
        )
    }
    started = [(period.pk, unit_id) for unit_id in submissions]
    expected = expected_units([period], started=started, units=ctx.units)[period.pk]
    units = sorted(expected, key=lambda unit: (unit.order, unit.code))
    labels = _status_labels()
    rows = []
    counts = {"expected": len(units), "submitted": 0, "approved": 0, "on_time": 0, "late": 0, "missing": 0,
              "returned": 0, "draft": 0, "reopened": 0}
    for unit in units:
        row = submissions.get(unit.pk)
        status = row["status"] if row else NOT_STARTED
        first = row["first_submitted_at"] if row else None
        sent_on = timezone.localdate(first) if first else None
        approved_on = timezone.localdate(row["approved_at"]) if row and row["approved_at"] else None
        timeliness = None
        reopened = bool(row and row["reopened_at"])
        counts["reopened"] += reopened
        if status in AT_DEPARTMENT:
            counts["submitted"] += 1
            counts["approved"] += status == SubmissionStatus.APPROVED
            timeliness = "on_time" if sent_on and sent_on <= period.due_date else "late"
            counts[timeliness] += 1
        else:
            counts["missing"] += 1
            counts["returned"] += status in BACK_WITH_UNIT
            counts["draft"] += status == SubmissionStatus.DRAFT
        rows.append({
            "code": unit.code,
            "name": unit.name,
            "status": status,
            "status_label": labels[status],
            "first_submitted_on": sent_on,
            "approved_on": approved_on,
            "timeliness": timeliness or "missing",
            "reopened": reopened,
        })
    return {**counts, "due_date": period.due_date, "units": rows}
