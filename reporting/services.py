"""Writes on submissions: saving figures and words, the workflow, with a history of every change."""
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from institutions.access import unit_of
from laichau_plan.text import nfc
from targets.models import Task

from .attachments import AttachmentRejected, drop_attachment, store_upload
from .checks import comparison_values
from .expected import is_expected
from .figures import (
    check_figures,
    figure_problems,
    keep_changed_since_download,
    keep_words_changed_since_download,
    stored_label,
    stored_texts,
    write_document,
    write_figures,
    write_texts,
)
from .models import BACK_WITH_UNIT, ReviewComment, Submission, SubmissionEvent, SubmissionStatus
from .notifications import notify_handover
from .periods import CLOSED, NOT_BEGUN, period_state
from .selectors import expected_cells, previous_texts_source, values_by_key


class SubmissionError(Exception):
    """A refused action; ``messages`` lists why, in Vietnamese."""

    def __init__(self, messages):
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__("; ".join(self.messages))


class StaleSubmission(SubmissionError):
    """Someone else saved the report since the page the user saves from was loaded."""


def submission_get_or_create(*, period, unit, user, queryset=Submission.objects):
    submission, created = queryset.get_or_create(period=period, reporting_unit=unit)
    if created:
        SubmissionEvent.objects.create(submission=submission, user=user, action=SubmissionEvent.Action.CREATED)
        audit_record(user=user, action="create", obj=submission)
    return submission


def start_refusal(period, today):
    """Why no unit may start a report for ``period`` on ``today``, or None: staff closed the period,
    or its days have not begun (``periods.period_state``). A period past its due date still takes
    late reports."""
    state = period_state(period, today)
    if state is CLOSED:
        return _("Kỳ báo cáo đã khóa; không lập báo cáo mới được.")
    if state is NOT_BEGUN:
        return str(period.not_begun_message())
    return None


@transaction.atomic
def submission_start(*, period, unit, user, copy_texts=False, today=None):
    """``unit``'s report for ``period``, made when missing; refused (SubmissionError) as
    ``start_refusal`` says (the caller has checked the unit reports in the period). ``copy_texts``:
    when the report is editable and has no words yet, it starts with the words of the unit's own last
    like report (``selectors.previous_texts_source``) as a draft: the results of the tasks of this
    period's plan, the shortcomings and the proposals; never figures."""
    refusal = start_refusal(period, today or timezone.localdate())
    if refusal:
        raise SubmissionError(refusal)
    locked = submission_get_or_create(period=period, unit=unit, user=user, queryset=_locking())
    if not copy_texts or write_refusal(locked.period, unit, locked) or locked.texts.exclude(text="").exists():
        return locked
    source = previous_texts_source(locked.period, unit)
    if source is not None:
        _copy_texts(locked, user, source)
    return locked


def _copy_texts(locked, user, source):
    tasks = set(Task.objects.filter(plan_id=locked.period.plan_id).values_list("pk", flat=True))
    texts = {(text.kind, text.task_id): text.text for text in source.texts.all()
             if text.text and (text.task_id is None or text.task_id in tasks)}
    events = write_texts(locked, user, texts)
    if not events:
        return
    SubmissionEvent.objects.bulk_create(events)
    locked.texts_copied_from = source.period
    locked.version += 1
    locked.save(update_fields=["texts_copied_from", "version", "updated_at"])
    audit_record(user=user, action="save", obj=locked,
                 detail=f"chép phần lời từ kỳ {source.period.code}, phiên bản {locked.version}")


def _locking():
    # The submission's row and, joined, its period's and unit's: closing or reopening the period
    # (periods.period_close, which locks the period's row) waits for a save in progress, and a save
    # waits for a close, then reads the period closed. Saves of one period take turns on its row (a
    # few tens of ms each); the ORM has no shared lock that would let them run side by side.
    return Submission.objects.select_for_update().select_related("period", "reporting_unit")


def _lock(submission, expected_version=None):
    locked = _locking().get(pk=submission.pk)
    if expected_version is not None and locked.version != expected_version:
        raise StaleSubmission(
            _("Báo cáo vừa được người khác thay đổi trong lúc bạn sửa. Hãy tải lại trang để xem bản mới nhất.")
        )
    return locked


