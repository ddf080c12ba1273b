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


# The smallest file the attachment check takes for a PDF.
PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


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


# The department's words with every printed section filled: what issuing a report needs.
REPORT_WORDS = {
    "signer_name": "Nguyễn Văn Bình",
    "results": "Các thư viện duy trì hoạt động phục vụ bạn đọc.",
    "shortcomings": "Kinh phí bổ sung sách còn hạn chế.",
    "tasks_ahead": "Tiếp tục đẩy mạnh luân chuyển sách.",
    "proposals": "Đề nghị bổ sung kinh phí mua sách.",
}


def clerks_form_plan(unit):
    """A plan whose form a district clerk fills in the browser tests: ``unit``'s library TV-105 (the
    ``own_institution`` fixture) and a second one, reader visits and an internet yes/no for each,
    the unit's own count of clubs. Returns (plan, the visits indicator)."""
    InstitutionFactory(reporting_unit=unit, code="TV-105-2", name="Thư viện phường Tân Phong")
    visits = IndicatorFactory(code="LIB_VISITS", name_vi="Tổng số bạn đọc đến thư viện")
    internet = IndicatorFactory(code="LIB_INTERNET", name_vi="Có điểm truy cập internet", value_type="boolean",
                                aggregation="share_yes")
    clubs = IndicatorFactory(code="CLUBS", name_vi="Số câu lạc bộ", applies_to="reporting_unit", applies_kind="",
                             applies_levels=[], applies_unit_kinds=["district"])
    return plan_with_indicators(visits, internet, clubs), visits
