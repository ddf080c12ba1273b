"""The grid of a report (one block per institution, then the unit's own figures) and its words,
loaded once for the form, the read-only page and the review screen, in a fixed number of queries."""
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from institutions.models import InstitutionKind, InstitutionLevel
from laichau_plan.formatting import plain_number
from targets.models import Task, ValueType

from ..checks import comparison_values, value_warning
from ..forms import comment_field_name, explanation_field_name, task_field_name, value_field_name
from ..models import TextKind
from ..periods import previous_like_period, same_year_half_period
from ..selectors import cell_key, expected_cells, report_tasks, submission_texts, values_by_key


def show_value(indicator, value):
    if value is None:
        return ""
    if indicator.value_type == ValueType.BOOLEAN:
        return str(_("Có") if value else _("Không"))
    text = plain_number(value)
    return f"{text} %" if indicator.value_type == ValueType.PERCENT else text


@dataclass
class Row:
    cell: object
    stored: object = None  # SubmissionValue or None
    warning: str = ""
    previous: object = None
    half_year: object = None
    comments: list = field(default_factory=list)
    error: str = ""
    current: str | None = None  # on a concurrent edit: what is stored now, when it differs
    value_field: object = None
    explanation_field: object = None
    comment_field: object = None

    @property
    def key(self):
        return self.cell.key

    @property
    def indicator(self):
        return self.cell.indicator

    @property
    def value(self):
        return self.stored.value if self.stored else None

    @property
    def display(self):
        return show_value(self.indicator, self.value)

    @property
    def explanation(self):
        return self.stored.explanation if self.stored else ""

    @property
    def previous_display(self):
        return show_value(self.indicator, self.previous)

    @property
    def half_year_display(self):
        return show_value(self.indicator, self.half_year)


@dataclass
class Block:
    """One institution's figures (or the unit's own, code "")."""

    title: str
    code: str
    rows: list


@dataclass
class Group:
    """Institutions of one kind and level (district libraries, commune cultural houses), or the unit."""

    title: str
    blocks: list

    @property
    def rows(self):
        return [row for block in self.blocks for row in block.rows]

    @property
    def several(self):
        return len(self.blocks) > 1


LEVEL_ORDER = [level for level, _label in InstitutionLevel.choices]
KIND_ORDER = [kind for kind, _label in InstitutionKind.choices]


@dataclass
class TaskText:
    task: Task
    role: str
    text: str
    field: object = None


class ReportData:
    """Everything the pages show about one submission."""

    def __init__(self, submission):
        self.submission = submission
        period, unit = submission.period, submission.reporting_unit
        self.cells = expected_cells(period, unit)
        self.values = values_by_key(submission)
        comparisons = comparison_values(period, unit)
        previous, half_year = comparisons.previous, comparisons.half_year
        self.previous_period = previous_like_period(period)
        self.half_period = same_year_half_period(period)
        comments = defaultdict(list)
        self.overall_comments = []
        for comment in submission.comments.select_related("author", "indicator", "institution").order_by(
            "-created_at", "-pk"
        ):
            if comment.indicator_id is None:
                self.overall_comments.append(comment)
            else:
                key = cell_key(comment.indicator.code, comment.institution.code if comment.institution else "")
                comments[key].append(comment)
        self.rows = {}
        for cell in self.cells:
            stored = self.values.get(cell.key)
            row = Row(cell=cell, stored=stored, previous=previous.get(cell.key),
                      half_year=half_year.get(cell.key), comments=comments.get(cell.key, []))
            row.warning = value_warning(cell, row.value, comparisons) or ""
            self.rows[cell.key] = row
        self.texts = submission_texts(submission)
        self.tasks = [
            TaskText(task, role, self.texts.get((TextKind.TASK_RESULT, task.pk), ""))
            for task, role in report_tasks(period, unit)
        ]

    @property
    def shortcomings(self):
        return self.texts.get((TextKind.SHORTCOMINGS, None), "")

    @property
    def proposals(self):
        return self.texts.get((TextKind.PROPOSALS, None), "")

    @property
    def warnings(self):
        return [row for row in self.rows.values() if row.warning]

    def groups(self):
        """Groups by level (province, district, commune, village) and kind, institutions in
        Vietnamese order within a group; the unit's own figures last."""
        blocks, institutions = {}, {}
        for cell in self.cells:
            code = cell.institution.code if cell.institution else ""
            if code not in blocks:
                title = cell.institution.name if cell.institution else str(_("Chỉ tiêu chung của đơn vị"))
                blocks[code] = Block(title=title, code=code, rows=[])
                institutions[code] = cell.institution
            blocks[code].rows.append(self.rows[cell.key])
        groups = {}
        for code, block in blocks.items():
            inst = institutions[code]
            key = (LEVEL_ORDER.index(inst.level), KIND_ORDER.index(inst.kind)) if inst else (99, 99)
            if key not in groups:
                title = (f"{inst.get_kind_display()} {inst.get_level_display()}" if inst
                         else str(_("Chỉ tiêu chung của đơn vị")))
                groups[key] = Group(title=title, blocks=[])
            groups[key].blocks.append(block)
        for group in groups.values():
            group.blocks.sort(key=lambda block: (getattr(institutions[block.code], "sort_name", ""), block.code))
        return [groups[key] for key in sorted(groups)]

    def attach_form(self, form, *, warnings=None, errors=None, current=None):
        """Put ``form``'s bound fields on the rows; explanations show where a warning is or was."""
        for key, row in self.rows.items():
            if warnings is not None:  # checked from what the user typed, not from what is stored
                row.warning = warnings.get(key, "")
            row.error = (errors or {}).get(key, "")
            widget = form.fields[value_field_name(key)].widget
            if row.error:
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
                widget.attrs["aria-describedby"] = f"error-{key}"
            elif row.warning:
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} border-warning".strip()
            row.value_field = form[value_field_name(key)]
            if row.warning or row.explanation or explanation_field_name(key) in form.data:
                row.explanation_field = form[explanation_field_name(key)]
            if current is not None and key in current:
                row.current = current[key]
        for task_text in self.tasks:
            task_text.field = form[task_field_name(task_text.task.pk)]

    def attach_review_form(self, form):
        for key, row in self.rows.items():
            row.comment_field = form[comment_field_name(key)]
