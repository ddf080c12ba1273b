"""``build_report``: the one selector behind the report page, the dashboard, PDF, Excel and JSON.

For every indicator of the period and each of its targets for the period's year: the target
range, the actual figure (the indicator's own aggregate over the target's scope, from approved
submissions, or approved and submitted ones when ``include_submitted``, then marked
provisional), the share of the target reached, a status, the same split by district, the change
against the same period a year earlier, and the completeness of the units' reports.
See ``rules`` for how figures are added up and judged.
"""
from collections import defaultdict

from institutions.selectors import was_active
from reporting.models import PeriodKind
from targets.models import Aggregation
from targets.scope import Scope
from targets.selectors import effective_cadence

from .completeness import build_completeness
from .context import ReportContext, describe_bucket
from .queries import fetch_each_figures
from .results import AreaFigure, IndicatorResult, Report, TargetResult
from .rules import (
    NO_DATA,
    PROGRESS_STATUSES,
    STATUS_LABELS,
    STATUSES,
    combine,
    each_minimum,
    percent,
    progress_of,
    scaled_bound,
    status_of,
    status_of_each,
)

SCHEMA = "laichau-consolidated-report/1"


def build_report(period, *, include_submitted=False):
    """The consolidated report of ``period`` (a Report; ``serialize.dumps`` writes it as JSON)."""
    ctx = ReportContext(period, include_submitted=include_submitted)
    indicators = []
    for indicator in ctx.indicators:
        targets = ctx.targets_by_indicator.get(indicator.pk) or [None]
        indicators.append(
            IndicatorResult(
                code=indicator.code,
                name=indicator.name_vi,
                name_en=indicator.name_en,
                unit=indicator.unit_vi,
                unit_en=indicator.unit_en,
                value_type=indicator.value_type,
                aggregation=indicator.aggregation,
                applies_to=indicator.applies_to,
                targets=[_target_result(ctx, indicator, target) for target in targets],
            )
        )
    return Report(
        schema=SCHEMA,
        plan=_plan_dict(ctx.plan),
        period=_period_dict(period, ctx.previous_period),
        include_submitted=include_submitted,
        areas=[{"code": area.code, "name": area.name} for area in ctx.ordered_areas()],
        indicators=indicators,
        completeness=build_completeness(ctx),
        summary=_summary(indicators, PROGRESS_STATUSES if _judges_progress(period) else STATUSES),
    )


def _aggregate(indicator, rows):
    return combine(
        indicator.aggregation, sum(r.total for r in rows), sum(r.count for r in rows), sum(r.yes for r in rows)
    )


def _rows(ctx, indicator, target, scope, periods, institution_area, previous=False):
    """(area id, Bucket) pairs in ``scope`` for ``periods`` (from the figures of the year before
    when ``previous``)."""
    buckets = ctx.previous_buckets if previous else ctx.buckets
    if scope.single_institution:
        rows = []
        for period in periods:
            rows += ctx.institution_figures.get((period.pk, indicator.pk, target.institution_id), [])
        return [(institution_area, row) for row in rows]
    result = []
    for period in periods:
        result += ctx.in_scope(scope, buckets.get((period.pk, indicator.pk), ()), describe_bucket)
    return result


def _basis(period, cadence, years):
    if cadence > 1:
        if len(years) == 1:
            return "window", f"{cadence} năm một lần; năm {years[0]} xét riêng (khối cuối của kế hoạch)"
        return "window", f"{cadence} năm một lần; xét cả giai đoạn {years[0]}–{years[-1]}"
    if period.kind == PeriodKind.ANNUAL:
        return "year", f"So với chỉ tiêu năm {period.year}"
    return "year_progress", f"Tiến độ so với chỉ tiêu năm {period.year}"


