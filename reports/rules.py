"""How figures add up, and how an actual figure is judged against a target.

Rules:

- ``sum``: the total of the figures; ``latest``: the figures of the period itself, added up
  over institutions (one period holds each institution's latest figure); ``average``: their
  mean; ``share_yes``: the percentage of figures that are 1 (yes), of those reported.
- A target with neither a minimum nor a maximum has status ``no_target``; with no figure
  reported in its scope, ``no_data``; else ``below`` (actual < min), ``above`` (actual > max)
  or ``within``.
- A per-institution target (scope ``each``) is ``below`` while any institution in scope
  (reported or not) has not reached the minimum; ``above`` when every one of them went beyond
  the maximum; ``within`` otherwise. Its ``actual`` is the group's aggregate (for counts, the
  minimum and maximum times the number of institutions are given beside it); its percentage
  is the share of the institutions that reached the minimum (``meeting`` of ``total``).
- A six-month report judges progress toward the year (``progress_of``): ``on_track`` or
  ``behind``, never met or unmet.
"""
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_noop

from targets.models import Aggregation

HUNDRED = Decimal(100)
CENTS = Decimal("0.01")
ONE = Decimal(1)
TENTH = Decimal("0.1")

BELOW, WITHIN, ABOVE, NO_TARGET, NO_DATA = "below", "within", "above", "no_target", "no_data"
ON_TRACK, BEHIND = "on_track", "behind"
STATUSES = (BELOW, WITHIN, ABOVE, NO_TARGET, NO_DATA)
PROGRESS_STATUSES = (ON_TRACK, BEHIND, NO_TARGET, NO_DATA)  # a six-month report's
# Vietnamese in the report data and the documents; pages translate them when they show them.
STATUS_LABELS = {
    BELOW: gettext_noop("Chưa đạt"),
    WITHIN: gettext_noop("Đạt"),
    ABOVE: gettext_noop("Vượt"),
    NO_TARGET: gettext_noop("Không có chỉ tiêu"),
    NO_DATA: gettext_noop("Chưa có số liệu"),
    ON_TRACK: gettext_noop("Đúng tiến độ"),
    BEHIND: gettext_noop("Chậm tiến độ"),
}


def clean(number):
    """A Decimal with at most two decimals, written as an integer when it is whole."""
    if number is None:
        return None
    if isinstance(number, int):
        return Decimal(number)
    number = Decimal(number)
    if number == number.to_integral_value():  # whole (the usual figure): nothing to round
        return number.quantize(ONE)
    number = number.quantize(CENTS, rounding=ROUND_HALF_UP)
    if number == number.to_integral_value():
        return number.quantize(ONE)
    return number.normalize()


def combine(aggregation, total, count, yes):
    """The indicator's own aggregate of figures summing to ``total`` (``count`` of them, ``yes`` ones)."""
    if not count:
        return None
    if aggregation == Aggregation.AVERAGE:
        return clean(Decimal(total) / count)
    if aggregation == Aggregation.SHARE_YES:
        return (Decimal(yes) * HUNDRED / count).quantize(TENTH, rounding=ROUND_HALF_UP)
    return clean(total)


def percent(part, whole):
    """``part`` as a percentage of ``whole``, one decimal, or None when it has no meaning."""
    if part is None or whole is None or whole == 0:
        return None
    return (Decimal(part) * HUNDRED / Decimal(whole)).quantize(TENTH, rounding=ROUND_HALF_UP)


def status_of(actual, low, high):
    if low is None and high is None:
        return NO_TARGET
    if actual is None:
        return NO_DATA
    if low is not None and actual < low:
        return BELOW
    if high is not None and actual > high:
        return ABOVE
    return WITHIN


def status_of_each(*, total, reported, meeting, above, low, high):
    """Status of a per-institution target from institution counts (see the module docstring)."""
    if low is None and high is None:
        return NO_TARGET
    if not reported:
        return NO_DATA
    if low is not None and (meeting or 0) < total:
        return BELOW
    if high is not None and total and (above or 0) >= total:
        return ABOVE
    return WITHIN


def scaled_bound(bound, aggregation, per_institution, total):
    """The group equivalent of a per-institution bound: times the number of institutions for counts."""
    if bound is None:
        return None
    if per_institution and aggregation in (Aggregation.SUM, Aggregation.LATEST):
        return clean(bound * (total or 0))
    return clean(bound)


def progress_of(status, *, actual, low_total, aggregation, per_institution, cadence):
    """A six-month report's status of a target whose annual ``status`` is given: progress toward the year.

    - A count that adds up over the year (``sum``, judged on one year, for a group or one
      institution) is on track when the figure so far reaches half of the year's minimum
      (``low_total``); with no minimum, on track.
    - A per-institution target is on track when every institution is (``status`` was worked out
      with ``each_minimum``: half the minimum for a count of one year, as above, for each).
    - Everything else is judged against the annual requirement as is, the met statuses being on
      track: a level (``latest`` stock, ``average``, ``share_yes`` percentage or yes/no, also per
      institution) is already what the year is measured on, and half a percentage means nothing;
      a target of several years (``cadence`` > 1) asks for an event within the block, held or not.
    ``no_target`` and ``no_data`` stay as they are.
    """
    if status in (NO_TARGET, NO_DATA):
        return status
    if aggregation == Aggregation.SUM and not per_institution and cadence == 1:
        if low_total is None:
            return ON_TRACK
        return ON_TRACK if actual * 2 >= low_total else BEHIND
    return ON_TRACK if status in (WITHIN, ABOVE) else BEHIND


def each_minimum(low, aggregation, cadence, progress):
    """The minimum each institution of a per-institution target is counted against: the target's,
    or half of it in a six-month report (``progress``) for a count of one year (see ``progress_of``)."""
    if low is not None and progress and aggregation == Aggregation.SUM and cadence == 1:
        return clean(low / 2)
    return low
