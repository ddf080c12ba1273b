"""Canonical JSON of a report, and the data every writer reads.

Numbers are written as JSON numbers with the Decimal's own digits (integers as integers); every
figure has at most 16 significant digits and two decimals, so reading with
``json.loads(text, parse_float=Decimal)`` gives back the exact Decimals. Dates are ISO strings.
Every reader gets it through ``data.report_data``; an issued report re-reads its frozen JSON.
"""
import datetime
import json
from dataclasses import fields, is_dataclass
from decimal import Decimal


def dumps(data):
    """Canonical JSON text of a report (the ``results.Report`` dataclasses, or the dict read back):
    two-space indents, UTF-8 text, Decimals with their own digits (whole ones as integers), dates as
    ISO strings, a dataclass as the dict of its fields; the layout ``json.dumps(indent=2)`` writes."""
    return _write(data, "\n")


def dumps_member(value):
    """``value`` laid out as a member of a top-level object (two more spaces on each line)."""
    return _write(value, "\n  ")


def _write(value, newline):
    if isinstance(value, Decimal):
        return str(int(value)) if value == value.to_integral_value() else format(value, "f")
    if isinstance(value, (datetime.date, datetime.datetime)):
        return json.dumps(value.isoformat())
    inner = newline + "  "
    if is_dataclass(value):
        value = {field.name: getattr(value, field.name) for field in fields(value)}
    if isinstance(value, dict):
        items = [f"{json.dumps(str(key), ensure_ascii=False)}: {_write(item, inner)}" for key, item in value.items()]
        return "{" + inner + ("," + inner).join(items) + newline + "}" if items else "{}"
    if isinstance(value, (list, tuple)):
        items = [_write(item, inner) for item in value]
        return "[" + inner + ("," + inner).join(items) + newline + "]" if items else "[]"
    return json.dumps(value, ensure_ascii=False)


def loads(text):
    """The report dict from canonical JSON: integers as int, other numbers as Decimal."""
    return json.loads(text, parse_float=Decimal)
