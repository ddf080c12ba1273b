"""Reading and checking plan files: every error names its field, all errors come together."""
import copy
import datetime
from decimal import Decimal

import pytest

from targets.planfile import PlanFileError, parse_plan_text, validate_plan_data

MINIMAL = {
    "plan": {
        "code": "thu-nghiem", "number": "01/KH-UBND", "issued_on": datetime.date(2015, 1, 5),
        "issuer": "UBND tỉnh Thử", "title": "Kế hoạch thử", "start_year": 2016, "end_year": 2017,
    },
    "sections": [{"code": "II", "title": "Nhiệm vụ"}, {"code": "II.1", "title": "Thư viện"}],
    "reporting_units": [
        {"code": "SVHTTDL", "name": "Sở Văn hóa, Thể thao và Du lịch", "kind": "department", "reports": False},
        {"code": "105", "name": "UBND thành phố Lai Châu", "kind": "district", "admin_unit": "105"},
        {"code": "106", "name": "UBND huyện Tam Đường", "kind": "district", "admin_unit": "106"},
    ],
    "indicators": [{
        "code": "LIB_VISITS", "name": {"vi": "Lượt bạn đọc", "en": "Reader visits"},
        "unit": {"vi": "lượt", "en": "visits"}, "value_type": "integer", "aggregation": "sum",
        "applies_to": {"type": "institution", "kind": "library", "levels": ["province", "district"]},
        "frequency": "half_yearly",
    }],
    "tasks": [{
        "code": "II.1.1", "section": "II.1", "text": "Phục vụ bạn đọc.",
        "responsible": [{"unit": "SVHTTDL", "role": "lead"}, {"kind": "district", "role": "support"}],
        "indicators": ["LIB_VISITS"],
    }],
    "targets": [{
        "id": "visits", "indicator": "LIB_VISITS",
        "scope": {"mode": "each", "kind": "library", "levels": ["province"]},
        "years": {"2016-2017": {"min": 8000, "max": 9000}},
    }],
}


def minimal_plan():
    return copy.deepcopy(MINIMAL)


def errors_of(data):
    with pytest.raises(PlanFileError) as caught:
        validate_plan_data(data)
    return caught.value.errors


def test_a_minimal_plan_reads_into_dataclasses():
    spec = validate_plan_data(minimal_plan())
    assert spec.plan.years == [2016, 2017]
    assert spec.plan.half_year_due == "06-20" and spec.plan.annual_due == "11-30"
    assert [(value.year, value.min, value.max) for value in spec.targets[0].values] == [
        (2016, Decimal(8000), Decimal(9000)), (2017, Decimal(8000), Decimal(9000)),
    ]
    assert spec.tasks[0].section_title == "Thư viện"


def test_a_kind_of_unit_expands_to_every_unit_of_that_kind_not_named_already():
    data = minimal_plan()
    data["tasks"][0]["responsible"] = [
        {"unit": "105", "role": "lead"}, {"kind": "district", "role": "support"},
    ]
    responsible = validate_plan_data(data).tasks[0].responsible
    assert [(item.unit, item.role) for item in responsible] == [("105", "lead"), ("106", "support")]


def test_a_missing_field_is_named_by_its_path():
    data = minimal_plan()
    del data["plan"]["number"]
    del data["targets"][0]["scope"]
    assert errors_of(data) == ["plan.number: thiếu trường bắt buộc", "targets[0].scope: thiếu trường bắt buộc"]


def test_an_unknown_indicator_code_is_refused_where_it_is_used():
    data = minimal_plan()
    data["targets"][0]["indicator"] = "LIB_VISIT"
    data["tasks"][0]["indicators"] = ["LIB_VISITS", "NOPE"]
    errors = errors_of(data)
    assert "targets[0].indicator: mã chỉ tiêu 'LIB_VISIT' không có trong phần indicators" in errors
    assert "tasks[0].indicators[1]: mã chỉ tiêu 'NOPE' không có trong phần indicators" in errors


def test_a_minimum_above_the_maximum_is_refused():
    data = minimal_plan()
    data["targets"][0]["years"] = {2016: {"min": 900, "max": 800}}
    assert errors_of(data) == ["targets[0].years.2016.min: mức tối thiểu 900 lớn hơn mức tối đa 800"]


def test_a_bad_choice_lists_the_allowed_values():
    data = minimal_plan()
    data["indicators"][0]["value_type"] = "float"
    assert errors_of(data) == [
        "indicators[0].value_type: giá trị 'float' không hợp lệ; chọn một trong: integer, decimal, percent, boolean"
    ]


def test_a_word_where_a_number_belongs_is_refused():
    data = minimal_plan()
    data["targets"][0]["years"] = {2016: {"min": "nhiều"}}
    assert errors_of(data) == ["targets[0].years.2016.min: phải là số"]


