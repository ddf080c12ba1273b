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
    password = factory.PostGenerationMethodCall("set_password", "mat-khau-thu-123")

    @factory.post_generation
    def finish(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def make_user(role, unit=None, username=None):
    """A user with a portal role (and for unit members, their unit)."""
    user = UserFactory(**({"username": username} if username else {}))
    Profile.objects.create(user=user, role=role, reporting_unit=unit if role == Role.UNIT else None)
    return user
