"""A plan file (YAML) read and checked into plain dataclasses; the format is described at the
top of ``targets/plans/laichau-1133-2015.yaml``.

``read_plan_file(path)`` and ``parse_plan_text(text)`` return a ``PlanFile`` or raise
``PlanFileError`` whose ``errors`` list every problem found, each naming its field path
(``targets[3].years.2016.min: phải là số``). Nothing here touches the database.
"""
from pathlib import Path

import yaml

from institutions.models import InstitutionKind, InstitutionLevel, ReportingUnitKind

from .models import Aggregation, AppliesTo, Frequency, ResponsibilityRole, ValueType
from .planfile_fields import PlanYamlLoader, Reader, join
from .planfile_targets import read_targets
from .planspec import (
    IndicatorSpec,
    PlanFile,
    PlanFileError,
    PlanSpec,
    ReportingUnitSpec,
    ResponsibilitySpec,
    TargetSpec,
    TargetYear,
    TaskSpec,
)

UNIT_CODE = r"[A-Z0-9][A-Z0-9_-]*"
INDICATOR_CODE = r"[A-Z][A-Z0-9_]*"


def read_plan_file(path):
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise PlanFileError([f"không đọc được tệp {path}: {exc.strerror or exc}"]) from exc
    except UnicodeDecodeError as exc:
        raise PlanFileError([f"tệp {path} không phải văn bản UTF-8"]) from exc
    return parse_plan_text(text)


