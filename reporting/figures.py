"""A report's figures, explanations and words: checking them, writing them into the rows with a
line of history per change, and what is still missing before the report can be sent.

Plain functions over what the caller already loaded (the locked submission, the cells it owes, its
stored values, the figures to compare with); the transaction around them is
``services.submission_save``, the one write path of the web form, the web upload and import_report.
"""
import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from laichau_plan.formatting import plain_number
from laichau_plan.text import nfc
from laichau_plan.workbooks import clean_text
from targets.models import Task

from .checks import InvalidValue, comparison_values, parse_value, value_warning
from .models import Submission, SubmissionEvent, SubmissionText, SubmissionValue, TextKind
from .selectors import expected_cells


@dataclass
class SaveResult:
    errors: dict = field(default_factory=dict)  # cell key -> message
    text_errors: dict = field(default_factory=dict)  # ("text", (kind, task id)) or ("explanation", cell key) -> message
    warnings: dict = field(default_factory=dict)  # cell key -> message
    changed: int = 0
    submitted: bool = False
    unsent: list = field(default_factory=list)  # asked to send, could not: why (the figures stay saved)
    submission: object = None
    attachment: object = None  # the file stored with this save, if one came with it
    removed: list = field(default_factory=list)  # names of the files removed with this save

    @property
    def ok(self):
        return not self.errors and not self.text_errors


def stored_label(label):
    """A choice label as the history stores it: Vietnamese, whatever the language of the page."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(label)


def _display(value):
    return "" if value is None else plain_number(value)


def check_figures(submission, raw_values, cells=None, comparisons=None):
    """Parse and check raw figures {cell key: raw} without saving. Returns (parsed, SaveResult).

    ``comparisons``: what ``checks.comparison_values`` gives for the report, when the caller has it.
    """
    cells = cells if cells is not None else expected_cells(submission.period, submission.reporting_unit)
    by_key = {cell.key: cell for cell in cells}
    result = SaveResult()
    parsed = {}
    comparisons = comparisons or comparison_values(submission.period, submission.reporting_unit)
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
        warning = value_warning(cell, value, comparisons)
        if warning:
            result.warnings[key] = warning
    return parsed, result


def keep_changed_since_download(parsed, result, downloaded, existing):
    """Keep in ``parsed`` only the figures changed since the template was downloaded.

    ``downloaded``: {cell key: value pre-filled at download}. A figure still equal to it keeps what
    the portal holds now; one changed both in the file and on the portal is an error of ``result``.
    """
    for key, new in list(parsed.items()):
        before = downloaded.get(key)
        now = existing[key].value if key in existing else None
        if new != before and now != before and now != new:
            result.errors[key] = _(
                "ô này đã được sửa trên cổng sau khi tải mẫu (nay là %(now)s, khi tải mẫu là %(before)s); "
                "hãy tải mẫu mới để không ghi đè"
            ) % {"now": _shown(now), "before": _shown(before)}
        if new == before or now == new or key in result.errors:
            del parsed[key]
            result.warnings.pop(key, None)


def text_digest(text):
    """A short fingerprint of a text as an Excel cell shows it (the template records it for each
    text it pre-fills, so that an upload changes only the texts the unit changed offline)."""
    shown = nfc(clean_text(text or "")) or ""
    return hashlib.sha256(shown.encode("utf-8")).hexdigest()[:24]


def keep_words_changed_since_download(words, downloaded, stored, result, kind):
    """Keep in ``words`` ({key: text}) only the texts changed since the template was downloaded.

    ``downloaded``: {key: text_digest of the text pre-filled at download} (none: it was empty);
    ``stored``: {key: text the portal holds now}. A text the file leaves as it was keeps what the
    portal holds; one changed both in the file and on the portal is an error of ``result``
    (under ``(kind, key)``), as for figures.
    """
    empty = text_digest("")
    for key, text in list(words.items()):
        before = downloaded.get(key, empty)
        now = stored.get(key, "")
        if text_digest(text) == before or nfc(text or "") == now:
            del words[key]
        elif text_digest(now) != before:
            result.text_errors[(kind, key)] = _(
                "nội dung này đã được sửa trên cổng sau khi tải mẫu; hãy tải mẫu mới để không ghi đè"
            )
            del words[key]


def _shown(value):
    return _("trống") if value is None else plain_number(value)


# An import changing more figures than this records them in one history line (how many, and the first
# few) instead of a line each: 10,006 lines of "LIB_VISITS — TV-105: — → 1.200" are no history a reader
# can use, and making and inserting them was a third of the bench's import of 1,250 libraries.
FOLDED_AFTER = 20
FOLDED_SHOWN = 5


def _figure_events(locked, user, action, changes):
    """History lines of the figures changed, [(cell, old, new)]: one each, or one for a large import
    (only the figures shown are formatted)."""
    if action != SubmissionEvent.Action.IMPORTED or len(changes) <= FOLDED_AFTER:
        return [_event(locked, user, action, cell_label(cell), _display(old), _display(new))
                for cell, old, new in changes]
    shown = "; ".join(f"{cell_label(cell)}: {_display(old) or 'trống'} → {_display(new) or 'trống'}"
                      for cell, old, new in changes[:FOLDED_SHOWN])
    rest = len(changes) - FOLDED_SHOWN
    return [_event(locked, user, action, f"{plain_number(len(changes))} số liệu", "",
                   f"{shown}; … và {plain_number(rest)} số liệu khác")]


def write_figures(locked, user, cells, existing, parsed, explanations, action):
    """Save figures and explanations into their rows (a few statements for thousands of them).

    Returns (history lines, number of changes); ``existing`` ({cell key: SubmissionValue}) is updated
    to what is stored now.
    """
    explanations = explanations or {}
    events, changes, new_rows, changed_rows = [], [], [], []
    now = timezone.now()
    for cell in cells:  # in the cells' order, so the history lists them as the form and the template do
        key = cell.key
        if key not in parsed and key not in explanations:
            continue
        if key not in existing and parsed.get(key) is None and not (explanations.get(key) or "").strip():
            continue  # an empty cell that was never filled: no row, no history
        # By ids: setting the three related objects on each new row was a tenth of importing 10,006 figures.
        row = existing.get(key) or SubmissionValue(
            submission_id=locked.pk, indicator_id=cell.indicator.pk,
            institution_id=cell.institution.pk if cell.institution else None,
        )
        dirty = row.pk is None
        if key in parsed and parsed[key] != row.value:
            changes.append((cell, row.value, parsed[key]))
            row.value = parsed[key]
            dirty = True
        if key in explanations:
            text = nfc(explanations[key] or "")
            if text != row.explanation:
                events.append(_event(locked, user, SubmissionEvent.Action.EXPLANATION, cell_label(cell),
                                     row.explanation, text))
                row.explanation = text
                dirty = True
        if dirty:
            row.updated_by_id, row.updated_at = getattr(user, "pk", None), now
            (new_rows if row.pk is None else changed_rows).append(row)
            existing[key] = row
    SubmissionValue.objects.bulk_create(new_rows, batch_size=1000)
    SubmissionValue.objects.bulk_update(
        changed_rows, ["value", "explanation", "updated_by", "updated_at"], batch_size=500
    )
    return _figure_events(locked, user, action, changes) + events, len(changes) + len(events)


def stored_texts(locked):
    """{(kind, task id or None): SubmissionText} of a report, in one query."""
    return {(row.kind, row.task_id): row for row in locked.texts.all()}


def write_texts(locked, user, texts, stored=None):
    """Save words {(kind, task id or None): text}; returns the history lines. ``stored``: what
    stored_texts gives, when the caller has it."""
    if not texts:
        return []
    stored = stored_texts(locked) if stored is None else stored
    task_codes = _task_codes([task_id for _, task_id in texts if task_id])
    events = []
    for (kind, task_id), text in texts.items():
        events.extend(_save_text(locked, user, kind, task_id, nfc(text or ""), stored, task_codes))
    return events


def write_document(locked, user, document):
    """Save the document's number, date and signer ({field: value}); a history line for each change."""
    events = []
    for name, new in document.items():
        new = nfc(new.strip()) if isinstance(new, str) else new
        old = getattr(locked, name)
        if old == new or (old in ("", None) and new in ("", None)):
            continue
        setattr(locked, name, new)
        label = capfirst(stored_label(Submission._meta.get_field(name).verbose_name))
        events.append(_event(locked, user, SubmissionEvent.Action.TEXT, label, _plain(old), _plain(new)))
    if events:
        locked.save(update_fields=[*document, "updated_at"])
    return events


