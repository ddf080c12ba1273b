"""Canonical JSON of a report, and the data every writer reads.

Numbers are written as JSON numbers with the Decimal's own digits (integers as integers); every
figure has at most 16 significant digits and two decimals, so reading with
``json.loads(text, parse_float=Decimal)`` gives back the exact Decimals. Dates are ISO strings.
The page, the PDF, the Excel workbook and the JSON download all read ``report_data``: the same
canonical form, so they cannot disagree, and an issued report re-reads its frozen JSON.
``report_data`` keeps the JSON text in the cache under a key that changes with the data (cache.py).
"""
import datetime
import json
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from . import cache as report_cache
from .compute import build_report


class _RawNumber(float):
    """A float that carries the Decimal's text, so the encoder writes exactly those digits."""

    def __new__(cls, decimal):
        number = super().__new__(cls, decimal)
        number.text = format(decimal, "f")
        return number

    def __repr__(self):
        return self.text


def _prepare(value):
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return int(value)
        return _RawNumber(value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _prepare(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_prepare(item) for item in value]
    return value


class _Encoder(json.JSONEncoder):
    def iterencode(self, o, _one_shot=False):
        # The pure-Python encoder calls float.__repr__ through ``floatstr``; route it to ours.
        return json.encoder._make_iterencode(
            {}, self.default, json.encoder.encode_basestring if self.ensure_ascii is False else
            json.encoder.encode_basestring_ascii, self.indent, _floatstr, self.key_separator,
            self.item_separator, self.sort_keys, self.skipkeys, _one_shot,
        )(o, 0)


def _floatstr(number):
    if isinstance(number, _RawNumber):
        return number.text
    return float.__repr__(number)


def dumps(data, *, indent=2):
    """Canonical JSON text of a report dict (Decimals as exact numbers)."""
    return json.dumps(_prepare(data), cls=_Encoder, ensure_ascii=False, indent=indent)


def loads(text):
    """The report dict from canonical JSON: integers as int, other numbers as Decimal."""
    return json.loads(text, parse_float=Decimal)


def report_data(period, *, include_submitted=False, plan_stamp=None):
    """The canonical report dict of ``period``, as every writer reads it.

    Its words (scope, status and period labels) are Vietnamese whatever the page's language, as
    in an issued report's frozen data; the pages translate what they show.
    """
    return loads(report_json(period, include_submitted=include_submitted, plan_stamp=plan_stamp))


def report_json(period, *, include_submitted=False, plan_stamp=None):
    """The canonical JSON text of the report of ``period`` (words in Vietnamese, as ``report_data``
    says): from the cache while nothing it reads has changed (``cache.report_key``), else built
    and cached. ``plan_stamp``: the plan's ``cache.plan_stamp``, when the caller has it already."""
    seconds = report_cache.timeout()
    key = report_cache.report_key(period, include_submitted, plan_stamp) if seconds else None
    text = cache.get(key) if key else None
    if text is None:
        with translation.override(settings.LANGUAGE_CODE):
            text = dumps(build_report(period, include_submitted=include_submitted).to_dict())
        if key:
            cache.set(key, text, seconds)
    return text
