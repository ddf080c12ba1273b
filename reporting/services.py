"""Writes on submissions: saving figures and words, the workflow, with a history of every change."""
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from audit.services import audit_record
from laichau_plan.formatting import plain_number
from laichau_plan.text import nfc

from .checks import InvalidValue, comparison_values, parse_value, value_warning
from .models import (
    ReviewComment,
    Submission,
    SubmissionEvent,
    SubmissionStatus,
    SubmissionText,
    SubmissionValue,
    TextKind,
)
from .selectors import expected_cells, values_by_key


class SubmissionError(Exception):
    """A refused action; ``messages`` lists why, in Vietnamese."""

    def __init__(self, messages):
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__("; ".join(self.messages))


@dataclass
class SaveResult:
    errors: dict = field(default_factory=dict)  # cell key -> message
    warnings: dict = field(default_factory=dict)  # cell key -> message
    changed: int = 0

    @property
    def ok(self):
        return not self.errors


def submission_get_or_create(*, period, unit, user):
    submission, created = Submission.objects.get_or_create(period=period, reporting_unit=unit)
    if created:
        SubmissionEvent.objects.create(submission=submission, user=user, action=SubmissionEvent.Action.CREATED)
        audit_record(user=user, action="create", obj=submission)
    return submission


def _lock(submission, expected_version=None):
    locked = Submission.objects.select_for_update().select_related("period", "reporting_unit").get(pk=submission.pk)
    if expected_version is not None and locked.version != expected_version:
        raise SubmissionError(
            _("Báo cáo vừa được người khác thay đổi trong lúc bạn sửa. Hãy tải lại trang để xem bản mới nhất.")
        )
    return locked


def _require_editable(submission):
    if not submission.period.is_open:
        raise SubmissionError(_("Kỳ báo cáo đã khóa; không thể sửa."))
    if not submission.is_editable:
        raise SubmissionError(
            _("Báo cáo đang ở trạng thái '%(status)s'; không thể sửa.") % {"status": submission.get_status_display()}
        )


