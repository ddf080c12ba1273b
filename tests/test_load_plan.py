"""load_plan: the shipped Plan 1133 goes into the database, again and again, all or nothing."""
import datetime
import unicodedata
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from institutions.models import AdminLevel, AdminUnit, DivisionType, ReportingUnit
from targets.models import Indicator, Plan, Target, Task, TaskResponsibility
from targets.planfile import read_plan_file
from targets.services import PlanLoadError, plan_load

from .factories import InstitutionFactory

pytestmark = pytest.mark.django_db

SHIPPED = Path(__file__).resolve().parent.parent / "targets" / "plans" / "laichau-1133-2015.yaml"
EXAMPLE_2030 = SHIPPED.with_name("example-laichau-2021-2030.yaml")


def load(path=None):
    out = StringIO()
    call_command("load_plan", *([str(path)] if path else []), stdout=out)
    return out.getvalue()


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Plan, ReportingUnit, Indicator, Task, TaskResponsibility, Target)
    } | {"links": Indicator.tasks.through.objects.count(), "plan_units": Plan.reporting_units.through.objects.count()}


def bounds(key, year):
    target = Target.objects.get(plan__code="laichau-1133-2015", key=key, year=year)
    return target.target_min, target.target_max


def edited_copy(tmp_path, old, new, count=1):
    text = SHIPPED.read_text(encoding="utf-8")
    assert text.count(old) == count, old
    path = tmp_path / "plan.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def test_it_loads_the_shipped_plan_with_its_header():
    output = load()
    plan = Plan.objects.get()
    assert (plan.code, plan.number, plan.issued_on) == ("laichau-1133-2015", "1133/KH-UBND", datetime.date(2015, 12, 16))
    assert plan.issuer == "UBND tỉnh Lai Châu"
    assert plan.years == [2016, 2017, 2018, 2019, 2020]
    assert (plan.half_year_due, plan.annual_due) == ("06-20", "11-30")
    assert "208/QĐ-TTg" in plan.implements
    assert plan.section_title("II.1") == "Đối với hệ thống thư viện"
    assert plan.source_file == "targets/plans/laichau-1133-2015.yaml"
    assert "Tổng: tạo mới" in output


def test_the_provincial_library_serves_8000_to_9000_readers_a_year_and_10000_to_12000_in_2020():
    load()
    for year in (2016, 2017, 2018, 2019):
        assert bounds("lib-visits-province", year) == (8000, 9000)
    assert bounds("lib-visits-province", 2020) == (10000, 12000)
    target = Target.objects.get(key="lib-visits-province", year=2020)
    assert (target.indicator.code, target.scope_mode, target.scope_kind, target.scope_levels) == (
        "LIB_VISITS", "each", "library", ["province"],
    )


def test_district_libraries_together_serve_15000_to_17000_readers():
    load()
    target = Target.objects.get(key="lib-visits-district-sum", year=2016)
    assert (target.scope_mode, target.scope_levels, target.per_institution) == ("group", ["district"], False)
    assert bounds("lib-visits-district-sum", 2016) == (15000, 17000)
    assert bounds("lib-visits-district-sum", 2020) == (17000, 18000)
    assert "Tổng số lượt" in target.reading


def test_each_district_library_adds_500_to_1000_books_every_year():
    load()
    targets = Target.objects.filter(key="lib-books-district-each").order_by("year")
    assert [t.year for t in targets] == [2016, 2017, 2018, 2019, 2020]
    assert {(t.indicator.code, t.scope_mode, t.target_min, t.target_max) for t in targets} == {
        ("LIB_BOOKS_ADDED", "each", Decimal(500), Decimal(1000))
    }
    assert bounds("lib-books-province", 2019) == (3000, 4000)
    assert bounds("lib-books-province", 2020) == (4000, 5000)


