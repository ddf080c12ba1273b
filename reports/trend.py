"""One indicator followed across plans (2016–2020, 2021–2030, …): a point a year from each plan's
annual report, with the band of that year's target.

Indicators are shared rows (``targets.Indicator``): two plans that set targets on the same code
follow the same line. Each year's figure and target are the annual report's (``report_data``),
the same numbers as the report, the plan's progress page and the dashboard show; within a plan
the line keeps to one target (the first the plan sets on the indicator, by its order).
"""
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q

from reporting.models import Period, PeriodKind, SubmissionValue
from targets.models import Indicator, Plan, Target

from laichau_plan import formatting as fmt

from .data import reports_data
from .present import indicator_name, indicator_unit, scope_label, target_range_text


@dataclass(frozen=True)
class TrendPoint:
    plan: str  # the plan's number
    year: int
    actual: Decimal | None
    low: Decimal | None  # the target over its whole scope (``target_min_total``)
    high: Decimal | None
    status: str
    provisional: bool
    scope: str


@dataclass
class Trend:
    code: str
    name: str
    unit: str
    aggregation: str
    plans: list  # [{"number", "start_year", "end_year"}] in order of their years
    points: list = field(default_factory=list)

    @property
    def years(self):
        return list(range(min(p["start_year"] for p in self.plans), max(p["end_year"] for p in self.plans) + 1))

    def figure(self, value):
        """``value`` as the line writes it (a share in per cent)."""
        return fmt.pct(value) if self.aggregation == "share_yes" else fmt.number(value)


def _with_figures(indicator_ref, plan_ref=None):
    values = SubmissionValue.objects.filter(indicator=indicator_ref, value__isnull=False)
    if plan_ref is not None:
        values = values.filter(submission__period__plan=plan_ref)
    return Exists(values)


def trend_indicators():
    """The indicators a trend can follow (a target in some plan, or a figure), in order, each with
    ``plan_count`` (the plans that set targets on it). One query."""
    return list(
        Indicator.objects.annotate(plan_count=Count("targets__plan", distinct=True))
        .filter(Q(plan_count__gt=0) | _with_figures(OuterRef("pk")))
        .order_by("order", "code")
    )


def pick_indicator(indicators, code=None):
    """The indicator asked for by ``code``; else the first that two plans or more share; else the first."""
    if code:
        wanted = next((i for i in indicators if i.code == code), None)
        if wanted is not None:
            return wanted
    return next((i for i in indicators if i.plan_count > 1), indicators[0] if indicators else None)


def indicator_trend(indicator, *, include_submitted=False):
    """The ``Trend`` of ``indicator`` over every plan with a target or a figure for it: three
    queries while the annual reports are in the cache (``data.reports_data``)."""
    plans = list(
        Plan.objects.filter(
            Q(Exists(Target.objects.filter(plan=OuterRef("pk"), indicator=indicator)))
            | _with_figures(indicator, OuterRef("pk"))
        ).order_by("start_year", "code")
    )
    trend = Trend(
        code=indicator.code, name="", unit="", aggregation=indicator.aggregation,
        plans=[{"number": p.number, "start_year": p.start_year, "end_year": p.end_year} for p in plans],
    )
    if not plans:
        return trend
    periods = sorted(
        Period.objects.filter(plan__in=plans, kind=PeriodKind.ANNUAL).select_related("plan"),
        key=lambda p: (p.plan.start_year, p.plan.code, p.year),
    )
    by_period = reports_data(periods, include_submitted=include_submitted)
    reports = []
    for period in periods:
        data = by_period[period.pk]
        item = next((i for i in data["indicators"] if i["code"] == indicator.code), None)
        if item is not None and item["targets"]:
            reports.append((period, item))
    keys = {}  # the plan's first target on the indicator, in its first year with one
    for period, item in reports:
        if keys.get(period.plan_id) is None:
            keys[period.plan_id] = next((t["key"] for t in item["targets"] if t["key"]), None)
    for period, item in reports:
        trend.name, trend.unit = indicator_name(item), indicator_unit(item)
        key = keys[period.plan_id]
        # A year without that target is left out (its figure counts another scope), unless the
        # plan sets no target on the indicator at all: then its figures over everything.
        target = next((t for t in item["targets"] if t["key"] == key), None)
        if target is None:
            continue
        trend.points.append(TrendPoint(
            plan=period.plan.number, year=period.year, actual=target["actual"],
            low=target["target_min_total"], high=target["target_max_total"], status=target["status"],
            provisional=target["provisional"], scope=scope_label(target["scope"]),
        ))
    if not trend.name:
        trend.name, trend.unit = indicator.name_vi, indicator.unit_vi
    return trend


def dashboard_trend(code=None, *, include_submitted=False):
    """What the dashboard shows of a trend: the indicators to choose from, the one chosen (``code``
    or ``pick_indicator``'s), its ``Trend`` and its chart for a screen and a phone; {} with no indicator."""
    from .charts import trend_chart

    indicators = trend_indicators()
    indicator = pick_indicator(indicators, code)
    if indicator is None:
        return {}
    trend = indicator_trend(indicator, include_submitted=include_submitted)
    return {
        "trend_indicators": indicators, "trend_indicator": indicator, "trend": trend,
        "trend_chart": trend_chart(trend), "trend_chart_narrow": trend_chart(trend, narrow=True),
        "trend_rows": trend_rows(trend),
    }


def trend_rows(trend):
    """The trend's points as the table under the chart writes them."""
    return [
        {"year": p.year, "plan": p.plan, "scope": p.scope, "actual": trend.figure(p.actual),
         "target": target_range_text(p.low, p.high, trend.aggregation), "provisional": p.provisional}
        for p in trend.points
    ]
