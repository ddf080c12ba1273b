"""The first draft of the department's words, gathered from the units' approved reports.

Results task by task (in the plan's order), each unit's text under its task; shortcomings and
proposals unit by unit. The department then rewrites them in its own words.
"""
from collections import defaultdict

from reporting.models import PeriodKind, SubmissionStatus, SubmissionText, TextKind
from laichau_plan import formatting as fmt



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


def draft_texts(period):
    """{results, shortcomings, tasks_ahead, proposals}: the units' words, task by task. One query."""
    rows = (
        SubmissionText.objects.filter(submission__period=period, submission__status=SubmissionStatus.APPROVED)
        .exclude(text="")
        .select_related("task", "submission__reporting_unit")
        .order_by("task__order", "task__code", "submission__reporting_unit__order", "submission__reporting_unit__code")
    )
    by_task = defaultdict(list)
    tasks = {}
    shortcomings, proposals = [], []
    for row in rows:
        unit = row.submission.reporting_unit.name
        if row.kind == TextKind.TASK_RESULT and row.task_id:
            tasks[row.task_id] = row.task
            by_task[row.task_id].append((unit, row.text))
        elif row.kind == TextKind.SHORTCOMINGS:
            shortcomings.append((unit, row.text))
        elif row.kind == TextKind.PROPOSALS:
            proposals.append((unit, row.text))
    results = []
    for task_id, texts in by_task.items():
        task = tasks[task_id]
        results.append(f"{task.code}. {task.text}")
        results.extend(_lines(texts))
        results.append("")
    return {
        "results": "\n".join(results).strip(),
        "shortcomings": "\n".join(_lines(shortcomings)),
        "tasks_ahead": "",
        "proposals": "\n".join(_lines(proposals)),
    }
