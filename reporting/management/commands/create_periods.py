"""Make the reporting periods of every loaded plan (or one): for each plan year a six-month
period (2016-H1, due 20 June) and an annual one (2016-FY, due 30 November), with their data
cut-off dates. Idempotent: run it after load_plan, as often as you like. Each plan gets its own
periods even when another plan covers the same years; the output says what it left as it was and
which new periods' keys carry the plan's code because another plan has the same period code.

    python manage.py create_periods [--plan laichau-1133-2015]
"""
from django.core.management.base import BaseCommand, CommandError

from reporting.models import Period
from reporting.periods import periods_made_for_plan
from targets.models import Plan


class Command(BaseCommand):
    help = "Tạo các kỳ báo cáo 6 tháng và năm cho mọi kế hoạch đã nạp (chạy lại không tạo trùng)."

    def add_arguments(self, parser):
        parser.add_argument("--plan", help="mã kế hoạch (mặc định: mọi kế hoạch)")

    def handle(self, *args, **options):
        plans = Plan.objects.order_by("start_year", "code")
        if options["plan"]:
            plans = plans.filter(code=options["plan"])
            if not plans.exists():
                raise CommandError(f"Không có kế hoạch mã {options['plan']!r}; chạy load_plan trước.")
        elif not plans.exists():
            self.stdout.write("Chưa có kế hoạch nào; chạy load_plan trước.")
            return
        for plan in plans:
            made = periods_made_for_plan(plan=plan)
            total = Period.objects.filter(plan=plan).exclude(kind="ad_hoc").count()
            self.stdout.write(
                f"{plan.number} ({plan.start_year}–{plan.end_year}): {total} kỳ định kỳ, tạo mới {len(made.created)}."
            )
            for note in made.notes():
                self.stdout.write(f"  – {note}.")
