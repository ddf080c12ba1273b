from django.http import Http404
from django.shortcuts import redirect, render

from institutions.access import is_department_staff, read_only, readers_required
from reporting.selectors import get_period_or_404, plan_with_data, plans_and_asked

from .. import charts, present, selectors
from ..builds import background_areas, build_request
from ..data import report_data
from ..models import ReportBuild
from ..pdf import render_pdf, render_summary_pdf
from ..progress import build_plan_progress
from ..serialize import dumps
from ..services import current_draft, report_preview
from ..xlsx import render_xlsx
from .files import check_format, file_response, include_submitted


@readers_required
@read_only
def index(request):
    return render(request, "reports/index.html", {"periods": selectors.period_list()})


def report_page_context(data):
    """What the report page and a report's detail page show of the numbers."""
    page = present.report_page(data)
    for row in page.rows:
        if len(row["target"]["by_area"]) > 1:
            row["area_chart"] = charts.area_charts(row["target"], row["indicator"]["aggregation"], row["name"])
    return {**page.context(), **charts.page_charts(page.rows)}


@readers_required
@read_only
def period_report(request, code):
    period = get_period_or_404(code)
    provisional = include_submitted(request)
    data = report_data(period, include_submitted=provisional)
    return render(
        request,
        "reports/period.html",
        {
            **report_page_context(data),
            "period": period,
            "include_submitted": provisional,
            "query": "?provisional=1" if provisional else "",
            "reports": selectors.reports_of_period(period),
            "can_edit": is_department_staff(request.user),
        },
    )


@readers_required
@read_only
def period_download(request, code, fmt):
    """The period's numbers now (the current draft's words for the PDF and the workbook)."""
    check_format(fmt)
    period = get_period_or_404(code)
    provisional = include_submitted(request)
    data = report_data(period, include_submitted=provisional)
    name = f"bao-cao-{period.slug}{'-tam-tinh' if provisional else ''}.{fmt}"
    if fmt == "json":
        return file_response(dumps(data), name, fmt)
    limit = background_areas()
    if fmt == "pdf" and limit and len(data["areas"]) > limit:
        # Many districts: tens of pages, seconds of layout; built by `build_reports --loop`.
        build = build_request(period=period, include_submitted=provisional, user=request.user)
        return redirect("reports:build", pk=build.pk)
    report = current_draft(period) or report_preview(period=period)
    report.include_submitted = provisional
    content = render_pdf(report, data) if fmt == "pdf" else render_xlsx(report, data)
    return file_response(content, name, fmt)


@readers_required
@read_only
def period_summary(request, code):
    """The leaders' summary of the period for the People's Committee: two A4 pages, as a PDF."""
    period = get_period_or_404(code)
    provisional = include_submitted(request)
    content = render_summary_pdf(period, report_data(period, include_submitted=provisional))
    return file_response(content, f"tom-tat-{period.slug}{'-tam-tinh' if provisional else ''}.pdf", "pdf")


def _get_build(pk, *, with_pdf=False):
    queryset = ReportBuild.objects.select_related("period")
    build = (queryset if with_pdf else queryset.defer("pdf")).filter(pk=pk).first()
    if build is None:
        raise Http404
    return build


@readers_required
@read_only
def build_status(request, pk):
    """A background PDF build: its progress (the page refreshes itself), then the download link."""
    return render(request, "reports/build.html", {"build": _get_build(pk)})


@readers_required
@read_only
def build_download(request, pk):
    build = _get_build(pk, with_pdf=True)
    if build.pdf is None:
        raise Http404
    name = f"bao-cao-{build.period.slug}{'-tam-tinh' if build.include_submitted else ''}.pdf"
    return file_response(build.pdf, name, "pdf")


@readers_required
@read_only
def plan_progress(request):
    plans, asked = plans_and_asked(request.GET.get("plan"))
    plan = asked or (plan_with_data() if plans else None)
    progress = build_plan_progress(plan, include_submitted=include_submitted(request)) if plan else None
    return render(
        request, "reports/plan_progress.html", {"plans": plans, "plan": plan, "progress": progress}
    )
