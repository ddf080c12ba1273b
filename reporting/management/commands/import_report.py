"""Import a filled Excel report; the file itself says which unit and period it is for.

The command acts as an administrator: changes are recorded under --user (default: the first
superuser by id, or nobody when there is none). All or nothing: on any error it saves nothing,
prints every error on stderr and exits non-zero.
"""
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from reporting.excel.importer import import_report
from reporting.excel.layout import EXPLANATION_SHEET


class Command(BaseCommand):
    help = "Nhập tệp Excel báo cáo (mẫu tải từ cổng): import_report TỆP.xlsx [--submit] [--user TÊN]"

    def add_arguments(self, parser):
        parser.add_argument("file", help="tệp .xlsx đã ghi số liệu")
        parser.add_argument("--submit", action="store_true", help="gửi báo cáo sau khi nhập")
        parser.add_argument("--user", help="tên đăng nhập ghi vào lịch sử (mặc định: quản trị viên đầu tiên)")

    def _user(self, username):
        users = get_user_model().objects
        if username:
            user = users.filter(username=username).first()
            if user is None:
                raise CommandError(f"Không có người dùng {username}.")
            return user
        return users.filter(is_superuser=True).order_by("pk").first()

    def handle(self, *args, file, submit, user, **options):
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Không đọc được tệp {path}: {exc.strerror}") from exc
        result = import_report(data=data, filename=path.name, user=self._user(user), submit=submit)
        if not result.ok:
            for message in result.messages:
                self.stderr.write(message)
            raise CommandError(f"Không nhập được {path.name}: {len(result.problems)} lỗi; không lưu gì.")
        self.stdout.write(
            f"Đã nhập {path.name} cho {result.unit.name} ({result.unit.code}), kỳ {result.period.label}: "
            f"{result.filled} ô có số liệu, {result.texts} ô nội dung, {result.changed} thay đổi được lưu."
        )
        for warning in result.warnings:
            self.stdout.write(f"Cảnh báo — {warning} (cần giải trình trước khi gửi: trên cổng hoặc ở trang "
                              f"'{EXPLANATION_SHEET}' của tệp)")
        if result.submitted:
            self.stdout.write("Báo cáo đã được gửi.")
