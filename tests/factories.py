"""Factories for test data. Add new factories at the end of the file."""
import datetime

import factory
from django.contrib.auth import get_user_model

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

PASSWORD = "mat-khau-thu-123"  # every UserFactory user's password


class AdminUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdminUnit

    code = factory.Sequence(lambda n: str(900 + n))
    name = factory.Sequence(lambda n: f"Huyện Thử {n}")
    division_type = DivisionType.DISTRICT
    level = AdminLevel.DISTRICT
    structure = "2015"
    valid_from = datetime.date(2015, 1, 1)


class ReportingUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportingUnit

    code = factory.Sequence(lambda n: f"U{n:03d}")
    name = factory.Sequence(lambda n: f"UBND huyện Thử {n}")
    kind = ReportingUnitKind.DISTRICT
    admin_unit = factory.SubFactory(AdminUnitFactory)


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution

    code = factory.Sequence(lambda n: f"TV-{n:05d}")
    name = factory.Sequence(lambda n: f"Thư viện số {n}")
    kind = InstitutionKind.LIBRARY
    level = InstitutionLevel.DISTRICT
    reporting_unit = factory.SubFactory(ReportingUnitFactory)
    admin_unit = factory.LazyAttribute(lambda o: o.reporting_unit.admin_unit or AdminUnitFactory())


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def finish(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def make_user(role, unit=None, username=None):
    """A user with a portal role (and for unit members, their unit)."""
    user = UserFactory(**({"username": username} if username else {}))
    Profile.objects.create(user=user, role=role, reporting_unit=unit if role == Role.UNIT else None)
    return user


# --- plans, indicators, periods -------------------------------------------------------------

from targets.models import Indicator, Plan  # noqa: E402


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan
        django_get_or_create = ["code"]

    code = "kh-thu"
    number = "99/KH-UBND"
    issued_on = datetime.date(2015, 12, 16)
    issuer = "UBND tỉnh"
    title = "Kế hoạch thử"
    start_year = 2016
    end_year = 2020


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"IND_{n}")
    name_vi = factory.LazyAttribute(lambda o: f"Chỉ tiêu {o.code}")
    name_en = factory.LazyAttribute(lambda o: f"Indicator {o.code}")
    unit_vi = "lượt"
    unit_en = "visits"
    value_type = "integer"
    aggregation = "sum"
    applies_to = "institution"
    applies_kind = "library"
    applies_levels = ["district"]
    frequency = "half_yearly"


def make_period(plan, year=2017, kind="half_year"):
    """The regular period of ``plan`` for ``year`` and ``kind`` (periods made from the plan)."""
    from reporting.models import Period
    from reporting.periods import periods_create_for_plan

    periods_create_for_plan(plan=plan)
    return Period.objects.get(plan=plan, year=year, kind=kind)


def plan_with_indicators(*indicators):
    """A plan whose targets name ``indicators`` (so periods ask for them)."""
    from targets.models import ScopeMode, Target

    plan = PlanFactory()
    for order, indicator in enumerate(indicators):
        Target.objects.get_or_create(
            plan=plan, key=f"t-{indicator.code.lower().replace('_', '-')}", year=2017,
            defaults={"indicator": indicator, "scope_mode": ScopeMode.EACH, "scope_kind": indicator.applies_kind,
                      "scope_levels": indicator.applies_levels, "order": order},
        )
    return plan


# --- submissions with figures, targets (consolidated reports) ---------------------------------


def make_submission(period, unit, values, status="approved", sent_at=None, texts=None):
    """A unit's submission for ``period`` with ``values`` {(indicator, institution or None): number}.

    Written straight to the database (no workflow checks): tests of the consolidated report
    need exact figures in each status. ``sent_at`` defaults to the day before the due date;
    ``texts`` is a list of (kind, task or None, text).
    """
    from decimal import Decimal

    from django.utils import timezone

    from reporting.models import Submission, SubmissionText, SubmissionValue

    if sent_at is None:
        sent_at = timezone.make_aware(
            datetime.datetime.combine(period.due_date - datetime.timedelta(days=1), datetime.time(9))
        )
    sent = status in ("submitted", "approved", "returned")
    submission, _ = Submission.objects.update_or_create(
        period=period, reporting_unit=unit,
        defaults={
            "status": status,
            "first_submitted_at": sent_at if sent else None,
            "submitted_at": sent_at if sent else None,
            "approved_at": sent_at + datetime.timedelta(days=1) if status == "approved" else None,
        },
    )
    SubmissionValue.objects.bulk_create(
        [
            SubmissionValue(submission=submission, indicator=indicator, institution=institution,
                            value=None if value is None else Decimal(str(value)))
            for (indicator, institution), value in values.items()
        ]
    )
    for kind, task, text in texts or []:
        SubmissionText.objects.create(submission=submission, kind=kind, task=task, text=text)
    return submission


