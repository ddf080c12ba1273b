"""report_template and import_report on the command line."""
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from reporting.excel.layout import DATA_SHEET
from reporting.models import SubmissionStatus, SubmissionValue

from .factories import UserFactory
from .test_report_excel_support import fill, indicators, museum, period, setup, state, to_bytes  # noqa: F401

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent


def make_template(tmp_path, capsys, name="mau.xlsx"):
    path = tmp_path / name
    call_command("report_template", "--unit", "105", "--period", "2017-H1", "-o", str(path))
    assert capsys.readouterr().out.strip() == str(path.resolve())
    return path


def fill_file(path, **values):
    wb = load_workbook(path)
    path.write_bytes(to_bytes(fill(wb, **values)))
    return path


def test_report_template_writes_the_file_and_prints_its_path(setup, tmp_path, capsys):
    path = make_template(tmp_path, capsys)
    assert load_workbook(path)[DATA_SHEET]["A2"].value.startswith("Đơn vị báo cáo: UBND thành phố Lai Châu")


@pytest.mark.parametrize(
    "args, message",
    [
        (["--unit", "999", "--period", "2017-H1"], "Không có đơn vị báo cáo mã 999"),
        (["--unit", "105", "--period", "1999-H1"], "Không có kỳ báo cáo mã 1999-H1"),
        (["--unit", "105", "--period", "2017-H1", "-o", "mau.csv"], "đuôi .xlsx"),
    ],
)
def test_report_template_refuses_unknown_codes(setup, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("report_template", *args)


def test_import_report_saves_and_prints_a_summary(setup, tmp_path, capsys):
    admin = UserFactory(username="quantri", is_superuser=True)
    path = fill_file(make_template(tmp_path, capsys), LIB_VISITS__TV_105=1200, FESTIVALS__105=2)
    call_command("import_report", str(path))
    out = capsys.readouterr().out
    assert "Đã nhập mau.xlsx cho UBND thành phố Lai Châu (105), kỳ 2017-H1: 2 ô có số liệu, 0 ô nội dung, 2 thay đổi" in out
    assert set(SubmissionValue.objects.values_list("updated_by__username", flat=True)) == {"quantri"}
    assert admin.is_superuser


def test_import_report_records_the_user_given(setup, tmp_path, capsys, unit_user):
    path = fill_file(make_template(tmp_path, capsys), LIB_VISITS__TV_105=5)
    call_command("import_report", str(path), "--user", "donvi")
    assert SubmissionValue.objects.get().updated_by == unit_user
    with pytest.raises(CommandError, match="Không có người dùng ai"):
        call_command("import_report", str(path), "--user", "ai")


def test_import_report_with_submit_sends_the_report(setup, unit, tmp_path, capsys):
    path = fill_file(
        make_template(tmp_path, capsys),
        LIB_VISITS__TV_105=1200, LIB_INTERNET__TV_105="Không", MUS_SHARE__BT_105=50, FESTIVALS__105=1,
    )
    call_command("import_report", str(path), "--submit")
    assert "Báo cáo đã được gửi." in capsys.readouterr().out
    assert unit.submissions.get().status == SubmissionStatus.SUBMITTED


def test_import_report_lists_every_error_on_stderr_and_saves_nothing(setup, unit, tmp_path, capsys):
    path = fill_file(make_template(tmp_path, capsys), LIB_VISITS__TV_105="mười", FESTIVALS__105=-2)
    before = state(setup, unit)
    with pytest.raises(CommandError, match="Không nhập được mau.xlsx: 2 lỗi; không lưu gì"):
        call_command("import_report", str(path))
    err = capsys.readouterr().err
    assert "cột E (LIB_VISITS): 'mười' không phải là số" in err
    assert "cột C (FESTIVALS): không được là số âm" in err
    assert state(setup, unit) == before


def test_import_report_with_submit_and_missing_figures_saves_nothing(setup, unit, tmp_path, capsys):
    path = fill_file(make_template(tmp_path, capsys), LIB_VISITS__TV_105=1200)
    with pytest.raises(CommandError):
        call_command("import_report", str(path), "--submit")
    assert "Không gửi được báo cáo" in capsys.readouterr().err
    assert not SubmissionValue.objects.exists()


def test_import_report_refuses_a_missing_file(db, tmp_path):
    with pytest.raises(CommandError, match="Không đọc được tệp"):
        call_command("import_report", str(tmp_path / "khong-co.xlsx"))


def test_the_real_exit_code_is_non_zero_on_a_bad_file(tmp_path):
    bad = tmp_path / "hong.xlsx"
    bad.write_bytes(b"ma,so\n1,2\n")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}

    def manage(*args):
        return subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
        )

    assert manage("migrate", "--noinput", "-v", "0").returncode == 0
    completed = manage("import_report", str(bad))
    assert completed.returncode != 0
    assert "là tệp văn bản (CSV, TXT)" in completed.stderr
    assert "không lưu gì" in completed.stderr