def _stored(label):
    """A choice label as the history stores it: Vietnamese, whatever the language of the page."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(label)


def _display(value):
    return "" if value is None else plain_number(value)


def check_figures(submission, raw_values, cells=None):
    """Parse and check raw figures {cell key: raw} without saving. Returns (parsed, SaveResult)."""
    cells = cells if cells is not None else expected_cells(submission.period, submission.reporting_unit)
    by_key = {cell.key: cell for cell in cells}
    result = SaveResult()
    parsed = {}
    previous, half_year = comparison_values(submission.period, submission.reporting_unit)
    for key, raw in raw_values.items():
        cell = by_key.get(key)
        if cell is None:
            result.errors[key] = _("chỉ tiêu này không thuộc báo cáo của đơn vị")
            continue
        try:
            value = parse_value(cell.indicator, raw)
        except InvalidValue as exc:
            result.errors[key] = str(exc)
            continue
        parsed[key] = value
        warning = value_warning(cell.indicator, key, value, previous, half_year)
        if warning:
            result.warnings[key] = warning
    return parsed, result


@transaction.atomic
def submission_save(
    *, submission, user, values=None, explanations=None, texts=None, expected_version=None,
    action=SubmissionEvent.Action.VALUE,
):
    """Save figures ({cell key: raw}), explanations ({cell key: text}) and words.

    ``texts`` maps (kind, task_id or None) to text. All or nothing: when any figure is wrong
    nothing is saved and the result lists the errors by cell key.
    """
    locked = _lock(submission, expected_version)
    _require_editable(locked)
    cells = expected_cells(locked.period, locked.reporting_unit)
    by_key = {cell.key: cell for cell in cells}
    parsed, result = check_figures(locked, values or {}, cells)
    if not result.ok:
        transaction.set_rollback(True)
        return result
    existing = values_by_key(locked)
    events, new_rows, changed_rows = [], [], []
    now = timezone.now()
    for key in set(parsed) | set(explanations or {}):
        cell = by_key.get(key)
        if cell is None:
            continue
        if key not in existing and parsed.get(key) is None and not ((explanations or {}).get(key) or "").strip():
            continue  # an empty cell that was never filled: no row, no history
        row = existing.get(key) or SubmissionValue(
            submission=locked, indicator=cell.indicator, institution=cell.institution
        )
        label = _cell_label(cell)
        dirty = row.pk is None
        if key in parsed and parsed[key] != row.value:
            events.append(_event(locked, user, action, label, _display(row.value), _display(parsed[key])))
            row.value = parsed[key]
            dirty = True
        if explanations and key in explanations:
            text = nfc(explanations[key] or "")
            if text != row.explanation:
                events.append(_event(locked, user, SubmissionEvent.Action.EXPLANATION, label, row.explanation, text))
                row.explanation = text
                dirty = True
        if dirty:
            row.updated_by, row.updated_at = user, now
            (new_rows if row.pk is None else changed_rows).append(row)
    # In a few statements, not one per figure: an imported template holds thousands of them.
    SubmissionValue.objects.bulk_create(new_rows, batch_size=1000)
    SubmissionValue.objects.bulk_update(
        changed_rows, ["value", "explanation", "updated_by", "updated_at"], batch_size=500
    )
    stored_texts = {(row.kind, row.task_id): row for row in locked.texts.all()} if texts else {}
    task_codes = _task_codes([task_id for _, task_id in texts or {} if task_id])
    for (kind, task_id), text in (texts or {}).items():
        events.extend(_save_text(locked, user, kind, task_id, nfc(text or ""), stored_texts, task_codes))
    if events:
        SubmissionEvent.objects.bulk_create(events)
        locked.version += 1
        locked.save(update_fields=["version", "updated_at"])
        audit_record(
            user=user, action="import" if action == SubmissionEvent.Action.IMPORTED else "save", obj=locked,
            detail=f"{len(events)} thay đổi, phiên bản {locked.version}",
        )
    result.changed = len(events)
    submission.version = locked.version
    return result


def _cell_label(cell):
    where = cell.institution.name if cell.institution else "đơn vị"
    return f"{cell.indicator.code} — {where}"


def _event(submission, user, action, label, old, new):
    return SubmissionEvent(
        submission=submission, user=user, action=action, field=label[:300], old_value=old, new_value=new
    )


def _task_codes(task_ids):
    from targets.models import Task

    return dict(Task.objects.filter(pk__in=task_ids).values_list("pk", "code")) if task_ids else {}


def _save_text(submission, user, kind, task_id, text, stored=None, task_codes=None):
    """Save one text; ``stored`` {(kind, task id): SubmissionText} saves a query per text."""
    if kind != TextKind.TASK_RESULT:
        task_id = None
    if stored is not None:
        row = stored.get((kind, task_id))
    elif kind == TextKind.TASK_RESULT:
        row = SubmissionText.objects.filter(submission=submission, kind=kind, task_id=task_id).first()
    else:
        row = SubmissionText.objects.filter(submission=submission, kind=kind).first()
    old = row.text if row else ""
    if old == text:
        return []
    if row is None:
        row = SubmissionText(submission=submission, kind=kind, task_id=task_id)
    row.text = text
    row.save()
    code = (task_codes or {}).get(task_id, f"#{task_id}")
    label = _stored(TextKind(kind).label) + (f" (nhiệm vụ {code})" if task_id else "")
    return [_event(submission, user, SubmissionEvent.Action.TEXT, label, old, text)]


def submission_problems(submission):
    """What stops a submission from being sent: missing figures, unexplained warnings."""
    cells = expected_cells(submission.period, submission.reporting_unit)
    existing = values_by_key(submission)
    previous, half_year = comparison_values(submission.period, submission.reporting_unit)
    problems = []
    for cell in cells:
        row = existing.get(cell.key)
        label = _cell_label(cell)
        if row is None or row.value is None:
            problems.append(_("%(cell)s: chưa nhập số liệu") % {"cell": label})
            continue
        warning = value_warning(cell.indicator, cell.key, row.value, previous, half_year)
        if warning and not row.explanation.strip():
            problems.append(_("%(cell)s: %(warning)s — cần ghi giải trình") % {"cell": label, "warning": warning})
    return problems


@transaction.atomic
def submission_submit(*, submission, user, expected_version=None):
    """Draft or returned → submitted, when every figure is there and every warning explained."""
    locked = _lock(submission, expected_version)
    _require_editable(locked)
    problems = submission_problems(locked)
    if problems:
        raise SubmissionError(problems)
    now = timezone.now()
    was_returned = locked.status == SubmissionStatus.RETURNED
    locked.status = SubmissionStatus.SUBMITTED
    locked.submitted_at = now
    locked.submitted_by = user
    locked.first_submitted_at = locked.first_submitted_at or now
    locked.version += 1
    locked.save()
    SubmissionEvent.objects.create(
        submission=locked, user=user, action=SubmissionEvent.Action.SUBMITTED,
        old_value=_stored(SubmissionStatus.RETURNED.label if was_returned else SubmissionStatus.DRAFT.label),
        new_value=_stored(SubmissionStatus.SUBMITTED.label),
    )
    audit_record(user=user, action="submit", obj=locked, detail="gửi lại" if was_returned else "")
    return locked


def _require_submitted(locked):
    if locked.status != SubmissionStatus.SUBMITTED:
        raise SubmissionError(
            _("Chỉ xử lý được báo cáo đã gửi; báo cáo này đang '%(status)s'.") % {"status": locked.get_status_display()}
        )


@transaction.atomic
def submission_return(*, submission, user, comment, value_comments=None, expected_version=None):
    """Submitted → returned, with an overall comment and/or comments on values ({cell: text})."""
    comment = nfc(comment or "")
    value_comments = {key: nfc(text) for key, text in (value_comments or {}).items() if (text or "").strip()}
    if not comment and not value_comments:
        raise SubmissionError(_("Cần ghi nhận xét khi trả lại báo cáo."))
    locked = _lock(submission, expected_version)
    _require_submitted(locked)
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
        old_value=_stored(SubmissionStatus.SUBMITTED.label), new_value=comment or "; ".join(value_comments.values()),
    )
    audit_record(user=user, action="return", obj=locked, detail=comment or "; ".join(value_comments.values()))
    return locked


@transaction.atomic
def submission_approve(*, submission, user, expected_version=None):
    """Submitted → approved; approved reports are read-only."""
    locked = _lock(submission, expected_version)
    _require_submitted(locked)
    locked.status = SubmissionStatus.APPROVED
    locked.approved_at = timezone.now()
    locked.approved_by = user
    locked.version += 1
    locked.save()
    SubmissionEvent.objects.create(
        submission=locked, user=user, action=SubmissionEvent.Action.APPROVED,
        old_value=_stored(SubmissionStatus.SUBMITTED.label), new_value=_stored(SubmissionStatus.APPROVED.label),
    )
    audit_record(user=user, action="approve", obj=locked)
    return locked


def require_unit_member_of(user, submission):
    """Only the unit's own members write its report (department staff review, they don't fill)."""
    from institutions.access import unit_of

    if unit_of(user) is None or unit_of(user).pk != submission.reporting_unit_id:
        raise PermissionDenied
