"""Checks on reported figures, shared by the web form and the Excel upload.

Hard errors (wrong type, negative count, fraction where a whole number is due) block saving.
Warnings (a jump of more than three times, a drop below a third, an annual running count below
the six-month one, a figure more than five times the top of its target or under a tenth of its
bottom: a likely typo) must be confirmed with an explanation before submitting.
"""
import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from laichau_plan.formatting import plain_number
from laichau_plan.text import quoted
from targets.models import ValueType

from .models import SubmissionStatus, SubmissionValue
from .periods import previous_like_period, same_year_half_period
from .selectors import cell_key
from .target_bounds import TargetBounds, period_targets

YES_WORDS = {"1", "có", "co", "yes", "x", "true", "đạt"}
NO_WORDS = {"0", "không", "khong", "no", "false"}
MAX_VALUE = Decimal("99999999999999")


class InvalidValue(Exception):
    """A figure that cannot be accepted; the message is Vietnamese and says why."""


def _grouped(text, separator):
    """Whether ``text`` is a whole number written in thousands groups: 12.345, 1.234.567 (never
    0.125 or 00.125: a thousands-grouped number does not begin with 0)."""
    return re.fullmatch(rf"[-+]?[1-9]\d{{0,2}}(?:{re.escape(separator)}\d{{3}})+", text) is not None


def _normalise_number_text(text):
    """What a user typed, as Python's Decimal reads it; raises InvalidOperation when it is no number.

    The rules (the form's help text says them):

    - spaces are ignored: 12 345 is 12345;
    - a comma alone is the decimal mark, the Vietnamese way: 12,5 and 0,125; so 12,345 is twelve
      point three four five, never twelve thousand (several commas are not a number);
    - dots alone: 12.345 and 1.234.567 are thousands groups (one to three digits, not beginning
      with 0, then groups of three), in every kind of field, so 1.234 is 1234 even where a
      decimal is due (a clerk who meant 1,234 is told by the target warning); anything else
      with one dot is a decimal: 1.5 (what a clerk writing 1,5 means too), 12.50, 1234.5, 0.5,
      0.125 and 00.125 (a leading 0 is never a thousands group); other dots are no number (1.2.3);
    - both a dot and a comma: the last one is the decimal mark and the other separates
      thousands in groups of three, so 1.234,5 (Vietnamese) and 1,234.5 (English) are both
      1234,5, and 1,23.5 is no number.

    What is read is then checked as any figure: 0.125 is refused for its three decimals, -0.5
    for being negative, never taken for 125 or 5.
    """
    text = text.replace(" ", "").replace("\u00a0", "")
    if "," in text and "." in text:
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
        whole, _mark, fraction = text.rpartition(decimal)
        thousands = "." if decimal == "," else ","
        if not _grouped(whole, thousands):
            raise InvalidOperation(text)
        return f"{whole.replace(thousands, '')}.{fraction}"
    if "," in text:
        if text.count(",") > 1:
            raise InvalidOperation(text)
        return text.replace(",", ".")
    if _grouped(text, "."):
        return text.replace(".", "")  # 12.345 is twelve thousand three hundred and forty-five
    if text.count(".") > 1:
        raise InvalidOperation(text)
    return text


def parse_value(indicator, raw):
    """Turn what a user typed (or a cell held) into a Decimal, or None when empty.

    Text is read by the rules of ``_normalise_number_text`` (12.345 thousands, 12,5 decimal).

    Raises InvalidValue with a Vietnamese message when the value is not acceptable.
    """
    if raw is None:
        return None
    if isinstance(raw, bool):
        raw = 1 if raw else 0
    if isinstance(raw, str):
        text = raw.strip()
        if text == "":
            return None
        if indicator.value_type == ValueType.BOOLEAN:
            word = text.lower()
            if word in YES_WORDS:
                return Decimal(1)
            if word in NO_WORDS:
                return Decimal(0)
            raise InvalidValue(_("%(text)s không phải Có/Không (ghi 1 hoặc 0)") % {"text": quoted(text)})
        try:
            number = Decimal(_normalise_number_text(text))
        except InvalidOperation:
            raise InvalidValue(_("%(text)s không phải là số") % {"text": quoted(text)}) from None
    elif isinstance(raw, (int, Decimal)):
        number = Decimal(raw)
    elif isinstance(raw, float):
        number = Decimal(str(raw))
    else:
        raise InvalidValue(_("%(text)s không phải là số") % {"text": quoted(raw)})
    if not number.is_finite():
        raise InvalidValue(_("giá trị không hợp lệ"))
    return _check_number(indicator, number)


