"""The report form: a grid per institution, Vietnamese numbers, errors keep the input, warnings
need explanations, the words, concurrent edits, and who may use it."""
from decimal import Decimal

import pytest
from django.urls import reverse

from reporting.models import SubmissionStatus, SubmissionText, TextKind
from reporting.periods import period_close
from reporting.selectors import cell_key
from reporting.services import submission_get_or_create, submission_return, submission_save

from .factories import (
    IndicatorFactory,
    TaskFactory,
    fill_report,
    make_period,
    make_responsible,
    make_target,
    plan_with_indicators,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def visits():
    return IndicatorFactory(code="LIB_VISITS", name_vi="Lượt bạn đọc đến thư viện")


@pytest.fixture
def internet():
    return IndicatorFactory(code="LIB_INTERNET", name_vi="Có điểm internet", value_type="boolean",
                            aggregation="share_yes")


@pytest.fixture
def clubs():
    return IndicatorFactory(code="CLUBS", name_vi="Số câu lạc bộ", applies_to="reporting_unit", applies_kind="",
                            applies_levels=[], applies_unit_kinds=["district"])


@pytest.fixture
def plan(visits, internet, clubs):
    return plan_with_indicators(visits, internet, clubs)


@pytest.fixture
def period(plan):
    return make_period(plan, 2017, "half_year")


@pytest.fixture
def task(plan, unit):
    task = TaskFactory(plan=plan, code="II.1.2", text="Phục vụ bạn đọc tại thư viện huyện.")
    make_responsible(task, unit, "support")
    return task


def url(submission):
    return reverse("reporting:submission_edit", args=[submission.pk])


def post_data(submission, visits="1.200", internet="1", clubs="12", **extra):
    inst = "TV-105"
    data = {
        "version": submission.version,
        f"value-{cell_key('LIB_VISITS', inst)}": visits,
        f"value-{cell_key('LIB_INTERNET', inst)}": internet,
        f"value-{cell_key('CLUBS')}": clubs,
        "shortcomings": "Thiếu kinh phí mua sách.",
        "proposals": "Đề nghị bổ sung kinh phí.",
    }
    data.update(extra)
    return data


def test_the_form_shows_a_block_per_institution_the_units_own_figures_and_the_cutoff(
    client_for, unit_user, submission, task
):
    response = client_for(unit_user).get(url(submission))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-institution="TV-105"' in page and 'data-institution=""' in page
    assert "Lượt bạn đọc đến thư viện" in page and "Số câu lạc bộ" in page
    assert "15/12/2016" in page and "14/06/2017" in page and "20/06/2017" in page
    assert f'name="task-{task.pk}"' in page and "II.1.2" in page
    assert f'name="version" value="{submission.version}"' in page


def test_saving_a_draft_stores_vietnamese_numbers_and_the_words(client_for, unit_user, submission, task):
    data = post_data(submission, **{f"task-{task.pk}": "Đã phục vụ 1.200 lượt bạn đọc."})
    response = client_for(unit_user).post(url(submission), data)
    assert response.status_code == 302 and response.url == url(submission)
    values = {v.indicator.code: v.value for v in submission.values.select_related("indicator")}
    assert values == {"LIB_VISITS": Decimal(1200), "LIB_INTERNET": Decimal(1), "CLUBS": Decimal(12)}
    texts = {(t.kind, t.task_id): t.text for t in SubmissionText.objects.filter(submission=submission)}
    assert texts[(TextKind.TASK_RESULT, task.pk)] == "Đã phục vụ 1.200 lượt bạn đọc."
    assert texts[(TextKind.PROPOSALS, None)] == "Đề nghị bổ sung kinh phí."
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.DRAFT


def test_a_form_with_errors_keeps_the_input_shows_messages_per_cell_and_saves_nothing(
    client_for, unit_user, submission
):
    response = client_for(unit_user).post(url(submission), post_data(submission, visits="-5", clubs="12,5"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "không được là số âm" in page and "phải là số nguyên" in page
    assert 'value="-5"' in page and 'value="12,5"' in page
    assert "Thiếu kinh phí mua sách." in page
    assert not submission.values.exists()
    assert not SubmissionText.objects.filter(submission=submission).exists()
    assert not submission.events.exclude(action="created").exists()


def test_submitting_from_the_form_saves_and_sends(client_for, unit_user, submission):
    response = client_for(unit_user).post(url(submission), {**post_data(submission), "submit": "1"})
    assert response.status_code == 302
    assert response.url == reverse("reporting:submission_detail", args=[submission.pk])
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED and submission.submitted_by == unit_user


def test_submitting_with_a_missing_figure_saves_the_draft_and_lists_what_is_missing(
    client_for, unit_user, submission
):
    client = client_for(unit_user)
    response = client.post(url(submission), {**post_data(submission, clubs=""), "submit": "1"})
    assert response.status_code == 302 and response.url.endswith("?check=1")
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.DRAFT and submission.values.count() == 2
    page = client.get(response.url).content.decode()
    assert "CLUBS" in page and "chưa nhập số liệu" in page


@pytest.fixture
def last_year(plan, unit, unit_user, own_institution, staff_user):
    """An approved 2016-H1 report with 1.000 reader visits."""
    earlier = submission_get_or_create(period=make_period(plan, 2016, "half_year"), unit=unit, user=unit_user)
    fill_report(earlier, unit_user, values={"LIB_VISITS": "1000"}, submit=True)
    return earlier


def test_a_value_with_a_warning_needs_an_explanation_before_it_can_be_sent(
    client_for, unit_user, submission, last_year
):
    client = client_for(unit_user)
    response = client.post(url(submission), {**post_data(submission, visits="5.000"), "submit": "1"})
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.DRAFT
    page = client.get(response.url).content.decode()
    assert "gấp hơn 3 lần" in page and "cần ghi giải trình" in page
    explanation = f"explanation-{cell_key('LIB_VISITS', 'TV-105')}"
    assert f'name="{explanation}"' in page

    data = {**post_data(submission, visits="5.000"), explanation: "Mở thêm phòng đọc thiếu nhi.", "submit": "1"}
    client.post(url(submission), data)
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED
    assert submission.values.get(indicator__code="LIB_VISITS").explanation == "Mở thêm phòng đọc thiếu nhi."


def test_a_thousands_typo_far_above_the_target_shows_its_warning_and_an_explanation_box_on_the_form(
    client_for, unit_user, submission, plan, visits
):
    make_target(plan, visits, "visits-each", scope_mode="each", low=100, high=200, scope_kind="library")
    submission_save(submission=submission, user=unit_user, values={cell_key("LIB_VISITS", "TV-105"): "12.345"})
    page = client_for(unit_user).get(url(submission)).content.decode()
    assert "gấp hơn 5 lần mức cao nhất của chỉ tiêu (200)" in page
    assert f'name="explanation-{cell_key("LIB_VISITS", "TV-105")}"' in page


def test_the_form_shows_last_years_figure_beside_the_value(client_for, unit_user, submission, last_year):
    page = client_for(unit_user).get(url(submission)).content.decode()
    assert "Cùng kỳ năm trước" in page and "1.000" in page


def test_a_concurrent_edit_is_refused_with_a_message_and_the_users_input_is_kept(
    client_for, unit_user, submission
):
    stale = submission.version
    inst_key = cell_key("LIB_VISITS", "TV-105")
    submission_save(submission=submission, user=unit_user, values={inst_key: "700"})
    response = client_for(unit_user).post(url(submission), {**post_data(submission, visits="900"), "version": stale})
    assert response.status_code == 409
    page = response.content.decode()
    assert "người khác thay đổi" in page
    assert 'value="900"' in page and "Đang lưu" in page and "700" in page
    submission.refresh_from_db()
    assert f'name="version" value="{submission.version}"' in page
    assert submission.values.get(indicator__code="LIB_VISITS").value == 700


def test_reviewer_comments_are_shown_next_to_the_values_they_concern(
    client_for, unit_user, staff_user, submission
):
    fill_report(submission, unit_user, submit=True)
    submission_return(
        submission=submission, user=staff_user, comment="Bổ sung phần lời.",
        value_comments={cell_key("LIB_VISITS", "TV-105"): "Số lượt có vẻ thấp, kiểm tra lại."},
    )
    page = client_for(unit_user).get(url(submission)).content.decode()
    assert "Bổ sung phần lời." in page
    row = page.split(f'data-key="{cell_key("LIB_VISITS", "TV-105")}"')[1].split("cell-row")[0]
    assert "Số lượt có vẻ thấp, kiểm tra lại." in row


def test_a_returned_report_can_be_corrected_and_sent_again(client_for, unit_user, staff_user, submission):
    fill_report(submission, unit_user, submit=True)
    submission_return(submission=submission, user=staff_user, comment="Kiểm tra lại.")
    submission.refresh_from_db()
    client = client_for(unit_user)
    client.post(url(submission), {**post_data(submission, visits="1.300"), "submit": "1"})
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED


def test_a_sent_report_cannot_be_edited_any_more(client_for, unit_user, submission):
    fill_report(submission, unit_user, submit=True)
    client = client_for(unit_user)
    response = client.get(url(submission))
    assert response.status_code == 302
    response = client.post(url(submission), post_data(submission, visits="1"))
    assert response.status_code == 302
    assert submission.values.get(indicator__code="LIB_VISITS").value == 10


def test_closing_the_period_blocks_edits(client_for, unit_user, staff_user, submission):
    period_close(period=submission.period, user=staff_user)
    response = client_for(unit_user).post(url(submission), post_data(submission))
    assert response.status_code == 302
    assert response.url == reverse("reporting:submission_detail", args=[submission.pk])
    assert not submission.values.exists()


@pytest.mark.parametrize("who", ["staff_user", "leader_user"])
def test_staff_and_leaders_do_not_fill_a_units_report(request, client_for, who, submission):
    client = client_for(request.getfixturevalue(who))
    assert client.get(url(submission)).status_code == 403
    assert client.post(url(submission), post_data(submission)).status_code == 403
    assert not submission.values.exists()


def test_another_unit_gets_not_found(client_for, other_unit_user, submission):
    client = client_for(other_unit_user)
    assert client.get(url(submission)).status_code == 404
    assert client.post(url(submission), post_data(submission)).status_code == 404


def test_the_anonymous_visitor_is_sent_to_the_login_page(client, submission):
    response = client.get(url(submission))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
