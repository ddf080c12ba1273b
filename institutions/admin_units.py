"""Loading administrative units (province, districts, communes) from the shipped JSON files.

Each structure (``2015``: province, 8 districts, 106 communes; ``2025``: province and 38
communes) is kept in its own rows, keyed by ``(structure, code)``. Loading a structure only
ever touches the rows of that structure, so a later structure never rewrites an earlier one
even where the statistics office reused a code for a different unit (3390 is "Thị trấn Tam
Đường" in 2015 and "Xã Bình Lư" in 2025).

The files have this shape (codes may be numbers or digit strings)::

    {"source": "...",
     "province": {"code": 12, "name": "Tỉnh Lai Châu", "division_type": "tỉnh"},
     "districts": [{"code": 105, "name": "...", "division_type": "thành phố",
                    "communes": [{"code": 3386, "name": "...", "division_type": "phường"}]}]}

or, for a two-level structure, ``"communes": [...]`` directly under the top level.
"""
from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import translation

from audit.history import change_reason
from laichau_plan.text import nfc

from .models import AdminLevel, AdminUnit, DivisionType

DATA_DIR = Path(__file__).resolve().parent / "data"
MANIFEST = DATA_DIR / "structures.json"

# Which division types may stand at which level.
_TYPES_AT_LEVEL = {
    AdminLevel.PROVINCE: {DivisionType.PROVINCE, DivisionType.CITY},
    AdminLevel.DISTRICT: {DivisionType.DISTRICT, DivisionType.CITY, DivisionType.TOWN},
    AdminLevel.COMMUNE: {DivisionType.COMMUNE, DivisionType.WARD, DivisionType.TOWNSHIP},
}


class AdminUnitFileError(ValueError):
    """The units file (or the manifest, or the dates asked for) cannot be loaded."""


@dataclass(frozen=True)
class StructureSpec:
    """A structure shipped with the portal, as the manifest describes it."""

    name: str
    path: Path
    valid_from: datetime.date
    valid_to: datetime.date | None
    note: str = ""


@dataclass(frozen=True)
class UnitRow:
    code: str
    name: str
    division_type: str
    level: str
    parent_code: str | None


@dataclass
class LoadResult:
    structure: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    # Codes that are in the database for this structure but not in the file (kept, not deleted).
    missing_from_file: list[str] = field(default_factory=list)

    @property
    def total(self):
        return self.created + self.updated + self.unchanged


def parse_date(value, *, what="ngày"):
    """A date from ``2025-07-01`` or ``01/07/2025``; None and "" stay None."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise AdminUnitFileError(f"{what} không hợp lệ: {value!r} (dùng dạng 2025-07-01 hoặc 01/07/2025)")


def shipped_structures(manifest=MANIFEST):
    """The structures listed in ``institutions/data/structures.json``, in load order."""
    data = _read_json(Path(manifest))
    specs = []
    try:
        entries = data["structures"]
        for entry in entries:
            specs.append(
                StructureSpec(
                    name=str(entry["name"]),
                    path=Path(manifest).parent / entry["file"],
                    valid_from=parse_date(entry["valid_from"], what="valid_from"),
                    valid_to=parse_date(entry.get("valid_to"), what="valid_to"),
                    note=entry.get("note", ""),
                )
            )
    except (KeyError, TypeError) as exc:
        raise AdminUnitFileError(f"{manifest}: danh mục cơ cấu thiếu trường {exc}") from exc
    return specs


def shipped_structure(name, manifest=MANIFEST):
    for spec in shipped_structures(manifest):
        if spec.name == name:
            return spec
    known = ", ".join(spec.name for spec in shipped_structures(manifest))
    raise AdminUnitFileError(f"không có cơ cấu {name!r} trong danh mục (có: {known}); hãy chỉ rõ --file")


def _read_json(path):
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except FileNotFoundError as exc:
        raise AdminUnitFileError(f"không tìm thấy tệp {path}") from exc
    except UnicodeDecodeError as exc:
        raise AdminUnitFileError(f"{path}: tệp không phải UTF-8 ({exc})") from exc
    except json.JSONDecodeError as exc:
        raise AdminUnitFileError(f"{path}: JSON không hợp lệ ở dòng {exc.lineno}, cột {exc.colno}: {exc.msg}") from exc
    except OSError as exc:
        raise AdminUnitFileError(f"không đọc được tệp {path}: {exc}") from exc


def _code(value, where):
    if isinstance(value, bool) or value is None:
        raise AdminUnitFileError(f"{where}: thiếu mã hoặc mã không hợp lệ: {value!r}")
    text = str(value).strip()
    if not text.isdigit():
        raise AdminUnitFileError(f"{where}: mã phải là chữ số, không phải {value!r}")
    # The files carry numbers; the statistics office prints commune codes with leading zeros.
    return str(int(text))


def _unit(entry, level, parent_code, where):
    if not isinstance(entry, dict):
        raise AdminUnitFileError(f"{where}: cần một đối tượng có code, name, division_type")
    code = _code(entry.get("code"), where)
    name = nfc(entry.get("name") or "")
    if not name:
        raise AdminUnitFileError(f"{where} (mã {code}): thiếu tên")
    label = entry.get("division_type")
    # Match against the Vietnamese labels whatever language is active.
    with translation.override(None):
        try:
            division_type = DivisionType.from_label(label or "")
        except ValueError as exc:
            raise AdminUnitFileError(f"{where} (mã {code}, {name}): {exc}") from exc
    if division_type not in _TYPES_AT_LEVEL[level]:
        raise AdminUnitFileError(
            f"{where} (mã {code}, {name}): loại {label!r} không thể ở {AdminLevel(level).label}"
        )
    return UnitRow(code=code, name=name, division_type=division_type, level=level, parent_code=parent_code)


def parse_units(data, *, origin="tệp"):
    """Validate the file's content; return its units, each parent before its children."""
    if not isinstance(data, dict) or not isinstance(data.get("province"), dict):
        raise AdminUnitFileError(f"{origin}: thiếu mục 'province' ở cấp cao nhất")
    has_districts, has_communes = "districts" in data, "communes" in data
    if has_districts == has_communes:
        raise AdminUnitFileError(
            f"{origin}: cần đúng một trong hai mục 'districts' (ba cấp) hoặc 'communes' (hai cấp)"
        )
    province = _unit(data["province"], AdminLevel.PROVINCE, None, f"{origin}: province")
    rows = [province]

    def communes(entries, parent_code, where):
        if not isinstance(entries, list) or not entries:
            raise AdminUnitFileError(f"{where}: 'communes' phải là một danh sách không rỗng")
        for index, entry in enumerate(entries):
            rows.append(_unit(entry, AdminLevel.COMMUNE, parent_code, f"{where}.communes[{index}]"))

    if has_districts:
        districts = data["districts"]
        if not isinstance(districts, list) or not districts:
            raise AdminUnitFileError(f"{origin}: 'districts' phải là một danh sách không rỗng")
        for index, entry in enumerate(districts):
            where = f"{origin}: districts[{index}]"
            district = _unit(entry, AdminLevel.DISTRICT, province.code, where)
            rows.append(district)
            communes(entry.get("communes"), district.code, where)
    else:
        communes(data["communes"], province.code, origin)

    seen = {}
    for row in rows:
        if row.code in seen:
            raise AdminUnitFileError(f"{origin}: mã {row.code} trùng ({seen[row.code]} và {row.name})")
        seen[row.code] = row.name
    return rows


