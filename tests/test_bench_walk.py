"""The bench's browser walk (bench/walk.py) against the live server, on a small world: the clerk's
six-month report goes from owed to approved, every page it loads is weighed. Its seconds are
printed by `make bench`, never asserted here."""
import pytest

from bench.walk import report, walk
from institutions.models import Role
from reporting.models import Attachment, Submission, SubmissionStatus

from .factories import (
    PASSWORD,
    TaskFactory,
    clerks_form_plan,
    make_period,
    make_responsible,
    make_user,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("media_root")]


@pytest.fixture
def owed(unit, unit_user, own_institution):
    """2017-H1 owed by unit 105: two libraries, a number, a yes/no and a unit figure, a task."""
    plan, _ = clerks_form_plan(unit)
    make_responsible(TaskFactory(plan=plan, code="II.1.1"), unit)
    return make_period(plan, 2017, "half_year")


def test_the_walk_takes_a_report_from_owed_to_approved_and_weighs_every_page(live_server, owed, unit, tmp_path):
    officer = make_user(Role.STAFF, username="canbo-walk")
    clerk = unit.members.first().user
    result = walk(live_server.url, clerk=clerk.username, officer=officer.username, password=PASSWORD,
                  period_code=owed.code, unit_code=unit.code, work_dir=tmp_path)

    submission = Submission.objects.get(period=owed, reporting_unit=unit)
    assert submission.status == SubmissionStatus.APPROVED
    assert result.status.startswith("đã duyệt")
    assert Attachment.objects.get(submission=submission).original_name == "Biên bản kiểm tra.pdf"
    # 2 libraries × 2 figures + the unit's figure, the task, shortcomings, proposals, the file
    filled = next(step for step in result.steps if step.name.startswith("fill every figure"))
    assert filled.fields == 5 + 3 + 1
    assert submission.values.exclude(value=None).count() == 5
    assert [step.name for step in result.steps][:2] == [f"sign in ({clerk.username})", "open the six-month report"]
    assert result.steps[-1].name == "approve"
    assert result.total("clicks") == len(result.steps)  # one button or link a step

    pages = result.pages
    assert {page.status for page in pages} <= {200, 302} and 302 in {page.status for page in pages}
    assert all(page.sent > 0 for page in pages)
    assert all(page.body > 0 for page in pages if page.status == 200)
    assert any("/review/" in page.url for page in pages) and any("/edit/" in page.url for page in pages)
    assert result.floor_loads == len(pages)

    lines = []
    ratio = report(lambda name, value, unit="": lines.append(f"{name}: {value} {unit}"), result)
    assert ratio is not None and ratio > 0
    assert sum(line.startswith("walk page ") for line in lines) == len(pages)
    assert lines[-1].startswith(f"walk floor ({len(pages)} loads of /healthz)")