def write_refusal(period, unit, submission=None, *, importing=False):
    """Why nothing may be written into ``unit``'s report for ``period`` now, or None: the period is
    closed, the unit is not expected to report (``expected.expected_units``), or the report is sent
    or approved. ``importing``: worded for an Excel import."""
    if not period.is_open:
        if importing:
            return _("kỳ báo cáo %(code)s đã khóa; không thể nhập số liệu") % {"code": period.code}
        return _("Kỳ báo cáo đã khóa; không thể sửa.")
    if not period.has_begun():
        return str(period.not_begun_message())
    if not is_expected(period, unit):
        return _("Đơn vị %(name)s (mã %(code)s) không thuộc diện báo cáo kỳ %(period)s; không lưu được số liệu.") % {
            "name": unit.name, "code": unit.code, "period": period.code,
        }
    if submission is not None and not submission.is_editable:
        status = {"status": submission.get_status_display()}
        if importing:
            return _("báo cáo đang ở trạng thái '%(status)s'; không thể nhập số liệu") % status
        return _("Báo cáo đang ở trạng thái '%(status)s'; không thể sửa.") % status
    return None


def _require_editable(locked, *, importing=False):
    refusal = write_refusal(locked.period, locked.reporting_unit, locked, importing=importing)
    if refusal:
        raise SubmissionError(refusal)


@transaction.atomic
def submission_save(
    *, user, submission=None, period=None, unit=None, values=None, explanations=None, texts=None,
    downloaded=None, downloaded_words=None, cells=None, expected_version=None, action=SubmissionEvent.Action.VALUE,
    submit=False, importing=False, upload=None, remove=(), document=None,
):
    """The one write path of a report: the web form, the web upload and import_report.

    Locks the report once (``submission``, or ``unit``'s for ``period``, made when missing), refuses
    (SubmissionError) as ``write_refusal`` says, then saves figures ({cell key: raw}), explanations
    ({cell key: text}) and words ({(kind, task id or None): text}). All or nothing: when any figure is
    wrong nothing is saved and the result lists the errors by cell key.

    ``downloaded``: {cell key: value in the Excel template when downloaded}; only figures changed since
    are saved. ``downloaded_words``: {"text": {(kind, task id): digest}, "explanation": {cell key: digest}}
    of the texts pre-filled in the template (figures.text_digest); only texts changed since are saved,
    and one changed on the portal too is refused (``result.text_errors``). ``document``: {field: value}
    of the unit's document number, date and signer (forms.DOCUMENT_FIELDS). ``cells``: what the unit owes,
    when the caller has it. ``submit``: then send the report;
    when something is missing it is not sent, the figures stay saved and ``result.unsent`` says why.

    ``upload``: a file (passed ``attachments.check_upload``) stored with the figures and words, before
    sending; ``remove``: ids of the report's attachments to remove. Both go or stay with the figures.
    """
    if submission is None:
            locked = submission_get_or_create(period=period, unit=unit, user=user, queryset=_locking())
    else:
        locked = _lock(submission, expected_version)
    _require_editable(locked, importing=importing)
    period, unit = locked.period, locked.reporting_unit
    cells = expected_cells(period, unit) if cells is None else cells
    comparisons = comparison_values(period, unit)
    existing = values_by_key(locked)
    parsed, result = check_figures(locked, values or {}, cells, comparisons)
    if downloaded is not None:
        keep_changed_since_download(parsed, result, downloaded, existing)
    stored = stored_texts(locked) if texts else None
    if downloaded_words is not None:
        explanations, texts = dict(explanations or {}), dict(texts or {})
        keep_words_changed_since_download(
            explanations, downloaded_words.get("explanation", {}),
            {key: row.explanation for key, row in existing.items()}, result, "explanation",
        )
        keep_words_changed_since_download(
            texts, downloaded_words.get("text", {}), {key: row.text for key, row in (stored or {}).items()}, result,
            "text",
        )
    if not result.ok:
        transaction.set_rollback(True)
        return result
    events, figures_changed = write_figures(locked, user, cells, existing, parsed, explanations, action)
    others = write_texts(locked, user, texts, stored) + write_document(locked, user, document or {})
    events += others
    changed = figures_changed + len(others)
    for attachment in locked.attachments.filter(pk__in=list(remove)):  # only this report's files
        events.append(drop_attachment(locked, user, attachment))
        result.removed.append(attachment.original_name)
    if upload is not None:
        result.attachment, event = store_upload(locked, user, upload)
        events.append(event)
    if events:
        _record_events(locked, events)
    if changed:
        audit_record(
            user=user, action="import" if action == SubmissionEvent.Action.IMPORTED else "save", obj=locked,
            detail=f"{changed} thay đổi, phiên bản {locked.version}",
        )
    result.changed = changed
    if submit:
        result.unsent = figure_problems(cells, existing, comparisons)
        if not result.unsent:
            _send(locked, user)
            result.submitted = True
    if submission is not None:
        submission.version, submission.status = locked.version, locked.status
    result.submission = locked
    return result


