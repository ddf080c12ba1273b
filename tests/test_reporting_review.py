"""The review screen: staff see warnings and explanations, compare with last year, return with
comments or approve; illegal transitions are refused; only staff decide."""
import pytest
from django.urls import reverse

from reporting.models import ReviewComment, SubmissionEvent, SubmissionStatus
from reporting.selectors import cell_key
from reporting.services import submission_approve, submission_get_or_create

from .factories import fill_report, make_period

pytestmark = pytest.mark.django_db
VISITS = cell_key("LIB_VISITS", "TV-105")


@pytest.fixture
def last_year(period, unit, unit_user, own_institution):
    earlier = submission_get_or_create(period=make_period(period.plan, 2016, "half_year"), unit=unit, user=unit_user)
    return fill_report(earlier, unit_user, default="1000", submit=True)


@pytest.fixture
def submission(period, unit, unit_user, own_institution, last_year):
    """Sent, with a figure four times last year's, explained."""
    submission = submission_get_or_create(period=period, unit=unit, user=unit_user)
    return fill_report(submission, unit_user, default="4.000",
                       explanations={VISITS: "Thư viện mở cửa cả thứ Bảy."}, submit=True)


def review_url(submission, name="review"):
    return reverse(f"reporting:{name}", args=[submission.pk])


def test_staff_see_the_warning_the_explanation_and_last_years_figure(client_for, staff_user, submission):
    response = client_for(staff_user).get(review_url(submission))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="review-warnings"' in page and "gấp hơn 3 lần" in page
    assert "Thư viện mở cửa cả thứ Bảy." in page
    row = page.split(f'class="value-row table-warning" data-key="{VISITS}"')[1].split("</tr>")[0]
    assert "4.000" in row and "1.000" in row
    assert "2016-H1" in page


def test_returning_with_an_overall_and_a_value_comment_records_both(client_for, staff_user, submission):
    response = client_for(staff_user).post(review_url(submission, "review_return"), {
        "version": submission.version, "comment": "Bổ sung số liệu quý II.", f"comment-{VISITS}": "Xem lại số này.",
    })
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.RETURNED
    comments = {(c.indicator.code if c.indicator else None): c.text for c in ReviewComment.objects.all()}
    assert comments == {None: "Bổ sung số liệu quý II.", "LIB_VISITS": "Xem lại số này."}


def test_returning_without_any_comment_is_refused_and_nothing_changes(client_for, staff_user, submission):
    response = client_for(staff_user).post(review_url(submission, "review_return"),
                                           {"version": submission.version, "comment": " "})
    assert response.status_code == 400
    assert "Cần ghi nhận xét" in response.content.decode()
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED


def test_approving_makes_the_report_read_only(client_for, staff_user, unit_user, submission):
    response = client_for(staff_user).post(review_url(submission, "review_approve"), {"version": submission.version})
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.APPROVED and submission.approved_by == staff_user
    unit_client = client_for(unit_user)
    response = unit_client.post(reverse("reporting:submission_edit", args=[submission.pk]),
                                {"version": submission.version, f"value-{VISITS}": "1"})
    assert response.status_code == 302
    assert submission.values.get().value == 4000


def test_approving_twice_is_refused_with_a_message(client_for, staff_user, submission):
    submission_approve(submission=submission, user=staff_user)
    submission.refresh_from_db()
    client = client_for(staff_user)
    response = client.post(review_url(submission, "review_approve"), {"version": submission.version}, follow=True)
    assert "Chỉ xử lý được báo cáo đã gửi" in response.content.decode()
    assert submission.events.filter(action=SubmissionEvent.Action.APPROVED).count() == 1