def test_the_museum_holds_3_to_5_exhibitions_and_displays_are_a_sum_of_15_to_20():
    load()
    assert bounds("mus-exhibitions-province", 2018) == (3, 5)
    assert Target.objects.get(key="mus-exhibitions-province", year=2018).indicator.code == "MUS_EXHIBITIONS"
    displays = Target.objects.get(key="lib-displays-sum", year=2017)
    assert (displays.scope_mode, displays.scope_levels, displays.target_min, displays.target_max) == (
        "group", ["province", "district"], 15, 20,
    )


def test_province_and_district_festivals_come_every_two_years_commune_ones_every_year():
    load()
    province = Target.objects.get(key="festivals-province", year=2016)
    district = Target.objects.get(key="festivals-district", year=2019)
    commune = Target.objects.get(key="festivals-commune-each", year=2019)
    assert (province.indicator.code, province.cadence_years, province.target_min) == ("FESTIVALS", 2, 1)
    assert (district.scope_kind, district.scope_levels, district.cadence_years) == ("culture_centre", ["district"], 2)
    assert (commune.indicator.code, commune.scope_kind, commune.cadence_years) == ("FESTIVALS_COMMUNE", "cultural_house", 1)


def test_internet_points_are_100_percent_of_district_libraries_in_2020_only():
    load()
    targets = Target.objects.filter(key="lib-internet-district-share")
    assert [(t.year, t.target_min, t.target_max, t.scope_mode) for t in targets] == [(2020, 100, None, "group")]
    assert targets[0].indicator.aggregation == "share_yes"


def test_it_creates_the_reporting_bodies_of_section_v():
    load()
    districts = ReportingUnit.objects.filter(kind="district").order_by("code")
    assert [(u.code, u.name) for u in districts] == [
        ("105", "UBND thành phố Lai Châu"), ("106", "UBND huyện Tam Đường"), ("107", "UBND huyện Mường Tè"),
        ("108", "UBND huyện Sìn Hồ"), ("109", "UBND huyện Phong Thổ"), ("110", "UBND huyện Than Uyên"),
        ("111", "UBND huyện Tân Uyên"), ("112", "UBND huyện Nậm Nhùn"),
    ]
    codes = set(ReportingUnit.objects.values_list("code", flat=True))
    assert {"SVHTTDL", "SGDDT", "STTTT", "STC", "BAOLC", "DAIPTTH", "MTTQ", "LDLD", "HLHPN", "TINHDOAN", "HND",
            "TVT", "BTT", "TTVH"} <= codes
    reporting = set(Plan.objects.get().reporting_units.values_list("code", flat=True))
    assert "SVHTTDL" not in reporting and {"105", "TVT", "STC"} <= reporting and len(reporting) == 21


def test_tasks_of_sections_ii_and_iii_name_who_leads_and_who_supports():
    load()
    plan = Plan.objects.get()
    assert plan.tasks.filter(section__startswith="II.").count() == 18
    assert plan.tasks.filter(section__startswith="III.").count() == 14
    visits = plan.tasks.get(code="II.1.2")
    roles = dict(visits.responsibilities.values_list("reporting_unit__code", "role"))
    assert roles["SVHTTDL"] == "lead" and roles["TVT"] == "support" and roles["112"] == "support"
    assert list(visits.indicators.values_list("code", flat=True)) == ["LIB_VISITS"]
    assert plan.tasks.get(code="II.2.4").responsibilities.get(role="lead").reporting_unit.code == "SGDDT"


def test_every_indicator_has_names_in_both_languages_and_is_measured_by_a_task_or_target():
    load()
    for indicator in Indicator.objects.all():
        assert indicator.name_vi and indicator.name_en and indicator.unit_vi and indicator.unit_en
        assert indicator.tasks.exists() or indicator.targets.exists(), indicator.code
    funds = Indicator.objects.get(code="FUNDS_STATE")
    assert (funds.value_type, funds.unit_vi, funds.applies_to) == ("integer", "đồng", "reporting_unit")


