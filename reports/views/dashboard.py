"""The leaders' dashboard: this year's progress on every quota, down to district and institution."""
from django.shortcuts import render
from django.utils.translation import gettext as _

from institutions.access import get_institution_for_user, read_only, readers_required
from reporting.selectors import plan_with_data, plans_and_asked

from .files import include_submitted
from .. import charts, dashboard as board, present, trend
from ..area_layout import area_columns
from ..data import report_data


def _year(request):
    try:
        return int(request.GET.get("year", ""))
    except ValueError:
        return None


def _period_and_data(request):
    year = board.dashboard_year(_year(request))
    period = board.dashboard_period(year)
    provisional = include_submitted(request)
    data = report_data(period, include_submitted=provisional) if period else None
    return year, period, data, provisional


@readers_required
@read_only
def dashboard(request):
    year, period, data, provisional = _period_and_data(request)
    rows, chart = [], {}
    if data:
        rows = [row for row in present.target_rows(data) if row["key"]]
        for row in rows:
            row["range_chart"] = charts.range_chart(row["target"], row["indicator"]["aggregation"])
        chart = charts.page_charts(rows)
    return render(
        request,
        "reports/dashboard.html",
        {
            "year": year, "period": period, "data": data, "rows": rows, "include_submitted": provisional,
            "status_counts": present.status_counts(data) if data else [],
            "areas": area_columns(data) if data else [],
            **chart,
        },
    )


@readers_required
@read_only
def dashboard_trend(request):
    """One indicator across plans: a page of its own, since a cold cache builds every annual report
    (the dashboard itself builds one)."""
    year, provisional = board.dashboard_year(_year(request)), include_submitted(request)
    context = trend.dashboard_trend(request.GET.get("indicator"), include_submitted=provisional)
    return render(request, "reports/dashboard_trend.html", {"year": year, "include_submitted": provisional, **context})


@readers_required
@read_only
def dashboard_area(request, area):
    area = board.get_area(area)
    year, period, data, provisional = _period_and_data(request)
    rows, indicators, table, chart = [], [], [], {}
    if data:
        rows = board.area_target_rows(data, area)
        chart_rows = board.area_chart_rows(rows)
        if chart_rows:
            chart = charts.page_charts(chart_rows, _("Tỷ lệ thiết chế trên địa bàn đạt mức tối thiểu"))
        indicators, table = board.area_institution_table(period, area, include_submitted=provisional)
    return render(
        request,
        "reports/dashboard_area.html",
        {"area": area, "year": year, "period": period, "rows": rows, "indicators": indicators, "table": table,
         "include_submitted": provisional, **chart},
    )


@readers_required
@read_only
def dashboard_institution(request, code):
    institution = get_institution_for_user(request.user, code)
    year = board.dashboard_year(_year(request))
    period = board.dashboard_period(year)
    plans, asked = plans_and_asked(request.GET.get("plan"))
    plan = asked or plan_with_data(preferred=period.plan if period else None, institution=institution)
    periods, rows = board.institution_history(institution, plan) if plan else ([], [])
    return render(
        request,
        "reports/dashboard_institution.html",
        {"institution": institution, "year": year, "plan": plan, "plans": plans, "periods": periods, "rows": rows},
    )
