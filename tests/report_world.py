"""build_report_world: a small province worked out by hand in tests/test_consolidated_compute.py.

Two districts (105 city, 106 with one commune), the provincial library's unit (TVT) and a
department with no figures (SGD); libraries at both levels and two commune cultural houses;
one indicator per aggregation rule and a unit-reported one; targets for 2017 in every scope
mode. Figures: 2016-FY and 2017-FY (annual) and 2017-H1, approved, submitted or draft.

Each builder makes one part, in the order build_report_world calls them.
"""
import datetime
from types import SimpleNamespace

from institutions.models import ReportingUnitKind
from targets.models import Task

from .factories import (
    AdminUnitFactory,
    IndicatorFactory,
    InstitutionFactory,
    PlanFactory,
    ReportingUnitFactory,
    make_period,
    make_submission,
    make_target,
)


def build_areas():
    """The province, city 105 and district 106; and one commune-level area in each of the two."""
    province = AdminUnitFactory(code="12", name="Tỉnh Lai Châu", division_type="tinh", level="province")
    city = AdminUnitFactory(code="105", name="Thành phố Lai Châu", division_type="thanh_pho", parent=province)
    district = AdminUnitFactory(code="106", name="Huyện Tam Đường", parent=province)
    communes = SimpleNamespace(
        city_ward=AdminUnitFactory(code="3386", name="Phường Tân Phong", division_type="phuong", level="commune",
                                   parent=city),
        commune=AdminUnitFactory(code="3400", name="Xã Bình Lư", division_type="xa", level="commune",
                                 parent=district),
    )
    return SimpleNamespace(province=province, city=city, district=district), communes


def build_units(areas):
    """The two districts' units, the provincial library's unit (TVT) and a department (SGD)."""
    return SimpleNamespace(
        u105=ReportingUnitFactory(code="105", name="UBND thành phố Lai Châu", admin_unit=areas.city, order=1),
        u106=ReportingUnitFactory(code="106", name="UBND huyện Tam Đường", admin_unit=areas.district, order=2),
        tvt=ReportingUnitFactory(code="TVT", name="Thư viện tỉnh", kind=ReportingUnitKind.DEPARTMENT_UNIT,
                                 admin_unit=areas.province, order=10),
        sgd=ReportingUnitFactory(code="SGD", name="Sở Giáo dục và Đào tạo", kind=ReportingUnitKind.DEPARTMENT,
                                 admin_unit=None, order=20),
    )


def build_institutions(areas, communes, units):
    """The provincial library, one library per district, one cultural house per commune."""
    return SimpleNamespace(
        lib_t=InstitutionFactory(code="TV-TINH", name="Thư viện tỉnh Lai Châu", level="province",
                                 admin_unit=areas.province, reporting_unit=units.tvt),
        lib_105=InstitutionFactory(code="TV-105", name="Thư viện thành phố", reporting_unit=units.u105),
        lib_106=InstitutionFactory(code="TV-106", name="Thư viện huyện Tam Đường", reporting_unit=units.u106),
        house_105=InstitutionFactory(code="NVH-3386", name="Nhà văn hóa phường Tân Phong", kind="cultural_house",
                                     level="commune", admin_unit=communes.city_ward, reporting_unit=units.u105),
        house_106=InstitutionFactory(code="NVH-3400", name="Nhà văn hóa xã Bình Lư", kind="cultural_house",
                                     level="commune", admin_unit=communes.commune, reporting_unit=units.u106),
    )


def build_indicators():
    """One indicator per aggregation rule (sum, share of yes, average, latest), a unit-reported one,
    and one tied to a plan task (rotation)."""
    return SimpleNamespace(
        visits=IndicatorFactory(code="VISITS", name_vi="Lượt bạn đọc", unit_vi="lượt", order=1,
                                applies_levels=["province", "district"]),
        books=IndicatorFactory(code="BOOKS", name_vi="Sách bổ sung", unit_vi="bản", order=2),
        internet=IndicatorFactory(code="INTERNET", name_vi="Thư viện có điểm kết nối internet", unit_vi="%",
                                  value_type="boolean", aggregation="share_yes", frequency="yearly", order=3),
        sessions=IndicatorFactory(code="SESSIONS", name_vi="Buổi sinh hoạt bình quân", unit_vi="buổi",
                                  aggregation="average", applies_kind="cultural_house", applies_levels=["commune"],
                                  frequency="yearly", order=4),
        collection=IndicatorFactory(code="COLLECTION", name_vi="Tổng số sách", unit_vi="bản", aggregation="latest",
                                    applies_levels=["province", "district"], frequency="yearly", order=5),
        festivals=IndicatorFactory(code="FESTIVALS", name_vi="Liên hoan, hội diễn", unit_vi="cuộc",
                                   applies_to="reporting_unit", applies_kind="", applies_levels=[],
                                   applies_unit_kinds=["district"], frequency="yearly", order=6),
        rotation=IndicatorFactory(code="ROTATION", name_vi="Sách luân chuyển", unit_vi="lượt", order=7),
    )


def build_plan(plan_number, units, indicators):
    """The plan (listing the districts and TVT, not SGD) and its one task, which rotation serves."""
    plan = PlanFactory(number=plan_number, issuer="UBND tỉnh Lai Châu")
    plan.reporting_units.set([units.u105, units.u106, units.tvt])  # SGD reports under the plan only when it lists it
    task = Task.objects.create(plan=plan, code="II.1.c", section="II.1", section_title="Thư viện",
                               text="Luân chuyển sách, báo xuống bưu điện văn hóa xã", order=1)
    indicators.rotation.tasks.add(task)
    return plan, task