def test_district_units_are_linked_to_the_earliest_structure_when_admin_units_exist():
    for structure, valid_from in (("2025", datetime.date(2025, 7, 1)), ("2015", datetime.date(2015, 1, 1))):
        AdminUnit.objects.create(
            code="105", name="Thành phố Lai Châu", division_type=DivisionType.CITY, level=AdminLevel.DISTRICT,
            structure=structure, valid_from=valid_from,
        )
    output = load()
    assert ReportingUnit.objects.get(code="105").admin_unit.structure == "2015"
    assert ReportingUnit.objects.get(code="106").admin_unit is None
    assert "Chưa gắn được địa bàn" in output and "106" in output


def test_a_second_run_creates_nothing_new():
    load()
    before = counts()
    output = load()
    assert counts() == before
    assert "Tổng: tạo mới 0, cập nhật 0, xóa 0." in output


def test_an_existing_unit_with_the_same_code_is_updated_not_duplicated(unit):
    load()
    assert ReportingUnit.objects.filter(code="105").count() == 1
    assert ReportingUnit.objects.get(code="105").short_name == "TP. Lai Châu"


def test_a_changed_figure_updates_the_targets_of_those_years(tmp_path):
    load()
    before = counts()
    summary = plan_load(
        data=read_plan_file(edited_copy(tmp_path, "2016-2019: {min: 8000, max: 9000}", "2016-2019: {min: 8500, max: 9000}")),
        source_file="targets/plans/laichau-1133-2015.yaml",
    )
    assert (summary.created, summary.updated, summary.deleted) == (0, 4, 0)
    assert bounds("lib-visits-province", 2016) == (8500, 9000)
    assert bounds("lib-visits-province", 2020) == (10000, 12000)
    assert counts() == before


def test_targets_and_tasks_removed_from_the_file_are_deleted(tmp_path):
    load()
    text = SHIPPED.read_text(encoding="utf-8")
    start = text.index("  - id: mus-permanent-exhibition")
    end = text.index("  - id: festivals-province")
    path = tmp_path / "plan.yaml"
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    summary = plan_load(data=read_plan_file(path), source_file=str(path))
    assert summary.counts["targets"].deleted == 1
    assert not Target.objects.filter(key="mus-permanent-exhibition").exists()

    shorter = text.replace("      - {unit: STC, role: support, source_ref: \"V.5\"}\n    indicators: [MUS_ARTIFACTS, MUS_PERMANENT_EXHIBITION]",
                           "    indicators: [MUS_ARTIFACTS, MUS_PERMANENT_EXHIBITION]")
    path.write_text(shorter, encoding="utf-8")
    summary = plan_load(data=read_plan_file(path), source_file=str(path))
    assert summary.counts["responsibilities"].deleted == 1
    assert not TaskResponsibility.objects.filter(task__code="II.2.7", reporting_unit__code="STC").exists()


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('  number: "1133/KH-UBND"\n', "", "plan.number: thiếu trường bắt buộc"),
        ("    indicator: MUS_EXHIBITIONS\n", "    indicator: MUS_EXHIBITION\n",
         "targets[8].indicator: mã chỉ tiêu 'MUS_EXHIBITION' không có trong phần indicators"),
        ("2016-2020: {min: 3, max: 5}", "2016-2020: {min: 5, max: 3}",
         "targets[8].years.2016-2020.min: mức tối thiểu 5 lớn hơn mức tối đa 3"),
        ("scope: {mode: group, kind: library, levels: [district]}\n    years:\n      2016-2019: {min: 15000",
         "scope: {mode: sum, kind: library, levels: [district]}\n    years:\n      2016-2019: {min: 15000",
         "targets[1].scope.mode: giá trị 'sum' không hợp lệ"),
        ("plan:\n  code: laichau-1133-2015", "plan: [\n  code: laichau-1133-2015", "tệp không phải YAML hợp lệ (dòng"),
    ],
    ids=["missing-field", "unknown-indicator", "min-above-max", "bad-enum", "not-yaml"],
)
def test_a_broken_file_is_refused_with_its_errors_and_nothing_is_saved(tmp_path, old, new, expected):
    path = edited_copy(tmp_path, old, new)
    with pytest.raises(CommandError) as caught:
        load(path)
    assert expected in str(caught.value)
    assert "chưa lưu gì" in str(caught.value)
    assert counts() == {name: 0 for name in counts()}