def _record_events(locked, events):
    """Save the history lines of one change and make it a new version of the report."""
    SubmissionEvent.objects.bulk_create(events)
    locked.version += 1
    locked.save(update_fields=["version", "updated_at"])


@transaction.atomic
def attachment_add(*, submission, user, upload):
    """Attach ``upload`` to an editable report on its own (the report's page, not the form)."""
    locked = _lock(submission)
    _require_editable(locked)
    attachment, event = store_upload(locked, user, upload)
    _record_events(locked, [event])
    submission.version = locked.version
    return attachment


@transaction.atomic
def attachment_delete(*, attachment, user):
    """Remove an attachment from an editable report; the file goes, the history keeps its name."""
    locked = _lock(attachment.submission)
    _require_editable(locked)
    try:
        event = drop_attachment(locked, user, attachment)
    except AttachmentRejected as exc:
        raise SubmissionError(str(exc)) from None
    _record_events(locked, [event])


def submission_problems(submission, cells=None):
    """What stops a submission from being sent: missing figures, unexplained warnings."""
    period, unit = submission.period, submission.reporting_unit
    cells = expected_cells(period, unit) if cells is None else cells
    return figure_problems(cells, values_by_key(submission), comparison_values(period, unit))


@transaction.atomic
def submission_submit(*, submission, user, expected_version=None):
    """Draft, returned or reopened → submitted, when every figure is there and every warning explained."""
    locked = _lock(submission, expected_version)
    _require_editable(locked)
    problems = submission_problems(locked)
    if problems:
        raise SubmissionError(problems)
    _send(locked, user)
    return locked


def _send(locked, user):
    now = timezone.now()
    previous = SubmissionStatus(locked.status)
    locked.status = SubmissionStatus.SUBMITTED
    locked.submitted_at = now
    locked.submitted_by = user
    locked.first_submitted_at = locked.first_submitted_at or now
    locked.version += 1
    locked.save()
    SubmissionEvent.objects.create(
        submission=locked, user=user, action=SubmissionEvent.Action.SUBMITTED,
        old_value=stored_label(previous.label), new_value=stored_label(SubmissionStatus.SUBMITTED.label),
    )
    audit_record(user=user, action="submit", obj=locked, detail="gửi lại" if previous in BACK_WITH_UNIT else "")
    notify_handover(locked)


def require_submitted(submission):
    """Only a sent report is returned or approved; SubmissionError for any other."""
    if submission.status != SubmissionStatus.SUBMITTED:
        raise SubmissionError(
            _("Chỉ xử lý được báo cáo đã gửi; báo cáo này đang '%(status)s'.")
            % {"status": SubmissionStatus(submission.status).label}
        )


