"""Starting a report from the words of the unit's own last like report: opt-in, words only (never
figures), six-month from six-month and annual from annual, never another unit's."""
import pytest
from django.urls import reverse

from reporting.models import Period, Submission, SubmissionEvent, TextKind
from reporting.periods import period_create_ad_hoc
from reporting.selectors import previous_texts_source
from reporting.services import submission_save, submission_start

from .factories import PlanFactory, TaskFactory, make_responsible, make_submission

pytestmark = pytest.mark.django_db
HOME = reverse("reporting:unit_home")


@pytest.fixture
def task(period, unit):
    task = TaskFactory(plan=period.plan, code="II.1.2")
    make_responsible(task, unit)
    return task


def period(code):
    return Period.objects.get(code=code)


def words(task, tag):
    return [
        (TextKind.TASK_RESULT, task, f"Kết quả nhiệm vụ II.1.2 kỳ {tag}."),
        (TextKind.SHORTCOMINGS, None, f"Tồn tại kỳ {tag}."),
        (TextKind.PROPOSALS, None, f"Đề xuất kỳ {tag}."),
    ]


def texts_of(submission):
    return {(text.kind, text.task_id): text.text for text in submission.texts.all()}


def test_a_new_report_starts_with_the_words_of_the_last_like_report_and_none_of_its_figures(
    unit, unit_user, own_institution, visits, task
):
    make_submission(period("2016-H1"), unit, {(visits, own_institution): 900}, texts=words(task, "2016-H1"))
    new = submission_start(period=period("2017-H1"), unit=unit, user=unit_user, copy_texts=True)
    assert texts_of(new) == {
        (TextKind.TASK_RESULT, task.pk): "Kết quả nhiệm vụ II.1.2 kỳ 2016-H1.",
        (TextKind.SHORTCOMINGS, None): "Tồn tại kỳ 2016-H1.",
        (TextKind.PROPOSALS, None): "Đề xuất kỳ 2016-H1.",
    }
    assert not new.values.exists()
    new.refresh_from_db()
    assert new.texts_copied_from == period("2016-H1") and new.status == "draft"
    assert new.events.filter(action=SubmissionEvent.Action.TEXT).count() == 3


def test_six_month_reports_copy_from_six_month_ones_and_annual_from_annual(unit, unit_user, own_institution, task):
    make_submission(period("2016-H1"), unit, {}, texts=words(task, "2016-H1"))
    make_submission(period("2016-FY"), unit, {}, texts=words(task, "2016-FY"))
    half = submission_start(period=period("2017-H1"), unit=unit, user=unit_user, copy_texts=True)
    annual = submission_start(period=period("2017-FY"), unit=unit, user=unit_user, copy_texts=True)
    assert texts_of(half)[(TextKind.SHORTCOMINGS, None)] == "Tồn tại kỳ 2016-H1."
    assert texts_of(annual)[(TextKind.SHORTCOMINGS, None)] == "Tồn tại kỳ 2016-FY."


def test_the_source_is_the_latest_earlier_like_report_that_has_words(unit, own_institution, visits, task):
    make_submission(period("2016-H1"), unit, {}, texts=words(task, "2016-H1"))
    make_submission(period("2017-H1"), unit, {(visits, own_institution): 5})  # figures only, no words
    make_submission(period("2019-H1"), unit, {}, texts=words(task, "2019-H1"))  # later: never a source
    assert previous_texts_source(period("2018-H1"), unit).period == period("2016-H1")
    make_submission(period("2017-H1"), unit, {}, texts=words(task, "2017-H1"))
    assert previous_texts_source(period("2018-H1"), unit).period == period("2017-H1")
    assert previous_texts_source(period("2016-H1"), unit) is None


def test_a_unit_never_copies_another_units_words(unit, unit_user, other_unit, other_institution, own_institution, task):
    make_submission(period("2016-H1"), other_unit, {}, texts=words(task, "của đơn vị khác"))
    assert previous_texts_source(period("2017-H1"), unit) is None
    new = submission_start(period=period("2017-H1"), unit=unit, user=unit_user, copy_texts=True)
    assert not new.texts.exists() and new.texts_copied_from is None


def test_nothing_is_copied_unless_asked(unit, unit_user, own_institution, task):
    make_submission(period("2016-H1"), unit, {}, texts=words(task, "2016-H1"))
    new = submission_start(period=period("2017-H1"), unit=unit, user=unit_user)
    assert not new.texts.exists() and new.texts_copied_from is None


def test_words_already_written_are_never_overwritten(unit, unit_user, own_institution, task):
    make_submission(period("2016-H1"), unit, {}, texts=words(task, "2016-H1"))
    started = submission_start(period=period("2017-H1"), unit=unit, user=unit_user)
    submission_save(submission=started, user=unit_user, texts={(TextKind.PROPOSALS, None): "Viết mới kỳ này."})
    again = submission_start(period=period("2017-H1"), unit=unit, user=unit_user, copy_texts=True)
    assert texts_of(again) == {(TextKind.PROPOSALS, None): "Viết mới kỳ này."}


def test_results_of_tasks_outside_this_periods_plan_are_not_copied(unit, unit_user, own_institution, task):
    old_task = TaskFactory(plan=PlanFactory(code="kh-cu"), code="I.9")
    make_submission(period("2016-H1"), unit, {}, texts=[
        (TextKind.TASK_RESULT, old_task, "Nhiệm vụ của kế hoạch khác."), (TextKind.SHORTCOMINGS, None, "Tồn tại."),
    ])
    new = submission_start(period=period("2017-H1"), unit=unit, user=unit_user, copy_texts=True)
    assert texts_of(new) == {(TextKind.SHORTCOMINGS, None): "Tồn tại."}


