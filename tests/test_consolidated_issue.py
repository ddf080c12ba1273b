"""Drafting and issuing the department's report: the words, the number, the freeze."""
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from reports.drafting import draft_texts
from reports.serialize import loads
from reports.services import (
    report_create_draft,
    report_data_for,
    report_issue,
    report_update,
)
from reporting.models import SubmissionValue, TextKind
from reports.models import ReportStatus

from .factories import REPORT_WORDS, make_submission
from .report_world import build_report_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_report_world()


def test_the_draft_gathers_the_units_approved_words_task_by_task(world):
    task = world.task
    make_submission(world.fy2016, world.units.u105, {}, texts=[
        (TextKind.TASK_RESULT, task, "Luân chuyển 1.200 bản sách."),
        (TextKind.SHORTCOMINGS, None, "Thiếu kinh phí."),
        (TextKind.PROPOSALS, None, "Bổ sung biên chế."),
    ])
    make_submission(world.fy2016, world.units.tvt, {}, status="submitted", texts=[
        (TextKind.TASK_RESULT, task, "Chưa duyệt: không lấy."),
    ])
    texts = draft_texts(world.fy2016)
    lines = texts["results"].splitlines()
    assert lines[0] == "a) Thư viện"
    assert lines[-1] == "- Nhiệm vụ II.1.c: UBND thành phố Lai Châu: Luân chuyển 1.200 bản sách."
    assert "Chưa duyệt" not in texts["results"]
    assert texts["shortcomings"] == "- UBND thành phố Lai Châu: Thiếu kinh phí."
    assert texts["proposals"] == "- UBND thành phố Lai Châu: Bổ sung biên chế."


def test_a_period_has_one_draft_at_a_time(world, staff_user):
    first = report_create_draft(period=world.fy2017, user=staff_user)
    assert report_create_draft(period=world.fy2017, user=staff_user) == first
    assert first.summary.startswith("Kết quả thực hiện Kế hoạch số 1133/KH-UBND ngày 16/12/2015")


def test_issuing_numbers_dates_and_freezes_the_report(world, staff_user):
    draft = report_create_draft(period=world.fy2017, user=staff_user)
    report_update(report=draft, fields={**REPORT_WORDS, "results": "Kết quả tốt."})
    issued = report_issue(report=draft, user=staff_user, issued_on=datetime.date(2018, 1, 5))
    assert issued.status == ReportStatus.ISSUED
    assert (issued.number, issued.issued_year, issued.number_display) == (1, 2018, "01/BC-SVHTTDL")
    assert issued.pdf[:4] == b"%PDF" and issued.xlsx[:2] == b"PK"
    frozen = loads(issued.data)
    assert frozen["period"]["code"] == "2017-FY"


def test_an_issued_report_keeps_its_numbers_and_files_when_the_data_change(world, staff_user):
    draft = report_create_draft(period=world.fy2017, user=staff_user)
    report_update(report=draft, fields=REPORT_WORDS)
    issued = report_issue(report=draft, user=staff_user)
    pdf, xlsx, data = bytes(issued.pdf), bytes(issued.xlsx), issued.data
    SubmissionValue.objects.filter(indicator=world.indicators.visits).update(value=Decimal(1))
    issued.refresh_from_db()
    assert (bytes(issued.pdf), bytes(issued.xlsx), issued.data) == (pdf, xlsx, data)
    visits = next(i for i in report_data_for(issued)["indicators"] if i["code"] == "VISITS")
    assert next(t for t in visits["targets"] if t["key"] == "visits-huyen")["actual"] == 16500


def test_an_issued_report_cannot_be_edited_or_issued_again(world, staff_user):
    draft = report_create_draft(period=world.fy2017, user=staff_user)
    report_update(report=draft, fields=REPORT_WORDS)
    issued = report_issue(report=draft, user=staff_user)
    with pytest.raises(ValidationError):
        report_update(report=issued, fields={"results": "khác"})
    with pytest.raises(ValidationError):
        report_issue(report=issued, user=staff_user)


def test_numbers_follow_on_within_a_year_and_cannot_be_reused(world, staff_user):
    def issue(period, **kwargs):
        draft = report_create_draft(period=period, user=staff_user)
        report_update(report=draft, fields=REPORT_WORDS)
        return report_issue(report=draft, user=staff_user, **kwargs)

    assert issue(world.fy2016, issued_on=datetime.date(2018, 1, 5), number=7).number == 7
    assert issue(world.fy2017, issued_on=datetime.date(2018, 2, 1)).number == 8
    with pytest.raises(ValidationError, match="đã được dùng"):
        issue(world.h2017, issued_on=datetime.date(2018, 3, 1), number=8)
    assert issue(world.h2017, issued_on=datetime.date(2019, 3, 1)).number == 1


def test_a_report_is_not_issued_without_a_signer(world, staff_user):
    draft = report_create_draft(period=world.fy2017, user=staff_user)
    with pytest.raises(ValidationError, match="người ký"):
        report_issue(report=draft, user=staff_user)
