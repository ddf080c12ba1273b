"""Everything one report needs, loaded in a fixed number of queries."""
from collections import defaultdict

from django.db.models import Q

from institutions.models import AdminUnit, ReportingUnit
from targets.models import Target

from ..models import Period, PeriodKind
from ..selectors import indicators_for_period
from .areas import PROVINCE_AREA, Area, institution_area_id, unit_area_id
from .queries import fetch_buckets, fetch_institution_counts, fetch_institution_figures


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
        period_ids = [p.pk for p in self.related_periods]
        self.buckets = defaultdict(list)
        for bucket in fetch_buckets(period_ids, indicator_ids, include_submitted):
            self.buckets[(bucket.period_id, bucket.indicator_id)].append(bucket)
        named = {t.institution_id for ts in self.targets_by_indicator.values() for t in ts if t.institution_id}
        self.institution_figures = defaultdict(list)
        for bucket in fetch_institution_figures(period_ids, indicator_ids, named, include_submitted):
            self.institution_figures[(bucket.period_id, bucket.indicator_id, bucket.institution_id)].append(bucket)
        self.institution_counts = fetch_institution_counts()
        self._load_areas()

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
        """The periods of a cadence window: the annual reports of the earlier years, and this period."""
        years = list(range(self.period.year - cadence + 1, self.period.year + 1))
        periods = [self.annual_by_year[year] for year in years[:-1] if year in self.annual_by_year]
        return years, [*periods, self.period]

    def _load_areas(self):
        areas = {}
        for unit in self.units.values():
            area_id = unit_area_id(unit)
            if area_id is not None and unit.is_active:
                areas[area_id] = Area(area_id, unit.admin_unit.code, unit.admin_unit.name)
        seen = {b.area_id for bs in self.buckets.values() for b in bs}
        seen |= {row[2] for row in self.institution_counts}
        missing = {pk for pk in seen if pk is not None and pk not in areas}
        if missing:
            for admin in AdminUnit.objects.filter(pk__in=missing).only("code", "name"):
                areas[admin.pk] = Area(admin.pk, admin.code, admin.name)
        self.areas = {None: PROVINCE_AREA, **areas}

    def ordered_areas(self):
        return sorted(self.areas.values(), key=lambda area: area.sort_key)

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
        for kind, level, area_id, unit_id, n in self.institution_counts:
            if scope.matches(kind, level, unit_id, self.unit_kinds):
                counts[area_id] += n
        return counts
