"""Restore a backup made by ``backup_data`` into an empty database.

    python manage.py migrate
    python manage.py restore_data /var/backups/laichau/laichau-2026-11-25.zip
    python manage.py restore_data FILE --force   # empties the database first

All or nothing: the records load in one transaction, and the row counts are checked against
the backup before it commits.
"""
from django.core.management.base import BaseCommand, CommandError

from laichau_plan.backup import BackupError, restore


class Command(BaseCommand):
    help = "Khôi phục dữ liệu từ tệp sao lưu vào cơ sở dữ liệu trống."

    def add_arguments(self, parser):
        parser.add_argument("file", help="tệp .zip do backup_data tạo")
        parser.add_argument(
            "--force", action="store_true",
            help="xóa hết dữ liệu hiện có rồi mới nạp (không dùng được để hoàn tác: hãy sao lưu trước)",
        )

    def handle(self, *args, **options):
        try:
            manifest = restore(options["file"], force=options["force"])
        except BackupError as exc:
            raise CommandError(f"Không khôi phục được: {exc}") from exc
        records = sum(manifest["models"].values())
        self.stdout.write(
            f"Đã khôi phục {records} bản ghi và {len(manifest['media'])} tệp đính kèm "
            f"từ bản sao lưu lúc {manifest['created_at']}"
        )
