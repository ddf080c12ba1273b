"""python manage.py issue_report --period CODE --number N --date YYYY-MM-DD --signer "Họ tên"
    [--text SECTION=FILE ...] [--replaces NUMBER/YEAR] [--yes]

Issues the period's draft (started when there is none) as the page does: ``--text II=file.txt``
first puts a file's words in section II (I results, II shortcomings, III tasks ahead, IV proposals,
as the printed report numbers them) and ``--signer`` the signer's name; then the same checks as
the confirmation page (``reports.issuing.issue_problems``). Blocking errors always refuse (exit 1);
without ``--yes`` the command prints what it would issue and what is missing, and issues nothing
(exit 2). ``--replaces 1/2019`` starts from (or continues) the correction of issued report 1 of 2019.
"""
import datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from laichau_plan import formatting as fmt
from reporting.selectors import period_by_slug
from reports.documents import replaces_sentence
from reports.issuing import SECTION_FIELDS, issue_problems
from reports.models import ConsolidatedReport, ReportStatus
from reports.services import report_create_draft, report_issue, report_start_correction, report_update

NOT_CONFIRMED = 2


class Command(BaseCommand):
    help = "Ban hành báo cáo tổng hợp của một kỳ (cùng các bước kiểm tra như trang xác nhận)."

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="mã định danh kỳ báo cáo như trên địa chỉ trang, ví dụ 2017-FY "
                            "(kỳ trùng mã với kỳ của kế hoạch khác: MÃ-KẾ-HOẠCH-2017-FY)")
        parser.add_argument("--number", required=True, type=int, help="số văn bản")
        parser.add_argument("--date", required=True, help="ngày ban hành YYYY-MM-DD")
        parser.add_argument("--signer", required=True, help="họ và tên người ký")
        parser.add_argument("--text", action="append", default=[], metavar="MỤC=TỆP",
                            help="đưa nội dung tệp (UTF-8) vào mục I, II, III hoặc IV của dự thảo")
        parser.add_argument("--replaces", metavar="SỐ/NĂM", help="báo cáo đã ban hành được thay thế, ví dụ 1/2019")
        parser.add_argument("--yes", action="store_true", help="xác nhận ban hành dù còn điều cần lưu ý")

    def handle(self, *args, **options):
        period = period_by_slug(options["period"])
        if period is None:
            raise CommandError(f"Không có kỳ báo cáo {options['period']!r}.")
        try:
            issued_on = datetime.date.fromisoformat(options["date"])
        except ValueError:
            raise CommandError("--date phải có dạng YYYY-MM-DD, ví dụ 2018-01-05.") from None
        texts = {SECTION_FIELDS[section]: text for section, text in self._texts(options["text"])}
        try:
            draft = self._draft(period, options["replaces"])
            draft = report_update(report=draft, fields={**texts, "signer_name": options["signer"]})
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        check = issue_problems(draft, issued_on, options["number"])
        self.stdout.write(
            f"Báo cáo số {fmt.number_symbol(check.number, draft.symbol)} ngày {fmt.date(issued_on)}: {draft.summary}"
        )
        if draft.replaces_id:
            self.stdout.write(replaces_sentence(draft))
        for warning in check.warnings:
            self.stdout.write(f"Lưu ý: {warning}")
        if check.errors:
            raise CommandError("Không ban hành:\n" + "\n".join(f"- {error}" for error in check.errors))
        if not options["yes"]:
            raise CommandError("Chưa ban hành: thêm --yes để xác nhận ban hành.", returncode=NOT_CONFIRMED)
        try:
            issued = report_issue(report=draft, user=None, number=options["number"], issued_on=issued_on)
        except ValidationError as error:
            raise CommandError("Không ban hành:\n" + "\n".join(f"- {m}" for m in error.messages)) from None
        self.stdout.write(f"Đã ban hành Báo cáo số {issued.number_display} ngày {fmt.date(issued.issued_on)}.")

    def _texts(self, specs):
        for spec in specs:
            section, sep, name = spec.partition("=")
            section = section.strip().upper()
            if not sep or section not in SECTION_FIELDS:
                raise CommandError(f"--text {spec!r}: cần dạng MỤC=TỆP với MỤC là I, II, III hoặc IV.")
            try:
                yield section, Path(name).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                raise CommandError(f"--text {spec!r}: không đọc được tệp ({error}).") from None

    def _draft(self, period, replaces):
        if not replaces:
            return report_create_draft(period=period, user=None)
        try:
            number, year = (int(part) for part in replaces.split("/"))
        except ValueError:
            raise CommandError("--replaces phải có dạng SỐ/NĂM, ví dụ 1/2019.") from None
        old = ConsolidatedReport.objects.filter(
            status=ReportStatus.ISSUED, number=number, issued_year=year, period=period
        ).first()
        if old is None:
            raise CommandError(f"Kỳ {period.code} không có báo cáo đã ban hành số {number} năm {year}.")
        return report_start_correction(report=old, user=None)
