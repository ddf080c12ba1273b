"""What the printed report says, around the numbers: Decree 30/2020 header, sections, signature.

``document_context(report, data)`` is read by the PDF template (and the page's preview); the
numbers come only from ``data`` (the canonical report data, frozen once the report is issued).
"""
import math

from django.conf import settings

from laichau_plan import formatting as fmt

from .charts import achievement_chart
from .drafting import period_phrase
from .areas import PROVINCE_AREA_CODE
from .present import completeness_sentence, headline, report_page


DISTRICTS_PER_TABLE = 8


def area_blocks(columns, matrix, size=DISTRICTS_PER_TABLE):
    """Appendix II as tables of at most ``size`` areas beside the province's own column:
    [(columns, [(row, cells)])]. A province of up to ``size`` districts keeps one table (province,
    every district, total); more are split into groups of even size, the province's column in the
    first, the row labels repeated in each.

    A table of eighty districts side by side fits no page and costs WeasyPrint seconds to lay out."""
    province = [i for i, column in enumerate(columns) if column["code"] == PROVINCE_AREA_CODE]
    others = [i for i, column in enumerate(columns) if column["code"] != PROVINCE_AREA_CODE]
    groups = max(1, math.ceil(len(others) / size))
    per_group = math.ceil(len(others) / groups) if others else 0
    blocks = []
    for group in range(groups):
        picked = sorted((province if group == 0 else []) + others[group * per_group:(group + 1) * per_group])
        blocks.append((
            [columns[i] for i in picked],
            [(row, [cells[i] for i in picked]) for row, cells in matrix],
        ))
    return blocks


def paragraphs(text):
    """Non-empty lines of ``text`` as paragraphs."""
    return [" ".join(line.split()) for line in (text or "").splitlines() if line.strip()]


def recipients(report):
    lines = report.recipient_lines()
    return [f"- {line}{'.' if index == len(lines) - 1 else ';'}" for index, line in enumerate(lines)]


def document_context(report, data):
    province = settings.PORTAL_PROVINCE_NAME
    department = settings.PORTAL_DEPARTMENT_NAME
    plan, period = data["plan"], data["period"]
    number = fmt.number_symbol(report.number, report.symbol)
    page = report_page(data)
    phrase = period_phrase(report.period)
    return {
        "report": report,
        "data": data,
        "is_draft": not report.is_issued,
        "parent_body": f"UBND tỉnh {province}".upper(),
        "issuing_body": department.upper(),
        "number": number,
        "place_date": fmt.place_date(province, report.issued_on),
        "summary": report.summary,
        "opening": (
            f"Thực hiện Kế hoạch số {plan['number']} ngày {fmt.date(plan['issued_on'])} của {plan['issuer']}, "
            f"{department} báo cáo kết quả thực hiện {phrase} như sau:"
        ),
        "closing": (
            f"Trên đây là báo cáo kết quả thực hiện Kế hoạch số {plan['number']} {phrase} "
            f"của {department} tỉnh {province}./."
        ),
        "completeness_text": completeness_sentence(data),
        "numbers_intro": [
            completeness_sentence(data),
            headline(data),
            *( [period["basis_note"]] if period["basis_note"] else [] ),
            "(Chi tiết tại Phụ lục I, Phụ lục II và Phụ lục III kèm theo)",
        ],
        "sections": [
            ("II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN", paragraphs(report.shortcomings)),
            ("III. NHIỆM VỤ TRỌNG TÂM THỜI GIAN TỚI", paragraphs(report.tasks_ahead)),
            ("IV. ĐỀ XUẤT, KIẾN NGHỊ", paragraphs(report.proposals)),
        ],
        "results": paragraphs(report.results),
        "recipients": recipients(report),
        "signer_authority": report.signer_authority.upper(),
        "signer_title": report.signer_title.upper(),
        "signer_name": report.signer_name,
        "appendix_ref": f"(Kèm theo Báo cáo số {number} {fmt.date_words(report.issued_on)} của {department})",
        "phrase_upper": phrase.upper(),
        **page.context(),
        "area_blocks": area_blocks(page.area_columns, page.area_rows),
        "completeness": data["completeness"],
        "due_date": fmt.date(data["completeness"]["due_date"]),
        "chart": achievement_chart(page.rows),
    }
