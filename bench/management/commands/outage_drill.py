"""python manage.py outage_drill: PostgreSQL stopped under load, and back (bench/outage.py)."""
from django.core.management.base import BaseCommand, CommandError

from bench.outage import run_inside
from bench.outage_cluster import run_parent


class Command(BaseCommand):
    help = (
        "Diễn tập mất cơ sở dữ liệu: một cụm PostgreSQL riêng (initdb, cổng trống, xóa khi xong) bị dừng giữa lúc "
        "nhập Excel và lưu biểu mẫu trong khi người dùng giả lập làm việc trên gunicorn, rồi chạy lại; in số yêu "
        "cầu, số lỗi, thời gian hồi phục và số dòng đã đối chiếu."
    )

    def add_arguments(self, parser):
        parser.add_argument("--users", type=int, default=10, help="simulated users (half of them save forms)")
        parser.add_argument("--duration", type=int, default=20, help="seconds, roughly: before, down, after")
        parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
        parser.add_argument("--mode", choices=("fast", "immediate"), default="fast",
                            help="pg_ctl stop mode: fast (sessions cut, clean stop) or immediate (a crash)")
        # Used by the command itself for its child process:
        parser.add_argument("--inside", action="store_true", help="(internal) run the drill on --port")
        parser.add_argument("--bindir")
        parser.add_argument("--base")
        parser.add_argument("--port", type=int)

    def handle(self, *args, **options):
        if options["users"] < 3 or options["duration"] < 8:
            raise CommandError("cần ít nhất 3 người dùng và 8 giây")
        status = run_inside(options, self.stdout) if options["inside"] else run_parent(options, self.stdout)
        if status:
            raise CommandError("diễn tập không đạt (xem các dòng trên)" if status == 1 else "không chạy được")
