"""The report as a PDF (WeasyPrint), in the form of a Vietnamese administrative document; and the
leaders' two-page summary of a period in the same form."""
import logging

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from .documents import document_context
from .summary import summary_context


def _render(template, context_of):
    # A Vietnamese administrative document, whatever the language of the page that asks for it.
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(template, context_of())


def _write_pdf(html):
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)  # a line per page otherwise
    from weasyprint import HTML

    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def render_html(report, data):
    return _render("reports/pdf/report.html", lambda: document_context(report, data))


def render_pdf(report, data):
    return _write_pdf(render_html(report, data))


def render_summary_html(period, data, *, on=None):
    return _render("reports/pdf/summary.html", lambda: summary_context(period, data, on=on))


def render_summary_pdf(period, data, *, on=None):
    return _write_pdf(render_summary_html(period, data, on=on))
