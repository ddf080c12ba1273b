"""The front door to a report's numbers: ``report_data(period, include_submitted=...)``.

Everything that shows or files a consolidated report reads it here: the report page and the
dashboard, the PDF and the workbook, the JSON download, issuing (which freezes this very text),
the background PDF builds, the ``report`` command and the bench. It is the canonical form
(``serialize``) of what ``compute.build_report`` works out, so no two of them can disagree.

Its words (scope, status and period labels) are Vietnamese whatever the page's language, as in
an issued report's frozen data; the pages translate what they show. The text is kept in the
cache under a key that changes whenever what the report reads changes (``cache.report_key``).
"""
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from . import cache as report_cache
from .compute import build_report
from .serialize import dumps, loads


def report_data(period, *, include_submitted=False):
    """The report of ``period`` as a dict (integers as int, other numbers as Decimal)."""
    return loads(report_json(period, include_submitted=include_submitted))


def report_json(period, *, include_submitted=False):
    """The canonical JSON text of the report of ``period``: from the cache while nothing it reads
    has changed, else built (in Vietnamese) and cached."""
    seconds = report_cache.timeout()
    key = report_cache.report_key(period, include_submitted) if seconds else None
    text = cache.get(key) if key else None
    if text is None:
        text = _built(period, include_submitted, key, seconds)
    return text


def _built(period, include_submitted, key, seconds):
    with translation.override(settings.LANGUAGE_CODE):
        text = dumps(build_report(period, include_submitted=include_submitted))
    if key:
        cache.set(key, text, seconds)
    return text


def reports_data(periods, *, include_submitted=False):
    """{period id: ``report_data``} of several ``periods`` (a trend over years and plans): one query
    for the cache's generation and one cache read while nothing they read has changed."""
    seconds = report_cache.timeout()
    if not seconds:
        return {p.pk: report_data(p, include_submitted=include_submitted) for p in periods}
    generation = report_cache.generation()
    keys = {p.pk: report_cache.report_key(p, include_submitted, generation) for p in periods}
    found = cache.get_many(list(keys.values()))
    return {
        p.pk: loads(found.get(keys[p.pk]) or _built(p, include_submitted, keys[p.pk], seconds)) for p in periods
    }
