"""Approving several clean reports at once from the board: only sent reports without an
unexplained warning can be ticked; a confirmation page names each one and approves nothing;
confirming approves each through the single approval (history, audit, the unit's mail), all or
none; forged selections are refused in Vietnamese and nothing is approved; only staff do it."""
import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from institutions.models import Role
from reporting.approval import approval_readiness, approval_selection, submissions_approve
from reporting.models import Submission, SubmissionEvent, SubmissionStatus, SubmissionValue
from reporting.services import SubmissionError, StaleSubmission

from .factories import InstitutionFactory, ReportingUnitFactory, make_period, make_submission, make_user

pytestmark = pytest.mark.django_db
SENT = datetime.datetime(2017, 6, 15, 10, 30)  # local time (Asia/Ho_Chi_Minh)


@pytest.fixture(autouse=True)
def mail_to_memory(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def world(period, visits):
    """Four units of 2017-H1, each with a library that had 1.000 visits in 2016-H1 (approved):
    ``plain`` sent 1.200; ``explained`` sent 4.000 (over three times) and explained it; ``warned``
    sent 4.000 without an explanation (written straight in the database: sending would refuse it);
    ``draft`` has not sent."""
    last_year = make_period(period.plan, 2016, "half_year")
    made = {}
    for name, figure, status, explanation in [
        ("plain", 1200, "submitted", ""), ("explained", 4000, "submitted", "Thư viện mở thêm thứ Bảy."),
        ("warned", 4000, "submitted", ""), ("draft", 1200, "draft", ""),
    ]:
        unit = ReportingUnitFactory(name=f"UBND huyện {name.capitalize()}", email=f"{name}@laichau.gov.vn")
        library = InstitutionFactory(reporting_unit=unit)
        make_submission(last_year, unit, {(visits, library): 1000})
        sent_at = timezone.make_aware(SENT)
        submission = make_submission(period, unit, {(visits, library): figure}, status=status, sent_at=sent_at)
        SubmissionValue.objects.filter(submission=submission).update(explanation=explanation)
        made[name] = submission
    return made


def approve_url(period):
    return reverse("reporting:bulk_approve", args=[period.code])


def statuses(world):
    return {name: Submission.objects.get(pk=s.pk).status for name, s in world.items()}


# --- the rule (reporting/approval.py) ---------------------------------------------------------

def test_a_sent_report_whose_warnings_are_explained_is_clean_and_one_with_an_unexplained_warning_is_not(
    world, period
):
    readiness = approval_readiness(period, [s for s in world.values()])
    plain, explained, warned, draft = (readiness[world[name].pk] for name in ("plain", "explained", "warned", "draft"))
    assert plain.clean and (plain.explained, plain.unexplained) == (0, 0)
    assert explained.clean and explained.explained == 1
    assert not warned.clean and warned.unexplained == 1
    assert warned.reason == "1 cảnh báo chưa có giải trình; cần mở báo cáo xem xét riêng."
    assert not draft.clean and "đang 'đang soạn'" in draft.reason


def test_a_report_missing_a_figure_is_not_clean(world, period):
    SubmissionValue.objects.filter(submission=world["plain"]).update(value=None)
    readiness = approval_readiness(period, [world["plain"]])[world["plain"].pk]
    assert not readiness.clean and "chưa nhập số liệu" in readiness.reason


def test_the_selection_lists_the_clean_reports_in_the_units_order(world, period):
    selection = approval_selection(period=period, ids=[world["explained"].pk, world["plain"].pk])
    assert [item.submission.pk for item in selection] == [world["plain"].pk, world["explained"].pk]


def test_approving_together_goes_through_the_single_approval_for_each_report(
    world, period, staff_user, django_capture_on_commit_callbacks
):
    pair = [world["plain"], world["explained"]]
    with django_capture_on_commit_callbacks(execute=True):
        approved = submissions_approve(period=period, user=staff_user, versions={s.pk: s.version for s in pair})
    assert [s.pk for s in approved] == [s.pk for s in pair]
    assert statuses(world) == {"plain": "approved", "explained": "approved", "warned": "submitted", "draft": "draft"}
    for submission in pair:
        before = submission.version
        submission.refresh_from_db()
        assert submission.approved_by == staff_user and submission.version == before + 1
        assert submission.events.filter(action=SubmissionEvent.Action.APPROVED, user=staff_user).count() == 1
        assert AuditEvent.objects.filter(action="approve", object_id=str(submission.pk)).count() == 1
    assert sorted(message.to[0] for message in mail.outbox) == ["explained@laichau.gov.vn", "plain@laichau.gov.vn"]
    assert all(message.subject.startswith("[Đã duyệt]") for message in mail.outbox)


@pytest.mark.parametrize("bad", ["warned", "draft", "another period", "no such report"])
def test_one_report_that_may_not_go_with_the_others_stops_them_all(
    world, period, staff_user, bad, django_capture_on_commit_callbacks
):
    if bad == "another period":
        other = make_submission(make_period(period.plan, 2018, "half_year"), world["plain"].reporting_unit, {},
                                status="submitted")
        versions = {other.pk: other.version}
    elif bad == "no such report":
        versions = {987654: 0}
    else:
        versions = {world[bad].pk: world[bad].version}
    versions[world["plain"].pk] = world["plain"].version
    with pytest.raises(SubmissionError) as refused, django_capture_on_commit_callbacks(execute=True):
        submissions_approve(period=period, user=staff_user, versions=versions)
    assert refused.value.messages[-1].startswith("Chưa duyệt báo cáo nào.")
    assert statuses(world)["plain"] == "submitted" and not mail.outbox
    assert not SubmissionEvent.objects.filter(action=SubmissionEvent.Action.APPROVED).exists()


def test_a_report_changed_since_the_confirmation_page_stops_them_all(world, period, staff_user):
    versions = {world["plain"].pk: world["plain"].version, world["explained"].pk: world["explained"].version - 1}
    with pytest.raises(StaleSubmission):
        submissions_approve(period=period, user=staff_user, versions=versions)
    assert statuses(world)["plain"] == "submitted"


# --- the board ----------------------------------------------------------------------------------

def board(client, period):
    return client.get(reverse("reporting:overview_period", args=[period.code])).content.decode()


def row_of(page, submission):
    return page.split(f'data-unit="{submission.reporting_unit.code}"')[1].split("</tr>")[0]


def test_staff_may_tick_only_the_clean_sent_reports_and_are_told_why_not_beside_the_others(
    client_for, staff_user, world, period
):
    page = board(client_for(staff_user), period)
    assert f'action="{approve_url(period)}"' in page
    for name in ("plain", "explained"):
        assert f'name="report" value="{world[name].pk}"' in row_of(page, world[name])
    assert "1 cảnh báo đơn vị đã giải trình" in row_of(page, world["explained"])
    warned = row_of(page, world["warned"])
    assert 'name="report"' not in warned
    assert "Không duyệt cùng lúc được: 1 cảnh báo chưa có giải trình" in warned
    assert 'name="report"' not in row_of(page, world["draft"])


def test_leaders_see_no_boxes_to_tick(client_for, leader_user, world, period):
    page = board(client_for(leader_user), period)
    assert 'name="report"' not in page and approve_url(period) not in page


def test_the_board_asks_a_fixed_number_of_queries_with_reports_to_tick(
    client_for, staff_user, world, period, visits, django_assert_num_queries
):
    client = client_for(staff_user)
    with django_assert_num_queries(14):
        board(client, period)
    for figure in (1100, 5000, 900):
        unit = ReportingUnitFactory()
        make_submission(period, unit, {(visits, InstitutionFactory(reporting_unit=unit)): figure}, status="submitted")
    with django_assert_num_queries(14):
        page = board(client, period)
    assert page.count('name="report"') == 5


def test_the_leaders_board_asks_no_more_queries_than_before(client_for, leader_user, world, period,
                                                            django_assert_num_queries):
    client = client_for(leader_user)
    with django_assert_num_queries(8):
        board(client, period)


# --- the confirmation page and confirming ---------------------------------------------------------

def confirmation(client, period, *submissions):
    return client.get(approve_url(period), {"report": [s.pk for s in submissions]})


def test_the_confirmation_page_names_each_report_and_approves_nothing(client_for, staff_user, world, period):
    response = confirmation(client_for(staff_user), period, world["plain"], world["explained"])
    assert response.status_code == 200
    page = response.content.decode()
    assert "Duyệt 2 báo cáo?" in page and "Chưa báo cáo nào được duyệt." in page
    for name in ("plain", "explained"):
        row = row_of(page, world[name])
        assert world[name].reporting_unit.name in row and "2017-H1" in row and "10:30 15/06/2017" in row
        assert f'name="version-{world[name].pk}" value="{world[name].version}"' in page
    assert statuses(world)["plain"] == "submitted" and statuses(world)["explained"] == "submitted"


def test_confirming_approves_them_and_returns_to_the_board(
    client_for, staff_user, world, period, django_capture_on_commit_callbacks
):
    client = client_for(staff_user)
    pair = [world["plain"], world["explained"]]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(approve_url(period), {
            "report": [s.pk for s in pair], **{f"version-{s.pk}": s.version for s in pair},
        }, follow=True)
    assert response.redirect_chain[-1][0] == reverse("reporting:overview_period", args=[period.code])
    assert "Đã duyệt 2 báo cáo: UBND huyện Plain; UBND huyện Explained." in response.content.decode()
    assert statuses(world) == {"plain": "approved", "explained": "approved", "warned": "submitted", "draft": "draft"}
    assert len(mail.outbox) == 2


@pytest.mark.parametrize("bad", ["warned", "draft", "other period"])
def test_a_forged_selection_is_refused_in_vietnamese_and_nothing_is_approved(
    client_for, staff_user, world, period, bad
):
    client = client_for(staff_user)
    if bad == "other period":
        forged = make_submission(make_period(period.plan, 2018, "half_year"), world["warned"].reporting_unit, {},
                                 status="submitted")
    else:
        forged = world[bad]
    picked = [world["plain"], forged]
    shown = confirmation(client, period, *picked)
    assert shown.status_code == 302
    response = client.post(approve_url(period), {
        "report": [s.pk for s in picked], **{f"version-{s.pk}": s.version for s in picked},
    }, follow=True)
    page = response.content.decode()
    assert "Chưa duyệt báo cáo nào." in page
    expected = {"warned": "cần ghi giải trình", "draft": "Chỉ xử lý được báo cáo đã gửi",
                "other period": f"Không có báo cáo số {forged.pk} trong kỳ 2017-H1."}[bad]
    assert expected in page
    assert not Submission.objects.filter(status=SubmissionStatus.APPROVED, period=period).exists()
    assert Submission.objects.get(pk=forged.pk).status == forged.status


@pytest.mark.parametrize("query", [{}, {"report": ["abc"]}])
def test_an_empty_or_garbled_selection_goes_back_to_the_board_with_a_message(
    client_for, staff_user, world, period, query
):
    response = client_for(staff_user).get(approve_url(period), query, follow=True)
    page = response.content.decode()
    assert response.redirect_chain and ("Chưa chọn báo cáo nào" in page or "không hợp lệ" in page)


def test_confirming_without_the_versions_approves_nothing(client_for, staff_user, world, period):
    response = client_for(staff_user).post(approve_url(period), {"report": [world["plain"].pk]}, follow=True)
    assert "Thiếu phiên bản báo cáo" in response.content.decode()
    assert statuses(world)["plain"] == "submitted"


def test_the_confirmation_page_asks_a_fixed_number_of_queries(
    client_for, staff_user, world, period, visits, django_assert_num_queries
):
    client = client_for(staff_user)
    with django_assert_num_queries(11):
        confirmation(client, period, world["plain"], world["explained"])
    more = [world["plain"], world["explained"]]
    for figure in (1100, 900, 1000):
        unit = ReportingUnitFactory()
        more.append(make_submission(period, unit, {(visits, InstitutionFactory(reporting_unit=unit)): figure},
                                    status="submitted"))
    with django_assert_num_queries(11):
        assert confirmation(client, period, *more).content.decode().count('name="report"') == 5


# --- who may -------------------------------------------------------------------------------------

@pytest.mark.parametrize("who", ["leader_user", "unit_user"])
def test_leaders_and_units_may_not_approve_together(request, client_for, who, world, period):
    client = client_for(request.getfixturevalue(who))
    picked = [world["plain"]]
    assert confirmation(client, period, *picked).status_code == 403
    response = client.post(approve_url(period), {"report": [world["plain"].pk],
                                                 f"version-{world['plain'].pk}": world["plain"].version})
    assert response.status_code == 403
    assert statuses(world)["plain"] == "submitted"


def test_a_unit_may_not_approve_its_own_report_together(client_for, world, period):
    member = make_user(Role.UNIT, unit=world["plain"].reporting_unit)
    response = client_for(member).post(approve_url(period), {"report": [world["plain"].pk],
                                                             f"version-{world['plain'].pk}": 0})
    assert response.status_code == 403
    assert statuses(world)["plain"] == "submitted"


def test_the_anonymous_visitor_is_sent_to_the_login_page(client, world, period):
    response = client.get(approve_url(period), {"report": [world["plain"].pk]})
    assert response.status_code == 302 and reverse("login") in response.url


def test_an_unknown_period_is_not_found(client_for, staff_user, world):
    assert client_for(staff_user).get(reverse("reporting:bulk_approve", args=["1999-H1"])).status_code == 404


def test_a_report_numbered_past_a_thousand_is_ticked_and_approved_by_what_the_pages_carry(
    client_for, staff_user, period, visits, django_capture_on_commit_callbacks
):
    """Ids and versions are written plainly in the forms, never as '12.345' (the Vietnamese
    thousands separator), so what the pages carry is what the next request finds."""
    import re

    unit = ReportingUnitFactory(name="UBND huyện Lớn")
    Submission.objects.create(pk=12345, period=period, reporting_unit=unit, status="draft")
    submission = make_submission(period, unit, {(visits, InstitutionFactory(reporting_unit=unit)): 1200},
                                 status="submitted")
    Submission.objects.filter(pk=submission.pk).update(version=1234)
    client = client_for(staff_user)
    ticked = re.findall(r'name="report" value="([^"]+)"', board(client, period))
    assert ticked == ["12345"]
    page = client.get(approve_url(period), {"report": ticked}).content.decode()
    carried = dict(re.findall(r'name="(report|version-12345)" value="([^"]+)"', page))
    assert carried == {"report": "12345", "version-12345": "1234"}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(approve_url(period), carried)
    assert Submission.objects.get(pk=12345).status == SubmissionStatus.APPROVED