def _plain(value):
    if value is None:
        return ""
    return value.strftime("%d/%m/%Y") if hasattr(value, "strftime") else str(value)


def cell_label(cell):
    where = cell.institution.name if cell.institution else "đơn vị"
    return f"{cell.indicator.code} — {where}"


def _event(submission, user, action, label, old, new):
    return SubmissionEvent(
        submission=submission, user=user, action=action, field=label[:300], old_value=old, new_value=new
    )


def _task_codes(task_ids):
    return dict(Task.objects.filter(pk__in=task_ids).values_list("pk", "code")) if task_ids else {}


def _save_text(submission, user, kind, task_id, text, stored, task_codes):
    """Save one text; ``stored`` {(kind, task id): SubmissionText} holds the report's texts."""
    if kind != TextKind.TASK_RESULT:
        task_id = None
    row = stored.get((kind, task_id))
    old = row.text if row else ""
    if old == text:
        return []
    if row is None:
        row = SubmissionText(submission=submission, kind=kind, task_id=task_id)
    row.text = text
    row.save()
    code = task_codes.get(task_id, f"#{task_id}")
    label = stored_label(TextKind(kind).label) + (f" (nhiệm vụ {code})" if task_id else "")
    return [_event(submission, user, SubmissionEvent.Action.TEXT, label, old, text)]


def figure_problems(cells, existing, comparisons):
    """What stops a report from being sent: missing figures, unexplained warnings (in cell order)."""
    problems = []
    for cell in cells:
        row = existing.get(cell.key)
        label = cell_label(cell)
        if row is None or row.value is None:
            problems.append(_("%(cell)s: chưa nhập số liệu") % {"cell": label})
            continue
        warning = value_warning(cell, row.value, comparisons)
        if warning and not row.explanation.strip():
            problems.append(_("%(cell)s: %(warning)s — cần ghi giải trình") % {"cell": label, "warning": warning})
    return problems
