"""python manage.py build_reports [--loop]: build the PDFs waiting in the queue (ReportBuild rows)."""
import time

from django.core.management.base import BaseCommand

from reports.builds import build_next, builds_prune


class Command(BaseCommand):
    help = "Dựng các tệp PDF báo cáo đang chờ (chạy nền). --loop: chạy mãi, như một dịch vụ systemd."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="keep waiting for new builds")
        parser.add_argument("--sleep", type=float, default=2.0, help="seconds between looks at an empty queue")

    def handle(self, *args, loop, sleep, **options):
        builds_prune()
        while True:
            build = build_next()
            if build is not None:
                self.stdout.write(f"{build.period.code}: {build.get_status_display()} ({build.pages or 0} trang)")
                continue
            if not loop:
                return
            time.sleep(sleep)