@transaction.atomic
def submission_return(*, submission, user, comment, value_comments=None, expected_version=None):
    """Submitted → returned, with an overall comment and/or comments on values ({cell: text})."""
    comment = nfc(comment or "")
    value_comments = {key: nfc(text) for key, text in (value_comments or {}).items() if (text or "").strip()}
    if not comment and not value_comments:
        raise SubmissionError(_("Cần ghi nhận xét khi trả lại báo cáo."))
    locked = _lock(submission, expected_version)
    require_submitted(locked)
    cells = {cell.key: cell for cell in expected_cells(locked.period, locked.reporting_unit)}
    comments = [ReviewComment(submission=locked, author=user, text=comment)] if comment else []
    for key, text in value_comments.items():
        cell = cells.get(key)
        if cell is None:
            raise SubmissionError(_("Không có ô số liệu %(key)s trong báo cáo này.") % {"key": key})
        comments.append(
            ReviewComment(
                submission=locked, author=user, indicator=cell.indicator, institution=cell.institution, text=text
            )
        )
    ReviewComment.objects.bulk_create(comments)
    locked.status = SubmissionStatus.RETURNED
    locked.version += 1
    locked.save(update_fields=["status", "version", "updated_at"])
    SubmissionEvent.objects.create(
        submission=locked, user=user, action=SubmissionEvent.Action.RETURNED,
        old_value=stored_label(SubmissionStatus.SUBMITTED.label), new_value=comment or "; ".join(value_comments.values()),
    )
    audit_record(user=user, action="return", obj=locked, detail=comment or "; ".join(value_comments.values()))
    notify_handover(locked, comment=comment)
    return locked


@transaction.atomic
def submission_approve(*, submission, user, expected_version=None):
    """Submitted → approved; approved reports are read-only (until reopened: ``submission_reopen``)."""
    locked = _lock(submission, expected_version)
    require_submitted(locked)
    locked.status = SubmissionStatus.APPROVED
    locked.approved_at = timezone.now()
    locked.approved_by = user
    locked.reopened_at = None  # approved again: its figures count as approved once more
    locked.version += 1
    locked.save()
    SubmissionEvent.objects.create(
        submission=locked, user=user, action=SubmissionEvent.Action.APPROVED,
        old_value=stored_label(SubmissionStatus.SUBMITTED.label), new_value=stored_label(SubmissionStatus.APPROVED.label),
    )
    audit_record(user=user, action="approve", obj=locked)
    notify_handover(locked)
    return locked


@transaction.atomic
def submission_reopen(*, submission, user, reason, expected_version=None):
    """Approved → reopened, when a figure is found wrong after approval: the report goes back to its
    unit, which corrects it and sends it again; the department approves it again.

    ``reason`` is required. It is kept in the history beside the earlier approval (which stays there,
    with who and when) and shown to the unit as the department's comment, and the unit is mailed.
    Until approved again the unit's figures are no longer approved ones (``reopened_at`` says so to
    the consolidated report). Issued consolidated reports never change: they hold their own frozen
    copy of the numbers; a correction reaches them only by issuing a new report. The period must be
    open, since the unit could not correct anything in a closed one."""
    reason = nfc(reason or "").strip()
    locked = _lock(submission, expected_version)
    if locked.status != SubmissionStatus.APPROVED:
        raise SubmissionError(
            _("Chỉ mở lại được báo cáo đã duyệt; báo cáo này đang '%(status)s'.") % {"status": locked.get_status_display()}
        )
    if not locked.period.is_open:
        raise SubmissionError(
            _("Kỳ báo cáo %(code)s đã khóa; hãy mở lại kỳ trước, rồi mới mở lại báo cáo để đơn vị sửa.")
            % {"code": locked.period.code}
        )
    if not reason:
        raise SubmissionError(_("Cần ghi lý do mở lại báo cáo."))
    ReviewComment.objects.create(submission=locked, author=user, text=reason)
    locked.status = SubmissionStatus.REOPENED
    locked.reopened_at = timezone.now()
    locked.approved_at, locked.approved_by = None, None  # the approval stays in the history
    locked.version += 1
    locked.save(update_fields=["status", "reopened_at", "approved_at", "approved_by", "version", "updated_at"])
    SubmissionEvent.objects.create(
        submission=locked, user=user, action=SubmissionEvent.Action.REOPENED,
        old_value=stored_label(SubmissionStatus.APPROVED.label), new_value=reason,
    )
    audit_record(user=user, action="reopen", obj=locked, detail=reason)
    notify_handover(locked, comment=reason)
    return locked


def require_unit_member_of(user, submission):
    """Only the unit's own members write its report (department staff review, they don't fill)."""
    if unit_of(user) is None or unit_of(user).pk != submission.reporting_unit_id:
        raise PermissionDenied
