"""export_targets: a year's targets as JSON or CSV on stdout."""
import csv
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db

EXAMPLE_2030 = Path(__file__).resolve().parent.parent / "targets" / "plans" / "example-laichau-2021-2030.yaml"


@pytest.fixture
def plan_loaded(db):
    call_command("load_plan", stdout=StringIO())


def export(*args):
    out = StringIO()
    call_command("export_targets", *args, stdout=out)
    return out.getvalue()


def by_key(rows):
    return {row["key"]: row for row in rows}


def test_json_for_2020_holds_every_quota_with_its_numbers(plan_loaded):
    rows = json.loads(export("--year", "2020", "--format", "json"))
    assert len(rows) == 13
    keyed = by_key(rows)
    visits = keyed["lib-visits-province"]
    assert visits | {"indicator_name": None} == {
        "plan": "laichau-1133-2015", "year": 2020, "key": "lib-visits-province", "indicator_code": "LIB_VISITS",
        "indicator_name": None, "indicator_name_en": "Reader visits to public libraries", "unit": "lượt",
        "value_type": "integer", "aggregation": "sum", "scope_mode": "each", "scope_kind": "library",
        "scope_levels": ["province"], "per_institution": True, "institution_code": None,
        "reporting_unit_code": None, "target_min": 10000, "target_max": 12000, "cadence_years": 1,
        "source_ref": "II.1, gạch đầu dòng 2",
    }
    assert visits["indicator_name"] == "Tổng số bạn đọc đến thư viện công cộng"
    assert (keyed["lib-visits-district-sum"]["target_min"], keyed["lib-visits-district-sum"]["per_institution"]) == (17000, False)
    internet = keyed["lib-internet-district-share"]
    assert (internet["target_min"], internet["target_max"], internet["aggregation"]) == (100, None, "share_yes")
    assert keyed["festivals-district"]["cadence_years"] == 2
    assert keyed["lib-displays-sum"]["scope_levels"] == ["province", "district"]


def test_years_before_2020_have_no_internet_or_permanent_exhibition_target(plan_loaded):
    keys = set(by_key(json.loads(export("--year", "2016", "--format", "json"))))
    assert len(keys) == 11
    assert "lib-internet-district-share" not in keys and "mus-permanent-exhibition" not in keys


def test_csv_has_a_header_and_one_line_per_target(plan_loaded):
    text = export("--year", "2020", "--format", "csv")
    lines = text.strip().split("\n")
    assert lines[0].startswith("plan,year,key,indicator_code,indicator_name,")
    assert len(lines) == 14
    rows = by_key(csv.DictReader(StringIO(text)))
    assert rows["lib-books-district-each"]["target_min"] == "500"
    assert rows["lib-books-district-each"]["target_max"] == "1000"
    assert rows["lib-books-district-each"]["per_institution"] == "true"
    assert rows["lib-internet-district-share"]["target_max"] == ""
    assert rows["lib-displays-sum"]["scope_levels"] == "province|district"
    assert rows["mus-exhibitions-province"]["source_ref"] == "II.2, gạch đầu dòng 2"


def test_a_plan_can_be_chosen_by_code(plan_loaded):
    call_command("load_plan", str(EXAMPLE_2030), stdout=StringIO())
    rows = json.loads(export("--year", "2025", "--format", "json", "--plan", "example-laichau-2021-2030"))
    assert {row["key"]: row["target_min"] for row in rows}["lll-library-commune"] == 40
    default = json.loads(export("--year", "2025", "--format", "json"))
    assert default == rows  # the newest plan is the default


def test_a_year_outside_the_plan_is_refused(plan_loaded):
    with pytest.raises(CommandError, match="Năm 2021 nằm ngoài kế hoạch 1133/KH-UBND"):
        export("--year", "2021")


def test_without_a_plan_it_says_to_load_one(db):
    with pytest.raises(CommandError, match="load_plan"):
        export("--year", "2020")
    with pytest.raises(CommandError, match="Không có kế hoạch khong-co"):
        export("--year", "2020", "--plan", "khong-co")
