"""The report as a PDF (WeasyPrint), in the form of a Vietnamese administrative document."""
import logging

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from .documents import document_context


def render_html(report, data):
    # A Vietnamese administrative document, whatever the language of the page that asks for it.
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string("reports/pdf/report.html", document_context(report, data))


def render_pdf(report, data):
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)  # a line per page otherwise
    from weasyprint import HTML

    return HTML(string=render_html(report, data), base_url=str(settings.BASE_DIR)).write_pdf()
