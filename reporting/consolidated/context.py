"""Everything one report needs, loaded in a fixed number of queries."""
from collections import defaultdict

from django.db.models import Q

from institutions.models import AdminLevel, AdminUnit, ReportingUnit
from targets.models import ScopeMode, Target
from targets.selectors import cadence_block

from ..models import Period, PeriodKind
from ..selectors import indicators_for_period
from .areas import PROVINCE_AREA, Area, institution_area_id, unit_area_id
from .queries import Threshold, fetch_buckets, fetch_institution_counts, fetch_institution_figures
from .rules import effective_cadence


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
            .select_related(
                "institution__admin_unit", "institution__reporting_unit__admin_unit", "reporting_unit__admin_unit"
            )
            .order_by("order", "key")
        ):
            self.targets_by_indicator[target.indicator_id].append(target)
        self._load_periods()
        self.units = {unit.pk: unit for unit in ReportingUnit.objects.select_related("admin_unit")}
        self.unit_kinds = {pk: unit.kind for pk, unit in self.units.items()}
        # Communes are never an area (institutions of communes are grouped under the parent,
        # see queries.admin_columns): only provinces and districts are read.
        self.admin_units = {
            row[0]: row[1:]
            for row in AdminUnit.objects.exclude(level=AdminLevel.COMMUNE).values_list(
                "pk", "code", "name", "level", "parent_id"
            )
        }
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
            [period.pk], indicator_ids, include_submitted, list(self.thresholds.values()),
            also=[(sorted(earlier), sorted(cadence)), ([previous_id] if previous_id else [], indicator_ids)],
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
            (kind, level, self.area_of(admin_id, unit_id, parent_id), unit_id, n)
            for kind, level, admin_id, parent_id, unit_id, n in fetch_institution_counts()
        ]
        self._load_areas()

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
                    result[t.pk] = Threshold(t.pk, indicator_id, t.target_min, t.target_max)
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

    def area_of(self, admin_unit_id, unit_id, commune_parent_id=None):
        """The district of an institution from its admin unit and reporting unit (see ``areas``);
        for an institution of a commune, ``admin_unit_id`` is None and ``commune_parent_id`` the
        commune's parent (``queries.admin_columns``)."""
        unit = self.units.get(unit_id)
        if unit is not None:
            unit_area = unit_area_id(unit)
            if unit_area is not None:
                return unit_area
        if commune_parent_id is not None:
            return commune_parent_id
        admin = self.admin_units.get(admin_unit_id)
        if admin is None:
            return None
        _code, _name, level, parent_id = admin
        if level == AdminLevel.DISTRICT:
            return admin_unit_id
        if level == AdminLevel.COMMUNE:
            return parent_id
        return None

    def bucket_area(self, bucket):
        if bucket.kind is None:  # a unit's own figure
            key = ("unit", bucket.unit_id)
        else:
            key = (bucket.admin_unit_id, bucket.institution_unit_id, bucket.commune_parent_id)
        memo = self.__dict__.setdefault("_bucket_areas", {})
        if key in memo:
            return memo[key]
        if bucket.kind is None:
            unit = self.units.get(bucket.unit_id)
            area = unit_area_id(unit) if unit is not None else None
        else:
            area = self.area_of(*key)
        memo[key] = area
        return area

    def _load_areas(self):
        ids = {area for bs in self.buckets.values() for area, _ in bs}
        ids |= {row[2] for row in self.institution_counts}
        ids |= {unit_area_id(unit) for unit in self.units.values() if unit.is_active}
        areas = {None: PROVINCE_AREA}
        for pk in ids - {None}:
            code, name, _level, _parent = self.admin_units[pk]
            areas[pk] = Area(pk, code, name)
        self.areas = areas

    def ordered_areas(self):
        if getattr(self, "_ordered_areas", None) is None:
            self._ordered_areas = sorted(self.areas.values(), key=lambda area: area.sort_key)
        return self._ordered_areas

    def area_of_institution(self, institution):
        return institution_area_id(institution)

    def unit_counts(self, scope):
        """Active reporting units in a unit-reported scope, by area: {area id: n}."""
        counts = defaultdict(int)
        for unit in self.units.values():
            if unit.is_active and scope.matches(None, None, unit.pk, self.unit_kinds):
                counts[unit_area_id(unit)] += 1
        return counts

    def institution_totals(self, scope):
        """Active institutions in scope, by area: {area id: n}."""
        counts = defaultdict(int)
        if scope.single_institution:
            return counts
        matches = {}  # (kind, level, unit): in scope
        for kind, level, area_id, unit_id, n in self.institution_counts:
            key = (kind, level, unit_id)
            ok = matches.get(key)
            if ok is None:
                ok = matches[key] = scope.matches(kind, level, unit_id, self.unit_kinds)
            if ok:
                counts[area_id] += n
        return counts
