"""Import a filled report workbook: all or nothing, with the checks of the web form.

Only the cells the unit changed offline are applied: a cell whose value still equals the value
pre-filled at download (recorded in _meta) keeps whatever the portal holds now, so figures
entered on the portal after the download are not overwritten. When the same cell was changed
both on the portal and in the file, the file is refused for that cell. The report's words
(results per task, shortcomings, proposals, explanations of figures) follow the same rule and are
saved in the same transaction as the figures.
"""
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from institutions.models import ReportingUnit
from laichau_plan.text import shortened

from ..models import Period, Submission, SubmissionEvent
from ..selectors import cell_key, period_by_slug
from ..services import SubmissionError, submission_save
from .layout import DATA_SHEET, build_layout, text_rows
from .reader import Problem, ReadError, open_workbook, read_figures, read_meta
from .words import Words, read_words


@dataclass
class ImportResult:
    problems: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    period: Period | None = None
    unit: ReportingUnit | None = None
    submission: Submission | None = None
    filled: int = 0  # owed cells with a figure in the file
    texts: int = 0  # texts and explanations with words in the file
    changed: int = 0  # changes recorded in the history
    submitted: bool = False

    @property
    def ok(self):
        return not self.problems

    @property
    def messages(self):
        return [str(problem) for problem in self.problems]


class _Abort(Exception):
    def __init__(self, problems):
        self.problems = problems
        super().__init__(problems)


def _snapshot_value(text):
    try:
        return Decimal(text) if text else None
    except InvalidOperation:
        return None


def _target(meta, period, unit):
    """The period and unit the file is imported for, or problems when it belongs elsewhere."""
    problems = []
    if unit is not None and meta.unit_code != unit.code:
        problems.append(Problem(
            _("tệp này là mẫu của đơn vị mã %(file_unit)s, không phải của %(name)s (mã %(code)s); "
              "hãy tải mẫu của đơn vị mình") % {"file_unit": shortened(meta.unit_code), "name": unit.name, "code": unit.code}
        ))
    if period is not None and meta.period_code != period.slug:
        problems.append(Problem(
            _("tệp này là mẫu của kỳ %(file_period)s, không phải kỳ %(code)s (%(title)s); "
              "hãy tải mẫu của kỳ đang nhập")
            % {"file_period": shortened(meta.period_code), "code": period.slug, "title": period.title}
        ))
    if unit is None:
        unit = ReportingUnit.objects.filter(code=meta.unit_code).first()
        if unit is None:
            problems.append(Problem(_("không có đơn vị báo cáo mã %(code)s") % {"code": shortened(meta.unit_code)}))
    if period is None:
        period = period_by_slug(meta.period_code)
        if period is None:
            problems.append(Problem(_("không có kỳ báo cáo mã %(code)s") % {"code": shortened(meta.period_code)}))
    return period, unit, problems


def _located(figures, key, message):
    row, letter = figures.locations.get(key, (None, ""))
    return Problem(message, DATA_SHEET, row, letter, key.split("|")[0])


def _located_words(words, kind, key, message):
    sheet, where = words.locations.get((kind, key), ("", ""))
    return Problem(message, sheet, cell=where)


def _read_words(wb, meta, layout):
    """The words of the file (none in a version 1 file: the report's words are left as they are)."""
    if not meta.has_words:
        return None
    return read_words(wb, layout, text_rows(layout.period, layout.unit), meta)


def _unexplained(saved, warnings):
    """The warnings whose figure has no explanation after the import (only those need one)."""
    if not warnings:
        return {}
    # Only the explained figures' keys, in one query: loading every figure back as a model (10,006 of
    # them in the bench's import) took longer than saving them.
    explained = {
        cell_key(code, institution or "")
        for code, institution, text in saved.submission.values.exclude(explanation="").values_list(
            "indicator__code", "institution__code", "explanation"
        )
        if text.strip()
    }
    return {key: message for key, message in warnings.items() if key not in explained}


def _downloaded(meta):
    """{cell key: figure pre-filled in the template at download}."""
    return {key: _snapshot_value(text) for key, text in meta.snapshot.items()}


def import_report(*, data, filename, user=None, period=None, unit=None, submit=False):
    """Read, check and save a report workbook; ``submit`` also sends it. Returns ImportResult.

    ``period`` and ``unit`` are what the upload is for (web); when None, the file's own are used
    (command line). Nothing is saved unless everything passes, submission included: the refusals,
    the checks and the saving are ``services.submission_save``'s, as for the web form.
    """
    try:
        wb = open_workbook(data, filename)
        meta = read_meta(wb)
    except ReadError as exc:
        return ImportResult(problems=exc.problems)
    period, unit, problems = _target(meta, period, unit)
    result = ImportResult(problems=problems, period=period, unit=unit)
    if problems:
        return result
    layout = build_layout(period, unit)
    figures = read_figures(wb, layout, meta)
    words = _read_words(wb, meta, layout)
    if figures.problems or (words and words.problems):
        result.problems = figures.problems + (words.problems if words else [])
        return result
    words = words or Words(downloaded=None)
    result.filled = sum(value is not None for value in figures.values.values())
    result.texts = sum(bool(text) for text in [*words.texts.values(), *words.explanations.values()])
    try:
        with transaction.atomic():
            saved = submission_save(
                period=period, unit=unit, user=user, values=figures.values, downloaded=_downloaded(meta),
                explanations=words.explanations, texts=words.texts, downloaded_words=words.downloaded,
                cells=list(layout.cells.values()), action=SubmissionEvent.Action.IMPORTED, submit=submit,
                importing=True,
            )
            if not saved.ok:
                raise _Abort(
                    [_located(figures, key, message) for key, message in saved.errors.items()]
                    + [_located_words(words, kind, key, message) for (kind, key), message in saved.text_errors.items()]
                )
            if saved.unsent:
                raise _Abort([Problem(_("không gửi được báo cáo: ") + message) for message in saved.unsent])
    except SubmissionError as exc:
        result.problems = [Problem(message) for message in exc.messages]
        return result
    except _Abort as abort:
        result.problems = abort.problems
        return result
    result.changed, result.submitted, result.submission = saved.changed, saved.submitted, saved.submission
    result.warnings = [_located(figures, key, message) for key, message in _unexplained(saved, saved.warnings).items()]
    return result
