"""Demo data: institutions on the 2015 structure and, once the 2021–2030 plan's commune units are
loaded, a cultural house and a library in each of the 38 communes of 2025, and every institution the
districts reported moved to its 2025 commune on 1 July 2025 (seed_moves); one login per role.

Deterministic and idempotent: every institution is keyed by a stable code (``TV-105``,
``NVH-3386``), every user by its username, and a second run creates nothing. The names
of villages and clubs are made up ("bản số 1"); the provincial and district institutions
follow the plan's list. Needs the administrative units (``load_admin_units``) and the
reporting units (``load_plan``).
"""
from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import models, transaction

from institutions.services import institution_move

from institutions.models import (
    AdminLevel,
    AdminUnit,
    DivisionType,
    Institution,
    InstitutionKind,
    InstitutionLevel,
    Profile,
    ReportingUnit,
    ReportingUnitKind,
    Role,
)

DEMO_PASSWORD = "LaiChau@2026"
STRUCTURE = "2015"
PROVINCE_CODE = "12"
DISTRICT_CODES = [str(code) for code in range(105, 113)]
DEPARTMENT_UNIT_CODES = ["TVT", "BTT", "TTVH"]
REQUIRED_UNIT_CODES = DISTRICT_CODES + DEPARTMENT_UNIT_CODES
# District libraries with an internet point in the demo (the plan wants 100 % by 2020).
DISTRICTS_WITH_INTERNET = {"105", "106", "108", "110", "111"}
VILLAGE_HOUSES_PER_DISTRICT = 2
CLUBS = [("01", "Câu lạc bộ Văn nghệ dân gian"), ("02", "Câu lạc bộ Đọc sách")]
# Every third commune (xã, not wards or townships) of a district has a cultural post office.
POST_OFFICE_EVERY = 3
NOTE = "Dữ liệu mẫu (seed_demo)."
# The two-level map (Resolution 1670/NQ-UBTVQH15): 38 communes and wards from 1 July 2025, each
# with its People's Committee as a reporting unit of the 2021–2030 plan (kind commune, coded by
# the commune's statistics code). Their cultural houses and libraries count from that day on.
STRUCTURE_2025 = "2025"
COMMUNES_FROM = datetime.date(2025, 7, 1)
NEXT_PLAN_FILE = "targets/plans/example-laichau-2021-2030.yaml"
# Commune libraries with an internet point: two in three.
COMMUNE_LIBRARY_WITHOUT_INTERNET_EVERY = 3
COMMUNE_LOGIN_UNIT = "3595"  # UBND xã Than Uyên


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str  # a Role value, or "superuser"
    unit_code: str | None = None
    full_name: str = ""


DEMO_LOGINS = [
    DemoLogin("admin", "superuser", None, "Quản trị hệ thống"),
    DemoLogin("canbo", Role.STAFF, None, "Cán bộ Sở VHTTDL"),
    DemoLogin("lanhdao", Role.LEADER, None, "Lãnh đạo Sở VHTTDL"),
    DemoLogin("donvi105", Role.UNIT, "105", "Cán bộ UBND thành phố Lai Châu"),
    DemoLogin("donvi106", Role.UNIT, "106", "Cán bộ UBND huyện Tam Đường"),
    DemoLogin("donvitvt", Role.UNIT, "TVT", "Cán bộ Thư viện tỉnh"),
    # Only once the 2021–2030 plan (its commune units) is loaded.
    DemoLogin(f"xa{COMMUNE_LOGIN_UNIT}", Role.UNIT, COMMUNE_LOGIN_UNIT, "Cán bộ UBND xã Than Uyên"),
]


class DemoPrerequisiteError(Exception):
    """What seed_demo needs is not loaded yet; the message says which command to run."""


@dataclass
class SeedResult:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    logins: list = field(default_factory=list)  # (username, role label, unit name or "")
    notes: list = field(default_factory=list)  # what was left out, and why
    moved: set = field(default_factory=set)  # codes of the institutions already moved (their place is kept)

    def count(self, what, outcome):
        getattr(self, outcome)[what] += 1

    @property
    def total_created(self):
        return sum(self.created.values())


