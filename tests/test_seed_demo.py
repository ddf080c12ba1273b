"""The seed_demo command and demo/registry.py."""
import re
from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse

from institutions.access import role_of, unit_of
from demo.registry import DEMO_PASSWORD
from institutions.models import (
    AdminUnit,
    Institution,
    InstitutionKind,
    InstitutionLevel,
    Profile,
    Role,
)

pytestmark = pytest.mark.django_db

DISTRICT_CODES = [str(code) for code in range(105, 113)]


@pytest.fixture
def plan_units(admin_units):
    """The reporting units of Plan 1133 (districts 105..112, TVT, BTT, TTVH…), as `make setup` loads them."""
    call_command("load_plan", stdout=StringIO())


@pytest.fixture(autouse=True)
def debug_on(settings):
    """seed_demo runs in development (DEBUG on), as `make run` does."""
    settings.DEBUG = True


def seed(*args):
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def counts():
    return {
        "institutions": Institution.objects.count(),
        "users": get_user_model().objects.count(),
        "profiles": Profile.objects.count(),
        "by_kind_level": sorted(
            Institution.objects.values_list("kind", "level").order_by().distinct()
        ),
    }


def test_it_creates_the_provincial_institutions_reported_by_the_department_units(plan_units):
    seed()

    expected = {
        "TV-T": (InstitutionKind.LIBRARY, "TVT"),
        "BT-T": (InstitutionKind.MUSEUM, "BTT"),
        "TTVH-T": (InstitutionKind.CULTURE_CENTRE, "TTVH"),
    }
    for code, (kind, unit_code) in expected.items():
        institution = Institution.objects.get(code=code)
        assert institution.kind == kind
        assert institution.level == InstitutionLevel.PROVINCE
        assert institution.reporting_unit.code == unit_code
        assert (institution.admin_unit.structure, institution.admin_unit.code) == ("2015", "12")
    assert Institution.objects.get(code="TV-T").name == "Thư viện tỉnh Lai Châu"


def test_each_district_has_a_library_and_a_culture_centre_reported_by_its_committee(plan_units):
    seed()

    libraries = Institution.objects.filter(kind=InstitutionKind.LIBRARY, level=InstitutionLevel.DISTRICT)
    assert sorted(libraries.values_list("code", flat=True)) == [f"TV-{code}" for code in DISTRICT_CODES]
    for library in libraries.select_related("reporting_unit", "admin_unit"):
        district_code = library.code.removeprefix("TV-")
        assert library.reporting_unit.code == district_code
        assert (library.admin_unit.code, library.admin_unit.level) == (district_code, "district")
    assert Institution.objects.get(code="TV-106").name == "Thư viện huyện Tam Đường"
    assert Institution.objects.get(code="TV-105").name == "Thư viện thành phố Lai Châu"
    assert set(libraries.values_list("has_internet", flat=True)) == {True, False}
    centres = Institution.objects.filter(kind=InstitutionKind.CULTURE_CENTRE, level=InstitutionLevel.DISTRICT)
    assert sorted(centres.values_list("code", flat=True)) == [f"TTVH-{code}" for code in DISTRICT_CODES]


def test_every_2015_commune_has_a_cultural_house_reported_by_its_district(plan_units):
    seed()

    houses = Institution.objects.filter(kind=InstitutionKind.CULTURAL_HOUSE, level=InstitutionLevel.COMMUNE)
    assert houses.count() == 106
    communes = AdminUnit.objects.filter(structure="2015", level="commune")
    assert set(houses.values_list("admin_unit_id", flat=True)) == set(communes.values_list("id", flat=True))
    for house in houses.select_related("admin_unit__parent", "reporting_unit"):
        assert house.code == f"NVH-{house.admin_unit.code}"
        assert house.reporting_unit.code == house.admin_unit.parent.code
    assert Institution.objects.get(code="NVH-3386").name == "Nhà văn hóa phường Quyết Thắng"


def test_villages_clubs_and_post_offices_are_spread_over_the_districts(plan_units):
    seed()

    village_houses = Institution.objects.filter(kind=InstitutionKind.CULTURAL_HOUSE, level=InstitutionLevel.VILLAGE)
    clubs = Institution.objects.filter(kind=InstitutionKind.CLUB)
    post_offices = Institution.objects.filter(kind=InstitutionKind.POST_OFFICE)
    assert village_houses.count() == 16
    assert clubs.count() == 16
    assert 8 <= post_offices.count() < 106
    for queryset in (village_houses, clubs, post_offices):
        assert set(queryset.values_list("reporting_unit__code", flat=True)) == set(DISTRICT_CODES)
    # Post offices are in rural communes (xã), never in wards or townships.
    assert set(post_offices.values_list("admin_unit__division_type", flat=True)) == {"xa"}


