"""The database side of the consolidated report: a fixed number of GROUP BY queries.

Nothing here runs a query per institution, unit or value; the number of queries depends
only on the plan (one more per per-institution target judged over a cadence window), never on
the amount of data.
"""
import decimal
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType

from django.db import connection
from django.db.models import Avg, BigIntegerField, Case, Count, F, Max, OuterRef, Q, Subquery, Sum, Value, When

from institutions.areas import admin_area_expression
from institutions.models import AdminLevel, AdminUnit, Institution
from targets.models import Aggregation, ScopeMode

from reporting.models import Submission, SubmissionStatus, SubmissionValue


def statuses(include_submitted):
    """Submission statuses whose figures count: approved, and submitted ones when asked."""
    if include_submitted:
        return [SubmissionStatus.APPROVED, SubmissionStatus.SUBMITTED]
    return [SubmissionStatus.APPROVED]


NO_COUNTS = MappingProxyType({})  # read-only: shared by every bucket without threshold counts


@dataclass(slots=True)
class Bucket:
    """Figures of one indicator in one period, added up over institutions alike in kind, level,
    district and reporting unit (kind is None for a unit's own figures)."""

    period_id: int
    indicator_id: int
    kind: str | None
    level: str | None
    admin_area_id: int | None  # the district its admin unit gives (``area_sql``), or None
    institution_unit_id: int | None  # the institution's reporting unit
    unit_id: int  # the submission's reporting unit
    institution_id: int | None
    total: Decimal
    count: int
    yes: int
    provisional: int
    institution_active: bool | None = None  # None for a unit's own figure
    meeting: dict = field(default_factory=dict)  # per-institution target id -> figures >= its minimum
    above: dict = field(default_factory=dict)  # per-institution target id -> figures > its maximum


def _table(model):
    return connection.ops.quote_name(model._meta.db_table)


def _placeholders(values):
    return ", ".join(["%s"] * len(values))


# The district an admin unit ``a`` gives (SQL twin of ``institutions.areas.admin_area``): a commune's parent,
# a district itself, NULL for the province.
ADMIN_AREA = "CASE WHEN a.level = %s THEN a.parent_id WHEN a.level = %s THEN a.id ELSE NULL END"
ADMIN_AREA_PARAMS = (AdminLevel.COMMUNE, AdminLevel.DISTRICT)


def area_sql(institution="i", district_unit_ids=()):
    """(SQL, params): an institution's district from its admin unit, as one grouping column: the
    commune's parent for a commune, the unit itself for a district, NULL for the province.
    Grouping by it keeps one group per district, not one per commune.

    Institutions reported by a district's People's Committee take that district whatever their
    admin unit (``areas``), so for them (``district_unit_ids``) the column is NULL and the admin
    unit is never read: a subquery in the CASE's other branch instead of joining every figure to
    its admin unit. ``ReportContext.area_of`` puts the two together.
    """
    from_admin = f"(SELECT {ADMIN_AREA} FROM {_table(AdminUnit)} a WHERE a.id = {institution}.admin_unit_id)"
    params = list(ADMIN_AREA_PARAMS)
    if not district_unit_ids:
        return from_admin, params
    units = sorted(district_unit_ids)
    return (f"CASE WHEN {institution}.reporting_unit_id IN ({_placeholders(units)}) THEN NULL ELSE {from_admin} END",
            [*units, *params])


def _values(period_ids, indicator_ids, include_submitted):
    """Counted figures of ``indicator_ids`` in ``period_ids``."""
    return SubmissionValue.objects.filter(
        submission__period_id__in=period_ids, indicator_id__in=indicator_ids,
        submission__status__in=statuses(include_submitted), value__isnull=False,
    )


def _figures(include_submitted):
    figures = {"total": Sum("value"), "n": Count("id"), "yes": Count("id", filter=Q(value=1))}
    if include_submitted:
        figures["prov"] = Count("id", filter=Q(submission__status=SubmissionStatus.SUBMITTED))
    return figures


