"""python manage.py load_plan [FILE ...]: load (or reload) plan files, in the order given; each file
all or nothing (a bad file stops the command, the files before it stay loaded)."""
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
    help = ("Nạp kế hoạch từ một hoặc nhiều tệp YAML, theo thứ tự (mặc định: Kế hoạch 1133/KH-UBND). "
            "Chạy lại nhiều lần vẫn an toàn.")

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", metavar="file", help="tệp kế hoạch .yaml (mặc định: Kế hoạch 1133)")
        parser.add_argument("--check", action="store_true", help="chỉ kiểm tra tệp, không lưu gì")

    def handle(self, *args, files, check, **options):
        for file in files or [str(DEFAULT_FILE)]:
            self._load(Path(file), check)

    def _load(self, path, check):
        try:
            spec = read_plan_file(path)
            if check:
                self.stdout.write(f"Tệp {_display_path(path)} hợp lệ: {len(spec.indicators)} chỉ tiêu, "
                                  f"{len(spec.tasks)} nhiệm vụ, {len(spec.targets)} mục tiêu.")
                return
            summary = plan_load(data=spec, source_file=_display_path(path))
        except PlanFileError as exc:
            lines = [f"Tệp kế hoạch {path} không nạp được ({len(exc.errors)} lỗi), chưa lưu gì từ tệp này:"]
            lines += [f"  - {error}" for error in exc.errors]
            raise CommandError("\n".join(lines)) from exc
        for line in summary.lines():
            self.stdout.write(line)
