"""Who is expected to report in a period: the one rule, read by the submissions board, the
reminders, starting a report and the consolidated report's completeness.

- The units the plan lists (``Plan.reporting_units``) active in the period
  (``institutions.selectors.unit_was_active``): the plan obliges them to report, even when they
  owe only words. A plan that lists none: every unit active in the period.
- For an ad hoc period, only those of them that owe at least one of its indicators: a figure for
  one of their institutions active in the period (institutions.selectors.active_in) or for the
  unit itself.
- A unit that has already started a report for the period always counts (its figures are in the
  report, so it is in the count of who sent).

A fixed number of queries whatever the number of units and periods.
"""
from collections import defaultdict, namedtuple
from functools import reduce
from operator import or_

from django.db.models import Prefetch, prefetch_related_objects

from institutions.models import Institution, ReportingUnit
from institutions.selectors import active_in, was_active
from targets.models import Indicator, Plan

from .models import PeriodKind

_Span = namedtuple("_Span", "active_from active_until")


def units_by_pk():
    """Every reporting unit (active or not) by pk, in the units' order, with its admin unit."""
    return {unit.pk: unit for unit in ReportingUnit.objects.select_related("admin_unit").order_by("order", "code")}


def expected_units(periods, *, started=(), units=None):
    """{period pk: [units]} for ``periods``: the plan's units in ``units``' order, then the units
    outside them that started a report, by order and code.

    ``started``: (period pk, unit pk) of the reports already started; ``units``: every unit by pk
    (model instances or anything with pk, code, kind, order and ``active_in(period)``), when the caller
    has them.
    """
    if units is None:
        units = units_by_pk()
    listed = _listed_units(periods, units)
    owing = _units_owing([period for period in periods if period.kind == PeriodKind.AD_HOC], units)
    extra = defaultdict(set)
    for period_id, unit_id in started:
        extra[period_id].add(unit_id)
    result = {}
    for period in periods:
        listed_here = listed.get(period.plan_id)
        expected = [unit for unit in (units.values() if listed_here is None else listed_here) if unit.active_in(period)]
        if period.pk in owing:
            expected = [unit for unit in expected if unit.pk in owing[period.pk]]
        known = {unit.pk for unit in expected}
        others = sorted((units[pk] for pk in extra[period.pk] - known), key=lambda unit: (unit.order, unit.code))
        result[period.pk] = expected + others
    return result


def is_expected(period, unit):
    """Whether ``unit`` is expected to report for ``period``."""
    return any(expected.pk == unit.pk for expected in expected_units([period])[period.pk])


def _listed_units(periods, units):
    """{plan id: [units the plan lists]}, for the plans that list any."""
    listed = defaultdict(set)
    for plan_id, unit_id in Plan.reporting_units.through.objects.filter(
        plan_id__in={period.plan_id for period in periods}
    ).values_list("plan_id", "reportingunit_id"):
        listed[plan_id].add(unit_id)
    return {plan_id: [unit for unit in units.values() if unit.pk in pks] for plan_id, pks in listed.items()}


def _units_owing(ad_hoc_periods, units):
    """{period pk: unit pks that owe at least one of the period's indicators} (two queries for all)."""
    if not ad_hoc_periods:
        return {}
    prefetch_related_objects(ad_hoc_periods, Prefetch("indicators", queryset=Indicator.objects.only(
        "pk", "code", "applies_to", "applies_kind", "applies_levels", "applies_unit_kinds")))
    spans = defaultdict(set)  # unit pk: (kind, level, active from, active until) of its institutions
    for unit_id, *span in (Institution.objects.filter(reduce(or_, map(active_in, ad_hoc_periods))).order_by()
                           .values_list("reporting_unit_id", "kind", "level", "active_from", "active_until")
                           .distinct()):
        spans[unit_id].add(tuple(span))
    owing = {}
    for period in ad_hoc_periods:
        indicators = list(period.indicators.all())
        kinds_levels = defaultdict(set)  # unit pk: (kind, level) of its institutions active in the period
        for unit_id, unit_spans in spans.items():
            kinds_levels[unit_id] = {
                (kind, level) for kind, level, start, end in unit_spans
                if was_active(_Span(start, end), period.cutoff_start, period.cutoff_end)
            }
        owing[period.pk] = {
            pk for pk, unit in units.items()
            if any(indicator.applies_to_unit(unit.kind)
                   or any(indicator.applies_to_institution(kind, level) for kind, level in kinds_levels[pk])
                   for indicator in indicators)
        }
    return owing