_FLOAT_CONTEXT = decimal.Context(prec=15)
_CENTS = Decimal("0.01")
_SUM_CONTEXT = decimal.Context(prec=SubmissionValue._meta.get_field("value").max_digits)


def _decimal(value):
    """A SUM as Decimal: PostgreSQL gives a Decimal; SQLite an int or a float, read as Django's
    own converter for a DecimalField reads it (15 significant digits, then two decimals)."""
    if value is None or isinstance(value, Decimal):
        return value
    if isinstance(value, int):  # whole figures, the usual case
        return Decimal(value)
    return _FLOAT_CONTEXT.create_decimal_from_float(value).quantize(_CENTS, context=_SUM_CONTEXT)


def _bucket(row, institution_id):
    """A Bucket of one named institution from a ``.values()`` row (``fetch_institution_figures``)."""
    return Bucket(
        period_id=row["submission__period_id"],
        indicator_id=row["indicator_id"],
        kind=row["institution__kind"],
        level=row["institution__level"],
        admin_area_id=None,
        institution_unit_id=None,
        unit_id=None,
        institution_id=institution_id,
        total=row["total"] if row["total"] is not None else Decimal(0),
        count=row["n"],
        yes=row["yes"],
        provisional=row.get("prov", 0),
        meeting=NO_COUNTS,
        above=NO_COUNTS,
    )


@dataclass(frozen=True)
class Threshold:
    """A per-institution target judged on one period: its figures are counted against its bounds
    in the same GROUP BY (each institution has one figure per indicator and period)."""

    target_id: int
    indicator_id: int
    low: Decimal | None
    high: Decimal | None


def threshold_slots(thresholds):
    """{indicator id: [(slot, Threshold)]}: the n-th per-institution target of an indicator is
    counted in the n-th pair of columns (m<n>, a<n>), so the query has as many columns as the
    most thresholds any one indicator has, not one pair per target."""
    slots = {}
    for t in thresholds:
        mine = slots.setdefault(t.indicator_id, [])
        mine.append((len(mine), t))
    return slots


def _threshold_sql(slots, period_id):
    """(SQL, params) of the columns m<n> (figures reaching the minimum) and a<n> (beyond the
    maximum) of the n-th threshold of each row's indicator, counted in ``period_id`` only: one
    comparison of the period and of the indicator a row, then one of the value. Returns the
    columns' SQL, their params, and {column name: its index among these columns}."""
    columns, params, at = [], [], {}
    for n in range(max((len(mine) for mine in slots.values()), default=0)):
        for prefix, bound, operator in (("m", "low", ">="), ("a", "high", ">")):
            whens = []
            for indicator_id, mine in slots.items():
                if len(mine) > n and getattr(mine[n][1], bound) is not None:
                    whens.append(f"WHEN v.indicator_id = %s THEN CASE WHEN v.value {operator} %s THEN 1 ELSE 0 END")
                    params += [indicator_id, getattr(mine[n][1], bound)]
            if whens:
                at[f"{prefix}{n}"] = len(columns)
                columns.append(f"SUM(CASE WHEN s.period_id <> %s THEN 0 {' '.join(whens)} ELSE 0 END)")
                params.insert(len(params) - 2 * len(whens), period_id)
    return columns, params, at


def _merged(wanted):
    """(periods, indicators) pairs with the same figures, fewer of them: a pair that another
    covers is dropped, pairs naming the same indicators are merged. An annual report's "earlier
    years of a cadence window" are usually just the year before, already read for every
    indicator: the WHERE is then one IN per column, not an OR the planners misjudge."""
    pairs = list(dict.fromkeys(
        (frozenset(periods), frozenset(indicators)) for periods, indicators in wanted if periods and indicators
    ))
    kept = [
        (periods, indicators) for periods, indicators in pairs
        if not any((periods, indicators) != other and periods <= other[0] and indicators <= other[1] for other in pairs)
    ]
    by_indicators = {}
    for periods, indicators in kept:
        by_indicators[indicators] = by_indicators.get(indicators, frozenset()) | periods
    return [(sorted(periods), sorted(indicators)) for indicators, periods in by_indicators.items()]


