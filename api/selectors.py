"""What the API answers, as plain dicts (written by ``responses.ApiResponse``).

Only what is final leaves the portal: issued reports (their figures the frozen JSON itself,
``ConsolidatedReport.data``, never recomputed), the plan, and where each unit's report stands
in each period. No draft report, and no figure of any unit's report: a unit that has not sent
its report (not started, or a draft) is "not_submitted", nothing more.
"""
from django.http import Http404
from django.urls import reverse

from reporting.models import SubmissionStatus
from reporting.progress import NOT_STARTED, period_summaries
from reports.selectors import get_report, issued_reports
from reports.serialize import loads
from targets.models import Plan
from targets.selectors import export_rows, get_plan, plan_indicators

NOT_SUBMITTED = "not_submitted"
# The statuses a client sees: a unit's draft is not the client's business, only that nothing was sent.
UNIT_STATUSES = [NOT_SUBMITTED, SubmissionStatus.SUBMITTED, SubmissionStatus.RETURNED, SubmissionStatus.REOPENED,
                 SubmissionStatus.APPROVED]
_PUBLIC_STATUS = {NOT_STARTED: NOT_SUBMITTED, SubmissionStatus.DRAFT: NOT_SUBMITTED}


def plan_item(plan):
    return {
        "code": plan.code, "number": plan.number, "issued_on": plan.issued_on, "issuer": plan.issuer,
        "title": plan.title, "start_year": plan.start_year, "end_year": plan.end_year,
        "half_year_due": plan.half_year_due, "annual_due": plan.annual_due,
        "indicators_url": reverse("api:plan_indicators", kwargs={"code": plan.code}),
        "targets_url": reverse("api:plan_targets", kwargs={"code": plan.code}),
    }


def plans():
    return {"plans": [plan_item(plan) for plan in Plan.objects.order_by("-start_year", "code")]}


def indicators(code):
    plan = get_plan(code)
    return {
        "plan": plan.code,
        "indicators": [
            {
                "code": indicator.code, "name_vi": indicator.name_vi, "name_en": indicator.name_en,
                "unit_vi": indicator.unit_vi, "unit_en": indicator.unit_en, "value_type": indicator.value_type,
                "aggregation": indicator.aggregation, "frequency": indicator.frequency,
                "applies_to": indicator.applies_to, "applies_kind": indicator.applies_kind,
                "applies_levels": list(indicator.applies_levels),
                "applies_unit_kinds": list(indicator.applies_unit_kinds),
                "running_count": indicator.running_count, "description": indicator.description,
            }
            for indicator in plan_indicators(plan.pk)
        ],
    }


def targets(code, year=None):
    plan = get_plan(code)
    rows = export_rows(plan=plan, year=year)
    for row in rows:
        del row["plan"]  # said once, above the rows
    return {"plan": plan.code, "year": year, "targets": rows}


def _unit_row(row):
    submission = row.submission if row.has_been_sent else None
    return {
        "code": row.unit.code, "name": row.unit.name, "status": _PUBLIC_STATUS.get(row.status, row.status),
        "first_submitted_at": submission.first_submitted_at if submission else None,
        "submitted_at": submission.submitted_at if submission else None,
        "late": row.is_late,
    }


def periods():
    """Every period with, per expected unit, where its report stands, and the counts by status."""
    result = []
    for summary in sorted(period_summaries(), key=lambda s: (-s.period.year, s.period.due_date, s.period.code)):
        period = summary.period
        units = [_unit_row(row) for row in summary.rows]
        counts = {status: 0 for status in UNIT_STATUSES}
        for unit in units:
            counts[unit["status"]] += 1
        result.append({
            "code": period.code, "title": period.title, "kind": period.kind, "year": period.year,
            "plan": period.plan.code, "cutoff_start": period.cutoff_start, "cutoff_end": period.cutoff_end,
            "due_date": period.due_date, "status": period.status,
            "expected_units": len(units), "status_counts": counts, "units": units,
        })
    return {"periods": result}


def report_item(report):
    replacing = report.replacement
    return {
        "id": report.pk, "number": report.number, "symbol": report.symbol, "number_display": report.number_display,
        "issued_on": report.issued_on, "summary": report.summary,
        "period": report.period.code, "period_title": report.period.title, "plan": report.period.plan.code,
        "include_submitted": report.include_submitted,
        "replaces": report.replaces_id,
        "replaced_by": replacing.pk if replacing is not None and replacing.is_issued else None,
        "pdf_sha256": report.pdf_sha256, "xlsx_sha256": report.xlsx_sha256,
        "url": reverse("api:report_detail", kwargs={"pk": report.pk}),
    }


def reports(period_code=None):
    queryset = issued_reports().select_related("period__plan")
    if period_code:
        queryset = queryset.filter(period__code=period_code)
    return {"reports": [report_item(report) for report in queryset]}


def report(pk):
    """An issued report and its figures: the JSON frozen when it was issued, read back as it is."""
    found = get_report(pk)  # its numbers, not its files
    if not found.is_issued or not found.data:
        raise Http404
    return {**report_item(found), "figures": loads(found.data)}
