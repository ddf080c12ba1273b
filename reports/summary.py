"""The leaders' summary of a period for the provincial People's Committee: at most two A4 pages.

The department's header block, the targets against their figures, the chart, the districts
behind and the units not yet reported or approved. Every number and word comes from the one
page model (``present.report_page``); nothing here is a second wording of the report.
"""
from django.utils import timezone

from laichau_plan import formatting as fmt

from .charts import achievement_chart
from .documents import each_note, letterhead
from .drafting import period_phrase
from .present import areas_behind, completeness_sentence, headline, outstanding_units, report_page


def summary_title(data, period):
    """"Tình hình thực hiện Kế hoạch số 1133/KH-UBND ngày 16/12/2015 của UBND tỉnh Lai Châu năm 2019"."""
    plan = data["plan"]
    return (
        f"Tình hình thực hiện Kế hoạch số {plan['number']} ngày {fmt.date(plan['issued_on'])} của {plan['issuer']} "
        f"{period_phrase(period)}"
    )


def summary_context(period, data, *, on=None):
    """What ``reports/pdf/summary.html`` prints of ``data`` (the period's report data), dated ``on``
    (today when None)."""
    page = report_page(data)
    rows = [row for row in page.rows if row["key"]]
    return {
        **letterhead(on or timezone.localdate()),
        "title": summary_title(data, period),
        "data": data,
        "rows": rows,
        "provisional": page.provisional,
        "headline": headline(data),
        "completeness_text": completeness_sentence(data),
        "each_note": each_note() if any(row["target"]["scope"]["per_institution"] for row in rows) else "",
        "chart": achievement_chart(rows),
        "areas_behind": areas_behind(rows),
        # "Huyện, thành phố" for 2016–2020, "Xã, phường" since 2025 (area_layout.area_heading)
        "area_heading": page.area_heading,
        "areas_word": page.area_heading.lower(),
        "outstanding": outstanding_units(page.completeness_rows),
        "due_date": fmt.date(data["completeness"]["due_date"]),
    }