def build_targets(plan, indicators, units, institutions):
    """The 2017 targets, one or more in every scope mode."""
    ind = indicators
    return SimpleNamespace(
        visits_tinh=make_target(plan, ind.visits, "visits-tinh", scope_mode="institution",
                                institution=institutions.lib_t, low=8000, high=9000, order=1),
        visits_huyen=make_target(plan, ind.visits, "visits-huyen", scope_kind="library", scope_levels=["district"],
                                 low=15000, high=17000, order=2),
        visits_106=make_target(plan, ind.visits, "visits-106", scope_mode="reporting_unit", reporting_unit=units.u106,
                               low=7000, order=3),
        books_each=make_target(plan, ind.books, "books-each", scope_mode="each", scope_kind="library",
                               scope_levels=["district"], low=500, high=1000, order=4),
        internet=make_target(plan, ind.internet, "internet", scope_kind="library", scope_levels=["district"], low=100,
                             order=5),
        sessions=make_target(plan, ind.sessions, "sessions", low=10, order=6),
        collection=make_target(plan, ind.collection, "collection", scope_mode="institution",
                               institution=institutions.lib_t, low=50000, order=7),
        festivals=make_target(plan, ind.festivals, "festivals", scope_mode="each", low=1, cadence_years=2, order=8),
    )


def build_periods(plan):
    """The plan's periods, and the three that carry figures."""
    return SimpleNamespace(
        fy2017=make_period(plan, 2017, "annual"),
        fy2016=make_period(plan, 2016, "annual"),
        h2017=make_period(plan, 2017, "half_year"),
    )


def build_submissions(periods, units, institutions, indicators):
    """2016-FY approved; 2017-FY approved (106 sent late) and TVT's submitted; 2017-H1 approved and a draft."""
    ind, lib_t, lib_105, lib_106 = indicators, institutions.lib_t, institutions.lib_105, institutions.lib_106
    late = datetime.datetime(2017, 12, 5, 10, tzinfo=datetime.timezone.utc)
    make_submission(periods.fy2016, units.u105, {(ind.visits, lib_105): 8000, (ind.festivals, None): 1})
    make_submission(periods.fy2016, units.u106, {(ind.visits, lib_106): 7000, (ind.festivals, None): 0})
    make_submission(periods.fy2016, units.tvt, {(ind.visits, lib_t): 8200})
    make_submission(periods.fy2017, units.u105, {
        (ind.visits, lib_105): 9000, (ind.books, lib_105): 600, (ind.internet, lib_105): 1,
        (ind.collection, lib_105): 12000, (ind.sessions, institutions.house_105): 12, (ind.festivals, None): 0,
        (ind.rotation, lib_105): 300,
    })
    make_submission(periods.fy2017, units.u106, {
        (ind.visits, lib_106): 7500, (ind.books, lib_106): 450, (ind.internet, lib_106): 0,
        (ind.collection, lib_106): 8000, (ind.sessions, institutions.house_106): 7, (ind.festivals, None): 1,
        (ind.rotation, lib_106): 150,
    }, sent_at=late)
    make_submission(periods.fy2017, units.tvt, {(ind.visits, lib_t): 8500, (ind.collection, lib_t): 60000},
                    status="submitted")
    make_submission(periods.h2017, units.u105, {(ind.visits, lib_105): 4000, (ind.books, lib_105): 300})
    make_submission(periods.h2017, units.u106, {(ind.visits, lib_106): 3000}, status="draft")


def build_report_world(plan_number="1133/KH-UBND"):
    """The whole province (see the module's docstring), as one namespace of what tests name."""
    areas, communes = build_areas()
    units = build_units(areas)
    institutions = build_institutions(areas, communes, units)
    indicators = build_indicators()
    plan, task = build_plan(plan_number, units, indicators)
    targets = build_targets(plan, indicators, units, institutions)
    periods = build_periods(plan)
    build_submissions(periods, units, institutions, indicators)
    return SimpleNamespace(
        plan=plan, fy2017=periods.fy2017, fy2016=periods.fy2016, h2017=periods.h2017, targets=targets, task=task,
        units=units, areas=areas, institutions=institutions, indicators=indicators,
    )


def add_areas(world, count, *, name="Huyện Thử", division_type="huyen"):
    """``count`` more areas in ``world``: district-level admin units (the report groups by them)
    named "``name`` 1" … (their division type ``division_type``), each with its People's Committee,
    listed by the plan, a library and 2017-FY figures (visits, books) that differ by area."""
    added = []
    for n in range(1, count + 1):
        admin = AdminUnitFactory(code=f"7{n:02d}", name=f"{name} {n}", division_type=division_type,
                                 parent=world.areas.province)
        unit = ReportingUnitFactory(code=f"7{n:02d}", name=f"UBND {name.lower()} {n}", admin_unit=admin,
                                    order=100 + n)
        library = InstitutionFactory(code=f"TV-7{n:02d}", name=f"Thư viện {name.lower()} {n}", reporting_unit=unit)
        world.plan.reporting_units.add(unit)
        make_submission(world.fy2017, unit, {(world.indicators.visits, library): 1000 * n,
                                             (world.indicators.books, library): 100 + n})
        added.append(SimpleNamespace(admin=admin, unit=unit, library=library))
    return added