def _lower_first(name):
    """'Huyện Tam Đường' -> 'huyện Tam Đường' (the unit's type inside a longer name)."""
    return name[:1].lower() + name[1:]


def _plain(value):
    return value.pk if isinstance(value, models.Model) else value


def _current(obj, name, value):
    """The stored value, comparing foreign keys by id so that no related row is fetched."""
    return getattr(obj, f"{name}_id") if isinstance(value, models.Model) else getattr(obj, name)


def _upsert(model, lookup, values):
    """Create or update one row; returns (object, "created" | "updated" | "unchanged")."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        outcome = "created"
    else:
        changed = [name for name, value in values.items() if _current(obj, name, value) != _plain(value)]
        if not changed:
            return obj, "unchanged"
        for name in changed:
            setattr(obj, name, values[name])
        outcome = "updated"
    if hasattr(obj, "normalise"):
        obj.normalise()
    obj.full_clean(validate_unique=False)
    obj.save()
    return obj, outcome


def check_prerequisites():
    """The 2015 units and the plan's reporting units, or a DemoPrerequisiteError."""
    units = AdminUnit.objects.filter(structure=STRUCTURE)
    province = units.filter(code=PROVINCE_CODE, level=AdminLevel.PROVINCE).first()
    districts = {u.code: u for u in units.filter(level=AdminLevel.DISTRICT, code__in=DISTRICT_CODES)}
    if province is None or len(districts) != len(DISTRICT_CODES):
        raise DemoPrerequisiteError(
            f"Chưa có đơn vị hành chính cơ cấu {STRUCTURE}: chạy load_admin_units trước "
            "(python manage.py load_admin_units)."
        )
    reporting_units = {u.code: u for u in ReportingUnit.objects.filter(code__in=REQUIRED_UNIT_CODES)}
    missing = [code for code in REQUIRED_UNIT_CODES if code not in reporting_units]
    if missing:
        raise DemoPrerequisiteError(
            f"Thiếu đơn vị báo cáo {', '.join(missing)}: chạy load_plan trước (python manage.py load_plan)."
        )
    return province, districts, reporting_units


def _institution(result, what, code, **values):
    values.setdefault("notes", NOTE)
    values.setdefault("is_active", True)
    if code in result.moved:  # where it stood in 2015 is its earlier place now (seed_moves)
        values.pop("admin_unit"), values.pop("reporting_unit")
    _, outcome = _upsert(Institution, {"code": code}, values)
    result.count(what, outcome)