def test_a_draft_can_be_neither_approved_nor_returned(client_for, staff_user, period, unit, unit_user, own_institution):
    draft = submission_get_or_create(period=make_period(period.plan, 2018, "half_year"), unit=unit, user=unit_user)
    client = client_for(staff_user)
    client.post(review_url(draft, "review_approve"), {"version": draft.version})
    client.post(review_url(draft, "review_return"), {"version": draft.version, "comment": "Sửa lại"})
    draft.refresh_from_db()
    assert draft.status == SubmissionStatus.DRAFT
    assert not ReviewComment.objects.exists()
    page = client.get(review_url(draft)).content.decode()
    assert 'id="approve-form"' not in page


def test_a_stale_approval_is_refused(client_for, staff_user, submission):
    response = client_for(staff_user).post(
        review_url(submission, "review_approve"), {"version": submission.version - 1}, follow=True
    )
    assert "người khác" in response.content.decode()
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED


@pytest.mark.parametrize("who", ["leader_user", "unit_user"])
def test_leaders_and_units_may_not_review(request, client_for, who, submission):
    client = client_for(request.getfixturevalue(who))
    assert client.get(review_url(submission)).status_code == 403
    assert client.post(review_url(submission, "review_approve"), {"version": submission.version}).status_code == 403
    assert client.post(review_url(submission, "review_return"),
                       {"version": submission.version, "comment": "x"}).status_code == 403
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED


def test_another_unit_gets_not_found_on_the_review_screen(client_for, other_unit_user, submission):
    assert client_for(other_unit_user).get(review_url(submission)).status_code == 404


def test_the_decisions_are_post_only(client_for, staff_user, submission):
    client = client_for(staff_user)
    assert client.get(review_url(submission, "review_approve")).status_code == 405
    assert client.get(review_url(submission, "review_return")).status_code == 405


def test_approve_and_return_sit_together_in_a_bar_at_the_top_that_stays_while_scrolling(
    client_for, staff_user, submission
):
    page = client_for(staff_user).get(review_url(submission)).content.decode()
    bar = page.split('id="review-actions"')[1].split("</div>")[0]
    assert "sticky-top" in page.split('id="review-actions"')[0].rsplit("<div", 1)[1]
    assert 'id="approve-form"' in bar and "Duyệt báo cáo" in bar
    assert 'form="return-form"' in bar and "Trả lại để sửa" in bar
    assert page.index('id="review-actions"') < page.index('id="values"')
    assert page.count("Trả lại để sửa</button>") == 1  # one return button, in the bar


def test_a_report_not_yet_sent_has_no_action_bar(client_for, staff_user, period, unit, unit_user, own_institution):
    draft = submission_get_or_create(period=make_period(period.plan, 2018, "half_year"), unit=unit, user=unit_user)
    assert 'id="review-actions"' not in client_for(staff_user).get(review_url(draft)).content.decode()


def test_each_comment_box_is_labelled_with_its_indicator_and_institution(client_for, staff_user, submission):
    page = client_for(staff_user).get(review_url(submission)).content.decode()
    assert (f'<label class="visually-hidden" for="id_comment-{VISITS}">'
            "Nhận xét: Chỉ tiêu LIB_VISITS — Thư viện thành phố Lai Châu</label>") in page
    assert f'id="id_comment-{VISITS}"' in page


def test_a_comment_box_on_the_units_own_figure_names_the_unit(client_for, staff_user, unit, unit_user, visits):
    from .factories import IndicatorFactory, plan_with_indicators

    staff_count = IndicatorFactory(code="UNIT_STAFF", applies_to="reporting_unit", applies_kind="", applies_levels=[])
    period = make_period(plan_with_indicators(staff_count), 2017, "half_year")
    own = fill_report(submission_get_or_create(period=period, unit=unit, user=unit_user), unit_user, submit=True)
    page = client_for(staff_user).get(review_url(own)).content.decode()
    key = cell_key("UNIT_STAFF")
    assert f'for="id_comment-{key}">Nhận xét: Chỉ tiêu UNIT_STAFF — UBND thành phố Lai Châu</label>' in page
