"""Import the registry from an Excel sheet laid out as the export (see excel.COLUMNS).

Every row is checked first (excel_checks); when any row is bad, every problem is reported
with its row and column and nothing is saved. When all rows are good, new codes are created
and existing ones updated, in one transaction, through the same services as the pages.
"""
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.history import change_reason
from audit.services import audit_record
from laichau_plan.workbooks import WorkbookRefused, damaged, open_uploaded_workbook

from .excel_checks import Checker, Problem, text_of
from .models import Institution
from .services import institution_create, institution_update

MAX_ROWS = 5000


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.problems

    @property
    def messages(self):
        return [str(problem) for problem in self.problems]


def _existing(codes):
    found = {}
    codes = sorted(codes)
    for start in range(0, len(codes), 500):
        chunk = codes[start:start + 500]
        for institution in Institution.objects.filter(code__in=chunk).select_related("admin_unit"):
            found[institution.code] = institution
    return found


def _read_rows(checker, sheet):
    rows = sheet.iter_rows()
    header = next(rows, None)
    if header is None:
        checker.problems.append(Problem(_("Trang tính trống: không có dòng tiêu đề.")))
        return []
    checker.read_header(header)
    if checker.problems:
        return []
    read = []
    for row_number, cells in enumerate(rows, start=2):
        if all(text_of(getattr(cell, "value", None)) == "" for cell in cells):
            continue
        if len(read) >= MAX_ROWS:
            checker.problems.append(Problem(_("Tệp có quá %(max)s dòng; hãy chia thành nhiều tệp.") % {"max": MAX_ROWS}))
            return []
        read.append((row_number, checker.values(row_number, cells)))
    if not read and not checker.problems:
        checker.problems.append(Problem(_("Tệp không có dòng dữ liệu nào dưới dòng tiêu đề.")))
    return read


def registry_import(*, file, user=None) -> ImportResult:
    """Check every row of ``file`` (.xlsx); save all of them, or none when any is bad."""
    filename = getattr(file, "name", "") or ""
    try:
        workbook = open_uploaded_workbook(file, read_only=True)
    except WorkbookRefused as refusal:
        return ImportResult(problems=[Problem(refusal.message)])
    try:
        checker = Checker()
        try:
            rows = _read_rows(checker, workbook.worksheets[0])
        except Exception:  # noqa: BLE001 - a damaged sheet inside a readable archive
            return ImportResult(problems=[Problem(damaged(filename).message)])
    finally:
        workbook.close()
    planned = []
    checked = [(row, values, checker.check(row, values)) for row, values in rows]
    existing = _existing({fields["code"] for _row, _values, fields in checked if fields["code"]})
    for row, values, fields in checked:
        institution = existing.get(fields["code"])
        structure = text_of(values.get("structure"))
        fields["admin_unit"] = checker.admin_unit(row, text_of(values["admin_unit"]), structure, institution)
        if row not in checker.bad_rows:
            checker.model_check(row, institution, fields)
        planned.append((row, institution, fields))
    if checker.problems:
        problems = sorted(checker.problems, key=lambda p: (p.row or 0, len(p.letter), p.letter))
        return ImportResult(problems=problems)
    return _save(planned, user, filename)


def _differs(institution, key, value):
    if key in ("admin_unit", "reporting_unit"):
        return getattr(institution, f"{key}_id") != value.pk
    return getattr(institution, key) != value


def _save(planned, user=None, filename=""):
    result = ImportResult()
    row = None
    try:
        # Row by row through the services: each institution gets its version (old → new values),
        # named after the workbook, and the import one audit line.
        with transaction.atomic(), change_reason(f"nhập Excel {filename}"):
            for row, institution, fields in planned:
                if institution is None:
                    institution_create(**fields, user=user)
                    result.created += 1
                    continue
                changes = {k: v for k, v in fields.items() if k != "code" and _differs(institution, k, v)}
                if changes:
                    institution_update(institution=institution, user=user, **changes)
                    result.updated += 1
                else:
                    result.unchanged += 1
            audit_record(
                user=user, action="import",
                detail=f"{filename}: {result.created} mới, {result.updated} cập nhật, {result.unchanged} không đổi",
            )
    except ValidationError as error:
        return ImportResult(problems=[Problem("; ".join(error.messages), row=row)])
    return result
