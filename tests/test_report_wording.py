"""The sentences the report writes around its numbers read as an officer writes them: no zero counts
spelled out ("0 muộn", "0 chưa có số liệu"), phrases joined, one full stop."""
import pytest

from reports.present import completeness_sentence, headline, status_counts


def summary(**counts):
    base = {"targets": 8, "within": 0, "above": 0, "below": 0, "no_data": 0}
    return {"summary": {**base, **counts}}


def completeness(**counts):
    base = {"expected": 8, "submitted": 0, "on_time": 0, "late": 0, "approved": 0, "missing": 0}
    return {"completeness": {**base, **counts}}


@pytest.mark.parametrize("counts, sentence", [
    (dict(within=4, above=1, below=2, no_data=1),
     "Có 5/8 chỉ tiêu đạt hoặc vượt; 2 chỉ tiêu chưa đạt; 1 chỉ tiêu chưa có số liệu."),
    (dict(within=6, above=2), "Có 8/8 chỉ tiêu đạt hoặc vượt."),
    (dict(within=7, no_data=1), "Có 7/8 chỉ tiêu đạt hoặc vượt; 1 chỉ tiêu chưa có số liệu."),
    (dict(below=3, no_data=5), "Chưa có chỉ tiêu nào trong 8 chỉ tiêu đạt; 3 chỉ tiêu chưa đạt; 5 chỉ tiêu chưa có số liệu."),
    (dict(targets=0), "Kế hoạch không giao chỉ tiêu cho kỳ này."),
])
def test_the_headline_names_only_the_counts_that_are_not_zero(counts, sentence):
    assert headline(summary(**counts)) == sentence


def test_the_status_badges_leave_out_the_statuses_no_target_has():
    badges = [f"{s['label']}: {s['count']}" for s in status_counts(summary(within=5, below=2, no_data=1))]
    assert badges == ["Đạt: 5", "Chưa đạt: 2", "Chưa có số liệu: 1"]


@pytest.mark.parametrize("counts, sentence", [
    (dict(submitted=8, on_time=8, approved=8),
     "8/8 đơn vị đã gửi báo cáo (đều đúng hạn), 8 báo cáo đã được duyệt."),
    (dict(submitted=7, on_time=5, late=2, approved=6, missing=1),
     "7/8 đơn vị đã gửi báo cáo (5 đúng hạn, 2 gửi muộn), 6 báo cáo đã được duyệt; 1 đơn vị chưa gửi."),
    (dict(submitted=2, late=2, missing=6),
     "2/8 đơn vị đã gửi báo cáo (đều gửi muộn), chưa báo cáo nào được duyệt; 6 đơn vị chưa gửi."),
    (dict(missing=8), "Chưa đơn vị nào trong 8 đơn vị phải báo cáo gửi báo cáo."),
])
def test_who_reported_is_said_without_zero_counts(counts, sentence):
    text = completeness_sentence(completeness(**counts))
    assert text == sentence
    assert " 0 " not in f" {text} "


def test_an_ad_hoc_period_joins_the_sentence_by_its_dates_and_quotes_its_title():
    import datetime

    from reporting.models import Period, PeriodKind
    from reports.drafting import period_phrase

    period = Period(
        kind=PeriodKind.AD_HOC, year=2019, title="Báo cáo đột xuất về thư viện",
        cutoff_start=datetime.date(2019, 7, 1), cutoff_end=datetime.date(2019, 9, 30),
    )
    assert period_phrase(period) == (
        "từ ngày 01/07/2019 đến ngày 30/09/2019 (kỳ báo cáo “Báo cáo đột xuất về thư viện”)"
    )


def _areas(count):
    return [{"code": "TINH", "name": "Cấp tỉnh"}] + [{"code": f"H{i}", "name": f"Huyện {i}"} for i in range(count)]


@pytest.mark.parametrize("districts, widths", [(8, [9]), (7, [8]), (12, [7, 6]), (20, [8, 7, 6])])
def test_appendix_two_keeps_eight_districts_in_one_table_and_splits_more_evenly(districts, widths, monkeypatch):
    from reports import documents

    monkeypatch.setattr(documents, "PROVINCE_AREA_CODE", "TINH")
    columns = _areas(districts)
    matrix = [({"number": 1}, [c["code"] for c in columns])]
    blocks = documents.area_blocks(columns, matrix)
    assert [len(block_columns) for block_columns, _ in blocks] == widths
    assert blocks[0][0][0]["code"] == "TINH"  # the province's own column leads the first table
    for block_columns, rows in blocks:  # every table repeats the row labels, with its own cells
        assert rows[0][0] == {"number": 1} and rows[0][1] == [c["code"] for c in block_columns]


def test_a_per_institution_target_says_how_many_institutions_reached_its_minimum():
    from decimal import Decimal

    from reports.present import meeting_text

    target = {"institutions_meeting": 6, "institutions_total": 8, "target_min": Decimal(500)}
    assert meeting_text(target, "sum", "bản") == "6/8 đạt từ 500\u00a0bản"
    assert meeting_text({**target, "target_min": Decimal(1000)}, "sum", "bản") == "6/8 đạt từ 1.000\u00a0bản"
    assert meeting_text({**target, "target_min": None}, "sum", "bản") == "6/8"


def test_a_long_figure_prints_smaller_in_appendix_two_and_breaks_only_after_a_thousands_dot():
    from reports.templatetags.figures import fitting_figures

    assert fitting_figures("9.688 (1/1)") == "9.688 (1/1)"
    assert fitting_figures("85.099.593 (16,8 %)") == '<span class="long-figure">85.<wbr>099.<wbr>593</span> (16,8 %)'
    assert fitting_figures("728.704.845") == '<span class="longer-figure">728.<wbr>704.<wbr>845</span>'
    assert fitting_figures("<b>1.234.567.890</b>").startswith("&lt;b&gt;<span")
