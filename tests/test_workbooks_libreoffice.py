"""The workbooks open in LibreOffice Calc as they were written: LibreOffice reads each one and saves
it again (headless, as a user's "Save" would), and what it saved keeps every sheet, every cell, the
template's drop-down validations and print titles; a template saved by LibreOffice still imports.
Skipped, with the reason, where LibreOffice is not installed (.ci/run installs it)."""
import io
import shutil
import subprocess

import pytest
from openpyxl import load_workbook

from institutions.excel import registry_workbook
from institutions.models import Institution
from reporting.excel.importer import import_report
from reporting.excel.template import template_bytes
from reports.data import report_data
from reports.services import report_preview
from reports.xlsx import render_xlsx

from .factories import InstitutionFactory
from .report_world import build_report_world
from .test_report_excel_support import fill

SOFFICE = shutil.which("soffice")
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed"),
]


def saved_by_libreoffice(content, tmp_path, name):
    """``content`` after LibreOffice Calc opened it and saved it again as .xlsx."""
    source = tmp_path / f"{name}.xlsx"
    source.write_bytes(content)
    out = tmp_path / "out"
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--calc",
         "--convert-to", "xlsx", "--outdir", str(out), str(source)],
        check=True, capture_output=True, timeout=240,
    )
    return (out / f"{name}.xlsx").read_bytes()


def assert_kept(original, saved):
    before, after = load_workbook(io.BytesIO(original)), load_workbook(io.BytesIO(saved))
    assert after.sheetnames == before.sheetnames
    for sheet in before.worksheets:
        again = after[sheet.title]
        assert [[c.value for c in row] for row in again.iter_rows()] == [[c.value for c in row] for row in sheet.iter_rows()]
        assert len(again.data_validations.dataValidation) == len(sheet.data_validations.dataValidation)
        assert again.print_title_rows == sheet.print_title_rows
        assert int(again.page_setup.paperSize) == 9


def workbook_bytes(workbook):
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_the_consolidated_workbook_and_the_registry_export_come_back_from_libreoffice_unchanged(tmp_path):
    world = build_report_world()
    report = render_xlsx(report_preview(period=world.fy2017), report_data(world.fy2017))
    assert_kept(report, saved_by_libreoffice(report, tmp_path, "bao-cao"))
    registry = workbook_bytes(registry_workbook(Institution.objects.all()))
    assert_kept(registry, saved_by_libreoffice(registry, tmp_path, "thiet-che"))


def test_a_template_filled_and_saved_in_libreoffice_keeps_its_drop_downs_and_imports(tmp_path, period, unit, unit_user):
    library = InstitutionFactory(reporting_unit=unit)
    workbook = load_workbook(io.BytesIO(template_bytes(period=period, unit=unit)))
    fill(workbook, **{f"LIB_VISITS__{library.code.replace('-', '_')}": 1200})
    filled = workbook_bytes(workbook)
    saved = saved_by_libreoffice(filled, tmp_path, "mau-bao-cao")
    assert_kept(filled, saved)
    assert load_workbook(io.BytesIO(saved))["Số liệu"].data_validations.dataValidation
    result = import_report(data=saved, filename="mau-bao-cao.xlsx", user=unit_user, period=period, unit=unit)
    assert result.ok, result.messages
    assert result.filled == 1
