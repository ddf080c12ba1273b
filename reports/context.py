"""Everything one report needs, loaded in a fixed number of queries."""
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q

from institutions.areas import institution_area, unit_area
from institutions.models import AdminUnit, ReportingUnit
from institutions.places import area_on, place_day
from institutions.selectors import unit_was_active
from targets.models import ScopeMode, Target
from targets.selectors import cadence_block, effective_cadence

from reporting.models import Period, PeriodKind
from reporting.selectors import indicators_for_period
from .areas import PROVINCE_AREA, Area
from .rules import each_minimum
from .queries import Threshold, fetch_buckets, fetch_institution_counts, fetch_institution_figures


@dataclass(frozen=True)
class UnitInfo:
    """What the report reads of a reporting unit (a model instance per unit costs more than the
    report's arithmetic)."""

    pk: int
    code: str
    name: str
    kind: str
    order: int
    is_active: bool  # in the report's period (institutions.selectors.unit_was_active), not today
    area_id: int | None  # institutions.areas.unit_area

    def active_in(self, period):
        """Whether the unit counts in ``period``: the report's own (``reporting.expected``)."""
        return self.is_active


class ReportContext:
    def __init__(self, period, *, include_submitted=False):
        self.period = period
        self.plan = period.plan
        self.include_submitted = include_submitted
        self.indicators = indicators_for_period(period)
        indicator_ids = [indicator.pk for indicator in self.indicators]
        self.targets_by_indicator = defaultdict(list)
        for target in (
            Target.objects.filter(plan=self.plan, year=period.year, indicator_id__in=indicator_ids)
            .select_related("institution", "reporting_unit").annotate(**area_on(place_day(period), "institution__"))
            .order_by("order", "key")
        ):
            self.targets_by_indicator[target.indicator_id].append(target)
        self._load_periods()
        start, end = period.cutoff_start, period.cutoff_end
        self.units = {
            pk: UnitInfo(pk, code, name, kind, order, unit_was_active(kind, is_active, admin_from, admin_to, start, end),
                         unit_area(kind, admin_id, admin_level, parent_id, parent_level))
            for pk, code, name, kind, order, is_active, admin_id, admin_level, parent_id, parent_level, admin_from,
            admin_to in ReportingUnit.objects.values_list(
                "pk", "code", "name", "kind", "order", "is_active", "admin_unit_id", "admin_unit__level",
                "admin_unit__parent_id", "admin_unit__parent__level", "admin_unit__valid_from", "admin_unit__valid_to",
            )
        }
        self.unit_kinds = {pk: unit.kind for pk, unit in self.units.items()}
        self.unit_areas = {pk: unit.area_id for pk, unit in self.units.items()}
        district_units = {pk for pk, area in self.unit_areas.items() if area is not None}
        period_ids = [p.pk for p in self.related_periods]
        self.thresholds = self._thresholds()
        # One scan of the figures: this period, the earlier years of cadence windows (cadence
        # indicators only) and the same period a year before (for the change column).
        earlier = {p.pk for p in self.annual_by_year.values()}
        cadence = set(self._cadence_indicator_ids())
        previous_id = self.previous_period.pk if self.previous_period else None
        self.buckets = defaultdict(list)
        self.previous_buckets = defaultdict(list)
        for bucket in fetch_buckets(
            period.pk, indicator_ids, include_submitted, list(self.thresholds.values()),
            also=[(sorted(earlier), sorted(cadence)), ([previous_id] if previous_id else [], indicator_ids)],
            district_unit_ids=district_units, window=(start, end), placed_on_day=place_day(period),
        ):
            key = (bucket.period_id, bucket.indicator_id)
            if bucket.period_id == period.pk or (bucket.period_id in earlier and bucket.indicator_id in cadence):
                self.buckets[key].append((self.bucket_area(bucket), bucket))
            if bucket.period_id == previous_id:
                self.previous_buckets[key].append((None, bucket))
        named = {t.institution_id for ts in self.targets_by_indicator.values() for t in ts if t.institution_id}
        self.institution_figures = defaultdict(list)
        for bucket in fetch_institution_figures(period_ids, indicator_ids, named, include_submitted):
            self.institution_figures[(bucket.period_id, bucket.indicator_id, bucket.institution_id)].append(bucket)
        self.institution_counts = [
            (kind, level, self.area_of(area_id, unit_id), unit_id, n)
            for kind, level, area_id, unit_id, n in fetch_institution_counts(period, district_units)
        ]
        self._load_areas()
        self._scope_memos, self._totals = {}, {}

    def _cadence_indicator_ids(self):
        """Indicators with a target judged over more than one year (their earlier years are read)."""
        by_id = {indicator.pk: indicator for indicator in self.indicators}
        return sorted(
            indicator_id for indicator_id, targets in self.targets_by_indicator.items()
            if any(effective_cadence(by_id[indicator_id].aggregation, t.cadence_years) > 1 for t in targets)
        )

    def _thresholds(self):
        """Per-institution targets judged on this period alone: counted in the figures' GROUP BY."""
        by_id = {indicator.pk: indicator for indicator in self.indicators}
        result = {}
        for indicator_id, targets in self.targets_by_indicator.items():
            aggregation = by_id[indicator_id].aggregation
            for t in targets:
                bounded = t.target_min is not None or t.target_max is not None
                if t.scope_mode == ScopeMode.EACH and bounded and effective_cadence(aggregation, t.cadence_years) == 1:
                    low = each_minimum(t.target_min, aggregation, 1, self.period.kind == PeriodKind.HALF_YEAR)
                    result[t.pk] = Threshold(t.pk, indicator_id, low, t.target_max)
        return result

    def _load_periods(self):
        period = self.period
        cadence = max((t.cadence_years for ts in self.targets_by_indicator.values() for t in ts), default=1)
        query = Q(kind=PeriodKind.ANNUAL, year__gte=period.year - cadence + 1, year__lt=period.year)
        if period.kind != PeriodKind.AD_HOC:
            query |= Q(kind=period.kind, year=period.year - 1)
        others = list(Period.objects.filter(plan=self.plan).filter(query).exclude(pk=period.pk))
        self.previous_period = next(
            (p for p in others if p.kind == period.kind and p.year == period.year - 1 and p.kind != PeriodKind.AD_HOC),
            None,
        )
        self.annual_by_year = {p.year: p for p in others if p.kind == PeriodKind.ANNUAL}
        self.related_periods = [period, *others]

    def window(self, cadence):
        """The periods of a cadence window: the annual reports of the block's earlier years, and this period.

        Blocks are counted from the plan's first year as the plan file says (2016–2017,
        2018–2019, 2020 for "once every two years"); a period judges its block up to its year.
        """
        block = cadence_block(
            start_year=self.plan.start_year, end_year=self.plan.end_year, year=self.period.year, cadence_years=cadence
        )
        periods = [self.annual_by_year[year] for year in block if year < self.period.year and year in self.annual_by_year]
        return block, [*periods, self.period]

    def area_of(self, admin_area_id, unit_id):
        """The district of an institution (``institutions.areas``) from the one its admin unit
        gives (``queries.FIGURES_SQL``, ``queries._admin_area``) and its reporting unit."""
        return institution_area(self.unit_areas.get(unit_id), admin_area_id)

    def bucket_area(self, bucket):
        if bucket.kind is None:  # a unit's own figure
            return self.unit_areas.get(bucket.unit_id)
        return self.area_of(bucket.admin_area_id, bucket.institution_unit_id)

    def _load_areas(self):
        ids = {area for bs in self.buckets.values() for area, _ in bs}
        ids |= {row[2] for row in self.institution_counts}
        ids |= {unit.area_id for unit in self.units.values() if unit.is_active}
        areas = {None: PROVINCE_AREA}
        # Only the areas found (districts, or communes under the province: queries.FIGURES_SQL).
        for pk, code, name in AdminUnit.objects.filter(pk__in=ids - {None}).values_list("pk", "code", "name"):
            areas[pk] = Area(pk, code, name)
        self.areas = areas

    def ordered_areas(self):
        if getattr(self, "_ordered_areas", None) is None:
            self._ordered_areas = sorted(self.areas.values(), key=lambda area: area.sort_key)
        return self._ordered_areas

    @staticmethod
    def area_of_institution(target):
        """The area of the institution ``target`` names, where it stood on the report's day
        (annotated on the targets: ``places.area_on``)."""
        return target.area

    def unit_counts(self, scope):
        """Active reporting units in a unit-reported scope, by area: {area id: n} (shared per scope)."""
        active = [(None, None, unit.area_id, unit.pk, 1) for unit in self.units.values() if unit.is_active]
        return self._count_by_area(scope, active, "units")

    def scope_test(self, scope):
        """``test(kind, level, unit id)``: whether such figures or institutions are in ``scope``.

        Unless the scope names one reporting unit, only the unit's kind matters, so the answer is
        memoised per (kind, level, unit kind): a handful of keys among thousands of rows, kept for
        the whole report (the same scope comes back for the window, the period, the year before and
        the institution counts). Kept for the budget: without it the report of 10,000 institutions
        builds ~10 % slower (99 → 110 ms, measured 2026-12-02), beyond 3× the plain SQL.
        """
        memo = self._scope_memos.setdefault(scope, {})
        unit_kinds, by_unit = self.unit_kinds, scope.mode == ScopeMode.REPORTING_UNIT

        def test(kind, level, unit_id):
            key = (kind, level, unit_id if by_unit else unit_kinds.get(unit_id))
            ok = memo.get(key)
            if ok is None:
                ok = memo[key] = scope.matches(kind, level, unit_id, unit_kinds)
            return ok

        return test

    def in_scope(self, scope, rows, describe):
        """The ``rows`` (described as (kind, level, unit id) by ``describe``) that are in ``scope``."""
        test = self.scope_test(scope)
        return [row for row in rows if test(*describe(row))]

    def in_scope_unit_ids(self, scope):
        """Every reporting unit (active or not) whose own figures count toward ``scope``."""
        test = self.scope_test(scope)
        return [pk for pk in self.units if test(None, None, pk)]

    def institution_totals(self, scope):
        """Institutions in scope active in the period, by area: {area id: n} (shared per scope)."""
        if scope.single_institution:
            return {}
        return self._count_by_area(scope, self.institution_counts, "institutions")

    def _count_by_area(self, scope, rows, name):
        """{area id: n} over the ``rows`` (kind, level, area id, unit id, n) in ``scope``, once per
        scope and ``name`` of the rows (not to be changed: the dict is shared)."""
        totals = self._totals.get((name, scope))
        if totals is None:
            totals = defaultdict(int)
            for _kind, _level, area_id, _unit_id, n in self.in_scope(scope, rows, _describe_count):
                totals[area_id] += n
            totals = self._totals[(name, scope)] = dict(totals)
        return totals


def _describe_count(row):
    return row[0], row[1], row[3]


def describe_bucket(pair):
    """(kind, level, unit id) of an (area id, Bucket) pair."""
    row = pair[1]
    return row.kind, row.level, row.unit_id