def test_an_ad_hoc_period_has_nothing_to_copy_from(unit, own_institution, visits, task):
    ad_hoc = period_create_ad_hoc(
        plan=task.plan, title="Báo cáo nhanh", due_date=period("2017-H1").due_date,
        cutoff_start=period("2017-H1").cutoff_start, cutoff_end=period("2017-H1").cutoff_end, indicators=[visits],
    )
    make_submission(ad_hoc, unit, {}, texts=words(task, "đột xuất"))
    assert previous_texts_source(ad_hoc, unit) is None


# --- the start page and the form ------------------------------------------------------------------


def card(page, code):
    return page.split(f'data-period="{code}"')[1].split('class="col-12')[0]


def test_the_box_is_offered_only_on_a_period_that_has_a_like_report_to_copy_from(
    client_for, unit_user, unit, own_institution, task
):
    page = client_for(unit_user).get(HOME).content.decode()
    assert 'name="copy_texts"' not in page
    make_submission(period("2016-H1"), unit, {}, texts=words(task, "2016-H1"))
    page = client_for(unit_user).get(HOME).content.decode()
    assert ("Chép nội dung thuyết minh của kỳ trước (Báo cáo 6 tháng đầu năm 2016) làm bản nháp"
            in card(page, "2017-H1"))
    assert 'name="copy_texts"' not in card(page, "2017-FY")  # no annual report written yet
    assert 'name="copy_texts"' not in card(page, "2016-FY")


def test_another_units_words_offer_no_box(client_for, unit_user, other_unit, own_institution, task):
    make_submission(period("2016-H1"), other_unit, {}, texts=words(task, "của đơn vị khác"))
    assert 'name="copy_texts"' not in client_for(unit_user).get(HOME).content.decode()


def test_starting_with_the_box_ticked_opens_the_form_with_the_copied_words_and_a_notice(
    client_for, unit_user, unit, own_institution, task
):
    make_submission(period("2016-H1"), unit, {}, texts=words(task, "2016-H1"))
    client = client_for(unit_user)
    response = client.post(reverse("reporting:submission_start", args=["2017-H1"]), {"copy_texts": "1"}, follow=True)
    page = response.content.decode()
    assert 'id="texts-copied"' in page
    assert "được chép từ báo cáo kỳ trước của đơn vị (Báo cáo 6 tháng đầu năm 2016)" in page
    assert "Tồn tại kỳ 2016-H1." in page and "Kết quả nhiệm vụ II.1.2 kỳ 2016-H1." in page


def test_starting_without_the_box_opens_an_empty_form_without_the_notice(
    client_for, unit_user, unit, own_institution, task
):
    make_submission(period("2016-H1"), unit, {}, texts=words(task, "2016-H1"))
    response = client_for(unit_user).post(reverse("reporting:submission_start", args=["2017-H1"]), follow=True)
    page = response.content.decode()
    assert 'id="texts-copied"' not in page and "Tồn tại kỳ 2016-H1." not in page
    assert Submission.objects.get(period__code="2017-H1").texts.count() == 0


def test_another_unit_starting_with_the_box_gets_none_of_these_words(
    client_for, other_unit_user, unit, own_institution, other_institution, task
):
    make_submission(period("2016-H1"), unit, {}, texts=words(task, "2016-H1"))
    client_for(other_unit_user).post(reverse("reporting:submission_start", args=["2017-H1"]), {"copy_texts": "1"})
    theirs = Submission.objects.get(period__code="2017-H1", reporting_unit__code="106")
    assert not theirs.texts.exists() and theirs.texts_copied_from is None


def test_a_source_whose_words_all_belong_to_another_plan_leaves_no_notice(unit, unit_user, own_institution, task):
    old_task = TaskFactory(plan=PlanFactory(code="kh-cu"), code="I.9")
    make_submission(period("2016-H1"), unit, {}, texts=[(TextKind.TASK_RESULT, old_task, "Của kế hoạch khác.")])
    new = submission_start(period=period("2017-H1"), unit=unit, user=unit_user, copy_texts=True)
    new.refresh_from_db()
    assert not new.texts.exists() and new.texts_copied_from is None


def test_finding_what_to_copy_costs_the_home_page_no_query(
    client_for, unit_user, unit, own_institution, task, django_assert_num_queries
):
    client = client_for(unit_user)
    with django_assert_num_queries(8):  # as without anything to copy (test_reporting_unit_home)
        client.get(HOME)
    for code in ("2016-H1", "2016-FY", "2017-H1", "2018-FY"):
        make_submission(period(code), unit, {}, texts=words(task, code))
    with django_assert_num_queries(8):
        page = client.get(HOME).content.decode()
    offered = {code: card(page, code) for code in ("2017-FY", "2018-H1", "2019-FY", "2020-H1")}
    assert "(Báo cáo năm 2016)" in offered["2017-FY"] and "(Báo cáo 6 tháng đầu năm 2017)" in offered["2018-H1"]
    assert "(Báo cáo năm 2018)" in offered["2019-FY"] and "(Báo cáo 6 tháng đầu năm 2017)" in offered["2020-H1"]
    assert page.count('name="copy_texts"') == 6  # every period not started: 2017-FY, 2018-H1, 2019 and 2020