def make_target(plan, indicator, key, year=2017, scope_mode="group", low=None, high=None, **fields):
    """A target of ``plan`` (bounds as numbers or strings; None for none)."""
    from decimal import Decimal

    from targets.models import Target

    return Target.objects.create(
        plan=plan, indicator=indicator, key=key, year=year, scope_mode=scope_mode,
        target_min=None if low is None else Decimal(str(low)),
        target_max=None if high is None else Decimal(str(high)),
        **fields,
    )


def build_report_world(plan_number="1133/KH-UBND"):
    """A small province worked out by hand in tests/test_consolidated_compute.py.

    Two districts (105 city, 106 with one commune), the provincial library's unit (TVT) and a
    department with no figures (SGD); libraries at both levels and two commune cultural houses;
    one indicator per aggregation rule and a unit-reported one; targets for 2017 in every scope
    mode. Figures: 2016-FY and 2017-FY (annual) and 2017-H1, approved, submitted or draft.
    """
    from types import SimpleNamespace

    from institutions.models import ReportingUnitKind as RUK
    from targets.models import Task

    province = AdminUnitFactory(code="12", name="Tỉnh Lai Châu", division_type="tinh", level="province")
    city = AdminUnitFactory(code="105", name="Thành phố Lai Châu", division_type="thanh_pho", parent=province)
    district = AdminUnitFactory(code="106", name="Huyện Tam Đường", parent=province)
    city_ward = AdminUnitFactory(code="3386", name="Phường Tân Phong", division_type="phuong", level="commune",
                                 parent=city)
    commune = AdminUnitFactory(code="3400", name="Xã Bình Lư", division_type="xa", level="commune", parent=district)
    u105 = ReportingUnitFactory(code="105", name="UBND thành phố Lai Châu", admin_unit=city, order=1)
    u106 = ReportingUnitFactory(code="106", name="UBND huyện Tam Đường", admin_unit=district, order=2)
    tvt = ReportingUnitFactory(code="TVT", name="Thư viện tỉnh", kind=RUK.DEPARTMENT_UNIT, admin_unit=province,
                               order=10)
    sgd = ReportingUnitFactory(code="SGD", name="Sở Giáo dục và Đào tạo", kind=RUK.DEPARTMENT, admin_unit=None,
                               order=20)
    lib_t = InstitutionFactory(code="TV-TINH", name="Thư viện tỉnh Lai Châu", level="province",
                               admin_unit=province, reporting_unit=tvt)
    lib_105 = InstitutionFactory(code="TV-105", name="Thư viện thành phố", reporting_unit=u105)
    lib_106 = InstitutionFactory(code="TV-106", name="Thư viện huyện Tam Đường", reporting_unit=u106)
    house_105 = InstitutionFactory(code="NVH-3386", name="Nhà văn hóa phường Tân Phong", kind="cultural_house",
                                   level="commune", admin_unit=city_ward, reporting_unit=u105)
    house_106 = InstitutionFactory(code="NVH-3400", name="Nhà văn hóa xã Bình Lư", kind="cultural_house",
                                   level="commune", admin_unit=commune, reporting_unit=u106)

    visits = IndicatorFactory(code="VISITS", name_vi="Lượt bạn đọc", unit_vi="lượt", order=1,
                              applies_levels=["province", "district"])
    books = IndicatorFactory(code="BOOKS", name_vi="Sách bổ sung", unit_vi="bản", order=2)
    internet = IndicatorFactory(code="INTERNET", name_vi="Thư viện có điểm kết nối internet", unit_vi="%",
                                value_type="boolean", aggregation="share_yes", frequency="yearly", order=3)
    sessions = IndicatorFactory(code="SESSIONS", name_vi="Buổi sinh hoạt bình quân", unit_vi="buổi",
                                aggregation="average", applies_kind="cultural_house", applies_levels=["commune"],
                                frequency="yearly", order=4)
    collection = IndicatorFactory(code="COLLECTION", name_vi="Tổng số sách", unit_vi="bản", aggregation="latest",
                                  applies_levels=["province", "district"], frequency="yearly", order=5)
    festivals = IndicatorFactory(code="FESTIVALS", name_vi="Liên hoan, hội diễn", unit_vi="cuộc",
                                 applies_to="reporting_unit", applies_kind="", applies_levels=[],
                                 applies_unit_kinds=["district"], frequency="yearly", order=6)
    rotation = IndicatorFactory(code="ROTATION", name_vi="Sách luân chuyển", unit_vi="lượt", order=7)

    plan = PlanFactory(number=plan_number, issuer="UBND tỉnh Lai Châu")
    plan.reporting_units.set([u105, u106, tvt])  # SGD reports under the plan only when it lists it
    task = Task.objects.create(plan=plan, code="II.1.c", section="II.1", section_title="Thư viện",
                               text="Luân chuyển sách, báo xuống bưu điện văn hóa xã", order=1)
    rotation.tasks.add(task)
    targets = SimpleNamespace(
        visits_tinh=make_target(plan, visits, "visits-tinh", scope_mode="institution", institution=lib_t,
                                low=8000, high=9000, order=1),
        visits_huyen=make_target(plan, visits, "visits-huyen", scope_kind="library", scope_levels=["district"],
                                 low=15000, high=17000, order=2),
        visits_106=make_target(plan, visits, "visits-106", scope_mode="reporting_unit", reporting_unit=u106,
                               low=7000, order=3),
        books_each=make_target(plan, books, "books-each", scope_mode="each", scope_kind="library",
                               scope_levels=["district"], low=500, high=1000, order=4),
        internet=make_target(plan, internet, "internet", scope_kind="library", scope_levels=["district"], low=100,
                             order=5),
        sessions=make_target(plan, sessions, "sessions", low=10, order=6),
        collection=make_target(plan, collection, "collection", scope_mode="institution", institution=lib_t,
                               low=50000, order=7),
        festivals=make_target(plan, festivals, "festivals", scope_mode="each", low=1, cadence_years=2, order=8),
    )
    fy2017 = make_period(plan, 2017, "annual")
    fy2016 = make_period(plan, 2016, "annual")
    h2017 = make_period(plan, 2017, "half_year")
    late = datetime.datetime(2017, 12, 5, 10, tzinfo=datetime.timezone.utc)
    make_submission(fy2016, u105, {(visits, lib_105): 8000, (festivals, None): 1})
    make_submission(fy2016, u106, {(visits, lib_106): 7000, (festivals, None): 0})
    make_submission(fy2016, tvt, {(visits, lib_t): 8200})
    make_submission(fy2017, u105, {
        (visits, lib_105): 9000, (books, lib_105): 600, (internet, lib_105): 1, (collection, lib_105): 12000,
        (sessions, house_105): 12, (festivals, None): 0, (rotation, lib_105): 300,
    })
    make_submission(fy2017, u106, {
        (visits, lib_106): 7500, (books, lib_106): 450, (internet, lib_106): 0, (collection, lib_106): 8000,
        (sessions, house_106): 7, (festivals, None): 1, (rotation, lib_106): 150,
    }, sent_at=late)
    make_submission(fy2017, tvt, {(visits, lib_t): 8500, (collection, lib_t): 60000}, status="submitted")
    make_submission(h2017, u105, {(visits, lib_105): 4000, (books, lib_105): 300})
    make_submission(h2017, u106, {(visits, lib_106): 3000}, status="draft")
    return SimpleNamespace(
        plan=plan, fy2017=fy2017, fy2016=fy2016, h2017=h2017, targets=targets, task=task,
        units=SimpleNamespace(u105=u105, u106=u106, tvt=tvt, sgd=sgd),
        areas=SimpleNamespace(province=province, city=city, district=district),
        institutions=SimpleNamespace(lib_t=lib_t, lib_105=lib_105, lib_106=lib_106, house_105=house_105,
                                     house_106=house_106),
        indicators=SimpleNamespace(visits=visits, books=books, internet=internet, sessions=sessions,
                                   collection=collection, festivals=festivals, rotation=rotation),
    )