FIGURES_SQL = """
SELECT s.period_id, v.indicator_id, i.kind, i.level, {area}, i.reporting_unit_id, s.reporting_unit_id,
       i.is_active, SUM(v.value), COUNT(*), SUM(CASE WHEN v.value = 1 THEN 1 ELSE 0 END),
       {provisional}{more}
FROM {values} v
INNER JOIN {submissions} s ON s.id = v.submission_id
LEFT OUTER JOIN {institutions} i ON i.id = v.institution_id
WHERE s.period_id IN ({every_period}) AND s.status IN ({statuses}) AND v.value IS NOT NULL AND ({wanted})
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
"""


def fetch_buckets(period_id, indicator_ids, include_submitted, thresholds=(), *, also=(), district_unit_ids=()):
    """One query: figures grouped by period, indicator, kind, level, district (``area_sql``)
    and reporting unit, with, for each per-institution target in ``thresholds``, how many reached
    its bounds (counted in ``period_id`` only). ``also``: more (period ids, indicator ids) read in
    the same scan (the earlier years of cadence windows, the same period a year before).

    Joins only the institution and the submission: districts are finished from the unit ids
    afterwards (``ReportContext``), on a few hundred groups. Written in SQL, not with the ORM:
    building and compiling the CASE expressions cost more than the rest of the report's Python.
    """
    if not indicator_ids:
        return []
    wanted, wanted_params, every_period = [], [], set()
    for periods, indicators in _merged([([period_id], indicator_ids), *also]):
        if periods and indicators:
            wanted.append(
                f"(s.period_id IN ({_placeholders(periods)}) AND v.indicator_id IN ({_placeholders(indicators)}))"
            )
            wanted_params += [*periods, *indicators]
            every_period.update(periods)
    area, area_params = area_sql("i", district_unit_ids)
    slots = threshold_slots(thresholds)
    threshold_columns, threshold_params, threshold_at = _threshold_sql(slots, period_id)
    wanted_statuses = statuses(include_submitted)
    sql = FIGURES_SQL.format(
        area=area, more="".join(f", {column}" for column in threshold_columns),
        provisional="SUM(CASE WHEN s.status = %s THEN 1 ELSE 0 END)" if include_submitted else "0",
        values=_table(SubmissionValue), submissions=_table(Submission), institutions=_table(Institution),
        every_period=_placeholders(every_period), statuses=_placeholders(wanted_statuses), wanted=" OR ".join(wanted),
    )
    # All the periods once more, outside the OR: the planners (SQLite's above all) then start from
    # the submissions of those periods instead of every figure.
    provisional_params = [SubmissionStatus.SUBMITTED] if include_submitted else []
    params = [*area_params, *provisional_params, *threshold_params, *sorted(every_period), *wanted_statuses,
              *wanted_params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    first = 12  # the threshold columns follow the twelve above
    columns = {indicator_id: ([(t.target_id, first + threshold_at[f"m{n}"]) for n, t in mine if t.low is not None],
                              [(t.target_id, first + threshold_at[f"a{n}"]) for n, t in mine if t.high is not None])
               for indicator_id, mine in slots.items()}
    result = []
    for row in rows:
        period_id, indicator_id, kind, level, area_id, institution_unit, unit, active, total, n, yes, provisional = (
            row[:first]
        )
        counted = columns.get(indicator_id)
        if counted is None:  # most indicators have no per-institution target: share one empty dict
            meeting = above = NO_COUNTS
        else:
            meeting = {target_id: row[index] or 0 for target_id, index in counted[0]}
            above = {target_id: row[index] or 0 for target_id, index in counted[1]}
        result.append(Bucket(
            period_id, indicator_id, kind, level, area_id, institution_unit, unit, None,
            Decimal(0) if total is None else _decimal(total), n, yes, provisional or 0,
            None if active is None else bool(active), meeting, above,
        ))
    return result


def fetch_institution_figures(period_ids, indicator_ids, institution_ids, include_submitted):
    """One query: the figures of the few institutions named by single-institution targets."""
    if not institution_ids:
        return []
    rows = (
        _values(period_ids, indicator_ids, include_submitted)
        .filter(institution_id__in=institution_ids)
        .values("submission__period_id", "indicator_id", "institution_id", "institution__kind", "institution__level")
        .annotate(**_figures(include_submitted))
        .order_by()
    )
    return [_bucket(row, institution_id=row["institution_id"]) for row in rows]


def _admin_area(district_unit_ids):
    """ORM twin of ``area_sql``: None for the institutions of ``district_unit_ids``, otherwise the
    district their admin unit gives, read by a subquery rather than a join of every row."""
    from_admin = AdminUnit.objects.filter(pk=OuterRef("admin_unit_id")).values(area=admin_area_expression()).order_by()
    return Case(When(reporting_unit_id__in=sorted(district_unit_ids), then=None), default=Subquery(from_admin))


def fetch_institution_counts(district_unit_ids=()):
    """One query: active institutions counted by kind, level, district (``area_sql``) and
    reporting unit: rows (kind, level, area id from the admin unit, unit id, n)."""
    return list(
        Institution.objects.filter(is_active=True).annotate(area=_admin_area(district_unit_ids))
        .values_list("kind", "level", "area", "reporting_unit_id").annotate(n=Count("id")).order_by()
    )


_PER_ENTITY = {  # an entity's own figure over a window
    Aggregation.SUM: Sum,
    Aggregation.AVERAGE: Avg,
    Aggregation.SHARE_YES: Max,
    Aggregation.LATEST: Sum,  # over one period: the entity's own figure
}


def _entity_scope(scope, unit_ids):
    """The figures of the entities in ``scope``: institutions by their fields, or for a
    unit-reported indicator the units ``unit_ids`` (the caller's scope test)."""
    if scope.unit_level:
        return Q(institution__isnull=True, submission__reporting_unit_id__in=unit_ids)
    where = Q(institution__isnull=False)
    if scope.kind:
        where &= Q(institution__kind=scope.kind)
    if scope.levels:
        where &= Q(institution__level__in=scope.levels)
    if scope.mode == ScopeMode.REPORTING_UNIT:
        where &= Q(institution__reporting_unit_id=scope.reporting_unit_id)
    elif scope.mode == ScopeMode.INSTITUTION:
        where &= Q(institution_id=scope.institution_id)
    return where


def fetch_each_figures(*, indicator, scope, period_ids, include_submitted, unit_ids=()):
    """One query for a per-institution target judged over a cadence window: each institution (or
    unit) in scope that reported, with its own figure over ``period_ids`` (its SUM, AVG or MAX
    there, a Decimal). ``unit_ids``: for a unit-reported indicator, the units in scope. Returns
    rows (institution id or None, area id from the admin unit or None, reporting unit id, is
    active, figure), one per entity; the caller finishes the area (``ReportContext.area_of``).
    """
    if scope.unit_level:  # the unit is the entity
        columns = {"admin_area": Value(None, output_field=BigIntegerField()), "unit": F("submission__reporting_unit_id"),
                   "active": F("submission__reporting_unit__is_active")}
    else:
        columns = {"admin_area": admin_area_expression("institution__admin_unit__"),
                   "unit": F("institution__reporting_unit_id"), "active": F("institution__is_active")}
    return list(
        _values(period_ids, [indicator.pk], include_submitted).filter(_entity_scope(scope, unit_ids))
        .annotate(**columns).values_list("institution_id", "admin_area", "unit", "active")
        .annotate(figure=_PER_ENTITY[indicator.aggregation]("value")).order_by()
    )
