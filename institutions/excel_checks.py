"""Row-by-row checks of an imported registry sheet: every problem is collected, none is fatal."""
import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from laichau_plan.text import fold, nfc, quoted

from .excel import COLUMNS, NO, YES
from .forms import MIN_YEAR
from .models import AdminUnit, Institution, InstitutionKind, InstitutionLevel, ReportingUnit

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
        params = {"row": self.row, "letter": self.letter, "header": self.header, "message": self.message}
        if self.row is None:
            return str(self.message)
        if self.letter:
            return _("Dòng %(row)s, cột %(letter)s (%(header)s): %(message)s") % params
        return _("Dòng %(row)s: %(message)s") % params


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


def text_of(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return nfc(str(value)) or ""


class Checker:
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
            key = names.get(fold(text_of(cell.value)))
            if key is None:
                continue
            if key in self.positions:
                self.problems.append(Problem(_("cột %(name)s có hai lần") % {"name": quoted(text_of(cell.value))}, row=1))
            self.positions[key] = index
        missing = [str(c.header) for c in COLUMNS if c.required and c.key not in self.positions]
        if missing:
            self.problems.append(Problem(_("Dòng tiêu đề thiếu cột bắt buộc: %(columns)s.") % {"columns": ", ".join(missing)}))

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
                self.problem(row, key, _("ô chứa công thức; hãy ghi giá trị (dán dưới dạng giá trị)"))
                value = None
            values[key] = value
        return values

    # -- a row ----------------------------------------------------------------------------
    def check(self, row, values):
        """The fields of a row (code, name, ... as the services take them)."""
        text = {key: text_of(value) for key, value in values.items()}
        fields = {}
        code = text["code"].upper()
        if not code:
            self.problem(row, "code", _("thiếu mã thiết chế"))
        elif code in self.seen_codes:
            self.problem(
                row, "code", _("mã %(code)s trùng với dòng %(first)s") % {"code": quoted(code), "first": self.seen_codes[code]}
            )
        else:
            self.seen_codes[code] = row
        fields["code"] = code
        fields["name"] = text["name"]
        if not text["name"]:
            self.problem(row, "name", _("thiếu tên thiết chế"))
        choices = (
            ("kind", self.kinds, _("thiếu loại hình"), _("%(value)s không phải loại hình hợp lệ")),
            ("level", self.levels, _("thiếu cấp"), _("%(value)s không phải cấp hợp lệ")),
        )
        for key, lookup, missing, invalid in choices:
            fields[key] = lookup.get(text[key].lower())
            if not text[key]:
                self.problem(row, key, missing)
            elif fields[key] is None:
                self.problem(row, key, invalid % {"value": quoted(text[key])})
        fields["reporting_unit"] = self.reporting_units.get(text["reporting_unit"].upper())
        if not text["reporting_unit"]:
            self.problem(row, "reporting_unit", _("thiếu mã đơn vị báo cáo"))
        elif fields["reporting_unit"] is None:
            message = _("không có đơn vị báo cáo mã %(code)s") % {"code": quoted(text["reporting_unit"])}
            self.problem(row, "reporting_unit", message)
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
            self.problem(row, key, _("%(value)s không phải Có/Không") % {"value": quoted(text)})
        return False

    def _year(self, row, text):
        if not text:
            return None
        if not text.isdigit() or not MIN_YEAR <= int(text) <= self.this_year:
            message = _("%(value)s không phải năm hợp lệ (từ %(low)s đến %(high)s)")
            self.problem(row, "established_year", message % {"value": quoted(text), "low": MIN_YEAR, "high": self.this_year})
            return None
        return int(text)

    def admin_unit(self, row, text, structure, institution):
        """The unit a statistics code means; the structure decides when the code repeats."""
        if not text:
            return self.problem(row, "admin_unit", _("thiếu mã địa bàn"))
        candidates = self.admin_units.get(text, [])
        if structure:
            candidates = [unit for unit in candidates if unit.structure == structure]
        elif len(candidates) > 1 and institution is not None:
            same = [unit for unit in candidates if unit.structure == institution.admin_unit.structure]
            candidates = same or candidates
        if not candidates:
            if structure:
                message = _("không có địa bàn mã %(code)s trong cơ cấu %(structure)s")
            else:
                message = _("không có địa bàn mã %(code)s")
            return self.problem(row, "admin_unit", message % {"code": quoted(text), "structure": structure})
        if len(candidates) > 1:
            structures = ", ".join(sorted(unit.structure for unit in candidates))
            message = _("mã %(code)s có trong nhiều cơ cấu (%(structures)s); ghi cơ cấu ở cột “%(column)s”")
            params = {"code": quoted(text), "structures": structures, "column": HEADERS["structure"].header}
            return self.problem(row, "admin_unit", message % params)
        return candidates[0]

    def model_check(self, row, institution, fields):
        """The model's own rules (lengths, code format, uniqueness), without saving."""
        candidate = Institution(pk=institution.pk) if institution else Institution()
        if institution is not None:
            candidate._state.adding = False  # an update: the code's uniqueness is its own
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
