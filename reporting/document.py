"""A unit's own report as a Decree 30 document (PDF): the unit's header, the number and date it
fills in, its figures by institution, its words by task, recipients and signer.

``document_context(submission)`` is what templates/reporting/pdf/unit_report.html reads; the
header, signing block and CSS are the consolidated report's (templates/reports/pdf/)."""
import logging

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from institutions.models import ReportingUnitKind
from laichau_plan import formatting as fmt
from reports.documents import paragraphs
from reports.drafting import period_phrase

from .models import TextKind
from .selectors import expected_cells, figures_by_key, report_tasks, submission_texts
from .views.grid import show_value

PLACE_PREFIXES = ("Thành phố ", "Thị xã ", "Huyện ")


def symbol(unit):
    """``BC-UBND`` for a People's Committee; ``BC`` followed by nothing known otherwise."""
    return "BC-UBND" if unit.kind == ReportingUnitKind.DISTRICT else "BC"


def parent_body(unit):
    """The body the unit answers to, as its header's first line (empty when the portal does not know it)."""
    province = settings.PORTAL_PROVINCE_NAME
    if unit.kind in (ReportingUnitKind.DISTRICT, ReportingUnitKind.DEPARTMENT):
        return f"UBND tỉnh {province}".upper()
    if unit.kind == ReportingUnitKind.DEPARTMENT_UNIT:
        return settings.PORTAL_DEPARTMENT_NAME.upper()
    return ""


def place(unit):
    """``Tam Đường`` for a district's People's Committee, the province's name otherwise."""
    if unit.kind == ReportingUnitKind.DISTRICT and unit.admin_unit_id:
        name = unit.admin_unit.name
        for prefix in PLACE_PREFIXES:
            if name.startswith(prefix):
                return name[len(prefix):]
        return name
    return settings.PORTAL_PROVINCE_NAME


def figure_blocks(submission):
    """[(title, [(number, label, unit of measure, shown value)])]: each institution's figures, then
    the unit's own, in the order of the report form. Institutions next to each other that owe one
    and the same figure (the communes' cultural houses) share one block titled by the indicator,
    a row for each, rather than a block of one row each."""
    stored = figures_by_key(submission)
    holders = {}
    for cell in expected_cells(submission.period, submission.reporting_unit):
        title = cell.institution.name if cell.institution else submission.reporting_unit.name
        figure = stored.get(cell.key)
        holders.setdefault(title, []).append(
            (cell.indicator, show_value(cell.indicator, figure.value if figure else None) or "—")
        )
    blocks = []  # [title, rows, indicator shared by every row or None]
    for title, figures in holders.items():
        indicator, value = figures[0]
        if len(figures) == 1 and blocks and blocks[-1][2] == indicator:
            blocks[-1][1].append((title, indicator.unit_vi, value))
        elif len(figures) == 1:
            blocks.append([indicator.name_vi, [(title, indicator.unit_vi, value)], indicator])
        else:
            blocks.append([title, [(indicator.name_vi, indicator.unit_vi, value) for indicator, value in figures], None])
    return [
        (title, [(number, *row) for number, row in enumerate(rows, start=1)]) for title, rows, _shared in blocks
    ]


def task_words(submission):
    """[(task name, [paragraph])] of the tasks the unit wrote on, in the plan's order."""
    texts = submission_texts(submission)
    found = []
    for task, _role in report_tasks(submission.period, submission.reporting_unit):
        lines = paragraphs(texts.get((TextKind.TASK_RESULT, task.pk), ""))
        if lines:
            found.append((" ".join(task.text.split()), lines))
    return found


def document_context(submission):
    unit, period = submission.reporting_unit, submission.period
    texts = submission_texts(submission)
    phrase = period_phrase(period)
    department = f"{settings.PORTAL_DEPARTMENT_NAME} tỉnh {settings.PORTAL_PROVINCE_NAME}"
    short = "Sở VHTTDL tỉnh " + settings.PORTAL_PROVINCE_NAME
    return {
        "submission": submission,
        "parent_body": parent_body(unit),
        "issuing_body": unit.name.upper(),
        "number": fmt.number_symbol(submission.doc_number, symbol(unit)),
        "place_date": fmt.place_date(place(unit), submission.doc_date),
        "summary": f"Kết quả thực hiện Kế hoạch số {period.plan.number} {phrase}",
        "opening": (
            f"Thực hiện Kế hoạch số {period.plan.number} của {period.plan.issuer} và "
            f"hướng dẫn của {department}, {unit.name} báo cáo kết quả thực hiện {phrase} như sau:"
        ),
        "figure_blocks": figure_blocks(submission),
        "tasks": task_words(submission),
        "sections": [
            ("II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN", paragraphs(texts.get((TextKind.SHORTCOMINGS, None), ""))),
            ("III. ĐỀ XUẤT, KIẾN NGHỊ", paragraphs(texts.get((TextKind.PROPOSALS, None), ""))),
        ],
        "closing": f"Trên đây là báo cáo kết quả thực hiện {phrase} của {unit.name}./.",
        "recipients": [f"- {short};", "- Lưu: VT."],
        "signer_authority": submission.signer_authority.upper(),
        "signer_title": submission.signer_title.upper(),
        "signer_name": submission.signer_name,
    }


def render_pdf(submission):
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    from weasyprint import HTML

    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string("reporting/pdf/unit_report.html", document_context(submission))
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def filename(submission):
    return f"bao-cao-{submission.period.slug}-{submission.reporting_unit.code}.pdf"
