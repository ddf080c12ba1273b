"""Back up every record and uploaded file into one zip file.

    python manage.py backup_data -o /var/backups/laichau/laichau-2026-11-25.zip

Restore with ``restore_data``. The file holds password hashes and personal data: keep it
where only the operator can read it (it is written with mode 600).
"""
from django.core.management.base import BaseCommand, CommandError

from laichau_plan.backup import BackupError, backup


class Command(BaseCommand):
    help = "Sao lưu toàn bộ dữ liệu và tệp đính kèm vào một tệp .zip."

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", required=True, help="tệp .zip sẽ ghi (ghi đè nếu đã có)")

    def handle(self, *args, **options):
        try:
            manifest = backup(options["output"])
        except (BackupError, OSError) as exc:
            raise CommandError(f"Không sao lưu được: {exc}") from exc
        records = sum(manifest["models"].values())
        self.stdout.write(
            f"Đã sao lưu {records} bản ghi ({len(manifest['models'])} bảng) và "
            f"{len(manifest['media'])} tệp đính kèm vào {options['output']}"
        )