# --- reporting pages, reminders: tasks, responsibilities, reports through the services ---------

from targets.models import Task, TaskResponsibility  # noqa: E402


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    plan = factory.SubFactory(PlanFactory)
    code = factory.Sequence(lambda n: f"II.1.{n + 1}")
    section = "II.1"
    section_title = "Đối với hệ thống thư viện"
    text = factory.Sequence(lambda n: f"Nhiệm vụ thử số {n}: tổ chức hoạt động đọc sách cho Nhân dân.")
    order = factory.Sequence(lambda n: n)


def make_responsible(task, unit, role="lead"):
    return TaskResponsibility.objects.create(task=task, reporting_unit=unit, role=role)


def fill_report(submission, user, values=None, default="10", explanations=None, submit=False):
    """Fill every figure the unit owes (``default``, or ``values`` by indicator code or cell key)
    through the services, so the history is written; optionally send it."""
    from reporting.selectors import expected_cells
    from reporting.services import submission_save, submission_submit

    values = values or {}
    raw = {
        cell.key: values.get(
            cell.key, values.get(cell.indicator.code, "1" if cell.indicator.value_type == "boolean" else default)
        )
        for cell in expected_cells(submission.period, submission.reporting_unit)
    }
    result = submission_save(submission=submission, user=user, values=raw, explanations=explanations)
    assert result.ok, result.errors
    if submit:
        submission_submit(submission=submission, user=user)
        submission.refresh_from_db()
    return submission
