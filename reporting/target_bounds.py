"""Which of the plan's targets one figure of a report is held against, for the typo warnings of
``checks``: loaded once per report (one query), matched per cell without a query.

A figure is held against the targets of the period's year and the cell's indicator whose scope is
that very figure: a per-institution target (scope "each") for each institution's figure in its
scope, a one-institution target for that institution's, and for an indicator reported by units,
an "each" target for each unit's own figure and a one-unit target for that unit's. A group or total
target (what many figures add up to) is never compared with one figure. Which institutions and
units a scope covers is the consolidated report's rule (``targets.scope.Scope``).
"""
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q

from targets.scope import Scope
from targets.selectors import effective_cadence
from targets.models import Aggregation, ScopeMode, Target

from .models import PeriodKind


@dataclass(frozen=True)
class Bounds:
    low: Decimal | None
    high: Decimal | None
    partial: bool  # the figure is only part of what the target adds up: a half year, one year of a window


def period_targets(period):
    """{indicator pk: [(target, scope)]}: the targets of ``period``'s year that one figure may be
    held against, in the plan's order (one query; the same for every unit's report)."""
    by_indicator = defaultdict(list)
    targets = (
        Target.objects.filter(plan_id=period.plan_id, year=period.year)
        .filter(Q(target_min__isnull=False) | Q(target_max__isnull=False))
        .exclude(scope_mode=ScopeMode.GROUP)
        .select_related("indicator")
        .order_by("order", "key")
    )
    for target in targets:
        by_indicator[target.indicator_id].append((target, Scope.of(target.indicator, target)))
    return by_indicator


class TargetBounds:
    """The bounds each figure of ``unit``'s report for ``period`` is held against.

    ``targets``: what ``period_targets(period)`` gives, when the caller has it (several units' reports).
    """

    def __init__(self, period, unit, targets=None):
        self.unit = unit
        self._unit_kinds = {unit.pk: unit.kind}
        self._half_year = period.kind == PeriodKind.HALF_YEAR
        self._by_indicator = period_targets(period) if targets is None else targets

    def for_cell(self, cell):
        """The bounds of every target whose scope is this cell's figure, in the plan's order."""
        return [
            self._bounds(target)
            for target, scope in self._by_indicator.get(cell.indicator.pk, ())
            if self._covers(target, scope, cell.institution)
        ]

    def _covers(self, target, scope, institution):
        if target.scope_mode == ScopeMode.INSTITUTION:
            return institution is not None and target.institution_id == institution.pk
        if target.scope_mode == ScopeMode.REPORTING_UNIT and not scope.unit_level:
            return False  # the sum of the unit's institutions, not one figure
        kind, level = (institution.kind, institution.level) if institution else (None, None)
        return scope.matches(kind, level, self.unit.pk, self._unit_kinds)

    def _bounds(self, target):
        aggregation = target.indicator.aggregation
        partial = aggregation == Aggregation.SUM and (
            self._half_year or effective_cadence(aggregation, target.cadence_years) > 1
        )
        return Bounds(target.target_min, target.target_max, partial)
