"""The ``targets`` section of a plan file: scope, years and bounds, checked against the plan."""
import re
from decimal import Decimal

from institutions.models import InstitutionKind, InstitutionLevel

from .models import Aggregation, AppliesTo, ScopeMode, ValueType
from .planfile_fields import join
from .planspec import TargetSpec, TargetYear

_YEAR_KEY = re.compile(r"(\d{4})(?:\s*[-–]\s*(\d{4}))?")
_LIMIT = Decimal(10) ** 12  # Target.target_min/max: 14 digits, 2 after the point


def read_targets(reader, top, plan, units, indicators):
    by_code = {indicator.code: indicator for indicator in indicators}
    unit_kinds = {unit.code: unit.kind for unit in units}
    targets, seen = [], {}
    for index, (path, item) in enumerate(reader.items(top, "targets", "")):
        data = reader.mapping(
            item, path, required=("id", "indicator", "scope", "years"),
            optional=("cadence_years", "source_ref", "source_text", "reading"),
        )
        if data is None:
            continue
        key = reader.code(
            data, "id", path, pattern=r"[a-z0-9][a-z0-9_-]*", hint="chữ thường, số, dấu - hoặc _", max_length=80
        )
        if key in seen:
            reader.error(join(path, "id"), f"mã mục tiêu {key} bị trùng (đã dùng ở targets[{seen[key]}])")
        seen.setdefault(key, index)
        code = reader.text(data, "indicator", path, max_length=40)
        indicator = by_code.get(code)
        if code and indicator is None:
            reader.error(join(path, "indicator"), f"mã chỉ tiêu {code!r} không có trong phần indicators")
        scope = _read_scope(reader, data, join(path, "scope"), indicator, unit_kinds)
        span = len(plan.years) if plan else 100
        targets.append(TargetSpec(
            key=key,
            indicator=code,
            **scope,
            values=_read_years(reader, data, join(path, "years"), plan, indicator),
            cadence_years=reader.integer(data, "cadence_years", path, default=1, minimum=1, maximum=span),
            source_ref=reader.text(data, "source_ref", path, required=False, max_length=200),
            source_text=reader.text(data, "source_text", path, required=False),
            reading=reader.text(data, "reading", path, required=False),
            order=index + 1,
        ))
    return targets


def _read_scope(reader, data, path, indicator, unit_kinds):
    result = {"scope_mode": "", "scope_kind": "", "scope_levels": [], "institution": "", "reporting_unit": ""}
    if data.get("scope") is None:
        return result
    scope = reader.mapping(data["scope"], path, required=("mode",), optional=("kind", "levels", "institution", "unit"))
    if scope is None:
        return result
    mode = reader.choice(scope, "mode", path, ScopeMode)
    result["scope_mode"] = mode
    wanted = {
        ScopeMode.EACH: ("kind", "levels"), ScopeMode.GROUP: ("kind", "levels"),
        ScopeMode.INSTITUTION: ("institution",), ScopeMode.REPORTING_UNIT: ("unit",),
    }.get(mode, ())
    for name in ("kind", "levels", "institution", "unit"):
        if mode and name in wanted and scope.get(name) is None:
            reader.error(join(path, name), f"thiếu trường bắt buộc khi mode là {mode}")
        elif mode and name not in wanted and name in scope:
            reader.error(join(path, name), f"không dùng khi mode là {mode}")
    applies = indicator.applies_to if indicator else None
    if mode in (ScopeMode.EACH, ScopeMode.GROUP, ScopeMode.INSTITUTION) and applies == AppliesTo.REPORTING_UNIT:
        reader.error(join(path, "mode"), f"chỉ tiêu {indicator.code} áp dụng cho đơn vị báo cáo, không cho thiết chế")
    if mode == ScopeMode.REPORTING_UNIT and applies == AppliesTo.INSTITUTION:
        reader.error(join(path, "mode"), f"chỉ tiêu {indicator.code} áp dụng cho thiết chế, không cho đơn vị báo cáo")
    if mode == ScopeMode.EACH and indicator and indicator.aggregation == Aggregation.SHARE_YES:
        reader.error(join(path, "mode"), "chỉ tiêu có/không đặt mục tiêu là tỷ lệ % của cả nhóm: dùng mode group")
    if mode in (ScopeMode.EACH, ScopeMode.GROUP):
        kind = reader.choice(scope, "kind", path, InstitutionKind)
        levels = reader.choice_list(scope, "levels", path, InstitutionLevel, required="levels" in scope)
        if indicator and applies == AppliesTo.INSTITUTION:
            if indicator.applies_kind and kind and kind != indicator.applies_kind:
                reader.error(join(path, "kind"), f"chỉ tiêu {indicator.code} áp dụng cho {indicator.applies_kind}, không cho {kind}")
            outside = [level for level in levels if indicator.applies_levels and level not in indicator.applies_levels]
            if outside:
                reader.error(join(path, "levels"), f"chỉ tiêu {indicator.code} không áp dụng cho cấp {', '.join(outside)}")
        result.update(scope_kind=kind, scope_levels=levels)
    elif mode == ScopeMode.INSTITUTION:
        result["institution"] = reader.text(scope, "institution", path, max_length=30).upper()
    elif mode == ScopeMode.REPORTING_UNIT:
        code = reader.text(scope, "unit", path, max_length=20)
        if code and code not in unit_kinds:
            reader.error(join(path, "unit"), f"mã đơn vị {code!r} không có trong phần reporting_units")
        elif code and indicator and indicator.applies_unit_kinds and unit_kinds[code] not in indicator.applies_unit_kinds:
            reader.error(join(path, "unit"), f"chỉ tiêu {indicator.code} không áp dụng cho đơn vị loại {unit_kinds[code]}")
        result["reporting_unit"] = code
    return result


