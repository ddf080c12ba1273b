"""python manage.py export_targets --year 2020 --format csv|json [--plan CODE]: a year's targets."""
import csv
import json

from django.core.management.base import BaseCommand, CommandError

from targets.models import Plan
from targets.selectors import export_rows, plan_latest

COLUMNS = [
    "plan", "year", "key", "indicator_code", "indicator_name", "indicator_name_en", "unit", "value_type",
    "aggregation", "scope_mode", "scope_kind", "scope_levels", "per_institution", "institution_code",
    "reporting_unit_code", "target_min", "target_max", "cadence_years", "source_ref",
]


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "|".join(value)
    return value


class Command(BaseCommand):
    help = "Xuất các mục tiêu của một năm (CSV hoặc JSON) ra màn hình."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--format", choices=["json", "csv"], default="csv")
        parser.add_argument("--plan", help="mã kế hoạch (mặc định: kế hoạch mới nhất)")

    def handle(self, *args, year, format, plan=None, **options):
        chosen = Plan.objects.filter(code=plan).first() if plan else plan_latest()
        if chosen is None:
            raise CommandError(f"Không có kế hoạch {plan}." if plan else "Chưa có kế hoạch nào: chạy load_plan trước.")
        if year not in chosen.years:
            raise CommandError(
                f"Năm {year} nằm ngoài kế hoạch {chosen.number} ({chosen.start_year}–{chosen.end_year})."
            )
        rows = export_rows(plan=chosen, year=year)
        if format == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        writer = csv.writer(self.stdout, lineterminator="\n")
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow([_csv_value(row[column]) for column in COLUMNS])
