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
from django.db.models import Avg, BigIntegerField, BooleanField, Case, Count, F, Max, OuterRef, Q, Subquery, Sum, Value, When

from institutions.areas import admin_area_expression
from institutions.models import AdminLevel, AdminUnit, Institution
from institutions.places import PLACE_ADMIN_SQL, PLACE_JOIN_SQL, PLACE_UNIT_SQL, place_day, placed_on
from institutions.selectors import active_in
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
    admin_area_id: int | None  # the district its admin unit gives (``FIGURES_SQL``), or None
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


class _Params(dict):
    """Named parameters of the raw statement (``%(name)s``): no positions to keep in step."""

    def many(self, name, values):
        """The placeholders of ``values`` for an ``IN (...)``, one named parameter each; NULL
        (which matches nothing) for none."""
        names = [f"{name}_{n}" for n in range(len(values))]
        self.update(zip(names, values))
        return ", ".join(f"%({name})s" for name in names) or "NULL"


# The one raw statement (docs/decisions/0005-one-raw-sql-statement.md). Institutions stand where
# they stood on the report's day (``institutions.places``: the join and its two COALESCEs). Its area
# column is ``_admin_area`` in SQL: NULL for the institutions of the area units (``ReportContext.area_of``
# finishes them), otherwise the area their admin unit gives (``areas.admin_area_expression``),
# read by a subquery in the CASE's other branch rather than by joining every figure to its admin
# unit. The periods once more outside the OR: the planners (SQLite's above all) then start from the
# submissions of those periods instead of every figure.
FIGURES_SQL = """
SELECT s.period_id, v.indicator_id, i.kind, i.level,
       CASE WHEN {place_unit} IN ({district_units}) THEN NULL ELSE (
           SELECT CASE WHEN a.level = %(district)s THEN a.id WHEN a.level = %(commune)s THEN
               CASE WHEN a.parent_id IN (SELECT pr.id FROM institutions_adminunit pr WHERE pr.level = %(province)s)
               THEN a.id ELSE a.parent_id END END
           FROM institutions_adminunit a WHERE a.id = {place_admin}
       ) END AS admin_area_id,
       {place_unit} AS institution_unit_id, s.reporting_unit_id AS unit_id,
       {institution_active} AS institution_active,
       SUM(v.value) AS total, COUNT(*) AS n, SUM(CASE WHEN v.value = 1 THEN 1 ELSE 0 END) AS yes,
       {provisional} AS provisional{thresholds}
FROM reporting_submissionvalue v
INNER JOIN reporting_submission s ON s.id = v.submission_id
LEFT OUTER JOIN institutions_institution i ON i.id = v.institution_id
{place_join}
WHERE s.period_id IN ({every_period}) AND s.status IN (%(approved)s, %(counted)s) AND v.value IS NOT NULL
  AND ({wanted})
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
"""
# Whether the figure's institution was active in the report's window (institutions.selectors.active_during).
ACTIVE_SQL = (
    "CASE WHEN i.id IS NULL THEN NULL WHEN (i.active_from IS NULL OR i.active_from <= %(window_end)s)"
    " AND (i.active_until IS NULL OR i.active_until >= %(window_start)s) THEN 1 ELSE 0 END"
)
FIXED_COLUMNS = 12  # the columns of FIGURES_SQL before its threshold counts
PROVISIONAL_SQL = "SUM(CASE WHEN s.status = %(submitted)s THEN 1 ELSE 0 END)"  # "0" when only approved count
WANTED_SQL = "(s.period_id IN ({periods}) AND v.indicator_id IN ({indicators}))"
THRESHOLD_SQL = "SUM(CASE WHEN s.period_id <> %(this_period)s THEN 0 {whens} ELSE 0 END) AS {name}"
THRESHOLD_WHEN_SQL = (
    "WHEN v.indicator_id = %({indicator})s THEN CASE WHEN v.value {operator} %({bound})s THEN 1 ELSE 0 END"
)


def _threshold_columns(params, slots):
    """The SQL of the columns m<n> (figures reaching the minimum) and a<n> (beyond the maximum)
    of the n-th threshold of each row's indicator, counted in the period ``this_period`` only:
    one comparison of the period and of the indicator a row, then one of the value. Their
    parameters go to ``params``. Returns [(column name, SQL)]."""
    columns = []
    for n in range(max(map(len, slots.values()), default=0)):
        for name, bound, operator in ((f"m{n}", "low", ">="), (f"a{n}", "high", ">")):
            whens = []
            for indicator_id, mine in slots.items():
                value = getattr(mine[n][1], bound) if len(mine) > n else None
                if value is not None:
                    params[f"indicator_{indicator_id}"], params[f"{name}_{indicator_id}"] = indicator_id, value
                    whens.append(THRESHOLD_WHEN_SQL.format(
                        indicator=f"indicator_{indicator_id}", operator=operator, bound=f"{name}_{indicator_id}"
                    ))
            if whens:
                columns.append((name, THRESHOLD_SQL.format(whens=" ".join(whens), name=name)))
    return columns


