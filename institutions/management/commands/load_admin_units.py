"""Load administrative units: by default both shipped structures (2015 and 2025).

    python manage.py load_admin_units
    python manage.py load_admin_units --structure 2025
    python manage.py load_admin_units --file units.json --structure 2030 --valid-from 2030-01-01

Idempotent; each structure keeps its own rows, so loading one never changes another.
"""
from django.core.management.base import BaseCommand, CommandError

from institutions.admin_units import AdminUnitFileError, load_shipped, load_structure, shipped_structure


class Command(BaseCommand):
    help = "Nạp đơn vị hành chính (mặc định cả hai cơ cấu có sẵn: 2015 và 2025)."

    def add_arguments(self, parser):
        parser.add_argument("--file", help="tệp JSON đơn vị hành chính (mặc định: các tệp trong institutions/data)")
        parser.add_argument("--structure", help="tên cơ cấu, ví dụ 2015 hoặc 2025")
        parser.add_argument("--valid-from", help="ngày có hiệu lực (2025-07-01 hoặc 01/07/2025)")
        parser.add_argument("--valid-to", help="ngày hết hiệu lực (bỏ trống nếu còn hiệu lực)")
        parser.add_argument("--source", help="ghi chú nguồn (mặc định: trường 'source' của tệp)")

    def handle(self, *args, **options):
        try:
            results = self._load(options)
        except AdminUnitFileError as exc:
            raise CommandError(f"Không nạp được đơn vị hành chính: {exc}") from exc
        for result in results:
            self.stdout.write(
                f"Cơ cấu {result.structure}: {result.total} đơn vị "
                f"(tạo mới {result.created}, cập nhật {result.updated}, giữ nguyên {result.unchanged})"
            )
            if result.missing_from_file:
                self.stderr.write(
                    f"  Cảnh báo: {len(result.missing_from_file)} đơn vị có trong cơ sở dữ liệu nhưng không có "
                    f"trong tệp (giữ lại): {', '.join(result.missing_from_file[:20])}"
                )

    def _load(self, options):
        path, name = options.get("file"), options.get("structure")
        valid_from, valid_to = options.get("valid_from"), options.get("valid_to")
        if path is None:
            if valid_from or valid_to or options.get("source"):
                raise AdminUnitFileError("--valid-from, --valid-to và --source chỉ dùng cùng --file")
            return load_shipped([name] if name else None)
        if not name:
            raise AdminUnitFileError("--file cần kèm --structure (tên cơ cấu, ví dụ 2025)")
        if valid_from is None:
            # A shipped structure reloaded from another file keeps its documented dates.
            try:
                spec = shipped_structure(name)
            except AdminUnitFileError as exc:
                raise AdminUnitFileError(f"cơ cấu {name} mới: cần --valid-from") from exc
            valid_from = spec.valid_from
            valid_to = valid_to if valid_to is not None else spec.valid_to
        return [
            load_structure(
                path=path, structure=name, valid_from=valid_from, valid_to=valid_to, source=options.get("source")
            )
        ]