def test_the_counts_are_the_documented_ones(plan_units):
    output = seed()

    assert Institution.objects.count() == 3 + 8 + 8 + 106 + 16 + 16 + 34
    assert re.search(r"nhà văn hóa xã +106  \(tạo mới 106,", output)


def test_a_second_run_creates_nothing_new(plan_units):
    seed()
    before = counts()
    stamps = dict(Institution.objects.values_list("code", "updated_at"))

    output = seed()

    assert counts() == before
    assert dict(Institution.objects.values_list("code", "updated_at")) == stamps
    assert "tạo mới 1" not in output and "cập nhật 1" not in output
    assert "(tạo mới 0, cập nhật 0, giữ nguyên 106)" in output


def test_a_changed_demo_institution_is_put_back(plan_units):
    seed()
    Institution.objects.filter(code="TV-105").update(name="Đổi tên")

    output = seed()

    assert Institution.objects.get(code="TV-105").name == "Thư viện thành phố Lai Châu"
    assert "(tạo mới 0, cập nhật 1, giữ nguyên 7)" in output


def test_demo_users_log_in_with_the_documented_password_and_have_their_roles(plan_units):
    output = seed()

    expected = {
        "canbo": (Role.STAFF, None),
        "lanhdao": (Role.LEADER, None),
        "donvi105": (Role.UNIT, "105"),
        "donvi106": (Role.UNIT, "106"),
        "donvitvt": (Role.UNIT, "TVT"),
    }
    for username, (role, unit_code) in expected.items():
        user = authenticate(username=username, password=DEMO_PASSWORD)
        assert user is not None, username
        assert role_of(user) == role
        assert (unit_of(user).code if unit_of(user) else None) == unit_code
        assert not user.is_staff and not user.is_superuser
        assert username in output
    admin = authenticate(username="admin", password=DEMO_PASSWORD)
    assert admin.is_superuser and admin.is_staff
    assert role_of(admin) == Role.STAFF
    assert DEMO_PASSWORD == "LaiChau@2026"
    assert "| donvi105      | LaiChau@2026 | Thành viên đơn vị báo cáo |" in output


def test_the_login_form_accepts_a_demo_user(plan_units, client):
    seed()

    response = client.post("/accounts/login/", {"username": "canbo", "password": DEMO_PASSWORD})

    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_a_second_run_keeps_a_changed_password_unless_asked(plan_units):
    seed()
    user = get_user_model().objects.get(username="canbo")
    user.set_password("mat-khau-moi-2026")
    user.save()

    seed()
    assert authenticate(username="canbo", password="mat-khau-moi-2026") is not None

    seed("--reset-passwords")
    assert authenticate(username="canbo", password=DEMO_PASSWORD) is not None


def test_without_reporting_units_it_says_to_run_load_plan_first(admin_units):
    with pytest.raises(CommandError, match="chạy load_plan trước"):
        seed()
    assert not Institution.objects.exists()


def test_without_admin_units_it_says_to_run_load_admin_units_first(db):
    with pytest.raises(CommandError, match="chạy load_admin_units trước"):
        seed()