def seed_institutions(result, province, districts, reporting_units):
    provincial = [
        ("TV-T", "Thư viện tỉnh Lai Châu", InstitutionKind.LIBRARY, "TVT", True),
        ("BT-T", "Bảo tàng tỉnh Lai Châu", InstitutionKind.MUSEUM, "BTT", False),
        ("TTVH-T", "Trung tâm Văn hóa tỉnh Lai Châu", InstitutionKind.CULTURE_CENTRE, "TTVH", False),
    ]
    for code, name, kind, unit_code, internet in provincial:
        _institution(
            result, "provincial", code, name=name, kind=kind, level=InstitutionLevel.PROVINCE,
            admin_unit=province, reporting_unit=reporting_units[unit_code], has_internet=internet,
        )

    for district_code in DISTRICT_CODES:
        district = districts[district_code]
        unit = reporting_units[district_code]
        where = _lower_first(district.name)
        _institution(
            result, "district_library", f"TV-{district_code}", name=f"Thư viện {where}",
            kind=InstitutionKind.LIBRARY, level=InstitutionLevel.DISTRICT, admin_unit=district,
            reporting_unit=unit, has_internet=district_code in DISTRICTS_WITH_INTERNET,
        )
        _institution(
            result, "district_centre", f"TTVH-{district_code}", name=f"Trung tâm Văn hóa {where}",
            kind=InstitutionKind.CULTURE_CENTRE, level=InstitutionLevel.DISTRICT, admin_unit=district,
            reporting_unit=unit, has_internet=False,
        )
        communes = sorted(district.children.filter(level=AdminLevel.COMMUNE), key=lambda c: int(c.code))
        for commune in communes:
            _institution(
                result, "commune_house", f"NVH-{commune.code}", name=f"Nhà văn hóa {_lower_first(commune.name)}",
                kind=InstitutionKind.CULTURAL_HOUSE, level=InstitutionLevel.COMMUNE, admin_unit=commune,
                reporting_unit=unit, has_internet=False,
            )
        for number, commune in enumerate(communes[:VILLAGE_HOUSES_PER_DISTRICT], start=1):
            place = "bản" if commune.division_type == DivisionType.COMMUNE else "tổ dân phố"
            _institution(
                result, "village_house", f"NVH-{commune.code}-{number:02d}",
                name=f"Nhà văn hóa {place} số {number}, {_lower_first(commune.name)}",
                kind=InstitutionKind.CULTURAL_HOUSE, level=InstitutionLevel.VILLAGE, admin_unit=commune,
                reporting_unit=unit, has_internet=False,
            )
        for (number, club), commune in zip(CLUBS, communes):
            _institution(
                result, "club", f"CLB-{commune.code}-{number}", name=f"{club} {_lower_first(commune.name)}",
                kind=InstitutionKind.CLUB, level=InstitutionLevel.VILLAGE, admin_unit=commune,
                reporting_unit=unit, has_internet=False,
            )
        rural = [c for c in communes if c.division_type == DivisionType.COMMUNE]
        for commune in rural[::POST_OFFICE_EVERY]:
            _institution(
                result, "post_office", f"BDVHX-{commune.code}",
                name=f"Điểm Bưu điện văn hóa {_lower_first(commune.name)}",
                kind=InstitutionKind.POST_OFFICE, level=InstitutionLevel.COMMUNE, admin_unit=commune,
                reporting_unit=unit, has_internet=False,
            )


def communes_2025():
    """{code: (2025 commune, its reporting unit)} when both are loaded, else {}."""
    communes = AdminUnit.objects.filter(structure=STRUCTURE_2025, level=AdminLevel.COMMUNE)
    units = {unit.admin_unit_id: unit for unit in ReportingUnit.objects.filter(
        kind=ReportingUnitKind.COMMUNE, admin_unit__in=communes)}
    return {commune.code: (commune, units[commune.pk]) for commune in communes if commune.pk in units}


def seed_commune_institutions(result, communes):
    """A cultural house and a library in each 2025 commune, reported by its People's Committee."""
    for code in sorted(communes, key=int):
        commune, unit = communes[code]
        where = _lower_first(commune.name)
        _institution(
            result, "commune_house_2025", f"NVH-{STRUCTURE_2025}-{code}", name=f"Nhà văn hóa {where}",
            kind=InstitutionKind.CULTURAL_HOUSE, level=InstitutionLevel.COMMUNE, admin_unit=commune,
            reporting_unit=unit, has_internet=False, active_from=COMMUNES_FROM,
        )
        _institution(
            result, "commune_library_2025", f"TV-{STRUCTURE_2025}-{code}", name=f"Thư viện {where}",
            kind=InstitutionKind.LIBRARY, level=InstitutionLevel.COMMUNE, admin_unit=commune,
            reporting_unit=unit, has_internet=int(code) % COMMUNE_LIBRARY_WITHOUT_INTERNET_EVERY != 0,
            active_from=COMMUNES_FROM,
        )


