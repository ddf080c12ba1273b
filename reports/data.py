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
        with translation.override(settings.LANGUAGE_CODE):
            text = dumps(build_report(period, include_submitted=include_submitted))
        if key:
            cache.set(key, text, seconds)
    return text