def parse_plan_text(text):
    try:
        data = yaml.load(text, Loader=PlanYamlLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        where = f" (dòng {mark.line + 1}, cột {mark.column + 1})" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise PlanFileError([f"tệp không phải YAML hợp lệ{where}: {problem}"]) from exc
    return validate_plan_data(data)


def validate_plan_data(data):
    """Check parsed YAML; return a PlanFile or raise PlanFileError with every error."""
    reader = Reader()
    top = reader.mapping(
        data, "", required=("plan", "reporting_units", "indicators", "tasks", "targets"), optional=("sections",)
    )
    if top is None:
        raise PlanFileError(["tệp kế hoạch phải là một bảng khóa–giá trị với các phần plan, indicators, tasks, targets"])
    sections = _read_sections(reader, top)
    plan = _read_plan(reader, top, sections)
    units = _read_units(reader, top)
    _reporting_kinds(reader, top, plan, units)
    indicators = _read_indicators(reader, top)
    tasks = _read_tasks(reader, top, sections, units, indicators)
    targets = read_targets(reader, top, plan, units, indicators)
    used = {code for task in tasks for code in task.indicators} | {target.indicator for target in targets}
    for index, indicator in enumerate(indicators):
        if indicator.code and indicator.code not in used:
            reader.error(f"indicators[{index}].code", f"chỉ tiêu {indicator.code} không gắn với nhiệm vụ hay mục tiêu nào")
    if reader.errors:
        raise PlanFileError(reader.errors)
    return PlanFile(plan=plan, reporting_units=units, indicators=indicators, tasks=tasks, targets=targets)


def _read_plan(reader, top, sections):
    path = "plan"
    data = reader.mapping(
        top.get("plan"), path,
        required=("code", "number", "issued_on", "issuer", "title", "start_year", "end_year"),
        optional=("implements", "half_year_due", "annual_due", "reporting_kinds", "admin_structure"),
    ) if top.get("plan") is not None else None
    if data is None:
        return None
    start = reader.integer(data, "start_year", path, minimum=1945, maximum=2100)
    end = reader.integer(data, "end_year", path, minimum=1945, maximum=2100)
    if start and end and end < start:
        reader.error(join(path, "end_year"), f"năm kết thúc {end} trước năm bắt đầu {start}")
        end = None
    plan = PlanSpec(
        code=reader.code(data, "code", path, pattern=r"[a-z0-9][a-z0-9-]*", hint="chữ thường, số, dấu -", max_length=50),
        number=reader.text(data, "number", path, max_length=50),
        issued_on=reader.date(data, "issued_on", path),
        issuer=reader.text(data, "issuer", path, max_length=200),
        title=reader.text(data, "title", path),
        implements=reader.text(data, "implements", path, required=False),
        start_year=start, end_year=end,
        half_year_due=reader.month_day(data, "half_year_due", path, default="06-20"),
        annual_due=reader.month_day(data, "annual_due", path, default="11-30"),
        sections=sections,
        # Checked against the units in _reporting_kinds, once they are read.
        reporting_kinds=reader.choice_list(
            data, "reporting_kinds", path, ReportingUnitKind, required="reporting_kinds" in data
        ),
        admin_structure=reader.code(
            data, "admin_structure", path, pattern=r"[0-9A-Za-z][0-9A-Za-z_-]*",
            hint="tên cơ cấu đơn vị hành chính, ví dụ 2015 hoặc 2025", max_length=20, required=False,
        ),
    )
    return plan if start and end else None


def _reporting_kinds(reader, top, plan, units):
    """A unit reports when its kind is one of ``plan.reporting_kinds`` (every kind named, when the
    file leaves the list out) and it does not say ``reports: false``. Saying ``reports: true`` of a
    unit whose kind does not report, or naming a kind no unit of the file has, is an error."""
    declared = list(plan.reporting_kinds) if plan else []
    data = top.get("plan") if isinstance(top.get("plan"), dict) else {}
    for index, unit in enumerate(units):
        explicit = unit.reports
        if declared and unit.kind and unit.kind not in declared:
            if explicit:
                reader.error(
                    f"reporting_units[{index}].reports",
                    f"đơn vị {unit.code} loại {unit.kind} được ghi reports: true nhưng loại {unit.kind} không có "
                    f"trong plan.reporting_kinds ({', '.join(declared)}): thêm loại này vào danh sách hoặc bỏ "
                    "reports: true",
                )
            unit.reports = False
        else:
            unit.reports = explicit is not False
    kinds_in_file = {unit.kind for unit in units}
    written = data.get("reporting_kinds") if isinstance(data.get("reporting_kinds"), list) else []
    # By the index written in the file (a value refused as unknown is left out of ``declared``).
    for index, kind in {written.index(kind): kind for kind in declared}.items():
        if kind not in kinds_in_file:
            reader.error(
                f"plan.reporting_kinds[{index}]",
                f"không có đơn vị báo cáo nào loại {kind} trong phần reporting_units",
            )
        elif not any(unit.kind == kind and unit.reports for unit in units):
            reader.error(
                f"plan.reporting_kinds[{index}]",
                f"mọi đơn vị loại {kind} đều ghi reports: false, không đơn vị nào báo cáo",
            )
    if plan and "reporting_kinds" not in data:
        plan.reporting_kinds = list(dict.fromkeys(unit.kind for unit in units if unit.reports and unit.kind))


def _read_sections(reader, top):
    sections, seen = [], set()
    for path, item in reader.items(top, "sections", ""):
        data = reader.mapping(item, path, required=("code", "title"))
        if data is None:
            continue
        code = reader.text(data, "code", path, max_length=30)
        title = reader.text(data, "title", path, max_length=200)
        if code in seen:
            reader.error(join(path, "code"), f"mục {code} bị trùng")
        seen.add(code)
        sections.append({"code": code, "title": title})
    return sections


def _read_units(reader, top):
    units, seen = [], {}
    for index, (path, item) in enumerate(reader.items(top, "reporting_units", "")):
        data = reader.mapping(
            item, path, required=("code", "name", "kind"),
            optional=("short_name", "admin_unit", "email", "reports", "order"),
        )
        if data is None:
            continue
        code = reader.code(data, "code", path, pattern=UNIT_CODE, hint="chữ in hoa, số, dấu - hoặc _", max_length=20)
        if code in seen:
            reader.error(join(path, "code"), f"mã đơn vị {code} bị trùng (đã dùng ở reporting_units[{seen[code]}])")
        seen.setdefault(code, index)
        units.append(ReportingUnitSpec(
            code=code,
            name=reader.text(data, "name", path, max_length=200),
            short_name=reader.text(data, "short_name", path, required=False, max_length=60),
            kind=reader.choice(data, "kind", path, ReportingUnitKind),
            admin_unit=reader.code(
                data, "admin_unit", path, pattern=r"\d+", hint="mã thống kê, chỉ gồm chữ số", max_length=10,
                required=False,
            ),
            email=reader.text(data, "email", path, required=False, max_length=254),
            reports=reader.boolean(data, "reports", path, default=None),  # settled by _reporting_kinds
            order=reader.integer(data, "order", path, default=(index + 1) * 10, minimum=0),
        ))
    return units


def _read_indicators(reader, top):
    indicators, seen = [], {}
    for index, (path, item) in enumerate(reader.items(top, "indicators", "")):
        data = reader.mapping(
            item, path,
            required=("code", "name", "unit", "value_type", "aggregation", "applies_to", "frequency"),
            optional=("running_count", "source_ref", "description", "order"),
        )
        if data is None:
            continue
        code = reader.code(data, "code", path, pattern=INDICATOR_CODE, hint="chữ in hoa, số, dấu _", max_length=40)
        if code in seen:
            reader.error(join(path, "code"), f"mã chỉ tiêu {code} bị trùng (đã dùng ở indicators[{seen[code]}])")
        seen.setdefault(code, index)
        name = _pair(reader, data, "name", path)
        unit = _pair(reader, data, "unit", path)
        value_type = reader.choice(data, "value_type", path, ValueType)
        aggregation = reader.choice(data, "aggregation", path, Aggregation)
        if aggregation == Aggregation.SHARE_YES and value_type and value_type != ValueType.BOOLEAN:
            reader.error(join(path, "aggregation"), "share_yes chỉ dùng cho chỉ tiêu có/không (value_type: boolean)")
        applies = _read_applies_to(reader, data, join(path, "applies_to"))
        indicators.append(IndicatorSpec(
            code=code,
            name_vi=reader.text(name, "vi", join(path, "name"), max_length=300),
            name_en=reader.text(name, "en", join(path, "name"), max_length=300),
            unit_vi=reader.text(unit, "vi", join(path, "unit"), max_length=50),
            unit_en=reader.text(unit, "en", join(path, "unit"), max_length=50),
            value_type=value_type, aggregation=aggregation, **applies,
            frequency=reader.choice(data, "frequency", path, Frequency),
            running_count=reader.boolean(data, "running_count", path, default=True),
            source_ref=reader.text(data, "source_ref", path, required=False, max_length=200),
            description=reader.text(data, "description", path, required=False),
            order=reader.integer(data, "order", path, default=index + 1, minimum=0),
        ))
    return indicators


def _pair(reader, data, key, path):
    """A {vi, en} pair; a missing one is reported by mapping()."""
    if data.get(key) is None:
        return {}
    return reader.mapping(data[key], join(path, key), required=("vi", "en")) or {}


def _read_applies_to(reader, data, path):
    result = {"applies_to": "", "applies_kind": "", "applies_levels": [], "applies_unit_kinds": []}
    applies = data.get("applies_to")
    if applies is None:
        return result
    if not isinstance(applies, dict):
        reader.error(path, "phải là bảng khóa–giá trị (mapping)")
        return result
    kind = reader.choice(applies, "type", path, AppliesTo)
    if "type" not in applies:
        reader.error(join(path, "type"), "thiếu trường bắt buộc")
    if kind == AppliesTo.INSTITUTION:
        reader.mapping(applies, path, required=("type",), optional=("kind", "levels"))
        result["applies_kind"] = reader.choice(applies, "kind", path, InstitutionKind)
        result["applies_levels"] = reader.choice_list(applies, "levels", path, InstitutionLevel)
    elif kind == AppliesTo.REPORTING_UNIT:
        reader.mapping(applies, path, required=("type",), optional=("unit_kinds",))
        result["applies_unit_kinds"] = reader.choice_list(applies, "unit_kinds", path, ReportingUnitKind)
    result["applies_to"] = kind
    return result


def _read_tasks(reader, top, sections, units, indicators):
    section_titles = {section["code"]: section["title"] for section in sections}
    unit_codes = {unit.code for unit in units}
    indicator_codes = {indicator.code for indicator in indicators}
    tasks, seen = [], {}
    for index, (path, item) in enumerate(reader.items(top, "tasks", "")):
        data = reader.mapping(
            item, path, required=("code", "section", "text"),
            optional=("section_title", "source_ref", "responsible", "indicators"),
        )
        if data is None:
            continue
        code = reader.text(data, "code", path, max_length=30)
        if code in seen:
            reader.error(join(path, "code"), f"mã nhiệm vụ {code} bị trùng (đã dùng ở tasks[{seen[code]}])")
        seen.setdefault(code, index)
        section = reader.text(data, "section", path, max_length=30)
        title = reader.text(data, "section_title", path, required=False, max_length=200)
        if not title and section:
            if section not in section_titles:
                reader.error(join(path, "section"), f"mục {section} không có trong phần sections")
            title = section_titles.get(section, "")
        codes = []
        for item_path, value in reader.items(data, "indicators", path):
            if value not in indicator_codes:
                reader.error(item_path, f"mã chỉ tiêu {value!r} không có trong phần indicators")
            elif value in codes:
                reader.error(item_path, f"mã chỉ tiêu {value} bị lặp")
            else:
                codes.append(value)
        tasks.append(TaskSpec(
            code=code, section=section, section_title=title,
            text=reader.text(data, "text", path),
            source_ref=reader.text(data, "source_ref", path, required=False, max_length=200),
            order=index + 1,
            responsible=_read_responsible(reader, data, path, units, unit_codes),
            indicators=codes,
        ))
    return tasks


def _read_responsible(reader, data, path, units, unit_codes):
    """Named units first; ``{kind: district}`` adds every unit of that kind not named already."""
    named, by_kind = [], []
    for item_path, item in reader.items(data, "responsible", path):
        entry = reader.mapping(item, item_path, required=("role",), optional=("unit", "kind", "source_ref"))
        if entry is None:
            continue
        role = reader.choice(entry, "role", item_path, ResponsibilityRole)
        source_ref = reader.text(entry, "source_ref", item_path, required=False, max_length=200)
        if ("unit" in entry) == ("kind" in entry):
            reader.error(item_path, "cần đúng một trong hai trường unit hoặc kind")
        elif "unit" in entry:
            code = reader.text(entry, "unit", item_path)
            if code and code not in unit_codes:
                reader.error(join(item_path, "unit"), f"mã đơn vị {code!r} không có trong phần reporting_units")
            elif code in {spec.unit for spec in named}:
                reader.error(join(item_path, "unit"), f"đơn vị {code} được nêu hai lần")
            elif code:
                named.append(ResponsibilitySpec(unit=code, role=role, source_ref=source_ref))
        else:
            kind = reader.choice(entry, "kind", item_path, ReportingUnitKind)
            matching = [unit.code for unit in units if unit.kind == kind]
            if kind and not matching:
                reader.error(join(item_path, "kind"), f"không có đơn vị báo cáo nào loại {kind}")
            by_kind += [ResponsibilitySpec(unit=code, role=role, source_ref=source_ref) for code in matching]
    result = list(named)
    for spec in by_kind:
        if spec.unit not in {item.unit for item in result}:
            result.append(spec)
    return result


__all__ = [
    "IndicatorSpec", "PlanFile", "PlanFileError", "PlanSpec", "ReportingUnitSpec", "ResponsibilitySpec",
    "TargetSpec", "TargetYear", "TaskSpec", "parse_plan_text", "read_plan_file", "validate_plan_data",
]
