"""A reopened report in the consolidated report: while not approved again, its unit's figures are
left out of the approved-only report (as unapproved ones are), counted as provisional once sent
again when unapproved reports are included, and the page names the unit and says which it is.
Issued reports never change: a correction reaches them only by issuing a new report."""
import hashlib

import pytest
from django.urls import reverse

from institutions.models import Role
from reporting.models import Submission
from reporting.selectors import cell_key
from reporting.services import submission_approve, submission_reopen, submission_save, submission_submit
from reports.data import report_data
from reports.services import report_create_draft, report_data_for, report_issue, report_update

from .factories import REPORT_WORDS, make_user
from .report_world import build_report_world

pytestmark = pytest.mark.django_db
REASON = "Lượt bạn đọc của Thư viện thành phố cộng trùng tháng 6."
VISITS_105 = cell_key("VISITS", "TV-105")
NOTE = "Báo cáo đã duyệt của UBND thành phố Lai Châu đã được Sở mở lại để sửa số liệu và chưa được duyệt lại."
LEFT_OUT = "Số liệu của các đơn vị này không được tính vào báo cáo, như báo cáo chưa duyệt; chỉ được tính lại khi Sở duyệt lại."
PROVISIONAL = "Số liệu đơn vị đã gửi lại được tính như số liệu tạm tính (*), chưa được Sở duyệt lại"


@pytest.fixture
def world(staff_user):
    world = build_report_world()
    world.unit_user = make_user(Role.UNIT, unit=world.units.u105, username="donvi105")
    world.report_105 = Submission.objects.get(period=world.fy2017, reporting_unit=world.units.u105)
    return world


def district_visits(data):
    """The 2017 target for the district libraries' visits: (actual, provisional)."""
    visits = next(i for i in data["indicators"] if i["code"] == "VISITS")
    target = next(t for t in visits["targets"] if t["key"] == "visits-huyen")
    return target["actual"], target["provisional"]


def completeness_row(data, code):
    return next(unit for unit in data["completeness"]["units"] if unit["code"] == code)


def correct_and_send(world, visits="8.000"):
    result = submission_save(submission=world.report_105, user=world.unit_user, values={VISITS_105: visits},
                             explanations={cell_key("FESTIVALS"): "Năm 2017 không tổ chức liên hoan."})
    assert result.ok, result.errors
    submission_submit(submission=world.report_105, user=world.unit_user)


def test_a_reopened_units_figures_leave_the_approved_report_until_approved_again(world, staff_user):
    assert district_visits(report_data(world.fy2017)) == (16500, False)  # 9.000 (105) + 7.500 (106)
    submission_reopen(submission=world.report_105, user=staff_user, reason=REASON)
    data = report_data(world.fy2017)  # built again: the reopening is a change the report reads
    assert district_visits(data) == (7500, False)
    row = completeness_row(data, "105")
    assert (row["status_label"], row["reopened"], row["approved_on"]) == ("Mở lại để sửa", True, None)
    assert data["completeness"]["reopened"] == 1
    assert district_visits(report_data(world.fy2017, include_submitted=True)) == (7500, False)  # being corrected

    correct_and_send(world)
    assert district_visits(report_data(world.fy2017)) == (7500, False)
    assert district_visits(report_data(world.fy2017, include_submitted=True)) == (15500, True)
    assert completeness_row(report_data(world.fy2017), "105")["reopened"] is True  # sent again, not approved again

    submission_approve(submission=world.report_105, user=staff_user)
    data = report_data(world.fy2017)
    assert district_visits(data) == (15500, False)
    assert completeness_row(data, "105")["reopened"] is False and data["completeness"]["reopened"] == 0


def test_the_report_page_names_the_unit_and_says_its_figures_are_left_out(client_for, world, staff_user, leader_user):
    client = client_for(leader_user)
    url = reverse("reports:period", args=[world.fy2017.code])
    assert 'id="reopened-note"' not in client.get(url).content.decode()
    submission_reopen(submission=world.report_105, user=staff_user, reason=REASON)
    page = client.get(url).content.decode()
    note = page.split('id="reopened-note">')[1].split("</div>")[0]
    assert NOTE in note and LEFT_OUT in note and PROVISIONAL not in note
    assert "mở lại sau khi duyệt, chưa duyệt lại" in page.split('id="completeness-table"')[1]


def test_with_unapproved_figures_the_page_says_the_figures_sent_again_are_provisional(
    client_for, world, staff_user, leader_user
):
    submission_reopen(submission=world.report_105, user=staff_user, reason=REASON)
    correct_and_send(world)
    page = client_for(leader_user).get(reverse("reports:period", args=[world.fy2017.code]) + "?provisional=1")
    note = page.content.decode().split('id="reopened-note">')[1].split("</div>")[0]
    assert NOTE in note and PROVISIONAL in note and LEFT_OUT not in note


def test_an_issued_report_keeps_its_bytes_through_reopening_correction_and_approval_again(
    client_for, world, staff_user, leader_user
):
    draft = report_create_draft(period=world.fy2017, user=staff_user)
    report_update(report=draft, fields=REPORT_WORDS)
    issued = report_issue(report=draft, user=staff_user)
    client = client_for(leader_user)
    downloads = {fmt: client.get(reverse("reports:download", args=[issued.pk, fmt])).content
                 for fmt in ("pdf", "xlsx", "json")}
    frozen = (bytes(issued.pdf), bytes(issued.xlsx), issued.data, issued.pdf_sha256, issued.xlsx_sha256)

    submission_reopen(submission=world.report_105, user=staff_user, reason=REASON)
    correct_and_send(world)
    submission_approve(submission=world.report_105, user=staff_user)

    issued.refresh_from_db()
    assert (bytes(issued.pdf), bytes(issued.xlsx), issued.data, issued.pdf_sha256, issued.xlsx_sha256) == frozen
    assert hashlib.sha256(bytes(issued.pdf)).hexdigest() == frozen[3]
    assert {fmt: client.get(reverse("reports:download", args=[issued.pk, fmt])).content
            for fmt in ("pdf", "xlsx", "json")} == downloads
    assert district_visits(report_data_for(issued)) == (16500, False)  # the figures as issued
    # The correction reaches the department's report by issuing a new one.
    again = report_create_draft(period=world.fy2017, user=staff_user)
    report_update(report=again, fields=REPORT_WORDS)
    reissued = report_issue(report=again, user=staff_user)
    assert district_visits(report_data_for(reissued)) == (15500, False)
    assert reissued.number == issued.number + 1 and reissued.pdf_sha256 != issued.pdf_sha256