def _overlapping_structure(structure, valid_from, valid_to):
    """Another structure already loaded whose dates overlap the ones asked for, if any."""
    far = datetime.date.max
    ranges = (
        AdminUnit.objects.exclude(structure=structure)
        .values_list("structure", "valid_from", "valid_to")
        .distinct()
    )
    for other, start, end in ranges:
        if start <= (valid_to or far) and valid_from <= (end or far):
            return other, start, end
    return None


def load_structure(*, path, structure, valid_from, valid_to=None, source=None):
    """Create or update the units of one structure from ``path``; other structures stay untouched.

    Idempotent: a second run with the same file changes nothing. Units that disappeared from
    the file are reported in ``missing_from_file`` and kept (reports may point at them).
    """
    structure = nfc(structure or "")
    if not structure:
        raise AdminUnitFileError("thiếu tên cơ cấu (--structure)")
    valid_from = parse_date(valid_from, what="--valid-from")
    valid_to = parse_date(valid_to, what="--valid-to")
    if valid_from is None:
        raise AdminUnitFileError(f"cơ cấu {structure}: thiếu ngày hiệu lực (--valid-from)")
    if valid_to is not None and valid_to < valid_from:
        raise AdminUnitFileError(f"cơ cấu {structure}: ngày hết hiệu lực {valid_to} trước ngày hiệu lực {valid_from}")
    path = Path(path)
    data = _read_json(path)
    rows = parse_units(data, origin=path.name)
    source = nfc(source or (data.get("source") if isinstance(data.get("source"), str) else "") or path.name)[:300]

    clash = _overlapping_structure(structure, valid_from, valid_to)
    if clash:
        other, start, end = clash
        raise AdminUnitFileError(
            f"cơ cấu {structure} ({valid_from} – {valid_to or '…'}) trùng thời gian với cơ cấu {other} "
            f"đã có ({start} – {end or '…'}); cơ cấu cũ không bị sửa, hãy chọn ngày khác"
        )

    result = LoadResult(structure=structure)
    with transaction.atomic(), change_reason(f"load_admin_units {path.name}"):
        existing = {unit.code: unit for unit in AdminUnit.objects.filter(structure=structure)}
        by_code = {}
        for row in rows:
            wanted = {
                "name": row.name,
                "division_type": row.division_type,
                "level": row.level,
                "parent_id": by_code[row.parent_code].pk if row.parent_code else None,
                "valid_from": valid_from,
                "valid_to": valid_to,
                "source": source,
            }
            unit = existing.get(row.code)
            if unit is None:
                unit = AdminUnit(structure=structure, code=row.code, **wanted)
                unit.full_clean(validate_unique=False, validate_constraints=False)
                unit.save()
                result.created += 1
            else:
                changed = [name for name, value in wanted.items() if getattr(unit, name) != value]
                if changed:
                    for name in changed:
                        setattr(unit, name, wanted[name])
                    unit.save(update_fields=[name.removesuffix("_id") for name in changed])
                    result.updated += 1
                else:
                    result.unchanged += 1
            by_code[row.code] = unit
        result.missing_from_file = sorted(set(existing) - set(by_code), key=int)
    return result


def load_shipped(names=None, manifest=MANIFEST):
    """Load the shipped structures (all of them, or those named), in manifest order."""
    specs = shipped_structures(manifest)
    if names:
        known = {spec.name for spec in specs}
        unknown = [name for name in names if name not in known]
        if unknown:
            raise AdminUnitFileError(f"không có cơ cấu {', '.join(unknown)} trong danh mục (có: {', '.join(sorted(known))})")
        specs = [spec for spec in specs if spec.name in names]
    return [
        load_structure(path=spec.path, structure=spec.name, valid_from=spec.valid_from, valid_to=spec.valid_to)
        for spec in specs
    ]