def _target_result(ctx, indicator, target):
    scope = Scope.of(indicator, target)
    low = target.target_min if target else None
    high = target.target_max if target else None
    cadence = effective_cadence(indicator.aggregation, target.cadence_years if target else 1)
    years, window = ctx.window(cadence)
    institution = target.institution if target and scope.single_institution else None
    institution_area = ctx.area_of_institution(target) if institution else None
    window_rows = _rows(ctx, indicator, target, scope, window, institution_area)
    period_rows = _rows(ctx, indicator, target, scope, [ctx.period], institution_area)
    previous = ctx.previous_period
    previous_rows = (
        _rows(ctx, indicator, target, scope, [previous], institution_area, previous=True) if previous else []
    )

    if institution is not None:
        totals = {institution_area: int(was_active(institution, ctx.period.cutoff_start, ctx.period.cutoff_end))}
    elif scope.unit_level:
        totals = ctx.unit_counts(scope)
    else:
        totals = ctx.institution_totals(scope)
    reported = defaultdict(int)
    for area_id, row in period_rows:
        reported[area_id] += row.count
    each = each_low = None
    if scope.per_institution and (low is not None or high is not None):
        each_low = each_minimum(low, indicator.aggregation, cadence, _judges_progress(ctx.period))
        if target.pk in ctx.thresholds:
            each = _each_from_buckets(ctx, target, window_rows, totals)
        else:
            each = _each_by_area(ctx, indicator, scope, window, each_low, high, totals)
        totals = {area_id: counts[0] for area_id, counts in each.items()}
        reported = {area_id: counts[1] for area_id, counts in each.items()}

    total = sum(totals.values())
    actual = _aggregate(indicator, [row for _, row in window_rows])
    meeting = above = None
    if each is not None:
        meeting = sum(c[2] or 0 for c in each.values()) if low is not None else None
        above = sum(c[3] or 0 for c in each.values()) if high is not None else None
        status = status_of_each(
            total=total, reported=sum(reported.values()), meeting=meeting, above=above, low=each_low, high=high
        )
    else:
        status = status_of(actual, low, high)
    low_total = scaled_bound(low, indicator.aggregation, scope.per_institution, total)
    high_total = scaled_bound(high, indicator.aggregation, scope.per_institution, total)
    if each is not None:
        # A per-institution target is met institution by institution: its percentage is the share of
        # the institutions that reached the minimum, never their total against a per-institution range;
        # none when no institution reported (no "0 %" beside "Chưa có số liệu").
        achievement_pct, achievement_max_pct = (percent(meeting, total) if status != NO_DATA else None), None
    else:
        achievement_pct, achievement_max_pct = percent(actual, low_total), percent(actual, high_total)
    if _judges_progress(ctx.period):
        status = progress_of(
            status, actual=actual, low_total=low_total, aggregation=indicator.aggregation,
            per_institution=scope.per_institution, cadence=cadence,
        )
    period_actual = _aggregate(indicator, [row for _, row in period_rows])
    previous_actual = _aggregate(indicator, [row for _, row in previous_rows]) if previous else None
    change = period_actual - previous_actual if period_actual is not None and previous_actual is not None else None
    basis, basis_label = _basis(ctx.period, cadence, years)
    return TargetResult(
        key=target.key if target else None,
        year=ctx.period.year,
        scope=scope.to_dict(institution, target.reporting_unit if target and target.reporting_unit_id else None),
        cadence_years=cadence,
        window=years,
        basis=basis,
        basis_label=basis_label,
        target_min=low,
        target_max=high,
        target_min_total=low_total,
        target_max_total=high_total,
        actual=actual,
        period_actual=period_actual,
        provisional=any(row.provisional for _, row in window_rows),
        achievement_pct=achievement_pct,
        achievement_max_pct=achievement_max_pct,
        status=status,
        status_label=STATUS_LABELS[status],
        institutions_total=total,
        institutions_reported=sum(reported.values()),
        institutions_meeting=meeting,
        institutions_above=above,
        institutions_meeting_min=each_low,
        previous_period=previous.code if previous else None,
        previous_actual=previous_actual,
        change=change,
        change_pct=percent(change, previous_actual),
        by_area=_by_area(ctx, indicator, window_rows, totals, reported, each, each_low, high, actual),
        source_ref=target.source_ref if target else "",
        reading=target.reading if target else "",
    )


def _each_from_buckets(ctx, target, rows, active_totals):
    """{area id: (in scope, reported, meeting, above)} from the figures' own GROUP BY (one period)."""
    each = {area_id: [n, 0, 0, 0] for area_id, n in active_totals.items()}
    for area_id, row in rows:
        counts = each.setdefault(area_id, [0, 0, 0, 0])
        if row.kind is None:
            unit = ctx.units.get(row.unit_id)
            inactive = unit is not None and not unit.is_active
        else:
            inactive = row.institution_active is False
        counts[0] += row.count if inactive else 0
        counts[1] += row.count
        counts[2] += row.meeting.get(target.pk, 0)
        counts[3] += row.above.get(target.pk, 0)
    return {area_id: tuple(counts) for area_id, counts in each.items()}


