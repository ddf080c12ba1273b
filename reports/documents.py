"""What the printed report says, around the numbers: Decree 30/2020 header, sections, signature.

``document_context(report, data)`` is read by the PDF template (and the page's preview); the
numbers come only from ``data`` (the canonical report data, frozen once the report is issued).
"""
import math

from django.conf import settings

from laichau_plan import formatting as fmt

from .charts import achievement_chart
from .issuing import SECTION_FIELDS
from .drafting import full_texts, period_phrase
from .areas import PROVINCE_AREA_CODE
from .present import completeness_sentence, headline, report_page
from .serialize import dumps_member


DISTRICTS_PER_TABLE = 8
TARGETS_PER_TABLE = 6  # Appendix II with its areas as rows: a column per target, six to a landscape page


def each_note(meeting_column=""):
    """How a per-institution target is read, under a table of targets; ``meeting_column`` names the
    table's column of institutions that reached the minimum, when it has one."""
    where = f' (cột "{meeting_column}")' if meeting_column else ""
    return (
        "Chỉ tiêu cho mỗi thiết chế: cột \"Thực hiện\" là tổng của các thiết chế; tỷ lệ là số thiết chế đạt mức "
        f"tối thiểu trên tổng số thiết chế{where}, không so tổng với mức của một thiết chế."
    )


EACH_NOTE = each_note("Số thiết chế đạt")

# Sections II-IV as printed (section I, the results, has the figures before its words).
PRINTED_SECTIONS = (
    ("II", "TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN"),
    ("III", "NHIỆM VỤ TRỌNG TÂM THỜI GIAN TỚI"),
    ("IV", "ĐỀ XUẤT, KIẾN NGHỊ"),
)


def area_blocks(columns, matrix, size=DISTRICTS_PER_TABLE):
    """Appendix II as tables of at most ``size`` areas beside the province's own column:
    [(columns, [(row, cells)])]. A province of up to ``size`` districts keeps one table (province,
    every district, total); more are split into groups of even size, the province's column in the
    first, the row labels repeated in each.

    A table of eighty districts side by side fits no page and costs WeasyPrint seconds to lay out.
    Beyond ``area_layout.AREAS_AS_COLUMNS`` areas the appendix lists them as rows (``target_blocks``)."""
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


def target_blocks(rows, lines, size=TARGETS_PER_TABLE):
    """Appendix II with its areas as rows (``area_layout.areas_as_rows``): tables of at most ``size``
    targets side by side, each listing every area: [(target rows, [(area, cells)])]. The targets are
    split into groups of even size; the area names are repeated in each table, its total under it."""
    groups = max(1, math.ceil(len(rows) / size))
    per_group = math.ceil(len(rows) / groups) if rows else 0
    return [
        (rows[start:start + per_group], [(area, cells[start:start + per_group]) for area, cells in lines])
        for start in range(0, max(len(rows), 1), per_group or 1)
    ]


def paragraphs(text):
    """Non-empty lines of ``text`` as paragraphs."""
    return [" ".join(line.split()) for line in (text or "").splitlines() if line.strip()]


def recipients(report):
    lines = report.recipient_lines()
    return [f"- {line}{'.' if index == len(lines) - 1 else ';'}" for index, line in enumerate(lines)]


def replaces_sentence(report):
    """``Báo cáo này thay thế Báo cáo số 01/BC-SVHTTDL ngày 30/11/2019.`` (Vietnamese: the document's words)."""
    old = report.replaces
    if old is None:
        return ""
    return f"Báo cáo này thay thế Báo cáo số {old.number_display} ngày {fmt.date(old.issued_on)}."


def identity(report):
    """Who an issued report is: the ``document`` member of its JSON download. Only what was fixed
    when it was issued (not which report later replaced it), so the download never changes."""
    old = report.replaces
    return {
        "number": report.number,
        "symbol": report.symbol,
        "number_symbol": report.number_display,
        "issued_on": report.issued_on,
        "issuing_body": f"{settings.PORTAL_DEPARTMENT_NAME} tỉnh {settings.PORTAL_PROVINCE_NAME}",
        "summary": report.summary,
        "signer": {"authority": report.signer_authority, "title": report.signer_title, "name": report.signer_name},
        "replaces": None if old is None else {
            "number": old.number, "symbol": old.symbol, "number_symbol": old.number_display,
            "issued_on": old.issued_on,
        },
        "pdf_sha256": report.pdf_sha256,
        "xlsx_sha256": report.xlsx_sha256,
    }


def issued_json(report):
    """The JSON download of an issued report: ``{"document": identity, ...}`` then, member for
    member and byte for byte, the frozen report JSON (``report.data``, which stays exactly
    ``data.report_json`` of the period as it was issued)."""
    data = report.data
    head = '{\n  "document": ' + dumps_member(identity(report))
    rest = data[1:].lstrip("\n")
    return head + ("\n}" if rest.strip() == "}" else ",\n" + rest)


def letterhead(on):
    """The department's header block (Decree 30): the parent and issuing bodies, and the place and
    date ``on`` (dots to fill in when None). The motto is the template's
    (``reports/pdf/_letterhead.html``)."""
    province = settings.PORTAL_PROVINCE_NAME
    return {
        "parent_body": f"UBND tỉnh {province}".upper(),
        "issuing_body": settings.PORTAL_DEPARTMENT_NAME.upper(),
        "place_date": fmt.place_date(province, on),
    }


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
        **letterhead(report.issued_on),
        "number": number,
        "summary": report.summary,
        "replaces_sentence": replaces_sentence(report),
        "opening": (
            f"Thực hiện Kế hoạch số {plan['number']} ngày {fmt.date(plan['issued_on'])} của {plan['issuer']}, "
            f"{department} báo cáo kết quả thực hiện {phrase} như sau:"
        ),
        "closing": (
            f"Trên đây là báo cáo kết quả thực hiện Kế hoạch số {plan['number']} {phrase} "
            f"của {department} tỉnh {province}./."
        ),
        "completeness_text": completeness_sentence(data),
        "each_note": EACH_NOTE,
        "numbers_intro": [
            completeness_sentence(data),
            headline(data),
            *( [period["basis_note"]] if period["basis_note"] else [] ),
            "(Chi tiết tại Phụ lục I, Phụ lục II và Phụ lục III kèm theo)",
        ],
        "sections": [
            (f"{numeral}. {title}", paragraphs(getattr(report, SECTION_FIELDS[numeral])))
            for numeral, title in PRINTED_SECTIONS
        ],
        "results": paragraphs(report.results),
        # Appendix IV, only when the department chose it: the units' own words, task by task.
        "unit_texts": full_texts(report.period) if report.with_unit_texts else [],
        "recipients": recipients(report),
        "signer_authority": report.signer_authority.upper(),
        "signer_title": report.signer_title.upper(),
        "signer_name": report.signer_name,
        "appendix_ref": f"(Kèm theo Báo cáo số {number} {fmt.date_words(report.issued_on)} của {department})",
        "phrase_upper": phrase.upper(),
        **page.context(),
        "area_blocks": (
            target_blocks([row for row, _cells in page.area_rows], page.area_lines) if page.areas_as_rows
            else area_blocks(page.area_columns, page.area_rows)
        ),
        "completeness": data["completeness"],
        "due_date": fmt.date(data["completeness"]["due_date"]),
        "chart": achievement_chart(page.rows),
    }