def test_every_error_is_reported_at_once():
    data = minimal_plan()
    data["plan"]["end_year"] = 2015
    data["reporting_units"].append({"code": "105", "name": "Trùng", "kind": "district"})
    data["indicators"][0]["frequency"] = "monthly"
    data["tasks"][0]["responsible"][0]["unit"] = "SVH"
    data["targets"][0]["scope"]["mode"] = "all"
    errors = errors_of(data)
    assert len(errors) == 5
    assert errors[0] == "plan.end_year: năm kết thúc 2015 trước năm bắt đầu 2016"
    assert "reporting_units[3].code: mã đơn vị 105 bị trùng (đã dùng ở reporting_units[1])" in errors
    assert any(error.startswith("indicators[0].frequency: giá trị 'monthly'") for error in errors)
    assert "tasks[0].responsible[0].unit: mã đơn vị 'SVH' không có trong phần reporting_units" in errors
    assert any(error.startswith("targets[0].scope.mode: giá trị 'all'") for error in errors)


def test_years_outside_the_plan_and_years_given_twice_are_refused():
    data = minimal_plan()
    data["targets"][0]["years"] = {"2016-2017": {"min": 1}, 2017: {"min": 2}, 2018: {"min": 3}}
    errors = errors_of(data)
    assert "targets[0].years.2017: năm 2017 đã có ở targets[0].years.2016-2017" in errors
    assert "targets[0].years.2018: năm 2018 nằm ngoài thời gian kế hoạch 2016–2017" in errors


def test_duplicate_target_ids_and_unknown_fields_are_refused():
    data = minimal_plan()
    data["targets"].append(copy.deepcopy(data["targets"][0]))
    data["targets"][1]["indicater"] = "LIB_VISITS"
    errors = errors_of(data)
    assert "targets[1].id: mã mục tiêu visits bị trùng (đã dùng ở targets[0])" in errors
    assert "targets[1].indicater: trường không được hỗ trợ (có gõ nhầm tên?)" in errors


def test_an_integer_indicator_refuses_fractions_and_negative_numbers():
    data = minimal_plan()
    data["targets"][0]["years"] = {2016: {"min": Decimal("10.5")}, 2017: {"min": -1}}
    assert errors_of(data) == [
        "targets[0].years.2016.min: phải là số nguyên", "targets[0].years.2017.min: không được âm",
    ]


def test_a_share_target_is_a_group_percentage_of_at_most_100():
    data = minimal_plan()
    data["indicators"][0].update(value_type="boolean", aggregation="share_yes")
    data["targets"][0]["years"] = {2016: {"min": 120}}
    errors = errors_of(data)
    assert "targets[0].scope.mode: chỉ tiêu có/không đặt mục tiêu là tỷ lệ % của cả nhóm: dùng mode group" in errors
    assert "targets[0].years.2016.min: tỷ lệ phải từ 0 đến 100" in errors


def test_share_yes_is_only_for_yes_no_indicators():
    data = minimal_plan()
    data["indicators"][0]["aggregation"] = "share_yes"
    assert "indicators[0].aggregation: share_yes chỉ dùng cho chỉ tiêu có/không (value_type: boolean)" in errors_of(data)


def test_a_scope_must_fit_the_indicator():
    data = minimal_plan()
    data["targets"][0]["scope"] = {"mode": "each", "kind": "museum", "levels": ["commune"]}
    assert errors_of(data) == [
        "targets[0].scope.kind: chỉ tiêu LIB_VISITS áp dụng cho library, không cho museum",
        "targets[0].scope.levels: chỉ tiêu LIB_VISITS không áp dụng cho cấp commune",
    ]


def test_a_reporting_unit_target_names_a_known_unit():
    data = minimal_plan()
    data["indicators"][0]["applies_to"] = {"type": "reporting_unit", "unit_kinds": ["district"]}
    data["targets"][0]["scope"] = {"mode": "reporting_unit", "unit": "999"}
    assert errors_of(data) == ["targets[0].scope.unit: mã đơn vị '999' không có trong phần reporting_units"]


def test_an_indicator_nothing_uses_is_refused():
    data = minimal_plan()
    data["tasks"][0]["indicators"] = []
    data["targets"] = []
    assert errors_of(data) == ["indicators[0].code: chỉ tiêu LIB_VISITS không gắn với nhiệm vụ hay mục tiêu nào"]


def test_a_code_written_as_a_number_asks_for_quotes():
    data = minimal_plan()
    data["reporting_units"][1]["code"] = 105
    assert 'reporting_units[1].code: phải là chuỗi ký tự (đặt trong dấu nháy, ví dụ "105")' in errors_of(data)


def test_text_that_is_not_yaml_is_refused_with_its_line():
    with pytest.raises(PlanFileError) as caught:
        parse_plan_text("plan: [không đóng\nindicators: {")
    assert len(caught.value.errors) == 1
    assert caught.value.errors[0].startswith("tệp không phải YAML hợp lệ (dòng ")


def test_a_yaml_list_is_not_a_plan():
    with pytest.raises(PlanFileError) as caught:
        parse_plan_text("- a\n- b\n")
    assert caught.value.errors[0].startswith("tệp kế hoạch phải là một bảng khóa–giá trị")


