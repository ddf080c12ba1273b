"""Import the registry from an Excel sheet laid out as the export (see excel.COLUMNS).

Every row is checked first; when any row is bad, every problem is reported with its row and
column and nothing is saved. When all rows are good, new codes are created and existing ones
updated, in one transaction, through the same services as the pages.
"""
import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from laichau_plan.text import fold, nfc

from .excel import COLUMNS, NO, YES
from .forms import MIN_YEAR
from .models import AdminUnit, Institution, InstitutionKind, InstitutionLevel, ReportingUnit
from .services import institution_create, institution_update

MAX_ROWS = 5000
BAD_FILE = "Không đọc được tệp: đây không phải tệp Excel .xlsx hợp lệ, hoặc tệp đã bị hỏng."
TRUE_WORDS = {fold(YES), "x", "1", "true", "yes", "dung"}
FALSE_WORDS = {fold(NO), "0", "false", "no", "sai"}
HEADERS = {column.key: column for column in COLUMNS}


@dataclass
class Problem:
    message: str
    row: int | None = None
    letter: str = ""
    header: str = ""

    def __str__(self):
        if self.row is None:
            return self.message
        if self.letter:
            return f"Dòng {self.row}, cột {self.letter} ({self.header}): {self.message}"
        return f"Dòng {self.row}: {self.message}"


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


def _in_every_language(text):
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            yield str(text)


def _choice_lookup(choices_class):
    """Code or label (in every portal language) -> value, compared after NFC and lower-casing."""
    lookup = {}
    for value, label in choices_class.choices:
        lookup[value.lower()] = value
        for text in _in_every_language(label):
            lookup[nfc(text).lower()] = value
    return lookup


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return nfc(str(value)) or ""


class _Checker:
    """Checks the rows of one sheet and collects every problem."""

    def __init__(self):
        self.problems = []
        self.positions = {}  # column key -> 0-based index in the sheet
        self.seen_codes = {}  # code -> first row it appears on
        self.kinds = _choice_lookup(InstitutionKind)
        self.levels = _choice_lookup(InstitutionLevel)
        self.admin_units = {}
        for unit in AdminUnit.objects.all():
            self.admin_units.setdefault(unit.code, []).append(unit)
        self.reporting_units = {unit.code.upper(): unit for unit in ReportingUnit.objects.all()}
        self.this_year = datetime.date.today().year
        self._row_keys = set()
        self.bad_rows = set()

    # -- header ---------------------------------------------------------------------------
    def read_header(self, cells):
        names = {}
        for column in COLUMNS:
            names[column.key] = column.key
            for text in _in_every_language(column.header):
                names[fold(text)] = column.key
        for index, cell in enumerate(cells):
            key = names.get(fold(_text(cell.value)))
            if key is None:
                continue
            if key in self.positions:
                self.problems.append(Problem(f"cột “{_text(cell.value)}” có hai lần", row=1))
            self.positions[key] = index
        missing = [str(c.header) for c in COLUMNS if c.required and c.key not in self.positions]
        if missing:
            self.problems.append(Problem("Dòng tiêu đề thiếu cột bắt buộc: " + ", ".join(missing) + "."))

    # -- cells ----------------------------------------------------------------------------
    def problem(self, row, key, message):
        """Record a problem of one cell (only the first one of each cell)."""
        if key is not None and (row, key) in self._row_keys:
            return
        self._row_keys.add((row, key))
        self.bad_rows.add(row)
        if key is None or key not in self.positions:
            self.problems.append(Problem(message, row=row))
            return
        letter = get_column_letter(self.positions[key] + 1)
        self.problems.append(Problem(message, row=row, letter=letter, header=str(HEADERS[key].header)))

    def values(self, row, cells):
        """Raw values of the known columns present in the sheet; formula cells are refused."""
        values = {}
        for key, index in self.positions.items():
            cell = cells[index] if index < len(cells) else None
            value = getattr(cell, "value", None)
            if getattr(cell, "data_type", None) == "f":
                self.problem(row, key, "ô chứa công thức; hãy ghi giá trị (dán dưới dạng giá trị)")
                value = None
            values[key] = value
        return values

    # -- a row ----------------------------------------------------------------------------
    def check(self, row, values):
        """The fields of a row (code, name, ... as the services take them)."""
        text = {key: _text(value) for key, value in values.items()}
        fields = {}
        code = text["code"].upper()
        if not code:
            self.problem(row, "code", "thiếu mã thiết chế")
        elif code in self.seen_codes:
            self.problem(row, "code", f"mã '{code}' trùng với dòng {self.seen_codes[code]}")
        else:
            self.seen_codes[code] = row
        fields["code"] = code
        fields["name"] = text["name"]
        if not text["name"]:
            self.problem(row, "name", "thiếu tên thiết chế")
        for key, lookup, what in (("kind", self.kinds, "loại hình"), ("level", self.levels, "cấp")):
            fields[key] = lookup.get(text[key].lower())
            if not text[key]:
                self.problem(row, key, f"thiếu {what}")
            elif fields[key] is None:
                self.problem(row, key, f"'{text[key]}' không phải {what} hợp lệ")
        fields["reporting_unit"] = self.reporting_units.get(text["reporting_unit"].upper())
        if not text["reporting_unit"]:
            self.problem(row, "reporting_unit", "thiếu mã đơn vị báo cáo")
        elif fields["reporting_unit"] is None:
            self.problem(row, "reporting_unit", f"không có đơn vị báo cáo mã '{text['reporting_unit']}'")
        for key in ("has_internet", "is_active"):
            if text.get(key):
                fields[key] = self._yes_no(row, key, values[key], text[key])
        if "address" in text:
            fields["address"] = text["address"]
        if "established_year" in text:
            fields["established_year"] = self._year(row, text["established_year"])
        return fields

    def _yes_no(self, row, key, raw, text):
        if isinstance(raw, bool):
            return raw
        word = fold(text)
        if word in TRUE_WORDS:
            return True
        if word not in FALSE_WORDS:
            self.problem(row, key, f"'{text}' không phải {YES}/{NO}")
        return False

    def _year(self, row, text):
        if not text:
            return None
        if not text.isdigit() or not MIN_YEAR <= int(text) <= self.this_year:
            self.problem(row, "established_year", f"'{text}' không phải năm hợp lệ (từ {MIN_YEAR} đến {self.this_year})")
            return None
        return int(text)

    def admin_unit(self, row, text, structure, institution):
        """The unit a statistics code means; the structure decides when the code repeats."""
        if not text:
            return self.problem(row, "admin_unit", "thiếu mã địa bàn")
        candidates = self.admin_units.get(text, [])
        if structure:
            candidates = [unit for unit in candidates if unit.structure == structure]
        elif len(candidates) > 1 and institution is not None:
            same = [unit for unit in candidates if unit.structure == institution.admin_unit.structure]
            candidates = same or candidates
        if not candidates:
            where = f" trong cơ cấu {structure}" if structure else ""
            return self.problem(row, "admin_unit", f"không có địa bàn mã '{text}'{where}")
        if len(candidates) > 1:
            structures = ", ".join(sorted(unit.structure for unit in candidates))
            message = f"mã '{text}' có trong nhiều cơ cấu ({structures}); ghi cơ cấu ở cột “Cơ cấu địa bàn”"
            return self.problem(row, "admin_unit", message)
        return candidates[0]

    def model_check(self, row, institution, fields):
        """The model's own rules (lengths, code format, uniqueness), without saving."""
        candidate = Institution(pk=institution.pk) if institution else Institution()
        if institution is not None:
            for name in ("name", "kind", "level", "admin_unit_id", "reporting_unit_id", "has_internet",
                         "address", "established_year", "notes", "is_active"):
                setattr(candidate, name, getattr(institution, name))
        for name, value in fields.items():
            setattr(candidate, name, value)
        candidate.normalise()
        try:
            candidate.full_clean()
        except ValidationError as error:
            for key, messages in error.message_dict.items():
                for message in messages:
                    self.problem(row, key if key in HEADERS else None, message)


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
        checker.problems.append(Problem("Trang tính trống: không có dòng tiêu đề."))
        return []
    checker.read_header(header)
    if checker.problems:
        return []
    read = []
    for row_number, cells in enumerate(rows, start=2):
        if all(_text(getattr(cell, "value", None)) == "" for cell in cells):
            continue
        if len(read) >= MAX_ROWS:
            checker.problems.append(Problem(f"Tệp có quá {MAX_ROWS} dòng; hãy chia thành nhiều tệp."))
            return []
        read.append((row_number, checker.values(row_number, cells)))
    if not read and not checker.problems:
        checker.problems.append(Problem("Tệp không có dòng dữ liệu nào dưới dòng tiêu đề."))
    return read


