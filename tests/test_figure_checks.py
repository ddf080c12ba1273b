"""Figures as a district clerk types them, and the warnings that catch a typo against the target."""
from decimal import Decimal

import pytest

from reporting.checks import InvalidValue, parse_value
from reporting.selectors import cell_key
from reporting.services import SubmissionError, submission_get_or_create, submission_save, submission_submit

from .factories import IndicatorFactory, make_period, make_target

KEY = cell_key("LIB_VISITS", "TV-105")
TOO_HIGH = "gấp hơn 5 lần mức cao nhất của chỉ tiêu (200)"


@pytest.mark.parametrize("value_type, raw, number", [
    ("decimal", "0.5", "0.5"), ("decimal", "0,5", "0.5"), ("decimal", "0.25", "0.25"), ("decimal", "1.5", "1.5"),
    ("decimal", "12,5", "12.5"), ("decimal", "1.234", "1234"), ("decimal", "12.345", "12345"),
    ("decimal", "1.234.567", "1234567"), ("decimal", "1.234,5", "1234.5"), ("decimal", "1,234.5", "1234.5"),
    ("decimal", "1.234.567,25", "1234567.25"), ("decimal", "12 345", "12345"), ("decimal", "12.50", "12.5"),
    ("percent", "0,5", "0.5"), ("percent", "12.5", "12.5"), ("percent", "0.25", "0.25"),
    ("integer", "12.345", "12345"), ("integer", "1,234", None),
])
def test_numbers_are_read_as_a_vietnamese_clerk_types_them(value_type, raw, number):
    indicator = IndicatorFactory.build(value_type=value_type)
    if number is None:
        with pytest.raises(InvalidValue):
            parse_value(indicator, raw)
    else:
        assert parse_value(indicator, raw) == Decimal(number)


@pytest.mark.parametrize("raw, message", [
    ("0.125", "chỉ được tối đa 2 chữ số thập phân"),  # 0,125, never 125
    ("00.125", "chỉ được tối đa 2 chữ số thập phân"),
    ("-0.5", "không được là số âm"),
    ("1.2.3", "không phải là số"), ("1,2,3", "không phải là số"), ("1,23.5", "không phải là số"),
])
def test_a_leading_zero_is_never_a_thousands_group_and_a_bad_grouping_is_no_number(raw, message):
    with pytest.raises(InvalidValue, match=message):
        parse_value(IndicatorFactory.build(value_type="decimal"), raw)


def test_a_percentage_typed_with_a_thousands_dot_is_refused_not_read_as_a_decimal():
    with pytest.raises(InvalidValue, match="tỷ lệ không được lớn hơn 100"):
        parse_value(IndicatorFactory.build(value_type="percent"), "12.345")


@pytest.fixture
def each_library(period, visits):
    """Each district library: 100 to 200 reader visits in 2017."""
    return make_target(period.plan, visits, "visits-each", scope_mode="each", low=100, high=200,
                       scope_kind="library", scope_levels=["district"])


def save(submission, user, value, explanation=None):
    return submission_save(submission=submission, user=user, values={KEY: value},
                           explanations={KEY: explanation} if explanation else None)


def test_a_thousands_typo_far_above_the_target_warns_and_must_be_explained_before_sending(
    submission, unit_user, each_library
):
    result = save(submission, unit_user, "12.345")
    assert result.ok and result.warnings == {KEY: TOO_HIGH}
    with pytest.raises(SubmissionError) as refused:
        submission_submit(submission=submission, user=unit_user)
    assert any(TOO_HIGH in message and "cần ghi giải trình" in message for message in refused.value.messages)
    save(submission, unit_user, "12.345", explanation="Khai trương thư viện số, đúng là 12.345 lượt.")
    submission_submit(submission=submission, user=unit_user)


@pytest.mark.parametrize("value", ["150", "1.000", "20"])
def test_a_figure_within_five_times_the_target_does_not_warn(submission, unit_user, each_library, value):
    result = save(submission, unit_user, value)
    assert result.ok and result.warnings == {}
    submission_submit(submission=submission, user=unit_user)


def test_a_group_target_is_not_compared_with_one_librarys_figure(submission, unit_user, period, visits):
    make_target(period.plan, visits, "visits-total", scope_mode="group", low=100, high=200, scope_kind="library")
    assert save(submission, unit_user, "12.345").warnings == {}


def test_another_librarys_own_target_does_not_apply(submission, unit_user, period, visits, other_institution):
    make_target(period.plan, visits, "visits-tv106", scope_mode="institution", low=100, high=200,
                institution=other_institution)
    assert save(submission, unit_user, "12.345").warnings == {}


def test_a_librarys_own_target_applies_to_its_figure(submission, unit_user, period, visits, own_institution):
    make_target(period.plan, visits, "visits-tv105", scope_mode="institution", low=100, high=200,
                institution=own_institution)
    assert save(submission, unit_user, "12.345").warnings == {KEY: TOO_HIGH}


def test_a_target_of_another_year_does_not_apply(submission, unit_user, period, visits):
    make_target(period.plan, visits, "visits-each", year=2018, scope_mode="each", low=100, high=200)
    assert save(submission, unit_user, "12.345").warnings == {}


def test_under_a_tenth_of_the_bottom_warns_in_the_annual_report_not_in_the_six_month_one(
    submission, unit, unit_user, each_library, period
):
    assert save(submission, unit_user, "5").warnings == {}  # six months are part of the year's count
    annual = submission_get_or_create(period=make_period(period.plan, 2017, "annual"), unit=unit, user=unit_user)
    assert save(annual, unit_user, "5").warnings == {
        KEY: "chưa bằng một phần mười mức thấp nhất của chỉ tiêu (100)"
    }
    assert save(annual, unit_user, "10").warnings == {}


def test_a_units_own_target_applies_to_its_own_figure(period, unit, unit_user, own_institution):
    festivals = IndicatorFactory(code="FESTIVALS", applies_to="reporting_unit", applies_kind="", applies_levels=[])
    make_target(period.plan, festivals, "festivals-105", scope_mode="reporting_unit", low=1, high=2,
                reporting_unit=unit)
    submission = submission_get_or_create(period=period, unit=unit, user=unit_user)
    result = submission_save(submission=submission, user=unit_user, values={cell_key("FESTIVALS"): "30"})
    assert result.warnings == {cell_key("FESTIVALS"): "gấp hơn 5 lần mức cao nhất của chỉ tiêu (2)"}


def test_quoted_keeps_a_short_text_whole_and_says_what_a_long_one_leaves_out(settings):
    from django.utils import translation

    from laichau_plan.text import quoted, shortened

    assert quoted("mười") == "'mười'"
    assert quoted("a" * 50) == f"'{'a' * 50}'"
    assert quoted("a" * 51) == f"'{'a' * 50}' (… còn 1 ký tự)"
    assert shortened("b" * 1050) == f"{'b' * 50} (… còn 1.000 ký tự)"
    with translation.override("en"):
        assert quoted("a" * 1051) == f"'{'a' * 50}' (… 1,001 more characters)"
        assert quoted("a" * 51) == f"'{'a' * 50}' (… 1 more character)"