def test_it_refuses_to_create_published_passwords_with_debug_off(plan_units, settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG"):
        seed()
    assert not get_user_model().objects.exists()

    seed("--allow-production")
    assert get_user_model().objects.filter(username="admin").exists()


def test_with_reports_also_seeds_the_demo_reports(plan_units, monkeypatch):
    from demo.management.commands import seed_demo as command

    calls = []
    monkeypatch.setattr(command, "seed_reports", lambda stdout: (calls.append(stdout), stdout.write("báo cáo mẫu: 3")))

    output = seed("--with-reports")

    assert len(calls) == 1
    assert "báo cáo mẫu: 3" in output


def test_the_demo_password_passes_the_password_validators(plan_units):
    from django.contrib.auth.password_validation import validate_password

    seed()

    for user in get_user_model().objects.all():
        validate_password(DEMO_PASSWORD, user)


@pytest.fixture
def both_plans(admin_units):
    """Plan 1133 and the example 2021–2030 plan (its 38 commune People's Committees), as `make setup` loads them."""
    from targets.management.commands.load_plan import DEFAULT_FILE

    call_command("load_plan", str(DEFAULT_FILE), str(DEFAULT_FILE.with_name("example-laichau-2021-2030.yaml")),
                 stdout=StringIO())


def test_each_2025_commune_gets_a_cultural_house_and_a_library_reported_by_its_committee(both_plans):
    import datetime

    output = seed()

    communes = AdminUnit.objects.filter(structure="2025", level="commune")
    for kind, prefix in ((InstitutionKind.CULTURAL_HOUSE, "NVH-2025-"), (InstitutionKind.LIBRARY, "TV-2025-")):
        found = Institution.objects.filter(code__startswith=prefix).select_related("admin_unit", "reporting_unit")
        assert len(found) == 38
        assert {item.admin_unit_id for item in found} == set(communes.values_list("id", flat=True))
        for item in found:
            assert (item.kind, item.level) == (kind, InstitutionLevel.COMMUNE)
            assert item.code == prefix + item.admin_unit.code
            assert (item.reporting_unit.code, item.reporting_unit.kind) == (item.admin_unit.code, "commune")
            assert item.active_from == datetime.date(2025, 7, 1)  # not in the 2016–2020 reports
    assert Institution.objects.get(code="TV-2025-3595").name == "Thư viện xã Than Uyên"
    assert Institution.objects.get(code="NVH-2025-3408").name == "Nhà văn hóa phường Tân Phong"
    assert Institution.objects.count() == 191 + 76
    assert re.search(r"thư viện xã \(2025\) +38  \(tạo mới 38,", output)
    assert "| xa3595        | LaiChau@2026 | Thành viên đơn vị báo cáo | UBND xã Than Uyên " in output
    user = authenticate(username="xa3595", password=DEMO_PASSWORD)
    assert role_of(user) == Role.UNIT and unit_of(user).code == "3595"
    assert "(tạo mới 0, cập nhật 0, giữ nguyên 38)" in seed()


def test_without_the_2021_2030_plan_it_says_how_to_add_the_communes(plan_units):
    output = seed()

    assert "load_plan targets/plans/example-laichau-2021-2030.yaml" in output
    assert not Institution.objects.filter(code__startswith="NVH-2025-").exists()
    assert "Chưa tạo tài khoản xa3595" in output
    assert not get_user_model().objects.filter(username="xa3595").exists()


def test_the_commune_login_finds_the_latest_period_of_the_2021_2030_plan_left_to_it(both_plans, client):
    import datetime

    from reporting.models import Period, PeriodStatus, Submission, SubmissionStatus
    from reporting.progress import unit_progress
    from demo.submissions import seed_reports
    from targets.models import Plan

    seed()
    # Only the 2021–2030 plan's demo reports, to keep the test short (make setup seeds both).
    Plan.objects.filter(code="laichau-1133-2015").delete()
    today = datetime.date(2026, 12, 4)
    out = StringIO()
    seed_reports(out, today=today)

    assert "38 UBND xã, phường chưa lập báo cáo" in out.getvalue()
    commune = unit_of(get_user_model().objects.get(username="xa3595"))
    due, overdue, earlier = unit_progress(commune, today=today)
    assert [(row.period.code, row.submission) for row in due + overdue] == [("2026-FY", None)]
    latest = Period.objects.get(code="2026-FY")
    assert latest.status == PeriodStatus.OPEN and overdue[0].state.accepts_reports
    assert not Submission.objects.filter(period=latest, reporting_unit__kind="commune").exists()
    # The first six months of 2026 were reported by every commune. The communes count from 1 July
    # 2025 (institutions.selectors.unit_was_active): the periods before were the department's own
    # units' alone; 2025-FY, which the communes were expected in before they had any data, is closed.
    h1 = Submission.objects.filter(period__code="2026-H1", reporting_unit__kind="commune")
    assert h1.count() == 38 and set(h1.values_list("status", flat=True)) == {SubmissionStatus.APPROVED}
    closed = Period.objects.filter(status=PeriodStatus.CLOSED)
    assert list(closed.values_list("code", flat=True)) == ["2025-FY"]
    earlier = Period.objects.filter(plan__code="example-laichau-2021-2030", year__lt=2026)
    assert not Submission.objects.filter(period__in=earlier, reporting_unit__kind="commune").exists()
    assert set(Submission.objects.filter(period__in=earlier).values_list("reporting_unit__code", flat=True)) == {
        "TVT", "BTT", "TTVH",
    }
    client.post("/accounts/login/", {"username": "xa3595", "password": DEMO_PASSWORD})
    html = client.get(reverse("reporting:unit_home")).content.decode()
    assert "UBND xã Than Uyên" in html and "Báo cáo năm 2026" in html
    assert reverse("reporting:submission_start", args=["2026-FY"]) in html
