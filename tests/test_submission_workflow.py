"""The submission workflow: draft → submitted → returned → resubmitted → approved."""
from decimal import Decimal

import pytest

from reporting.models import SubmissionEvent, SubmissionStatus
from reporting.selectors import cell_key, expected_cells
from reporting.services import (
    SubmissionError,
    submission_approve,
    submission_return,
    submission_save,
    submission_submit,
)

from .factories import IndicatorFactory, make_period, plan_with_indicators

pytestmark = pytest.mark.django_db


@pytest.fixture
def internet():
    return IndicatorFactory(code="LIB_INTERNET", value_type="boolean", aggregation="share_yes")


@pytest.fixture
def period(visits, internet):
    return make_period(plan_with_indicators(visits, internet), 2017, "half_year")


def fill(submission, user, visits="1.200", internet="có"):
    inst = submission.reporting_unit.institutions.get().code
    return submission_save(
        submission=submission, user=user,
        values={cell_key("LIB_VISITS", inst): visits, cell_key("LIB_INTERNET", inst): internet},
    )


def test_the_unit_owes_one_figure_per_indicator_for_each_of_its_libraries(period, unit, own_institution):
    cells = expected_cells(period, unit)
    assert sorted((c.indicator.code, c.institution.code) for c in cells) == [
        ("LIB_INTERNET", own_institution.code), ("LIB_VISITS", own_institution.code),
    ]


def test_saving_keeps_vietnamese_numbers_and_yes_as_one(submission, unit_user):
    result = fill(submission, unit_user)
    assert result.ok
    assert sorted(submission.values.values_list("value", flat=True)) == [Decimal(1), Decimal(1200)]


@pytest.mark.parametrize(
    "raw, message",
    [("-5", "không được là số âm"), ("12,5", "phải là số nguyên"), ("mười", "không phải là số")],
)
def test_a_bad_figure_is_refused_and_nothing_is_saved(submission, unit_user, raw, message):
    result = fill(submission, unit_user, visits=raw)
    assert not result.ok
    assert message in " ".join(result.errors.values())
    assert not submission.values.exists()


def test_the_full_workflow_records_every_step(submission, unit_user, staff_user):
    fill(submission, unit_user)
    submission_submit(submission=submission, user=unit_user)
    submission_return(submission=submission, user=staff_user, comment="Kiểm tra lại số lượt")
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.RETURNED
    fill(submission, unit_user, visits="1300")
    submission_submit(submission=submission, user=unit_user)
    submission_approve(submission=submission, user=staff_user)
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.APPROVED
    actions = list(submission.events.order_by("pk").values_list("action", flat=True))
    assert actions.count(SubmissionEvent.Action.SUBMITTED) == 2
    change = submission.events.filter(action="value", old_value="1.200").get()
    assert change.new_value == "1.300" and change.user == unit_user


def test_an_approved_report_cannot_be_changed(submission, unit_user, staff_user):
    fill(submission, unit_user)
    submission_submit(submission=submission, user=unit_user)
    submission_approve(submission=submission, user=staff_user)
    with pytest.raises(SubmissionError, match="không thể sửa"):
        fill(submission, unit_user, visits="5")


def test_submitting_with_missing_figures_is_refused(submission, unit_user):
    inst = submission.reporting_unit.institutions.get().code
    submission_save(submission=submission, user=unit_user, values={cell_key("LIB_VISITS", inst): "10"})
    with pytest.raises(SubmissionError) as refused:
        submission_submit(submission=submission, user=unit_user)
    assert any("LIB_INTERNET" in message and "chưa nhập" in message for message in refused.value.messages)


def test_approving_a_draft_is_an_illegal_transition(submission, staff_user):
    with pytest.raises(SubmissionError, match="Chỉ xử lý được báo cáo đã gửi"):
        submission_approve(submission=submission, user=staff_user)


def test_returning_needs_a_comment(submission, unit_user, staff_user):
    fill(submission, unit_user)
    submission_submit(submission=submission, user=unit_user)
    with pytest.raises(SubmissionError, match="nhận xét"):
        submission_return(submission=submission, user=staff_user, comment="  ")


def test_a_stale_version_is_refused(submission, unit_user):
    version = submission.version
    fill(submission, unit_user)
    with pytest.raises(SubmissionError, match="người khác"):
        submission_save(submission=submission, user=unit_user, values={}, expected_version=version)
