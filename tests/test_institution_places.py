"""History stays as it was reported while today's reports run on today's map.

The small province of report_world (2017 on the 2015 structure: city 105, district 106) goes
through 1 July 2025: its institutions move to communes directly under the province, a library
closes, a new one opens, the district People's Committees stop. The 2017 report does not change
by a byte; a 2026 report of a 2021–2030 plan groups its figures by commune.
"""
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from institutions.models import AdminUnit, InstitutionPlace, ReportingUnitKind
from institutions.places import placed_with
from institutions.services import institution_create, institution_move, institution_set_active
from reporting.selectors import expected_cells
from reports.compute import build_report
from reports.serialize import dumps

from .factories import AdminUnitFactory, PlanFactory, ReportingUnitFactory, make_period, make_submission, make_target
from .report_world import build_report_world

pytestmark = pytest.mark.django_db

JULY_2025 = datetime.date(2025, 7, 1)


def two_level_map(world):
    """The 2015 units end on 30/06/2025; the 2025 structure: the province and two communes under it,
    each with its People's Committee (kind commune)."""
    AdminUnit.objects.filter(structure="2015").update(valid_to=datetime.date(2025, 6, 30))
    province = AdminUnitFactory(code="12", name="Tỉnh Lai Châu", division_type="tinh", level="province",
                                structure="2025", valid_from=JULY_2025)
    tan_phong = AdminUnitFactory(code="03388", name="Phường Tân Phong", division_type="phuong", level="commune",
                                 parent=province, structure="2025", valid_from=JULY_2025)
    binh_lu = AdminUnitFactory(code="03402", name="Xã Bình Lư", division_type="xa", level="commune",
                               parent=province, structure="2025", valid_from=JULY_2025)
    units = {
        area: ReportingUnitFactory(code=area.code, name=f"UBND {area.name.lower()}", kind=ReportingUnitKind.COMMUNE,
                                   admin_unit=area, order=30 + n)
        for n, area in enumerate((tan_phong, binh_lu))
    }
    return tan_phong, binh_lu, units


def go_through_july_2025(world):
    """Moves, a closure, a new library and the districts' units deactivated."""
    tan_phong, binh_lu, units = two_level_map(world)
    inst = world.institutions
    for institution, area in ((inst.lib_105, tan_phong), (inst.house_105, tan_phong),
                              (inst.lib_106, binh_lu), (inst.house_106, binh_lu)):
        institution_move(institution=institution, admin_unit=area, reporting_unit=units[area], on=JULY_2025)
    institution_set_active(institution=inst.house_106, is_active=False, on=datetime.date(2026, 3, 1))
    institution_create(code="TV-03402", name="Thư viện Bình Lư", kind="library", level="district",
                       admin_unit=binh_lu, reporting_unit=units[binh_lu], active_from=datetime.date(2026, 1, 5))
    for unit in (world.units.u105, world.units.u106):
        unit.is_active = False
        unit.save()
    return tan_phong, binh_lu, units


def test_the_2017_report_is_byte_identical_after_the_moves_a_closure_and_a_new_library():
    world = build_report_world()
    AdminUnit.objects.filter(structure="2015").update(valid_to=datetime.date(2025, 6, 30))
    before = {period.code: dumps(build_report(period)) for period in (world.fy2017, world.h2017, world.fy2016)}

    go_through_july_2025(world)

    after = {period.code: dumps(build_report(period)) for period in (world.fy2017, world.h2017, world.fy2016)}
    assert after == before
    names = [area["name"] for area in build_report(world.fy2017).areas]
    assert "Huyện Tam Đường" in names and not {"Phường Tân Phong", "Xã Bình Lư"} & set(names)


def test_a_unit_reports_in_2017_what_it_reported_then_and_in_2026_what_it_reports_now():
    world = build_report_world()
    tan_phong, binh_lu, units = go_through_july_2025(world)
    inst = world.institutions
    then = {cell.institution.code for cell in expected_cells(world.fy2017, world.units.u106) if cell.institution}
    assert then == {"TV-106", "NVH-3400"}
    plan = PlanFactory(code="kh-2030", number="VD-1520", start_year=2021, end_year=2030)
    make_target(plan, world.indicators.books, "books", year=2026, scope_kind="library", low=100)
    fy2026 = make_period(plan, 2026, "annual")
    now = {cell.institution.code for cell in expected_cells(fy2026, units[binh_lu]) if cell.institution}
    assert now == {"TV-106", "TV-03402"}  # the library that moved in, and the one opened in January
    assert not [cell for cell in expected_cells(fy2026, world.units.u106) if cell.institution]
    assert set(placed_with(world.units.u105, world.fy2017.cutoff_end, type(inst.lib_105).objects.all())
               .values_list("code", flat=True)) == {"TV-105", "NVH-3386"}


