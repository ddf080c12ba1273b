"""python manage.py report --period 2017-FY --format json|xlsx|pdf -o FILE [--include-submitted]
python manage.py report --period 2017-FY --unit 106 --format pdf -o FILE   (one unit's own report)

Writes the consolidated report of a period, computed now: the same numbers as the report page and
its downloads. With --issued NUMBER/YEAR instead of a period's figures, writes the frozen file of
an issued report (its JSON with the document's identity first). ``-o -`` writes JSON to standard output.

``--format summary-pdf`` (with --period) writes the leaders' two-page summary of the period, as the
dashboard's "In tóm tắt (PDF)" prints it.
"""
import sys

from django.core.management.base import BaseCommand, CommandError

from reporting import document as unit_document
from reporting.models import Submission
from reporting.selectors import period_by_slug
from reports.data import report_data
from reports.documents import issued_json
from reports.models import ConsolidatedReport, ReportStatus
from reports.pdf import render_pdf, render_summary_pdf
from reports.serialize import dumps
from reports.services import current_draft, report_preview
from reports.xlsx import render_xlsx


class Command(BaseCommand):
    help = "Xuất báo cáo tổng hợp của một kỳ (JSON, Excel hoặc PDF)."

    def add_arguments(self, parser):
        parser.add_argument("--period", help="mã định danh kỳ báo cáo như trên địa chỉ trang, ví dụ 2017-FY "
                            "(kỳ trùng mã với kỳ của kế hoạch khác: MÃ-KẾ-HOẠCH-2017-FY)")
        parser.add_argument("--issued", help="báo cáo đã ban hành: SỐ/NĂM, ví dụ 5/2018 (tệp đã chốt)")
        parser.add_argument("--format", choices=["json", "xlsx", "pdf", "summary-pdf"], default="json")
        parser.add_argument("-o", "--output", required=True, help="tệp ghi ra; '-' là màn hình (chỉ JSON)")
        parser.add_argument("--unit", help="mã đơn vị báo cáo: in báo cáo của riêng đơn vị đó (chỉ PDF)")
        parser.add_argument(
            "--include-submitted", action="store_true",
            help="tính cả báo cáo đã gửi nhưng chưa duyệt (đánh dấu tạm tính)",
        )

    def handle(self, *args, **options):
        fmt, output = options["format"], options["output"]
        if output == "-" and fmt != "json":
            raise CommandError("Chỉ ghi JSON ra màn hình; với xlsx và pdf hãy cho tên tệp.")
        if bool(options["period"]) == bool(options["issued"]):
            raise CommandError("Cần đúng một trong hai: --period MÃ hoặc --issued SỐ/NĂM.")
        if options["unit"] and (fmt != "pdf" or not options["period"]):
            raise CommandError("--unit chỉ dùng với --period MÃ và --format pdf.")
        content = self._issued(options["issued"], fmt) if options["issued"] else self._period(options, fmt)
        if isinstance(content, str):
            content = content.encode("utf-8")
        if output == "-":
            sys.stdout.write(content.decode("utf-8") + "\n")
            return
        with open(output, "wb") as handle:
            handle.write(bytes(content))
        self.stdout.write(f"Đã ghi {output} ({len(content)} byte).")

    def _period(self, options, fmt):
        period = period_by_slug(options["period"])
        if period is None:
            raise CommandError(f"Không có kỳ báo cáo {options['period']!r}.")
        if options["unit"]:
            return self._unit(period, options["unit"])
        data = report_data(period, include_submitted=options["include_submitted"])
        if fmt == "json":
            return dumps(data)
        if fmt == "summary-pdf":
            return render_summary_pdf(period, data)
        report = current_draft(period) or report_preview(period=period)
        report.include_submitted = options["include_submitted"]
        return render_pdf(report, data) if fmt == "pdf" else render_xlsx(report, data)

    def _unit(self, period, code):
        submission = (
            Submission.objects.select_related("period__plan", "reporting_unit__admin_unit")
            .filter(period=period, reporting_unit__code=code).first()
        )
        if submission is None:
            raise CommandError(f"Đơn vị {code!r} chưa có báo cáo kỳ {period.code}.")
        return unit_document.render_pdf(submission)

    def _issued(self, spec, fmt):
        if fmt == "summary-pdf":
            raise CommandError("Bản tóm tắt in theo kỳ: dùng --period MÃ.")
        try:
            number, year = (int(part) for part in spec.split("/"))
        except ValueError:
            raise CommandError("--issued phải có dạng SỐ/NĂM, ví dụ 5/2018.") from None
        report = ConsolidatedReport.objects.filter(
            status=ReportStatus.ISSUED, number=number, issued_year=year
        ).first()
        if report is None:
            raise CommandError(f"Không có báo cáo đã ban hành số {number} năm {year}.")
        return {"json": issued_json(report), "xlsx": report.xlsx, "pdf": report.pdf}[fmt]
