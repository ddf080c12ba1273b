"""Checks on reported figures, shared by the web form and the Excel upload.

Hard errors (wrong type, negative count, fraction where a whole number is due) block saving.
Warnings (a jump of more than three times, a drop below a third, an annual running count below
the six-month one) must be confirmed with an explanation before submitting.
"""
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from laichau_plan.formatting import plain_number
from targets.models import ValueType

from .models import SubmissionStatus, SubmissionValue
from .periods import previous_like_period, same_year_half_period
from .selectors import cell_key

YES_WORDS = {"1", "có", "co", "yes", "x", "true", "đạt"}
NO_WORDS = {"0", "không", "khong", "no", "false"}
MAX_VALUE = Decimal("99999999999999")


class InvalidValue(Exception):
    """A figure that cannot be accepted; the message is Vietnamese and says why."""


def _normalise_number_text(text):
    """Accept Vietnamese '12.345' and '12,5' as well as '12345' and '12.5'."""
    text = text.replace(" ", "").replace("\u00a0", "")
    if "," in text and "." in text:
        return text.replace(".", "").replace(",", ".")
    if "," in text:
        return text.replace(",", ".")
    parts = text.split(".")
    if len(parts) > 2 or (len(parts) == 2 and len(parts[1]) == 3 and parts[0].lstrip("-").isdigit()):
        return text.replace(".", "")  # 12.345 is twelve thousand three hundred and forty-five
    return text


def parse_value(indicator, raw):
    """Turn what a user typed (or a cell held) into a Decimal, or None when empty.

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
            raise InvalidValue(_("'%(text)s' không phải Có/Không (ghi 1 hoặc 0)") % {"text": text})
        try:
            number = Decimal(_normalise_number_text(text))
        except InvalidOperation:
            raise InvalidValue(_("'%(text)s' không phải là số") % {"text": text}) from None
    elif isinstance(raw, (int, Decimal)):
        number = Decimal(raw)
    elif isinstance(raw, float):
        number = Decimal(str(raw))
    else:
        raise InvalidValue(_("'%(text)s' không phải là số") % {"text": raw})
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


def comparison_values(period, unit):
    """Figures to compare against: the previous like period, and for annual ones the same year's H1.

    Returns two dicts {cell key: Decimal}; values from approved or submitted reports only.
    """
    def load(other):
        if other is None:
            return {}
        rows = (
            SubmissionValue.objects.filter(
                submission__period=other,
                submission__reporting_unit=unit,
                submission__status__in=[SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED],
                value__isnull=False,
            )
            .values_list("indicator__code", "institution__code", "value")
        )
        return {cell_key(code, inst or ""): value for code, inst, value in rows}

    return load(previous_like_period(period)), load(same_year_half_period(period))


def value_warning(indicator, key, value, previous, half_year):
    """A warning for one figure, or None. ``previous``/``half_year`` as from comparison_values."""
    if value is None or indicator.value_type == ValueType.BOOLEAN:
        return None
    before = previous.get(key)
    if before is not None and before > 0:
        if value > before * 3:
            return _("gấp hơn 3 lần kỳ cùng kỳ năm trước (%(before)s)") % {"before": plain_number(before)}
        if value * 3 < before:
            return _("thấp hơn một phần ba kỳ cùng kỳ năm trước (%(before)s)") % {"before": plain_number(before)}
    half = half_year.get(key)
    if indicator.running_count and half is not None and value < half:
        return _("số cả năm thấp hơn số 6 tháng đầu năm (%(half)s)") % {"half": plain_number(half)}
    return None
