"""Write the Excel template of a unit's report for a period (with the figures entered so far)."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from institutions.models import ReportingUnit
from reporting.excel.template import template_bytes, template_filename
from reporting.selectors import period_by_slug


class Command(BaseCommand):
    help = "Tạo mẫu Excel báo cáo của một đơn vị cho một kỳ: report_template --unit MÃ --period MÃ -o TỆP.xlsx"

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help="mã đơn vị báo cáo")
        parser.add_argument("--period", required=True, help="mã định danh kỳ báo cáo như trên địa chỉ trang, ví dụ 2017-H1 "
                            "(kỳ trùng mã với kỳ của kế hoạch khác: MÃ-KẾ-HOẠCH-2017-H1)")
        parser.add_argument("-o", "--output", help="tệp .xlsx sẽ ghi (mặc định bao-cao-KỲ-ĐƠNVỊ.xlsx)")

    def handle(self, *args, unit, period, output, **options):
        unit_obj = ReportingUnit.objects.filter(code=unit).first()
        if unit_obj is None:
            raise CommandError(f"Không có đơn vị báo cáo mã {unit}.")
        period_obj = period_by_slug(period)
        if period_obj is None:
            raise CommandError(f"Không có kỳ báo cáo mã {period}.")
        path = Path(output or template_filename(period_obj, unit_obj))
        if path.suffix.lower() != ".xlsx":
            raise CommandError("Tên tệp phải có đuôi .xlsx.")
        try:
            path.write_bytes(template_bytes(period=period_obj, unit=unit_obj))
        except OSError as exc:
            raise CommandError(f"Không ghi được tệp {path}: {exc.strerror}") from exc
        self.stdout.write(str(path.resolve()))
