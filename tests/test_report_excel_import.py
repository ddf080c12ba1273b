"""Importing a filled template: the round trip, all or nothing, conflicts, submitting, refusals."""
import datetime
from decimal import Decimal

import pytest

from reporting.excel.layout import DATA_SHEET
from reporting.models import Period, SubmissionEvent, SubmissionStatus, SubmissionValue
from reporting.periods import period_close
from reporting.selectors import cell_key, values_by_key
from reporting.services import submission_approve, submission_get_or_create, submission_save, submission_submit

from .factories import make_target
from .test_report_excel_support import indicators, museum, period, setup  # noqa: F401 (fixtures)
from .test_report_excel_support import cell, fill, filled, row_of, run, state, to_bytes, workbook

pytestmark = pytest.mark.django_db


def stored(period, unit):
    return {
        key: value.value
        for key, value in values_by_key(unit.submissions.get(period=period)).items()
    }


def test_a_filled_template_round_trips_into_the_report(setup, unit, unit_user):
    result = run(to_bytes(filled(setup, unit)), user=unit_user, period=setup, unit=unit)
    assert result.ok, result.messages
    assert result.filled == 4 and result.changed == 4
    assert stored(setup, unit) == {
        cell_key("LIB_VISITS", "TV-105"): Decimal(1200), cell_key("LIB_INTERNET", "TV-105"): Decimal(1),
        cell_key("MUS_SHARE", "BT-105"): Decimal("42.5"), cell_key("FESTIVALS"): Decimal(3),
    }
    events = unit.submissions.get().events.filter(action=SubmissionEvent.Action.IMPORTED)
    assert events.count() == 4 and {event.user for event in events} == {unit_user}
    again = workbook(setup, unit)
    assert cell(again, "TV-105", "LIB_VISITS").value == 1200
    assert cell(again, "TV-105", "LIB_INTERNET").value == "Có"
    assert cell(again, "BT-105", "MUS_SHARE").value == 42.5


def test_importing_the_same_file_twice_changes_nothing_the_second_time(setup, unit, unit_user):
    data = to_bytes(filled(setup, unit))
    run(data, user=unit_user, period=setup, unit=unit)
    version = unit.submissions.get().version
    second = run(data, user=unit_user, period=setup, unit=unit)
    assert second.ok and second.changed == 0
    assert unit.submissions.get().version == version


def test_vietnamese_numbers_written_as_text_are_read_like_on_the_web_form(setup, unit, unit_user):
    data = to_bytes(filled(setup, unit, LIB_VISITS__TV_105="12.345", MUS_SHARE__BT_105="12,5"))
    assert run(data, user=unit_user, period=setup, unit=unit).ok
    values = stored(setup, unit)
    assert values[cell_key("LIB_VISITS", "TV-105")] == Decimal(12345)
    assert values[cell_key("MUS_SHARE", "BT-105")] == Decimal("12.5")


def test_emptying_a_pre_filled_cell_clears_the_figure(setup, unit, unit_user):
    run(to_bytes(filled(setup, unit)), user=unit_user, period=setup, unit=unit)
    wb = fill(workbook(setup, unit), LIB_VISITS__TV_105=None)
    assert run(to_bytes(wb), user=unit_user, period=setup, unit=unit).ok
    assert stored(setup, unit)[cell_key("LIB_VISITS", "TV-105")] is None


def test_a_figure_changed_on_the_portal_after_download_is_kept_when_the_file_leaves_it(setup, unit, unit_user):
    wb = filled(setup, unit)  # downloaded while the report was empty
    submission = submission_get_or_create(period=setup, unit=unit, user=unit_user)
    submission_save(submission=submission, user=unit_user, values={cell_key("LIB_VISITS", "TV-105"): "7"})
    wb = fill(wb, LIB_VISITS__TV_105=None)  # the unit left this cell alone offline
    assert run(to_bytes(wb), user=unit_user, period=setup, unit=unit).ok
    assert stored(setup, unit)[cell_key("LIB_VISITS", "TV-105")] == Decimal(7)