def _each_by_area(ctx, indicator, scope, window, low, high, active_totals):
    """{area id: (in scope, reported, meeting, above)} for a per-institution target.

    In scope: the active institutions (or units) of the scope, and inactive ones that reported.
    """
    each = {area_id: [n, 0, 0, 0] for area_id, n in active_totals.items()}
    for _institution, admin_area_id, unit_id, active, figure in fetch_each_figures(
        indicator=indicator, scope=scope, period_ids=[p.pk for p in window], include_submitted=ctx.include_submitted,
        unit_ids=ctx.in_scope_unit_ids(scope) if scope.unit_level else (), period=ctx.period,
    ):
        counts = each.setdefault(ctx.area_of(admin_area_id, unit_id), [0, 0, 0, 0])
        if active is None:  # a unit's own figure: whether the unit counted in the period
            active = ctx.units[unit_id].is_active
        counts[0] += not active
        counts[1] += 1
        counts[2] += low is not None and figure >= low
        counts[3] += high is not None and figure > high
    return {area_id: tuple(counts) for area_id, counts in each.items()}


def _judges_progress(period):
    """A six-month report's figures are progress toward the year (``rules.progress_of``)."""
    return period.kind == PeriodKind.HALF_YEAR


def _by_area(ctx, indicator, window_rows, totals, reported, each, low, high, actual):
    """Each area's figure; for a group's count (``sum``, ``latest``) also its part of the whole
    (``share_pct``), for a per-institution target how many of its institutions reached the minimum."""
    shares = each is None and indicator.aggregation in (Aggregation.SUM, Aggregation.LATEST)
    sums = {}  # area id: [total, count, yes, provisional], in one pass over the rows
    for area_id, row in window_rows:
        acc = sums.get(area_id)
        if acc is None:
            acc = sums[area_id] = [0, 0, 0, False]
        acc[0] += row.total
        acc[1] += row.count
        acc[2] += row.yes
        acc[3] = acc[3] or bool(row.provisional)
    result = []
    for area in ctx.ordered_areas():
        acc = sums.get(area.id)
        if acc is None and not totals.get(area.id):
            continue
        acc = acc or [0, 0, 0, False]
        figure = AreaFigure(
            code=area.code,
            name=area.name,
            actual=combine(indicator.aggregation, acc[0], acc[1], acc[2]),
            provisional=acc[3],
            institutions_total=totals.get(area.id, 0),
            institutions_reported=reported.get(area.id, 0),
        )
        if shares:
            figure.share_pct = percent(figure.actual, actual)
        if each is not None:
            counts = each.get(area.id, (0, 0, 0, 0))
            figure.institutions_meeting = counts[2] if low is not None else None
            figure.status = status_of_each(
                total=counts[0], reported=counts[1], meeting=counts[2], above=counts[3], low=low, high=high
            )
            if _judges_progress(ctx.period):
                figure.status = progress_of(
                    figure.status, actual=figure.actual, low_total=None, aggregation=indicator.aggregation,
                    per_institution=True, cadence=1,
                )
        result.append(figure)
    if len(result) == 1:  # one area holds the whole: "100 %" says nothing
        result[0].share_pct = None
    return result


def _summary(indicators, statuses):
    counts = {status: 0 for status in statuses}
    targets = 0
    for indicator in indicators:
        for target in indicator.targets:
            if target.key is not None:
                targets += 1
                counts[target.status] += 1
    return {"targets": targets, **counts}


def _plan_dict(plan):
    return {
        "code": plan.code,
        "number": plan.number,
        "issued_on": plan.issued_on,
        "issuer": plan.issuer,
        "title": plan.title,
        "start_year": plan.start_year,
        "end_year": plan.end_year,
    }


def _period_dict(period, previous):
    half = period.kind != PeriodKind.ANNUAL
    return {
        "code": period.code,
        "kind": period.kind,
        "kind_label": str(PeriodKind(period.kind).label),
        "year": period.year,
        "title": period.title,
        "due_date": period.due_date,
        "cutoff_start": period.cutoff_start,
        "cutoff_end": period.cutoff_end,
        "previous_period": previous.code if previous else None,
        "basis_note": (
            f"Số liệu của kỳ được so với chỉ tiêu năm {period.year} (tiến độ so với chỉ tiêu năm)." if half else ""
        ),
    }
