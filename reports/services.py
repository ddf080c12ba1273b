"""Writes on consolidated reports: start a draft, edit its words, issue it (number, date, freeze)."""
import datetime
import hashlib

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from laichau_plan.text import nfc

from .data import report_data, report_json
from .drafting import default_summary, draft_texts
from .models import ConsolidatedReport, ReportStatus
from .pdf import render_pdf
from .serialize import loads
from .signing import sign_issued_pdf
from .xlsx import render_xlsx

TEXT_FIELDS = (
    "summary", "results", "shortcomings", "tasks_ahead", "proposals", "signer_authority", "signer_title",
    "signer_name", "recipients", "symbol",
)


def report_preview(*, period):
    """An unsaved draft with the gathered words (what a new draft would hold)."""
    return ConsolidatedReport(period=period, summary=default_summary(period), **draft_texts(period))


def current_draft(period):
    return ConsolidatedReport.objects.filter(period=period, status=ReportStatus.DRAFT).order_by("-pk").first()


@transaction.atomic
def report_create_draft(*, period, user):
    """The period's draft: the existing one, or a new one starting from the units' words."""
    draft = current_draft(period)
    if draft is not None:
        return draft
    draft = report_preview(period=period)
    draft.created_by = user
    draft.full_clean()
    draft.save()
    audit_record(user=user, action="report_draft", obj=draft)
    return draft


def _require_draft(report):
    if report.status != ReportStatus.DRAFT:
        raise ValidationError(_("Báo cáo đã ban hành; không thể sửa."))


@transaction.atomic
def report_update(*, report, fields, user=None):
    """Save the words of a draft (NFC text)."""
    locked = ConsolidatedReport.objects.select_for_update().get(pk=report.pk)
    _require_draft(locked)
    for name, value in fields.items():
        if name in TEXT_FIELDS:
            setattr(locked, name, nfc(value) if isinstance(value, str) else value)
        elif name == "include_submitted":
            locked.include_submitted = bool(value)
    locked.full_clean()
    locked.save()
    audit_record(user=user, action="report_update", obj=locked)
    return locked


def next_number(symbol, year):
    last = ConsolidatedReport.objects.filter(
        status=ReportStatus.ISSUED, symbol=symbol, issued_year=year
    ).aggregate(last=Max("number"))["last"]
    return (last or 0) + 1


@transaction.atomic
def report_issue(*, report, user, number=None, issued_on=None):
    """Give the draft its number and date, and freeze its numbers, PDF and Excel for good."""
    locked = ConsolidatedReport.objects.select_for_update().select_related("period__plan").get(pk=report.pk)
    _require_draft(locked)
    if not locked.signer_name.strip():
        raise ValidationError(_("Cần ghi họ và tên người ký trước khi ban hành."))
    issued_on = issued_on or timezone.localdate()
    if not isinstance(issued_on, datetime.date):
        raise ValidationError(_("Ngày ban hành không hợp lệ."))
    number = number or next_number(locked.symbol, issued_on.year)
    if ConsolidatedReport.objects.filter(
        status=ReportStatus.ISSUED, symbol=locked.symbol, issued_year=issued_on.year, number=number
    ).exists():
        raise ValidationError(_number_taken(number, locked.symbol, issued_on.year))
    # The frozen text is the report data itself (in Vietnamese, whatever the page's language).
    data_text = report_json(locked.period, include_submitted=locked.include_submitted)
    data = loads(data_text)
    locked.status = ReportStatus.ISSUED
    locked.number = number
    locked.issued_on = issued_on
    locked.issued_year = issued_on.year
    locked.issued_by = user
    locked.issued_at = timezone.now()
    locked.data = data_text
    locked.pdf = sign_issued_pdf(render_pdf(locked, data), locked)  # signed when the certificate is set
    locked.xlsx = render_xlsx(locked, data)
    locked.pdf_sha256 = hashlib.sha256(locked.pdf).hexdigest()
    locked.xlsx_sha256 = hashlib.sha256(locked.xlsx).hexdigest()
    try:
        with transaction.atomic():
            locked.save()
    except IntegrityError as exc:
        raise ValidationError(_number_taken(number, locked.symbol, issued_on.year)) from exc
    audit_record(user=user, action="report_issue", obj=locked, detail=locked.number_display)
    return locked


def _number_taken(number, symbol, year):
    return _("Số %(number)s năm %(year)s đã được dùng.") % {"number": f"{number:02d}/{symbol}", "year": year}


def report_data_for(report):
    """The numbers of a report: frozen when issued, computed now for a draft."""
    if report.status == ReportStatus.ISSUED and report.data:
        return loads(report.data)
    return report_data(report.period, include_submitted=report.include_submitted)