def fetch_buckets(period_id, indicator_ids, include_submitted, thresholds=(), *, also=(), district_unit_ids=(),
                  window, placed_on_day=None):
    """One query: figures grouped by period, indicator, kind, level, district (``FIGURES_SQL``)
    and reporting unit, with, for each per-institution target in ``thresholds``, how many reached
    its bounds (counted in ``period_id`` only). ``also``: more (period ids, indicator ids) read in
    the same scan (the earlier years of cadence windows, the same period a year before).
    ``window``: (first, last day) of the report's period; a bucket's institution_active says
    whether its institutions were active then. ``placed_on_day``: the day institutions are placed
    on (``places.place_day``; the window's last day unless given).

    Joins only the institution and the submission: districts are finished from the unit ids
    afterwards (``ReportContext``), on a few hundred groups. Written in SQL, not with the ORM
    (docs/decisions/0005-one-raw-sql-statement.md).
    """
    if not indicator_ids:
        return []
    params = _Params(
        commune=AdminLevel.COMMUNE, district=AdminLevel.DISTRICT, province=AdminLevel.PROVINCE,
        submitted=SubmissionStatus.SUBMITTED, placed_on=placed_on_day,
        approved=SubmissionStatus.APPROVED, counted=statuses(include_submitted)[-1],  # submitted, or approved again
        this_period=period_id, window_start=window[0], window_end=window[1],
    )
    wanted = _merged([([period_id], indicator_ids), *also])
    slots = threshold_slots(thresholds)
    columns = _threshold_columns(params, slots)
    if placed_on_day is None:
        params["placed_on"] = window[1]
    sql = FIGURES_SQL.format(
        place_join=PLACE_JOIN_SQL, place_unit=PLACE_UNIT_SQL, place_admin=PLACE_ADMIN_SQL,
        district_units=params.many("district_unit", sorted(district_unit_ids)),
        institution_active=ACTIVE_SQL,
        provisional=PROVISIONAL_SQL if include_submitted else "0",
        thresholds="".join(f", {column}" for _name, column in columns),
        every_period=params.many("period", sorted({p for periods, _indicators in wanted for p in periods})),
        wanted=" OR ".join(
            WANTED_SQL.format(periods=params.many(f"periods{n}", periods),
                              indicators=params.many(f"indicators{n}", indicators))
            for n, (periods, indicators) in enumerate(wanted)
        ),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
        names = [column[0] for column in cursor.description]
    column = {name: at for at, name in enumerate(names)}  # the threshold counts are read by their names
    counted_in = {  # indicator id: ([(target id, column of its minimum)], [(target id, column of its maximum)])
        indicator_id: ([(t.target_id, column[f"m{slot}"]) for slot, t in mine if t.low is not None],
                       [(t.target_id, column[f"a{slot}"]) for slot, t in mine if t.high is not None])
        for indicator_id, mine in slots.items()
    }
    result = []
    for row in rows:
        period_id, indicator_id, kind, level, area_id, institution_unit, unit, active, total, n, yes, provisional = (
            row[:FIXED_COLUMNS]
        )
        lows_highs = counted_in.get(indicator_id)
        if lows_highs is None:  # most indicators have no per-institution target: share one empty dict
            meeting = above = NO_COUNTS
        else:
            meeting = {target_id: row[at] or 0 for target_id, at in lows_highs[0]}
            above = {target_id: row[at] or 0 for target_id, at in lows_highs[1]}
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


def _admin_area(admin_unit):
    """The area an admin unit (an expression giving its id) gives, by a subquery rather than a
    join of every row."""
    return Subquery(AdminUnit.objects.filter(pk=OuterRef(admin_unit)).values(area=admin_area_expression()).order_by())


def fetch_institution_counts(period, district_unit_ids=()):
    """One query: institutions active in ``period`` (``active_in``), where they stood on its day
    (``places``), counted by kind, level, area and reporting unit: rows (kind, level, area id
    from the admin unit (None for the institutions of ``district_unit_ids``), unit id, n)."""
    area = Case(When(then_reporting_unit__in=sorted(district_unit_ids), then=None),
                default=_admin_area("then_admin_unit"))
    return list(
        Institution.objects.filter(active_in(period)).annotate(**placed_on(place_day(period))).annotate(area=area)
        .values_list("kind", "level", "area", "then_reporting_unit").annotate(n=Count("id")).order_by()
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
        where &= Q(then_reporting_unit=scope.reporting_unit_id)
    elif scope.mode == ScopeMode.INSTITUTION:
        where &= Q(institution_id=scope.institution_id)
    return where


def fetch_each_figures(*, indicator, scope, period_ids, include_submitted, unit_ids=(), period):
    """One query for a per-institution target judged over a cadence window: each institution (or
    unit) in scope that reported, with its own figure over ``period_ids`` (its SUM, AVG or MAX
    there, a Decimal). ``unit_ids``: for a unit-reported indicator, the units in scope; ``period``:
    the report's, in which an institution is "active" by its dates (``active_in``). Returns
    rows (institution id or None, area id from the admin unit or None, reporting unit id, is
    active (None for a unit: the caller knows, ``ReportContext.units``), figure), one per entity;
    the caller finishes the area (``ReportContext.area_of``).
    """
    if scope.unit_level:  # the unit is the entity
        columns = {"admin_area": Value(None, output_field=BigIntegerField()),
                   "unit": F("submission__reporting_unit_id"), "active": Value(None, output_field=BooleanField())}
    else:
        columns = {"admin_area": _admin_area("then_admin_unit"), "unit": F("then_reporting_unit"),
                   "active": Case(When(active_in(period, "institution__"), then=True), default=False)}
    return list(
        _values(period_ids, [indicator.pk], include_submitted)
        .annotate(**placed_on(place_day(period), "institution__")).filter(_entity_scope(scope, unit_ids))
        .annotate(**columns).values_list("institution_id", "admin_area", "unit", "active")
        .annotate(figure=_PER_ENTITY[indicator.aggregation]("value")).order_by()
    )
