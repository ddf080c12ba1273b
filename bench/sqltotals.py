"""The plain SQL the consolidated report is measured against: one GROUP BY giving the same totals.

``sql_totals`` reads the figures of the report's period, of the same period a year earlier and
of the earlier annual periods of a cadence window in one GROUP BY (period, indicator, kind,
level, reporting unit), then adds up the few groups of each target's scope. It shares no code
with ``reports``: scopes are matched here from the Target and Indicator fields,
so that ``compare`` is a real cross-check of the report's totals.
"""
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection

from institutions.models import ReportingUnit, ReportingUnitKind
from targets.models import Target
from targets.selectors import cadence_block

from reporting.models import Period, PeriodKind
from reporting.selectors import indicators_for_period

SQL = """
SELECT s.period_id, v.indicator_id, i.kind, i.level, i.id, s.reporting_unit_id,
       SUM(v.value), COUNT(*), SUM(CASE WHEN v.value = 1 THEN 1 ELSE 0 END)
FROM reporting_submissionvalue v
JOIN reporting_submission s ON s.id = v.submission_id
LEFT JOIN institutions_institution i ON i.id = v.institution_id
WHERE s.period_id IN ({periods}) AND s.status IN ({statuses}) AND v.value IS NOT NULL
GROUP BY s.period_id, v.indicator_id, i.kind, i.level, i.id, s.reporting_unit_id
"""
SQL_GROUPED = """
SELECT s.period_id, v.indicator_id, i.kind, i.level, NULL, s.reporting_unit_id,
       SUM(v.value), COUNT(*), SUM(CASE WHEN v.value = 1 THEN 1 ELSE 0 END)
FROM reporting_submissionvalue v
JOIN reporting_submission s ON s.id = v.submission_id
LEFT JOIN institutions_institution i ON i.id = v.institution_id
WHERE s.period_id IN ({periods}) AND s.status IN ({statuses}) AND v.value IS NOT NULL
GROUP BY s.period_id, v.indicator_id, i.kind, i.level, s.reporting_unit_id
"""


class Plan:
    """What the totals need to know, loaded once before timing: targets, indicators, periods, units."""

    def __init__(self, period, include_submitted=False):
        self.period = period
        self.statuses = ["approved", "submitted"] if include_submitted else ["approved"]
        self.indicators = indicators_for_period(period)
        ids = [i.pk for i in self.indicators]
        self.targets = defaultdict(list)
        for target in Target.objects.filter(plan=period.plan, year=period.year, indicator_id__in=ids).order_by(
            "order", "key"
        ):
            self.targets[target.indicator_id].append(target)
        self.unit_kinds = dict(ReportingUnit.objects.values_list("pk", "kind"))
        plan = period.plan
        self.previous = None
        if period.kind != PeriodKind.AD_HOC:
            self.previous = Period.objects.filter(plan=plan, kind=period.kind, year=period.year - 1).first()
        self.annual = {p.year: p for p in Period.objects.filter(plan=plan, kind=PeriodKind.ANNUAL, year__lt=period.year)}
        self.period_ids = {period.pk}
        if self.previous:
            self.period_ids.add(self.previous.pk)
        self.windows = {}
        for targets in self.targets.values():
            for target in targets:
                self.windows[target.pk] = self._window(target)
                self.period_ids.update(self.windows[target.pk])
        # Per-institution groups are needed only for single-institution targets.
        self.by_institution = any(t.institution_id for ts in self.targets.values() for t in ts)

    def _window(self, target):
        indicator = next(i for i in self.indicators if i.pk == target.indicator_id)
        cadence = 1 if indicator.aggregation == "latest" else (target.cadence_years or 1)
        if cadence == 1:
            return [self.period.pk]
        plan = self.period.plan
        block = cadence_block(start_year=plan.start_year, end_year=plan.end_year, year=self.period.year,
                              cadence_years=cadence)
        return [self.annual[y].pk for y in block if y < self.period.year and y in self.annual] + [self.period.pk]


