"""Demo institutions and users (and, with --with-reports, approved past reports).

    python manage.py seed_demo [--with-reports] [--reset-passwords]

Run after load_admin_units and load_plan. Idempotent: a second run creates nothing. The
demo users share one published password, so the command refuses to run with DEBUG off
unless --allow-production is given.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.registry import DEMO_PASSWORD, DemoPrerequisiteError, seed_demo
from demo.submissions import seed_reports

LABELS = {
    "provincial": "thiết chế cấp tỉnh",
    "district_library": "thư viện huyện",
    "district_centre": "trung tâm văn hóa huyện",
    "commune_house": "nhà văn hóa xã",
    "village_house": "nhà văn hóa thôn, bản",
    "club": "câu lạc bộ",
    "post_office": "bưu điện văn hóa xã",
    "commune_house_2025": "nhà văn hóa xã (2025)",
    "commune_library_2025": "thư viện xã (2025)",
    "moved": "chuyển sang xã 2025 (01/07/2025)",
    "user": "tài khoản",
}


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu: thiết chế và tài khoản thử (chạy sau load_admin_units và load_plan)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--with-reports", action="store_true", help="thêm báo cáo mẫu đã duyệt cho các kỳ đã qua"
        )
        parser.add_argument(
            "--reset-passwords", action="store_true",
            help=f"đặt lại mật khẩu các tài khoản mẫu về {DEMO_PASSWORD}",
        )
        parser.add_argument(
            "--allow-production", action="store_true",
            help="cho phép chạy khi DEBUG tắt (tạo tài khoản với mật khẩu công khai!)",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["allow_production"]:
            raise CommandError(
                "DEBUG đang tắt: seed_demo tạo tài khoản với mật khẩu công khai. "
                "Dùng --allow-production nếu thật sự muốn (DEBUG is off; refusing to create demo logins)."
            )
        try:
            result = seed_demo(reset_passwords=options["reset_passwords"])
        except DemoPrerequisiteError as exc:
            raise CommandError(str(exc)) from exc

        self.stdout.write("Dữ liệu mẫu:")
        for key, label in LABELS.items():
            created, updated, unchanged = result.created[key], result.updated[key], result.unchanged[key]
            self.stdout.write(
                f"  {label:<26} {created + updated + unchanged:>4}  "
                f"(tạo mới {created}, cập nhật {updated}, giữ nguyên {unchanged})"
            )
        for note in result.notes:
            self.stdout.write(f"  {note}")
        if options["with_reports"]:
            seed_reports(self.stdout)
        self._print_logins(result.logins)

    def _print_logins(self, logins):
        rows = [("Tên đăng nhập", "Mật khẩu", "Vai trò", "Đơn vị")] + [
            (username, DEMO_PASSWORD, role, unit) for username, role, unit in logins
        ]
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        line = "+" + "+".join("-" * (w + 2) for w in widths) + "+"
        self.stdout.write("")
        self.stdout.write("Tài khoản mẫu (đổi mật khẩu trước khi dùng thật):")
        self.stdout.write(line)
        for index, row in enumerate(rows):
            self.stdout.write("| " + " | ".join(cell.ljust(w) for cell, w in zip(row, widths)) + " |")
            if index == 0:
                self.stdout.write(line)
        self.stdout.write(line)
