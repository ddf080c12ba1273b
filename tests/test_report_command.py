"""python manage.py report: the same numbers as the page, in JSON, Excel or PDF."""
import io
import json

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from reports.data import report_data
from reports.serialize import dumps
from reports.services import report_create_draft, report_issue, report_update

from .factories import REPORT_WORDS
from .report_world import build_report_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_report_world()


def test_json_output_equals_the_report_data(world, tmp_path):
    path = tmp_path / "r.json"
    call_command("report", "--period", "2017-FY", "--format", "json", "-o", str(path), stdout=io.StringIO())
    assert path.read_text(encoding="utf-8") == dumps(report_data(world.fy2017))
    data = json.loads(path.read_text(encoding="utf-8"))
    assert set(data) >= {"period", "indicators", "completeness"}
    assert {"code", "kind", "year", "due_date"} <= set(data["period"])
    indicator = data["indicators"][0]
    assert {"code", "name", "unit", "targets"} <= set(indicator)
    target = indicator["targets"][0]
    assert {"scope", "target_min", "target_max", "actual", "achievement_pct", "status", "by_area"} <= set(target)
    assert {"kind", "level", "per_institution", "summed"} <= set(target["scope"])
    assert {"code", "name", "actual"} <= set(target["by_area"][0])
    assert {"expected", "submitted", "approved", "on_time", "late", "missing"} <= set(data["completeness"])


def test_include_submitted_adds_the_provisional_figures(world, capsys):
    call_command("report", "--period", "2017-FY", "-o", "-", "--include-submitted")
    data = json.loads(capsys.readouterr().out)
    visits = next(i for i in data["indicators"] if i["code"] == "VISITS")
    provincial = next(t for t in visits["targets"] if t["key"] == "visits-tinh")
    assert (provincial["actual"], provincial["provisional"]) == (8500, True)


def test_xlsx_and_pdf_outputs(world, tmp_path):
    call_command("report", "--period", "2017-FY", "--format", "xlsx", "-o", str(tmp_path / "r.xlsx"),
                 stdout=io.StringIO())
    assert load_workbook(tmp_path / "r.xlsx").sheetnames[0] == "Tổng hợp"
    call_command("report", "--period", "2017-FY", "--format", "pdf", "-o", str(tmp_path / "r.pdf"),
                 stdout=io.StringIO())
    assert (tmp_path / "r.pdf").read_bytes()[:4] == b"%PDF"


def test_an_issued_reports_frozen_file(world, staff_user, tmp_path):
    draft = report_create_draft(period=world.fy2017, user=staff_user)
    report_update(report=draft, fields=REPORT_WORDS)
    issued = report_issue(report=draft, user=staff_user)
    path = tmp_path / "issued.pdf"
    call_command("report", "--issued", f"{issued.number}/{issued.issued_year}", "--format", "pdf", "-o", str(path),
                 stdout=io.StringIO())
    assert path.read_bytes() == bytes(issued.pdf)


@pytest.mark.parametrize("args, message", [
    (["--period", "1999-FY", "-o", "x.json"], "Không có kỳ"),
    (["-o", "x.json"], "Cần đúng một"),
    (["--period", "2017-FY", "--format", "pdf", "-o", "-"], "Chỉ ghi JSON"),
    (["--issued", "abc", "-o", "x.json"], "SỐ/NĂM"),
])
def test_mistakes_are_explained(world, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("report", *args)
