"""python manage.py generate_load --institutions N --years Y --seed S: a synthetic province for load tests."""
from django.core.management.base import BaseCommand, CommandError

from bench.loadgen import LoadError, generate


class Command(BaseCommand):
    help = (
        "Tạo một tỉnh giả lập để đo tải: N thiết chế, kế hoạch Y năm từ 2021 và báo cáo đã duyệt cho mọi kỳ "
        "(chèn hàng loạt; cùng --seed cho cùng dữ liệu). Chỉ dùng trên cơ sở dữ liệu thử."
    )

    def add_arguments(self, parser):
        parser.add_argument("--institutions", type=int, default=1000, help="số thiết chế (mặc định 1000)")
        parser.add_argument("--years", type=int, default=3, help="số năm báo cáo (mặc định 3)")
        parser.add_argument("--seed", type=int, default=1, help="hạt giống ngẫu nhiên (mặc định 1)")

    def handle(self, *args, institutions, years, seed, **options):
        try:
            summary = generate(institutions=institutions, years=years, seed=seed, stdout=self.stdout)
        except LoadError as exc:
            raise CommandError(str(exc)) from exc
        for line in summary.lines():
            self.stdout.write(line)
