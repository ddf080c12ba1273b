"""The load_admin_units command and institutions.admin_units."""
import datetime
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from institutions.admin_units import AdminUnitFileError, load_structure, parse_units, shipped_structures
from institutions.models import AdminLevel, AdminUnit, DivisionType

pytestmark = pytest.mark.django_db

DISTRICTS_2015 = {
    "105": "Thành phố Lai Châu",
    "106": "Huyện Tam Đường",
    "107": "Huyện Mường Tè",
    "108": "Huyện Sìn Hồ",
    "109": "Huyện Phong Thổ",
    "110": "Huyện Than Uyên",
    "111": "Huyện Tân Uyên",
    "112": "Huyện Nậm Nhùn",
}


def load(*args):
    out = StringIO()
    call_command("load_admin_units", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def snapshot(structure):
    return list(
        AdminUnit.objects.filter(structure=structure)
        .order_by("code")
        .values("id", "code", "name", "division_type", "level", "parent_id", "valid_from", "valid_to", "source")
    )


def write_json(tmp_path, data, name="units.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_it_loads_both_shipped_structures_by_default():
    output = load()

    units_2015 = AdminUnit.objects.filter(structure="2015")
    assert units_2015.filter(level=AdminLevel.PROVINCE).count() == 1
    assert units_2015.filter(level=AdminLevel.DISTRICT).count() == 8
    assert units_2015.filter(level=AdminLevel.COMMUNE).count() == 106
    units_2025 = AdminUnit.objects.filter(structure="2025")
    assert units_2025.filter(level=AdminLevel.PROVINCE).count() == 1
    assert units_2025.filter(level=AdminLevel.DISTRICT).count() == 0
    assert units_2025.filter(level=AdminLevel.COMMUNE).count() == 38
    assert "Cơ cấu 2015: 115 đơn vị (tạo mới 115" in output
    assert "Cơ cấu 2025: 39 đơn vị (tạo mới 39" in output


def test_the_2015_structure_has_the_eight_districts_and_their_dates():
    load("--structure", "2015")

    districts = AdminUnit.objects.filter(structure="2015", level=AdminLevel.DISTRICT)
    assert {unit.code: unit.name for unit in districts} == DISTRICTS_2015
    assert districts.get(code="105").division_type == DivisionType.CITY
    assert districts.get(code="106").division_type == DivisionType.DISTRICT
    assert {(u.valid_from, u.valid_to) for u in AdminUnit.objects.filter(structure="2015")} == {
        (datetime.date(2015, 1, 1), datetime.date(2025, 6, 30))
    }
    assert not AdminUnit.objects.filter(structure="2025").exists()


def test_the_2025_structure_is_in_force_from_1_july_2025_without_end():
    load("--structure", "2025")

    units = AdminUnit.objects.filter(structure="2025")
    assert {(u.valid_from, u.valid_to) for u in units} == {(datetime.date(2025, 7, 1), None)}
    communes = units.filter(level=AdminLevel.COMMUNE)
    assert communes.filter(division_type=DivisionType.WARD).count() == 2
    assert communes.filter(division_type=DivisionType.COMMUNE).count() == 36
    assert "vietnam-provinces" in units.get(code="12").source


def test_tree_parents_are_right():
    load()

    province_2015 = AdminUnit.objects.get(structure="2015", code="12")
    assert province_2015.parent is None and province_2015.name == "Tỉnh Lai Châu"
    assert province_2015.children.count() == 8
    for district in province_2015.children.all():
        assert district.level == AdminLevel.DISTRICT
        assert district.children.exists()
        assert set(district.children.values_list("level", flat=True)) == {AdminLevel.COMMUNE}
    ward = AdminUnit.objects.get(structure="2015", code="3386")
    assert ward.name == "Phường Quyết Thắng"
    assert ward.parent.code == "105" and ward.parent.structure == "2015"
    assert AdminUnit.objects.get(structure="2015", code="3390").parent.code == "106"

    province_2025 = AdminUnit.objects.get(structure="2025", code="12")
    assert province_2025.children.count() == 38
    # Every parent link stays inside its own structure.
    for unit in AdminUnit.objects.select_related("parent").filter(parent__isnull=False):
        assert unit.parent.structure == unit.structure


def test_it_is_idempotent():
    load()
    before = snapshot("2015") + snapshot("2025")

    output = load()

    assert snapshot("2015") + snapshot("2025") == before
    assert AdminUnit.objects.count() == 115 + 39
    assert "tạo mới 0, cập nhật 0, giữ nguyên 115" in output
    assert "tạo mới 0, cập nhật 0, giữ nguyên 39" in output


def test_a_reused_code_keeps_its_name_in_each_structure():
    load()

    assert AdminUnit.objects.get(structure="2015", code="3390").name == "Thị trấn Tam Đường"
    assert AdminUnit.objects.get(structure="2025", code="3390").name == "Xã Bình Lư"


def test_loading_2025_again_leaves_2015_rows_untouched():
    load("--structure", "2015")
    before = snapshot("2015")

    load("--structure", "2025")
    load("--structure", "2025")

    assert snapshot("2015") == before


def test_reloading_2025_from_a_changed_file_touches_only_2025(tmp_path):
    load()
    before_2015 = snapshot("2015")
    spec = {s.name: s for s in shipped_structures()}["2025"]
    data = json.loads(spec.path.read_text(encoding="utf-8"))
    data["communes"][0]["name"] = "Xã Đổi Tên"
    changed_code = str(data["communes"][0]["code"])

    output = load("--file", str(write_json(tmp_path, data)), "--structure", "2025")

    assert "cập nhật 1" in output
    assert AdminUnit.objects.get(structure="2025", code=changed_code).name == "Xã Đổi Tên"
    assert snapshot("2015") == before_2015


def test_a_new_structure_from_a_file_needs_its_dates_and_gets_them(tmp_path):
    data = {
        "source": "thử",
        "province": {"code": 12, "name": "Tỉnh Lai Châu", "division_type": "tỉnh"},
        "communes": [{"code": "03386", "name": "Phường Một", "division_type": "phường"}],
    }
    path = write_json(tmp_path, data)

    with pytest.raises(CommandError, match="cần --valid-from"):
        load("--file", str(path), "--structure", "2040")
    load("--file", str(path), "--structure", "2040", "--valid-from", "01/01/2040")

    commune = AdminUnit.objects.get(structure="2040", code="3386")
    assert commune.valid_from == datetime.date(2040, 1, 1) and commune.valid_to is None
    assert commune.parent.code == "12"
    assert commune.source == "thử"


def test_a_structure_overlapping_another_in_time_is_refused(tmp_path):
    load("--structure", "2015")
    spec = {s.name: s for s in shipped_structures()}["2025"]

    with pytest.raises(CommandError, match="trùng thời gian với cơ cấu 2015"):
        load("--file", str(spec.path), "--structure", "2020", "--valid-from", "2020-01-01")
    assert not AdminUnit.objects.filter(structure="2020").exists()


def test_a_missing_file_gives_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="không tìm thấy tệp .*nope.json"):
        load("--file", str(tmp_path / "nope.json"), "--structure", "2015")


def test_a_file_that_is_not_json_gives_the_line(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"province": {"code": 12,\n  "name": }', encoding="utf-8")

    with pytest.raises(CommandError, match="JSON không hợp lệ ở dòng 2"):
        load("--file", str(path), "--structure", "2015")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"communes": []}, "thiếu mục 'province'"),
        ({"province": {"code": 12, "name": "Tỉnh Lai Châu", "division_type": "tỉnh"}}, "cần đúng một trong hai"),
        (
            {
                "province": {"code": 12, "name": "Tỉnh Lai Châu", "division_type": "tỉnh"},
                "communes": [{"code": 1, "name": "Xã A", "division_type": "làng"}],
            },
            r"communes\[0\] \(mã 1, Xã A\): loại đơn vị hành chính không rõ",
        ),
        (
            {
                "province": {"code": 12, "name": "Tỉnh Lai Châu", "division_type": "tỉnh"},
                "communes": [{"code": "x1", "name": "Xã A", "division_type": "xã"}],
            },
            "mã phải là chữ số",
        ),
        (
            {
                "province": {"code": 12, "name": "Tỉnh Lai Châu", "division_type": "tỉnh"},
                "communes": [{"code": 1, "name": "Huyện A", "division_type": "huyện"}],
            },
            "không thể ở cấp xã",
        ),
        (
            {
                "province": {"code": 12, "name": "Tỉnh Lai Châu", "division_type": "tỉnh"},
                "communes": [
                    {"code": 1, "name": "Xã A", "division_type": "xã"},
                    {"code": 1, "name": "Xã B", "division_type": "xã"},
                ],
            },
            "mã 1 trùng",
        ),
        (
            {
                "province": {"code": 12, "name": "Tỉnh Lai Châu", "division_type": "tỉnh"},
                "districts": [{"code": 105, "name": "Thành phố A", "division_type": "thành phố"}],
            },
            r"districts\[0\]: 'communes' phải là một danh sách",
        ),
    ],
)
def test_a_bad_file_gives_a_clear_error_and_loads_nothing(tmp_path, data, message):
    path = write_json(tmp_path, data, "bad.json")

    with pytest.raises(CommandError, match=message):
        load("--file", str(path), "--structure", "2040", "--valid-from", "2040-01-01")
    assert not AdminUnit.objects.exists()


def test_valid_to_before_valid_from_is_refused(tmp_path):
    spec = shipped_structures()[1]
    with pytest.raises(AdminUnitFileError, match="trước ngày hiệu lực"):
        load_structure(path=spec.path, structure="x", valid_from="2030-01-01", valid_to="2029-12-31")


def test_an_unknown_shipped_structure_is_named_in_the_error():
    with pytest.raises(CommandError, match="không có cơ cấu 1999 .*có: 2015, 2025"):
        load("--structure", "1999")


def test_parse_units_puts_parents_first():
    spec = shipped_structures()[0]
    rows = parse_units(json.loads(spec.path.read_text(encoding="utf-8")))
    seen = set()
    for row in rows:
        assert row.parent_code is None or row.parent_code in seen
        seen.add(row.code)
    assert len(rows) == 115