def test_a_figure_changed_both_on_the_portal_and_in_the_file_is_refused(setup, unit, unit_user):
    wb = filled(setup, unit)
    submission = submission_get_or_create(period=setup, unit=unit, user=unit_user)
    submission_save(submission=submission, user=unit_user, values={cell_key("LIB_VISITS", "TV-105"): "7"})
    before = state(setup, unit)
    result = run(to_bytes(wb), user=unit_user, period=setup, unit=unit)
    assert not result.ok
    assert "đã được sửa trên cổng sau khi tải mẫu (nay là 7" in result.messages[0]
    assert result.messages[0].startswith("Trang 'Số liệu', dòng ")
    assert state(setup, unit) == before


def test_reordered_rows_are_read_by_their_codes(setup, unit, unit_user):
    wb = filled(setup, unit)
    ws = wb[DATA_SHEET]
    first, second = row_of(ws, "TV-105"), row_of(ws, "BT-105")
    for column in range(1, ws.max_column + 1):
        a, b = ws.cell(first, column), ws.cell(second, column)
        a.value, b.value = b.value, a.value
    assert run(to_bytes(wb), user=unit_user, period=setup, unit=unit).ok
    assert stored(setup, unit)[cell_key("LIB_VISITS", "TV-105")] == Decimal(1200)


def test_the_command_line_form_needs_no_unit_or_period_the_file_says_which(setup, unit):
    result = run(to_bytes(filled(setup, unit)))
    assert result.ok and result.unit == unit and result.period == setup
    assert unit.submissions.get().values.filter(updated_by__isnull=True).count() == 4


def test_submit_sends_the_report_after_importing(setup, unit, unit_user):
    result = run(to_bytes(filled(setup, unit)), user=unit_user, period=setup, unit=unit, submit=True)
    assert result.ok and result.submitted
    submission = unit.submissions.get()
    assert submission.status == SubmissionStatus.SUBMITTED and submission.submitted_by == unit_user


def test_a_refused_submit_keeps_nothing_of_the_import(setup, unit, unit_user):
    wb = filled(setup, unit, FESTIVALS__105=None)
    result = run(to_bytes(wb), user=unit_user, period=setup, unit=unit, submit=True)
    assert not result.ok
    assert any("Không gửi được báo cáo" in m and "FESTIVALS" in m and "chưa nhập" in m for m in result.messages)
    assert not SubmissionValue.objects.exists()
    assert not unit.submissions.exists()


def test_an_approved_report_is_not_imported_into(setup, unit, unit_user, staff_user):
    run(to_bytes(filled(setup, unit)), user=unit_user, period=setup, unit=unit, submit=True)
    submission_approve(submission=unit.submissions.get(), user=staff_user)
    before = state(setup, unit)
    result = run(to_bytes(filled(setup, unit, LIB_VISITS__TV_105=5)), user=unit_user, period=setup, unit=unit)
    assert result.messages == ["Báo cáo đang ở trạng thái 'đã duyệt'; không thể nhập số liệu"]
    assert state(setup, unit) == before


def test_a_closed_period_is_not_imported_into(setup, unit, unit_user, staff_user):
    data = to_bytes(filled(setup, unit))
    period_close(period=setup, user=staff_user)
    result = run(data, user=unit_user, period=Period.objects.get(pk=setup.pk), unit=unit)
    assert result.messages == ["Kỳ báo cáo 2017-H1 đã khóa; không thể nhập số liệu"]
    assert not SubmissionValue.objects.exists()


def test_a_submitted_report_is_not_imported_into(setup, unit, unit_user):
    run(to_bytes(filled(setup, unit)), user=unit_user, period=setup, unit=unit)
    submission_submit(submission=unit.submissions.get(), user=unit_user)
    result = run(to_bytes(filled(setup, unit, LIB_VISITS__TV_105=5)), user=unit_user, period=setup, unit=unit)
    assert "đã gửi" in result.messages[0]


