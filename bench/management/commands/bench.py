"""python manage.py bench: the portal on a large synthetic province (see docs/performance.md)."""
from django.core.management.base import BaseCommand

from bench.runner import Bench

STEPS = ("pages", "exports", "import", "form", "load", "walk")


class Command(BaseCommand):
    help = (
        "Đo hiệu năng trên một tỉnh giả lập (cơ sở dữ liệu riêng, tạo rồi xóa): dựng báo cáo so với một câu SQL "
        "GROUP BY, các trang, PDF, Excel, nhập mẫu Excel, lưu biểu mẫu, 50 người dùng trên gunicorn, "
        "một báo cáo 6 tháng được lập, gửi và duyệt trong trình duyệt."
    )

    def add_arguments(self, parser):
        parser.add_argument("--institutions", type=int, default=10000)
        parser.add_argument("--years", type=int, default=10)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--small", type=int, default=1000,
                            help="institutions of the second, smaller province (query counts); 0: none")
        parser.add_argument("--repeat", type=int, default=5, help="runs of each timing (the median is printed)")
        parser.add_argument("--users", type=int, default=50)
        parser.add_argument("--duration", type=int, default=60, help="seconds of the load test")
        parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
        parser.add_argument("--reuse", action="store_true", help="reuse bench databases left by --keep")
        parser.add_argument("--keep", action="store_true", help="keep the bench databases afterwards")
        parser.add_argument("--skip", action="append", default=[], choices=STEPS, help="leave a step out")

    def handle(self, *args, **options):
        Bench(
            self.stdout, institutions=options["institutions"], years=options["years"], seed=options["seed"],
            small=options["small"], repeat=options["repeat"], users=options["users"],
            duration=options["duration"], workers=options["workers"], reuse=options["reuse"],
            keep=options["keep"], skip=options["skip"],
        ).run()
