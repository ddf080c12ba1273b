"""What stands in the way of issuing a report, and what the officer should know before doing it.

``issue_problems(report, issued_on)`` is the one place these rules live; the confirmation page,
the ``issue_report`` command and ``services.report_issue`` all read it:

- *errors* block issuing: no signer, an empty section (it would print as a bare heading), a
  date still to come, a number already used that year, a correction dated before the report it
  replaces;
- *warnings* do not block but must be confirmed (the page's button, the command's ``--yes``):
  units that have not sent their report, figures sent but not yet approved.

The service checks only the errors (it cannot ask anyone anything); confirming is the page's
and the command's job.
"""
from dataclasses import dataclass, field

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from laichau_plan import formatting as fmt
from reporting.models import SubmissionStatus

from .data import report_data
from .models import ConsolidatedReport, ReportStatus

# The report's words as the printed report numbers them (reports/pdf/report.html): section I's
# words are its part 2, the tasks' results; part 1 is the figures, written by the portal.
SECTIONS = (
    ("I", "results", gettext_lazy("Kết quả thực hiện")),
    ("II", "shortcomings", gettext_lazy("Tồn tại, hạn chế")),
    ("III", "tasks_ahead", gettext_lazy("Nhiệm vụ thời gian tới")),
    ("IV", "proposals", gettext_lazy("Đề xuất, kiến nghị")),
)
SECTION_FIELDS = {numeral: name for numeral, name, _label in SECTIONS}


@dataclass
class IssueCheck:
    """The answer of ``issue_problems``: the number the report would take, what blocks, what to confirm."""

    number: int
    issued_on: object
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    missing_units: list = field(default_factory=list)  # completeness rows of units not reported
    unapproved_units: list = field(default_factory=list)  # rows of units sent, not yet approved

    @property
    def can_issue(self):
        return not self.errors


def next_number(symbol, year):
    last = ConsolidatedReport.objects.filter(
        status=ReportStatus.ISSUED, symbol=symbol, issued_year=year
    ).aggregate(last=Max("number"))["last"]
    return (last or 0) + 1


def number_taken(number, symbol, year):
    return _("Số %(number)s năm %(year)s đã được dùng.") % {"number": fmt.number_symbol(number, symbol), "year": year}


def has_text(value):
    return bool((value or "").strip())


def issue_errors(report, issued_on, number=None):
    """(number, [blocking messages]) for issuing ``report`` on ``issued_on`` with ``number``
    (the next free one of the year when None). Reads no figures."""
    errors = []
    if not has_text(report.signer_name):
        errors.append(_("Cần ghi họ và tên người ký trước khi ban hành."))
    for numeral, name, label in SECTIONS:
        if not has_text(getattr(report, name)):
            errors.append(_("Mục %(numeral)s. %(section)s chưa có nội dung.") % {"numeral": numeral, "section": label})
    today = timezone.localdate()
    if issued_on > today:
        errors.append(
            _("Ngày ban hành %(date)s chưa đến; hãy chọn hôm nay (%(today)s) hoặc một ngày đã qua.")
            % {"date": fmt.date(issued_on), "today": fmt.date(today)}
        )
    number = number or next_number(report.symbol, issued_on.year)
    if ConsolidatedReport.objects.filter(
        status=ReportStatus.ISSUED, symbol=report.symbol, issued_year=issued_on.year, number=number
    ).exclude(pk=report.pk).exists():
        errors.append(number_taken(number, report.symbol, issued_on.year))
    replaced = report.replaces
    if replaced is not None:
        if not replaced.is_issued:
            errors.append(_("Chỉ thay thế được một báo cáo đã ban hành."))
        elif issued_on < replaced.issued_on:
            errors.append(
                _("Báo cáo thay thế không được ban hành trước ngày của báo cáo bị thay thế (%(date)s).")
                % {"date": fmt.date(replaced.issued_on)}
            )
    return number, errors


def issue_problems(report, issued_on, number=None, *, data=None):
    """An ``IssueCheck``: the blocking errors, then the warnings read from the report's
    completeness (``data``: the draft's report data, computed when not given)."""
    number, errors = issue_errors(report, issued_on, number)
    if data is None:
        data = report_data(report.period, include_submitted=report.include_submitted)
    units = data["completeness"]["units"]
    missing = [unit for unit in units if unit["timeliness"] == "missing"]
    unapproved = [unit for unit in units if unit["status"] == SubmissionStatus.SUBMITTED]
    warnings = []
    if missing:
        warnings.append(
            _("Còn %(count)s/%(expected)s đơn vị chưa gửi báo cáo: %(names)s.")
            % {"count": len(missing), "expected": len(units), "names": _names(missing)}
        )
    if unapproved:
        message = (
            _("Số liệu của %(count)s đơn vị đã gửi nhưng chưa được duyệt được tính là số liệu tạm tính: %(names)s.")
            if report.include_submitted
            else _("Số liệu của %(count)s đơn vị đã gửi nhưng chưa được duyệt không được tính vào báo cáo: %(names)s.")
        )
        warnings.append(message % {"count": len(unapproved), "names": _names(unapproved)})
    return IssueCheck(
        number=number, issued_on=issued_on, errors=errors, warnings=warnings,
        missing_units=missing, unapproved_units=unapproved,
    )


def _names(units):
    return ", ".join(unit["name"] for unit in units)