def _year_span(key):
    if isinstance(key, int) and not isinstance(key, bool):
        return [key] if 1900 <= key <= 2100 else None
    match = _YEAR_KEY.fullmatch(key.strip()) if isinstance(key, str) else None
    if not match:
        return None
    first, last = int(match.group(1)), int(match.group(2) or match.group(1))
    return list(range(first, last + 1)) if first <= last else None


def _read_years(reader, data, path, plan, indicator):
    years = data.get("years")
    if years is None:
        return []
    if not isinstance(years, dict) or not years:
        reader.error(path, "phải là bảng năm → {min, max}, ví dụ 2016-2019: {min: 8000, max: 9000}")
        return []
    values, taken = [], {}
    for key, bounds in years.items():
        where = f"{path}.{key}"
        span = _year_span(key)
        if span is None:
            reader.error(where, "năm không hợp lệ (viết 2016 hoặc khoảng 2016-2019)")
            continue
        outside = [year for year in span if plan and year not in plan.years]
        if outside:
            reader.error(where, f"năm {outside[0]} nằm ngoài thời gian kế hoạch {plan.start_year}–{plan.end_year}")
        low, high = _read_bounds(reader, bounds, where, indicator)
        for year in span:
            if year in taken:
                reader.error(where, f"năm {year} đã có ở {path}.{taken[year]}")
                continue
            taken[year] = key
            if year not in outside:
                values.append(TargetYear(year=year, min=low, max=high))
    return sorted(values, key=lambda value: value.year)


def _read_bounds(reader, bounds, path, indicator):
    bounds = reader.mapping(bounds, path, optional=("min", "max"))
    if bounds is None:
        return None, None
    if bounds.get("min") is None and bounds.get("max") is None:
        reader.error(path, "cần ít nhất một trong hai mức min, max")
        return None, None
    low = _bound(reader, bounds.get("min"), join(path, "min"), indicator)
    high = _bound(reader, bounds.get("max"), join(path, "max"), indicator)
    if low is not None and high is not None and low > high:
        reader.error(join(path, "min"), f"mức tối thiểu {low} lớn hơn mức tối đa {high}")
    return low, high


def _bound(reader, raw, path, indicator):
    if raw is None:
        return None
    number = reader.number(raw, path)
    if number is None:
        return None
    problem = None
    if number < 0:
        problem = "không được âm"
    elif number >= _LIMIT:
        problem = "quá lớn"
    elif number != number.quantize(Decimal("0.01")):
        problem = "tối đa 2 chữ số thập phân"
    elif indicator and indicator.value_type == ValueType.INTEGER and number != number.to_integral_value():
        problem = "phải là số nguyên"
    elif indicator and (indicator.value_type == ValueType.PERCENT or indicator.aggregation == Aggregation.SHARE_YES):
        problem = "tỷ lệ phải từ 0 đến 100" if number > 100 else None
    if problem:
        reader.error(path, problem)
        return None
    return Decimal(int(number)) if number == number.to_integral_value() else number.normalize()
