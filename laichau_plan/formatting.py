"""Vietnamese ways of writing numbers and dates, for the page, the PDF and the Excel labels.

One module for every page, document, workbook and message of the portal (it imports no app).

Numbers 12.345 and 12,5 (12,345 and 12.5 on a page shown in English: the separators follow the
active language's formats; the PDF is rendered in Vietnamese; figures in form fields always the
Vietnamese way, ``plain_number``); target ranges 15.000–17.000, ≥ 500; percentages 12,5 %; dates 05/01/2017; the place and date line of an
administrative document (Decree 30/2020): "Lai Châu, ngày 05 tháng 01 năm 2017", with a leading
zero for days under 10 and for months 1 and 2 only.
"""
import datetime
from decimal import Decimal

from django.conf import settings
from django.utils import formats, translation

NBSP = "\u00a0"
DASH = "–"
ROMAN = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


def _separators():
    """(thousands, decimal) of the active language: (".", ",") in Vietnamese, (",", ".") in English."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    return formats.get_format("THOUSAND_SEPARATOR", language), formats.get_format("DECIMAL_SEPARATOR", language)


VI_SEPARATORS = (".", ",")


def number(value, empty="—", *, separators=None):
    """``Decimal('12345.5')`` → ``12.345,5`` (``12,345.5`` in English); None → ``empty``.
    ``separators``: (thousands, decimal) instead of the active language's."""
    if value is None or value == "":
        return empty
    value = Decimal(value)
    sign = "-" if value < 0 else ""
    text = format(abs(value), "f")
    whole, _, fraction = text.partition(".")
    fraction = fraction.rstrip("0")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    thousands, decimal = separators or _separators()
    result = thousands.join(groups)
    return f"{sign}{result}{decimal}{fraction}" if fraction else f"{sign}{result}"


def plain_number(value):
    """A figure as the portal's forms show and read it back (``reporting.checks.parse_value``):
    12.345 and 12,5, whatever the page's language."""
    return number(value, "", separators=VI_SEPARATORS)


def signed(value, empty="—"):
    if value is None:
        return empty
    return f"+{number(value)}" if Decimal(value) > 0 else number(value)


def pct(value, empty="—", sign=False):
    """``Decimal('85.3')`` → ``85,3 %`` (non-breaking space before %)."""
    if value is None:
        return empty
    text = signed(value) if sign else number(value)
    return f"{text}{NBSP}%"


def to_date(value):
    if value is None or value == "":
        return None
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value)[:10])


def date(value, empty=""):
    """``2017-01-05`` → ``05/01/2017``."""
    value = to_date(value)
    return value.strftime("%d/%m/%Y") if value else empty


def day_month_year(value):
    """("05", "01", "2017"): leading zero for days under 10 and for months 1 and 2 only."""
    value = to_date(value)
    month = f"{value.month:02d}" if value.month <= 2 else str(value.month)
    return f"{value.day:02d}", month, str(value.year)


def place_date(place, value):
    """``Lai Châu, ngày 05 tháng 01 năm 2017``; without a date, dots for the office to fill in."""
    if value is None:
        return f"{place}, ngày{NBSP*6}tháng{NBSP*6}năm {datetime.date.today().year}"
    day, month, year = day_month_year(value)
    return f"{place}, ngày {day} tháng {month} năm {year}"


def date_words(value):
    """``ngày 05 tháng 01 năm 2017`` (for "kèm theo Báo cáo số ... ngày ...")."""
    if value is None:
        return f"ngày{NBSP*4}tháng{NBSP*4}năm{NBSP*4}"
    day, month, year = day_month_year(value)
    return f"ngày {day} tháng {month} năm {year}"


def number_symbol(number_, symbol):
    """``05/BC-SVHTTDL`` (numbers under 10 with a leading 0); blank before issuing."""
    if number_ is None:
        return f"{NBSP*8}/{symbol}"
    return f"{int(number_):02d}/{symbol}"


def target_range(low, high):
    """``15.000–17.000``, ``≥ 500``, ``≤ 20`` or ``—``."""
    if low is not None and high is not None:
        return number(low) if Decimal(low) == Decimal(high) else f"{number(low)}{DASH}{number(high)}"
    if low is not None:
        return f"≥ {number(low)}"
    if high is not None:
        return f"≤ {number(high)}"
    return "—"


def roman(index):
    return ROMAN[index] if 0 < index < len(ROMAN) else str(index)