def test_yaml_numbers_are_exact_decimals_and_thousand_dots_are_refused():
    text = """
plan: {code: p, number: "1", issued_on: 2015-12-16, issuer: x, title: y, start_year: 2016, end_year: 2016}
reporting_units: []
indicators:
  - {code: SHARE, name: {vi: a, en: b}, unit: {vi: "%", en: "%"}, value_type: percent, aggregation: average,
     applies_to: {type: institution, kind: library}, frequency: yearly}
tasks: []
targets:
  - {id: a, indicator: SHARE, scope: {mode: group, kind: library, levels: [district]}, years: {2016: {min: 12.5}}}
  - {id: b, indicator: SHARE, scope: {mode: group, kind: library, levels: [district]}, years: {2016: {min: 8.000}}}
"""
    with pytest.raises(PlanFileError) as caught:
        parse_plan_text(text)
    assert caught.value.errors == [
        "targets[1].years.2016.min: viết số không có dấu chấm hàng nghìn (8000, không phải 8.000)"
    ]
    spec = parse_plan_text(text.replace("{min: 8.000}", "{max: 99.75}"))
    assert spec.targets[0].values[0].min == Decimal("12.5")
    assert spec.targets[1].values[0].max == Decimal("99.75")


def test_a_key_given_twice_in_yaml_is_refused():
    with pytest.raises(PlanFileError) as caught:
        parse_plan_text("plan: {code: a}\nplan: {code: b}\n")
    assert "khóa 'plan' bị lặp lại" in caught.value.errors[0]


def test_the_shipped_files_are_valid():
    from pathlib import Path

    from targets.planfile import read_plan_file

    plans = Path(__file__).resolve().parent.parent / "targets" / "plans"
    spec = read_plan_file(plans / "laichau-1133-2015.yaml")
    assert len(spec.targets) == 13 and len(spec.tasks) == 32
    example = read_plan_file(plans / "example-laichau-2021-2030.yaml")
    assert example.plan.number == "Ví dụ (theo QĐ 1520/QĐ-TTg)" and example.plan.title.startswith("[Ví dụ]")
    assert example.plan.years == list(range(2021, 2031))
    assert example.plan.reporting_kinds == ["department_unit", "commune"]
    assert example.plan.admin_structure == "2025"
    communes = [unit for unit in example.reporting_units if unit.kind == "commune"]
    assert len(communes) == 38 and all(unit.reports and unit.code == unit.admin_unit for unit in communes)
    assert not any(unit.reports for unit in example.reporting_units if unit.kind == "department")


def with_commune(data):
    data["reporting_units"].append(
        {"code": "3388", "name": "UBND phường Đoàn Kết", "kind": "commune", "admin_unit": "3388"}
    )
    return data


def test_without_reporting_kinds_every_kind_named_reports_unless_it_says_not():
    spec = validate_plan_data(with_commune(minimal_plan()))
    assert spec.plan.reporting_kinds == ["district", "commune"]
    assert [(unit.code, unit.reports) for unit in spec.reporting_units] == [
        ("SVHTTDL", False), ("105", True), ("106", True), ("3388", True),
    ]


def test_reporting_kinds_choose_which_units_report():
    data = with_commune(minimal_plan())
    data["plan"]["reporting_kinds"] = ["commune"]
    data["plan"]["admin_structure"] = "2025"
    spec = validate_plan_data(data)
    assert spec.plan.reporting_kinds == ["commune"] and spec.plan.admin_structure == "2025"
    assert [unit.code for unit in spec.reporting_units if unit.reports] == ["3388"]


def test_bad_reporting_kinds_are_refused_in_vietnamese():
    data = with_commune(minimal_plan())
    data["plan"]["reporting_kinds"] = ["xa", "organisation"]
    data["reporting_units"][1]["reports"] = True
    errors = errors_of(data)
    assert any(error.startswith("plan.reporting_kinds[0]:") and "commune" in error for error in errors), errors
    assert "plan.reporting_kinds[1]: không có đơn vị báo cáo nào loại organisation trong phần reporting_units" in errors

    data["plan"]["reporting_kinds"] = ["commune"]
    assert errors_of(data) == [
        "reporting_units[1].reports: đơn vị 105 loại district được ghi reports: true nhưng loại district không có "
        "trong plan.reporting_kinds (commune): thêm loại này vào danh sách hoặc bỏ reports: true"
    ]

    data["plan"]["reporting_kinds"] = []
    assert errors_of(data) == ["plan.reporting_kinds: không được để trống"]
    data["plan"]["reporting_kinds"] = ["department"]
    assert errors_of(data) == [
        "reporting_units[1].reports: đơn vị 105 loại district được ghi reports: true nhưng loại district không có "
        "trong plan.reporting_kinds (department): thêm loại này vào danh sách hoặc bỏ reports: true",
        "plan.reporting_kinds[0]: mọi đơn vị loại department đều ghi reports: false, không đơn vị nào báo cáo",
    ]