def test_a_broken_reload_leaves_the_loaded_plan_untouched(tmp_path):
    load()
    before = counts()
    with pytest.raises(CommandError):
        load(edited_copy(tmp_path, "2016-2020: {min: 3, max: 5}", "2016-2020: {min: x, max: 5}"))
    assert counts() == before
    assert bounds("mus-exhibitions-province", 2016) == (3, 5)


def test_a_target_for_an_unknown_institution_is_refused_before_anything_is_saved(tmp_path):
    path = edited_copy(
        tmp_path, "scope: {mode: each, kind: museum, levels: [province]}\n    years:\n      2016-2020: {min: 3",
        "scope: {mode: institution, institution: BT-T}\n    years:\n      2016-2020: {min: 3",
    )
    with pytest.raises(PlanLoadError) as caught:
        plan_load(data=read_plan_file(path), source_file=str(path))
    assert caught.value.errors == ["targets[8].scope.institution: không tìm thấy thiết chế mã BT-T"]
    assert Plan.objects.count() == 0

    museum = InstitutionFactory(code="BT-T", kind="museum", level="province")
    plan_load(data=read_plan_file(path), source_file=str(path))
    assert Target.objects.get(key="mus-exhibitions-province", year=2016).institution == museum


def test_text_is_stored_nfc_normalised(tmp_path):
    path = edited_copy(tmp_path, 'issuer: "UBND tỉnh Lai Châu"', 'issuer: "' + unicodedata.normalize("NFD", "UBND tỉnh Lai Châu") + '"')
    load(path)
    assert Plan.objects.get().issuer == unicodedata.normalize("NFC", "UBND tỉnh Lai Châu")


def test_a_percent_of_institutions_plan_loads_too():
    load(EXAMPLE_2030)
    district = Target.objects.filter(plan__code="example-laichau-2021-2030", key="lll-library-district")
    assert [(t.year, t.target_min, t.target_max) for t in district.order_by("year")] == [(2025, 70, None), (2030, 90, None)]
    assert Indicator.objects.get(code="LLL_SERVICE_LIBRARY").aggregation == "share_yes"


def test_both_shipped_plans_load_together_and_the_second_leaves_the_first_as_it_was(admin_units):
    load_both = StringIO()
    call_command("load_plan", str(SHIPPED), str(EXAMPLE_2030), stdout=load_both)
    first, second = Plan.objects.get(code="laichau-1133-2015"), Plan.objects.get(code="example-laichau-2021-2030")
    assert second.number == "Ví dụ (theo QĐ 1520/QĐ-TTg)" and second.years == list(range(2021, 2031))
    assert second.reporting_kinds == ["department_unit", "commune"]
    assert first.reporting_kinds == ["department_unit", "department", "organisation", "district"]
    # The department's units are one row each, the same in both plans; the second file changed none.
    text = load_both.getvalue()
    assert "Kế hoạch Ví dụ (theo QĐ 1520/QĐ-TTg) (example-laichau-2021-2030):" in text
    second_part = text.split("(example-laichau-2021-2030):")[1]
    assert "đơn vị báo cáo: tạo mới 38, cập nhật 0," in second_part
    assert "chỉ tiêu: tạo mới 3, cập nhật 0," in second_part
    units = set(first.reporting_units.values_list("code", flat=True))
    assert {"105", "112", "TVT", "SGDDT"} <= units and not any(code.isdigit() and len(code) == 4 for code in units)
    reporting = list(second.reporting_units.order_by("order", "code"))
    assert [unit.code for unit in reporting[:3]] == ["TVT", "BTT", "TTVH"]
    communes = reporting[3:]
    assert len(communes) == 38 and {unit.kind for unit in communes} == {"commune"}
    assert "SVHTTDL" not in {unit.code for unit in reporting}


