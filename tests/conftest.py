"""Standing test users: staff, leader, a unit member, and a member of another unit."""
import os
from pathlib import Path

import pytest

from institutions.models import Role

from .factories import (
    IndicatorFactory,
    InstitutionFactory,
    ReportingUnitFactory,
    make_period,
    make_user,
    plan_with_indicators,
)

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(autouse=True)
def fast_password_hashing_and_a_clean_cache(settings):
    """A fast hasher (tests create many users) and no reset-mail counters left from other tests."""
    from django.core.cache import cache

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()
    yield
    cache.clear()


def pytest_collection_modifyitems(config, items):
    """Browser tests need Debian's Chromium (never `playwright install`); skip them without it."""
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(reason=f"{CHROMIUM} not found: apt-get install -y chromium (.ci/run installs it)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium", "args": CHROMIUM_ARGS}


@pytest.fixture
def unit(db):
    return ReportingUnitFactory(code="105", name="UBND thành phố Lai Châu")


@pytest.fixture
def other_unit(db):
    return ReportingUnitFactory(code="106", name="UBND huyện Tam Đường")


@pytest.fixture
def staff_user(db):
    return make_user(Role.STAFF, username="canbo")


@pytest.fixture
def leader_user(db):
    return make_user(Role.LEADER, username="lanhdao")


@pytest.fixture
def unit_user(unit):
    return make_user(Role.UNIT, unit=unit, username="donvi")


@pytest.fixture
def other_unit_user(other_unit):
    return make_user(Role.UNIT, unit=other_unit, username="donvikhac")


@pytest.fixture
def own_institution(unit):
    return InstitutionFactory(reporting_unit=unit, code="TV-105", name="Thư viện thành phố Lai Châu")


@pytest.fixture
def other_institution(other_unit):
    return InstitutionFactory(reporting_unit=other_unit, code="TV-106", name="Thư viện huyện Tam Đường")


@pytest.fixture
def visits(db):
    """Library visits (LIB_VISITS): the one figure most report tests ask for."""
    return IndicatorFactory(code="LIB_VISITS")


@pytest.fixture
def period(visits):
    """The six-month 2017 period of a plan that asks only for ``visits`` (all its periods made)."""
    return make_period(plan_with_indicators(visits), 2017, "half_year")


@pytest.fixture
def submission(period, unit, unit_user, own_institution):
    """The unit's report for ``period``, just started: its library TV-105 owes the figures."""
    from reporting.services import submission_get_or_create

    return submission_get_or_create(period=period, unit=unit, user=unit_user)


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploaded attachments go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def client_for(client):
    """Log ``client`` in as the given user and return it."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def admin_units(db):
    """Both shipped administrative structures (2015 and 2025), as load_admin_units loads them."""
    from institutions.admin_units import load_shipped

    return load_shipped()


@pytest.fixture
def portal_mail(settings):
    """Mail kept in ``django.core.mail.outbox``; links in it start with https://baocao.example.vn."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PORTAL_BASE_URL = "https://baocao.example.vn"


@pytest.fixture
def member(unit_user):
    """``unit_user`` (donvi, of unit 105) with a full name and an address, as staff create members."""
    unit_user.first_name, unit_user.email = "Lò Văn Pền", "pen@laichau.gov.vn"
    unit_user.save()
    return unit_user