def registry_import(*, file) -> ImportResult:
    """Check every row of ``file`` (.xlsx); save all of them, or none when any is bad."""
    try:
        workbook = load_workbook(file, read_only=True, data_only=False)
    except Exception:  # noqa: BLE001 - any failure to open means a file we cannot use
        return ImportResult(problems=[Problem(BAD_FILE)])
    try:
        checker = _Checker()
        try:
            rows = _read_rows(checker, workbook.worksheets[0])
        except Exception:  # noqa: BLE001 - a damaged sheet inside a readable archive
            return ImportResult(problems=[Problem(BAD_FILE)])
    finally:
        workbook.close()
    planned = []
    checked = [(row, values, checker.check(row, values)) for row, values in rows]
    existing = _existing({fields["code"] for _row, _values, fields in checked if fields["code"]})
    for row, values, fields in checked:
        institution = existing.get(fields["code"])
        structure = _text(values.get("structure"))
        fields["admin_unit"] = checker.admin_unit(row, _text(values["admin_unit"]), structure, institution)
        if row not in checker.bad_rows:
            checker.model_check(row, institution, fields)
        planned.append((row, institution, fields))
    if checker.problems:
        return ImportResult(problems=checker.problems)
    return _save(planned)


def _differs(institution, key, value):
    if key in ("admin_unit", "reporting_unit"):
        return getattr(institution, f"{key}_id") != value.pk
    return getattr(institution, key) != value


def _save(planned):
    result = ImportResult()
    row = None
    try:
        with transaction.atomic():
            for row, institution, fields in planned:
                if institution is None:
                    institution_create(**fields)
                    result.created += 1
                    continue
                changes = {k: v for k, v in fields.items() if k != "code" and _differs(institution, k, v)}
                if changes:
                    institution_update(institution=institution, **changes)
                    result.updated += 1
                else:
                    result.unchanged += 1
    except ValidationError as error:
        return ImportResult(problems=[Problem("; ".join(error.messages), row=row)])
    return result