def fetch_groups(plan):
    """The one GROUP BY: rows (period, indicator, kind, level, institution, unit, total, count, yes)."""
    sql = SQL if plan.by_institution else SQL_GROUPED
    periods = ", ".join(["%s"] * len(plan.period_ids))
    statuses = ", ".join(["%s"] * len(plan.statuses))
    with connection.cursor() as cursor:
        cursor.execute(sql.format(periods=periods, statuses=statuses), [*sorted(plan.period_ids), *plan.statuses])
        return cursor.fetchall()


def _matches(plan, indicator, target, row):
    _period, _indicator, kind, level, institution_id, unit_id, *_ = row
    if indicator.applies_to == "reporting_unit":
        if kind is not None:
            return False
        if target is not None and target.scope_mode == "reporting_unit":
            return unit_id == target.reporting_unit_id
        return _unit_matches(plan, indicator, target, unit_id)
    if kind is None:
        return False
    wanted_kind = (target.scope_kind if target else "") or indicator.applies_kind
    wanted_levels = (target.scope_levels if target else None) or indicator.applies_levels
    if wanted_kind and kind != wanted_kind:
        return False
    if wanted_levels and level not in wanted_levels:
        return False
    if target is not None and target.scope_mode == "institution":
        return institution_id == target.institution_id
    if target is not None and target.scope_mode == "reporting_unit":
        return unit_id == target.reporting_unit_id
    return True


def _unit_matches(plan, indicator, target, unit_id):
    kind = plan.unit_kinds.get(unit_id)
    if indicator.applies_unit_kinds and kind not in indicator.applies_unit_kinds:
        return False
    levels = target.scope_levels if target is not None else []
    level = "district" if kind == ReportingUnitKind.DISTRICT else "province"
    return not levels or level in levels


def _combine(aggregation, total, count, yes):
    if not count:
        return None
    if aggregation == "average":
        value = Decimal(total) / count
    elif aggregation == "share_yes":
        return (Decimal(yes) * 100 / count).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    else:
        value = Decimal(total)
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP).normalize()


def totals(plan, rows):
    """{(indicator code, target key or ""): (actual, period actual, previous actual)}."""
    by_key = defaultdict(list)
    for row in rows:
        by_key[(row[0], row[1])].append(row)
    result = {}
    for indicator in plan.indicators:
        for target in plan.targets.get(indicator.pk) or [None]:
            window = plan.windows[target.pk] if target else [plan.period.pk]

            def figure(period_ids, indicator=indicator, target=target):
                total = count = yes = 0
                for period_id in period_ids:
                    for row in by_key.get((period_id, indicator.pk), ()):
                        if not _matches(plan, indicator, target, row):
                            continue
                        total += row[6] or 0
                        count += row[7]
                        yes += row[8] or 0
                return _combine(indicator.aggregation, total, count, yes)

            previous = figure([plan.previous.pk]) if plan.previous else None
            result[(indicator.code, target.key if target else "")] = (
                figure(window), figure([plan.period.pk]), previous,
            )
    return result


def sql_totals(plan):
    return totals(plan, fetch_groups(plan))


def report_totals(report):
    """The same triples from a built report (a Report or its dict)."""
    data = report.to_dict() if hasattr(report, "to_dict") else report
    result = {}
    for indicator in data["indicators"]:
        for target in indicator["targets"]:
            result[(indicator["code"], target["key"] or "")] = tuple(
                None if value is None else Decimal(value).normalize()
                for value in (target["actual"], target["period_actual"], target["previous_actual"])
            )
    return result


def compare(expected, actual):
    """Differences between two totals dicts, as readable lines (empty when equal)."""
    lines = []
    for key in sorted(set(expected) | set(actual)):
        a, b = expected.get(key), actual.get(key)
        if a != b:
            lines.append(f"{key}: SQL {a} != report {b}")
    return lines