def test_a_2026_report_groups_its_figures_by_commune():
    world = build_report_world()
    tan_phong, binh_lu, units = go_through_july_2025(world)
    inst = world.institutions
    plan = PlanFactory(code="kh-2030", number="VD-1520", start_year=2021, end_year=2030)
    plan.reporting_units.set(units.values())
    target = make_target(plan, world.indicators.visits, "visits", year=2026, scope_kind="library", low=100)
    fy2026 = make_period(plan, 2026, "annual")
    make_submission(fy2026, units[tan_phong], {(world.indicators.visits, inst.lib_105): 700})
    make_submission(fy2026, units[binh_lu], {(world.indicators.visits, inst.lib_106): 300})

    report = build_report(fy2026)

    names = [area["name"] for area in report.areas]
    assert {"Phường Tân Phong", "Xã Bình Lư"} <= set(names)
    assert not {"Thành phố Lai Châu", "Huyện Tam Đường"} & set(names)
    result = report.indicators[0].targets[0]
    assert result.key == target.key
    by_area = {row.code: row.actual for row in result.by_area}
    assert by_area == {"03388": 700, "03402": 300, "tinh": None}  # the provincial library sent nothing


def test_a_move_keeps_the_earlier_place_and_refuses_a_unit_not_in_force_that_day():
    world = build_report_world()
    tan_phong, binh_lu, units = two_level_map(world)
    library = world.institutions.lib_106
    world.areas.city.refresh_from_db()  # ended on 30/06/2025
    with pytest.raises(ValidationError) as refused:
        institution_move(institution=library, admin_unit=world.areas.city, reporting_unit=world.units.u105,
                         on=datetime.date(2025, 8, 1))
    assert "không có hiệu lực vào ngày 01/08/2025" in str(refused.value)
    institution_move(institution=library, admin_unit=binh_lu, reporting_unit=units[binh_lu], on=JULY_2025)
    library.refresh_from_db()
    assert (library.admin_unit, library.reporting_unit, library.placed_since) == (binh_lu, units[binh_lu], JULY_2025)
    place = InstitutionPlace.objects.get(institution=library)
    assert (place.admin_unit, place.reporting_unit, place.valid_from, place.valid_to) == (
        world.areas.district, world.units.u106, None, datetime.date(2025, 6, 30))
    with pytest.raises(ValidationError) as twice:
        institution_move(institution=library, admin_unit=tan_phong, reporting_unit=units[tan_phong], on=JULY_2025)
    assert "Ngày chuyển phải sau ngày 01/07/2025" in str(twice.value)


def test_staff_move_an_institution_on_its_edit_page_and_its_page_lists_both_places(client_for, staff_user):
    world = build_report_world()
    tan_phong, binh_lu, units = two_level_map(world)
    library = world.institutions.lib_106
    client = client_for(staff_user)
    url = reverse("institutions:edit", args=[library.code])
    form = {"name": library.name, "kind": library.kind, "level": library.level, "admin_unit": binh_lu.pk,
            "reporting_unit": units[binh_lu].pk, "address": "Bản Bình Lư", "moved_on": "2025-06-01"}

    refused = client.post(url, form)  # a 2025 commune did not exist on 1 June 2025
    assert refused.status_code == 200
    assert "không có hiệu lực vào ngày 01/06/2025" in refused.content.decode()
    assert 'value="Bản Bình Lư"' in refused.content.decode()  # what was typed is still there

    assert client.post(url, {**form, "moved_on": "2025-07-01"}).status_code == 302
    page = client.get(reverse("institutions:detail", args=[library.code])).content.decode()
    table = page[page.index('id="institution-places"'):]
    assert table.index("Xã Bình Lư") < table.index("Huyện Tam Đường")
    assert "từ 01/07/2025" in table and "đến 30/06/2025" in table and "từ trước mọi kỳ báo cáo" in table

    plain_edit = client.post(url, {**form, "address": "Bản mới", "moved_on": "2026-01-01",
                                   "admin_unit": binh_lu.pk, "reporting_unit": units[binh_lu].pk})
    assert "không có gì để chuyển" in plain_edit.content.decode()


def test_the_registry_filters_by_structure_and_by_the_area_an_institution_stood_in(client_for, staff_user):
    world = build_report_world()
    tan_phong, binh_lu, units = go_through_july_2025(world)
    client = client_for(staff_user)
    listed = lambda **query: {code for code in ("TV-105", "TV-106", "TV-03402", "TV-TINH", "NVH-3400")  # noqa: E731
                              if f">{code}<" in client.get(reverse("institutions:list"), query).content.decode()}
    assert listed(structure="2025") == {"TV-105", "TV-106", "TV-03402", "NVH-3400"}
    assert listed(structure="2015") == {"TV-105", "TV-106", "TV-TINH", "NVH-3400"}  # TV-03402 opened in 2026
    assert listed(district=world.areas.district.pk) == {"TV-106", "NVH-3400"}  # stood in Tam Đường until 2025
    assert listed(district=binh_lu.pk) == {"TV-106", "TV-03402", "NVH-3400"}


def test_the_admin_units_page_lists_each_structure_with_its_dates(client_for, leader_user):
    world = build_report_world()
    two_level_map(world)
    page = client_for(leader_user).get(reverse("institutions:admin_unit_list")).content.decode()
    assert page.index("Cơ cấu 2025") < page.index("Cơ cấu 2015")
    assert "hiệu lực từ 01/07/2025" in page and "đến 30/06/2025" in page
    section_2015 = page[page.index("Cơ cấu 2015"):]
    assert section_2015.index("Huyện Tam Đường") < section_2015.index("Xã Bình Lư")
