"""The first draft of the department's words, gathered from the units' approved reports.

Results as a synthesis per part of the plan (``synthesis``: alike sentences merged under the
units' names, the part's key figures, the tasks no unit reported on); shortcomings and proposals
unit by unit. The department then rewrites them in its own words.
"""
from collections import defaultdict

from laichau_plan import formatting as fmt
from reporting.models import PeriodKind, SubmissionStatus, SubmissionText, TextKind
from targets.models import Task

from . import synthesis
from .data import report_data



def period_phrase(period):
    if period.kind == PeriodKind.HALF_YEAR:
        return f"6 tháng đầu năm {period.year}"
    if period.kind == PeriodKind.ANNUAL:
        return f"năm {period.year}"
    # An ad hoc period is named by its data window, with its own title quoted: the title is a name
    # ("Báo cáo đột xuất về ..."), not a phrase that joins the sentence it stands in.
    return (
        f"từ ngày {fmt.date(period.cutoff_start)} đến ngày {fmt.date(period.cutoff_end)} "
        f"(kỳ báo cáo “{period.title}”)"
    )


def default_summary(period):
    plan = period.plan
    return (
        f"Kết quả thực hiện Kế hoạch số {plan.number} ngày {fmt.date(plan.issued_on)} của {plan.issuer} "
        f"{period_phrase(period)}"
    )


def _lines(texts):
    return [f"- {unit}: {' '.join(text.split())}" for unit, text in texts]


def _approved_texts(period):
    return (
        SubmissionText.objects.filter(submission__period=period, submission__status=SubmissionStatus.APPROVED)
        .exclude(text="")
        .select_related("task", "submission__reporting_unit")
        .order_by("task__order", "task__code", "submission__reporting_unit__order", "submission__reporting_unit__code")
    )


def plan_tasks(period):
    """The plan's tasks in order as plain dicts (what ``synthesis`` reads). One query."""
    return [
        {
            "code": task.code, "section": task.section, "section_title": task.section_title, "text": task.text,
            "indicator_codes": [indicator.code for indicator in task.indicators.all()],
        }
        for task in Task.objects.filter(plan_id=period.plan_id).prefetch_related("indicators")
        .order_by("order", "code")
    ]


def task_texts(period):
    """(tasks, {task code: [(unit name, text)]}): the approved units' results per task."""
    by_task = defaultdict(list)
    for row in _approved_texts(period).filter(kind=TextKind.TASK_RESULT, task__isnull=False):
        by_task[row.task.code].append((row.submission.reporting_unit.name, row.text))
    return plan_tasks(period), by_task


def full_texts(period):
    """The appendix of the units' full texts, task by task."""
    return synthesis.full_texts(*task_texts(period))


def draft_texts(period):
    """{results, shortcomings, tasks_ahead, proposals}: the first draft of the department's words.
    Results: the synthesis per part of the plan (``synthesis``); shortcomings and proposals unit
    by unit."""
    shortcomings, proposals = [], []
    for row in _approved_texts(period).exclude(kind=TextKind.TASK_RESULT):
        unit = row.submission.reporting_unit.name
        if row.kind == TextKind.SHORTCOMINGS:
            shortcomings.append((unit, row.text))
        elif row.kind == TextKind.PROPOSALS:
            proposals.append((unit, row.text))
    tasks, by_task = task_texts(period)
    results = synthesis.synthesis(tasks, by_task, report_data(period), period_phrase(period))
    return {
        "results": "\n".join(results).strip(),
        "shortcomings": "\n".join(_lines(shortcomings)),
        "tasks_ahead": "",
        "proposals": "\n".join(_lines(proposals)),
    }