def test_commune_units_are_linked_to_their_2025_commune_not_the_2015_one_with_the_same_code(admin_units):
    load(SHIPPED)
    load(EXAMPLE_2030)
    than_uyen = ReportingUnit.objects.select_related("admin_unit").get(code="3595")
    assert than_uyen.name == "UBND xã Than Uyên" and than_uyen.short_name == "Xã Than Uyên"
    assert (than_uyen.admin_unit.structure, than_uyen.admin_unit.name) == ("2025", "Xã Than Uyên")
    assert AdminUnit.objects.get(structure="2015", code="3595").name == "Thị trấn Than Uyên"
    communes = ReportingUnit.objects.filter(kind="commune")
    assert communes.count() == 38
    assert set(communes.values_list("admin_unit__structure", flat=True)) == {"2025"}
    assert set(communes.values_list("code", flat=True)) == set(
        AdminUnit.objects.filter(structure="2025", level=AdminLevel.COMMUNE).values_list("code", flat=True)
    )
    assert ReportingUnit.objects.get(code="106").admin_unit.structure == "2015"  # Plan 1133's, as before


def test_an_indicator_code_follows_one_line_across_both_plans():
    load(SHIPPED)
    load(EXAMPLE_2030)
    visits = Indicator.objects.get(code="LIB_VISITS")
    years = sorted(Target.objects.filter(indicator=visits, key="lib-visits-province").values_list("year", "plan__code"))
    assert years == [(year, "laichau-1133-2015") for year in range(2016, 2021)] + [
        (year, "example-laichau-2021-2030") for year in range(2021, 2031)
    ]
    assert visits.name_vi == "Tổng số bạn đọc đến thư viện công cộng" and visits.order == 1
    festivals = Target.objects.filter(indicator__code="FESTIVALS_COMMUNE", key="festivals-commune-each")
    assert sorted(set(festivals.values_list("plan__code", flat=True))) == ["example-laichau-2021-2030", "laichau-1133-2015"]


def test_a_file_that_would_change_how_a_shared_indicator_counts_is_refused(tmp_path):
    load(SHIPPED)
    text = EXAMPLE_2030.read_text(encoding="utf-8").replace(
        "applies_to: {type: institution, kind: library, levels: [province, district]}\n    frequency: half_yearly",
        "applies_to: {type: institution, kind: library, levels: [province, district, commune]}\n    frequency: half_yearly",
        1,
    )
    path = tmp_path / "next.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        load(path)
    assert (
        "indicators[0]: chỉ tiêu LIB_VISITS dùng chung với kế hoạch 1133/KH-UBND nhưng tệp này ghi khác ở "
        "applies_levels; chép đúng cách tính đã có hoặc đặt mã chỉ tiêu mới"
    ) in str(caught.value)
    assert not Plan.objects.filter(code="example-laichau-2021-2030").exists()
    assert Indicator.objects.get(code="LIB_VISITS").applies_levels == ["province", "district"]


def test_a_unit_of_a_kind_the_plan_does_not_report_is_not_listed(tmp_path):
    text = EXAMPLE_2030.read_text(encoding="utf-8").replace(
        "reporting_kinds: [department_unit, commune]", "reporting_kinds: [commune]"
    )
    path = tmp_path / "communes-only.yaml"
    path.write_text(text, encoding="utf-8")
    load(path)
    plan = Plan.objects.get(code="example-laichau-2021-2030")
    assert plan.reporting_kinds == ["commune"]
    assert set(plan.reporting_units.values_list("kind", flat=True)) == {"commune"}
    assert ReportingUnit.objects.filter(code="TVT").exists()  # named in the file (responsible), not reporting