def _check_number(indicator, number):
    if number < 0:
        raise InvalidValue(_("không được là số âm"))
    if number > MAX_VALUE:
        raise InvalidValue(_("số quá lớn"))
    if indicator.value_type == ValueType.INTEGER and number != number.to_integral_value():
        raise InvalidValue(_("phải là số nguyên"))
    if indicator.value_type == ValueType.BOOLEAN and number not in (0, 1):
        raise InvalidValue(_("chỉ ghi 1 (có) hoặc 0 (không)"))
    if indicator.value_type == ValueType.PERCENT and number > 100:
        raise InvalidValue(_("tỷ lệ không được lớn hơn 100"))
    if number.as_tuple().exponent < -2:
        raise InvalidValue(_("chỉ được tối đa 2 chữ số thập phân"))
    if indicator.value_type in (ValueType.INTEGER, ValueType.BOOLEAN):
        return number.quantize(Decimal(1))
    return number


@dataclass(frozen=True)
class Comparisons:
    """What one report's figures are compared with, loaded once for the whole report."""

    previous: dict  # {cell key: Decimal} of the previous like period
    half_year: dict  # {cell key: Decimal} of the same year's first half, for an annual period
    targets: TargetBounds


def comparison_values(period, unit):
    """Figures to compare against: the previous like period, for annual ones the same year's H1
    (values from approved or submitted reports only), and the plan's targets for the period's year.
    """
    return comparison_values_for_units(period, [unit])[unit.pk]


def comparison_values_for_units(period, units):
    """{unit pk: Comparisons} for the reports of several ``units`` for ``period``, as
    ``comparison_values`` gives for one, in the same few queries whatever the number of units."""
    units = list(units)
    unit_ids = [unit.pk for unit in units]

    def load(other):
        found = defaultdict(dict)
        if other is None:
            return found
        rows = (
            SubmissionValue.objects.filter(
                submission__period=other,
                submission__reporting_unit__in=unit_ids,
                submission__status__in=[SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED],
                value__isnull=False,
            )
            .values_list("submission__reporting_unit_id", "indicator__code", "institution__code", "value")
        )
        for unit_id, code, inst, value in rows:
            found[unit_id][cell_key(code, inst or "")] = value
        return found

    previous, half_year = load(previous_like_period(period)), load(same_year_half_period(period))
    targets = period_targets(period)
    return {
        unit.pk: Comparisons(
            dict(previous.get(unit.pk, {})), dict(half_year.get(unit.pk, {})), TargetBounds(period, unit, targets)
        )
        for unit in units
    }


def value_warning(cell, value, comparisons):
    """A warning for one figure of ``cell``, or None. ``comparisons`` as from comparison_values."""
    indicator, key = cell.indicator, cell.key
    if value is None or indicator.value_type == ValueType.BOOLEAN:
        return None
    before = comparisons.previous.get(key)
    if before is not None and before > 0:
        if value > before * 3:
            return _("gấp hơn 3 lần kỳ cùng kỳ năm trước (%(before)s)") % {"before": plain_number(before)}
        if value * 3 < before:
            return _("thấp hơn một phần ba kỳ cùng kỳ năm trước (%(before)s)") % {"before": plain_number(before)}
    half = comparisons.half_year.get(key)
    if indicator.running_count and half is not None and value < half:
        return _("số cả năm thấp hơn số 6 tháng đầu năm (%(half)s)") % {"half": plain_number(half)}
    for bounds in comparisons.targets.for_cell(cell):
        if bounds.high is not None and value > bounds.high * 5:
            return _("gấp hơn 5 lần mức cao nhất của chỉ tiêu (%(high)s)") % {"high": plain_number(bounds.high)}
        if bounds.low is not None and not bounds.partial and value * 10 < bounds.low:
            return _("chưa bằng một phần mười mức thấp nhất của chỉ tiêu (%(low)s)") % {"low": plain_number(bounds.low)}
    return None
