"""python manage.py load_plan [FILE]: load (or reload) a plan file; all or nothing."""
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from targets.planfile import PlanFileError, read_plan_file
from targets.services import plan_load

DEFAULT_FILE = Path(__file__).resolve().parents[2] / "plans" / "laichau-1133-2015.yaml"


def _display_path(path):
    try:
        return str(path.resolve().relative_to(Path(settings.BASE_DIR).resolve()))
    except ValueError:
        return str(path.resolve())


class Command(BaseCommand):
    help = "Nạp kế hoạch từ tệp YAML (mặc định: Kế hoạch 1133/KH-UBND). Chạy lại nhiều lần vẫn an toàn."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=str(DEFAULT_FILE), help="tệp kế hoạch .yaml")
        parser.add_argument("--check", action="store_true", help="chỉ kiểm tra tệp, không lưu gì")

    def handle(self, *args, file, check, **options):
        path = Path(file)
        try:
            spec = read_plan_file(path)
            if check:
                self.stdout.write(f"Tệp {_display_path(path)} hợp lệ: {len(spec.indicators)} chỉ tiêu, "
                                  f"{len(spec.tasks)} nhiệm vụ, {len(spec.targets)} mục tiêu.")
                return
            summary = plan_load(data=spec, source_file=_display_path(path))
        except PlanFileError as exc:
            lines = [f"Tệp kế hoạch {path} không nạp được ({len(exc.errors)} lỗi), chưa lưu gì:"]
            lines += [f"  - {error}" for error in exc.errors]
            raise CommandError("\n".join(lines)) from exc
        for line in summary.lines():
            self.stdout.write(line)
