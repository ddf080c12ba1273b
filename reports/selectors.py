"""Reads of consolidated reports and periods for the report pages; 404 for what is not there."""
from django.db.models import Count, Q
from django.http import Http404

from reporting.models import Period
from .models import ConsolidatedReport, ReportStatus

BLOBS = ("pdf", "xlsx", "data")


def period_list():
    """Periods, plan by plan (the latest plan first), newest first, with how many draft and issued
    reports each has."""
    return (
        Period.objects.select_related("plan")
        .annotate(
            drafts=Count("consolidated_reports", filter=Q(consolidated_reports__status=ReportStatus.DRAFT)),
            issued=Count("consolidated_reports", filter=Q(consolidated_reports__status=ReportStatus.ISSUED)),
        )
        .order_by("-plan__start_year", "plan__code", "-year", "-due_date", "code")
    )


def reports_of_period(period):
    return list(
        ConsolidatedReport.objects.filter(period=period).defer(*BLOBS).select_related("issued_by", "created_by")
    )


def issued_reports():
    return (
        ConsolidatedReport.objects.filter(status=ReportStatus.ISSUED)
        .defer(*BLOBS)
        .select_related("period__plan", "issued_by", "replaces", "replaced_by")
        .defer(*(f"{link}__{blob}" for link in ("replaces", "replaced_by") for blob in BLOBS))
        .order_by("-issued_on", "-number")
    )


def get_report(pk, *, with_blobs=False, with_pdf=False):
    """The report with ``pk`` (its period and plan, the report it replaces and the one replacing
    it loaded, without their files); its own stored files only when asked.

    ``with_pdf``: the PDF but not the Excel file (the page reads the PDF's signature).
    """
    queryset = ConsolidatedReport.objects.select_related(
        "period__plan", "issued_by", "created_by", "replaces", "replaced_by"
    ).defer(*(f"{link}__{blob}" for link in ("replaces", "replaced_by") for blob in BLOBS))
    if not with_blobs:
        queryset = queryset.defer("xlsx") if with_pdf else queryset.defer("pdf", "xlsx")
    report = queryset.filter(pk=pk).first()
    if report is None:
        raise Http404
    return report