def successors_2025(districts, communes):
    """{2015 admin unit pk: (2025 commune, its reporting unit)}: where the demo moves the institutions
    of a 2015 commune or district on 1 July 2025. Each 2025 commune kept the statistics code of one
    of the 2015 communes merged into it; the shipped data does not say which others went with it, so
    the demo guesses: a 2015 commune goes to the 2025 commune with its code, else to the one before
    it in its district's code order (the first of the district for those before it), and a district's
    own institutions to the first 2025 commune of the district."""
    result = {}
    for district in districts.values():
        in_district = sorted(district.children.filter(level=AdminLevel.COMMUNE), key=lambda c: int(c.code))
        kept = [commune.code for commune in in_district if commune.code in communes]
        if not kept:
            continue
        result[district.pk] = communes[kept[0]]
        for commune in in_district:
            before = [code for code in kept if int(code) <= int(commune.code)]
            result[commune.pk] = communes[before[-1] if before else kept[0]]
    return result


def seed_moves(result, districts, communes):
    """Move every institution the districts reported to its 2025 commune on 1 July 2025
    (``services.institution_move``: the 2016–2020 reports keep their districts)."""
    if not communes:
        return
    successors = successors_2025(districts, communes)
    to_move = (Institution.objects.filter(reporting_unit__kind=ReportingUnitKind.DISTRICT, placed_since__isnull=True,
                                          admin_unit__structure=STRUCTURE)
               .select_related("admin_unit", "reporting_unit").order_by("code"))
    result.unchanged["moved"] = len(result.moved)  # moved by an earlier run
    for institution in to_move:
        commune, unit = successors[institution.admin_unit_id]
        institution_move(institution=institution, admin_unit=commune, reporting_unit=unit, on=COMMUNES_FROM)
        result.count("moved", "created")
        result.moved.add(institution.code)


def seed_users(result, reporting_units, *, password=DEMO_PASSWORD, reset_passwords=False):
    User = get_user_model()
    for login in DEMO_LOGINS:
        if login.unit_code and login.unit_code not in reporting_units:
            result.notes.append(f"Chưa tạo tài khoản {login.username}: chưa có đơn vị báo cáo {login.unit_code}.")
            continue
        superuser = login.role == "superuser"
        user = User.objects.filter(username=login.username).first()
        if user is None:
            user = User(username=login.username)
            outcome = "created"
        else:
            outcome = "unchanged"
        wanted = {
            "first_name": login.full_name,
            "email": f"{login.username}@example.org",
            "is_active": True,
            "is_staff": superuser,
            "is_superuser": superuser,
        }
        changed = [name for name, value in wanted.items() if getattr(user, name) != value]
        for name in changed:
            setattr(user, name, wanted[name])
        if outcome == "created" or reset_passwords:
            user.set_password(password)
        if outcome == "created" or changed or reset_passwords:
            user.save()
            if outcome == "unchanged":
                outcome = "updated"
        unit = reporting_units[login.unit_code] if login.unit_code else None
        if not superuser:
            _, profile_outcome = _upsert(
                Profile, {"user": user}, {"role": login.role, "reporting_unit": unit}
            )
            if outcome == "unchanged" and profile_outcome != "unchanged":
                outcome = "updated"
        result.count("user", outcome)
        role_label = "Quản trị (superuser)" if superuser else str(Role(login.role).label)
        result.logins.append((login.username, role_label, unit.name if unit else ""))


def seed_demo(*, reset_passwords=False):
    """Create or update the demo institutions and users; returns a SeedResult."""
    province, districts, reporting_units = check_prerequisites()
    result = SeedResult(moved=set(Institution.objects.filter(placed_since__isnull=False).values_list("code", flat=True)))
    communes = communes_2025()
    if communes:
        reporting_units |= {code: unit for code, (_, unit) in communes.items()}
    else:
        result.notes.append(
            "Chưa có UBND các xã, phường (cơ cấu 2025): chưa tạo nhà văn hóa, thư viện của 38 xã, phường; "
            f"nạp kế hoạch 2021–2030 trước (python manage.py load_plan {NEXT_PLAN_FILE})."
        )
    with transaction.atomic():
        seed_institutions(result, province, districts, reporting_units)
        seed_commune_institutions(result, communes)
        seed_moves(result, districts, communes)
        seed_users(result, reporting_units, reset_passwords=reset_passwords)
    return result