def test_a_big_jump_is_saved_with_a_warning_to_explain(setup, unit, unit_user, indicators):
    previous = Period.objects.get(code="2016-H1")
    old = submission_get_or_create(period=previous, unit=unit, user=unit_user)
    submission_save(submission=old, user=unit_user, values={cell_key("LIB_VISITS", "TV-105"): "100"})
    old.status = SubmissionStatus.SUBMITTED
    old.save(update_fields=["status"])
    result = run(to_bytes(filled(setup, unit)), user=unit_user, period=setup, unit=unit)
    assert result.ok
    assert [str(w) for w in result.warnings] == [
        f"Trang 'Số liệu', dòng {row_of(workbook(setup, unit)[DATA_SHEET], 'TV-105')}, cột E (LIB_VISITS): "
        "gấp hơn 3 lần kỳ cùng kỳ năm trước (100)"
    ]


def test_a_thousands_typo_far_above_the_target_warns_as_on_the_web_form(setup, unit, unit_user, indicators):
    make_target(setup.plan, indicators[0], "visits-each", scope_mode="each", low=100, high=200,
                scope_kind="library", scope_levels=["district"])
    result = run(to_bytes(filled(setup, unit, LIB_VISITS__TV_105="12.345")), user=unit_user, period=setup, unit=unit)
    assert result.ok
    assert [str(w) for w in result.warnings] == [
        f"Trang 'Số liệu', dòng {row_of(workbook(setup, unit)[DATA_SHEET], 'TV-105')}, cột E (LIB_VISITS): "
        "gấp hơn 5 lần mức cao nhất của chỉ tiêu (200)"
    ]


def test_a_date_in_a_number_cell_is_refused(setup, unit, unit_user):
    wb = filled(setup, unit, LIB_VISITS__TV_105=datetime.datetime(2017, 5, 1))
    result = run(to_bytes(wb), user=unit_user, period=setup, unit=unit)
    assert "ô chứa ngày tháng" in result.messages[0]


def test_a_percentage_typed_with_the_percent_sign_is_read_as_percent(setup, unit, unit_user):
    wb = filled(setup, unit, MUS_SHARE__BT_105=0.425)
    cell(wb, "BT-105", "MUS_SHARE").number_format = "0.0%"  # what Excel does when one types 42,5%
    assert run(to_bytes(wb), user=unit_user, period=setup, unit=unit).ok
    assert stored(setup, unit)[cell_key("MUS_SHARE", "BT-105")] == Decimal("42.5")


def test_yes_and_no_written_with_decomposed_accents_are_understood(setup, unit, unit_user):
    import unicodedata

    wb = filled(setup, unit, LIB_INTERNET__TV_105=unicodedata.normalize("NFD", "Không"))
    assert run(to_bytes(wb), user=unit_user, period=setup, unit=unit).ok
    assert stored(setup, unit)[cell_key("LIB_INTERNET", "TV-105")] == Decimal(0)


def test_an_import_of_many_figures_is_one_history_line_naming_how_many(setup, unit, unit_user):
    from .factories import InstitutionFactory

    for number in range(1, 12):  # 12 libraries x 2 indicators, the museum's and the unit's: 26 figures
        InstitutionFactory(reporting_unit=unit, code=f"TV-X{number:02d}", name=f"Thư viện {number}")
    wb = workbook(setup, unit)
    ws = wb[DATA_SHEET]
    libraries = ["TV-105", *(f"TV-X{number:02d}" for number in range(1, 12))]
    for code in libraries:
        fill(wb, **{f"LIB_VISITS__{code.replace('-', '_')}": 1000, f"LIB_INTERNET__{code.replace('-', '_')}": "Có"})
    fill(wb, MUS_SHARE__BT_105=40, FESTIVALS__105=2)
    assert row_of(ws, "TV-X11")
    result = run(to_bytes(wb), user=unit_user, period=setup, unit=unit)
    assert result.ok, result.messages
    assert result.changed == 26 and result.filled == 26
    events = list(unit.submissions.get().events.filter(action=SubmissionEvent.Action.IMPORTED))
    assert len(events) == 1 and events[0].user == unit_user
    assert events[0].field == "26 số liệu"
    # the first five figures, in the template's order (rows by code: the museum BT-105 first)
    assert events[0].new_value.startswith("MUS_SHARE — Bảo tàng thành phố: trống → 40; LIB_INTERNET — ")
    assert events[0].new_value.endswith("… và 21 số liệu khác")
    assert SubmissionValue.objects.filter(submission__reporting_unit=unit).count() == 26
