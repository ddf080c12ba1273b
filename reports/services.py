"""Writes on consolidated reports: start a draft, edit its words, issue it (number, date, freeze)."""
import datetime
import hashlib

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from laichau_plan.text import nfc

from .data import report_data, report_json
from .drafting import default_summary, draft_texts
from .issuing import issue_errors, number_taken
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
        elif name in ("include_submitted", "with_unit_texts"):
            setattr(locked, name, bool(value))
    locked.full_clean()
    locked.save()
    audit_record(user=user, action="report_update", obj=locked)
    return locked


@transaction.atomic
def report_start_correction(*, report, user):
    """A draft that will replace the issued ``report``: same period, its words copied. The
    correction draft already started is returned; a report is replaced once."""
    locked = ConsolidatedReport.objects.select_for_update().select_related("period").get(pk=report.pk)
    if not locked.is_issued:
        raise ValidationError(_("Chỉ thay thế được một báo cáo đã ban hành."))
    existing = ConsolidatedReport.objects.filter(replaces=locked).first()
    if existing is not None:
        if existing.is_issued:
            raise ValidationError(
                _("Báo cáo số %(number)s đã được thay thế bởi Báo cáo số %(by)s.")
                % {"number": locked.number_display, "by": existing.number_display}
            )
        return existing
    if current_draft(locked.period) is not None:
        raise ValidationError(
            _("Kỳ %(period)s đang có một dự thảo chưa ban hành; hãy ban hành dự thảo đó trước khi lập báo cáo thay thế.")
            % {"period": locked.period.code}
        )
    draft = ConsolidatedReport(
        period=locked.period, replaces=locked, created_by=user, include_submitted=locked.include_submitted,
        with_unit_texts=locked.with_unit_texts,
        **{name: getattr(locked, name) for name in TEXT_FIELDS},
    )
    draft.full_clean()
    draft.save()
    audit_record(user=user, action="report_draft", obj=draft, detail=locked.number_display)
    return draft


@transaction.atomic
def report_issue(*, report, user, number=None, issued_on=None):
    """Give the draft its number and date, and freeze its numbers, PDF and Excel for good.
    Refused for what ``issuing.issue_errors`` names (an empty section, a date to come...)."""
    locked = ConsolidatedReport.objects.select_for_update().select_related("period__plan").get(pk=report.pk)
    _require_draft(locked)
    issued_on = issued_on or timezone.localdate()
    if not isinstance(issued_on, datetime.date):
        raise ValidationError(_("Ngày ban hành không hợp lệ."))
    number, errors = issue_errors(locked, issued_on, number)  # the confirmation's warnings are the caller's
    if errors:
        raise ValidationError(errors)
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
        raise ValidationError(number_taken(number, locked.symbol, issued_on.year)) from exc
    audit_record(user=user, action="report_issue", obj=locked, detail=locked.number_display)
    return locked


def report_data_for(report):
    """The numbers of a report: frozen when issued, computed now for a draft."""
    if report.status == ReportStatus.ISSUED and report.data:
        return loads(report.data)
    return report_data(report.period, include_submitted=report.include_submitted)
