"""Small readers of plans: cadence blocks, scope wording, dates of the reporting deadlines."""
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation

from targets.models import Target
from targets.selectors import cadence_block, describe_scope, month_day_display, plan_latest, target_cell


@pytest.mark.parametrize(
    ("year", "block"),
    [(2016, [2016, 2017]), (2017, [2016, 2017]), (2018, [2018, 2019]), (2019, [2018, 2019]), (2020, [2020])],
)
def test_a_two_year_cadence_cuts_the_plan_into_blocks_from_its_first_year(year, block):
    assert cadence_block(start_year=2016, end_year=2020, year=year, cadence_years=2) == block


def test_a_yearly_cadence_is_the_year_itself():
    assert cadence_block(start_year=2016, end_year=2020, year=2018, cadence_years=1) == [2018]


def test_deadlines_read_day_first():
    assert month_day_display("06-20") == "20/06"
    assert month_day_display("11-30") == "30/11"


@pytest.mark.django_db
def test_scopes_and_cells_are_described_in_words():
    call_command("load_plan", stdout=StringIO())
    with translation.override("vi"):
        def described(key):
            target = Target.objects.select_related("indicator").get(key=key, year=2020)
            return describe_scope(target), target_cell(target)

        assert described("lib-books-district-each") == ("Mỗi thư viện cấp huyện", "500–1.000")
        assert described("lib-displays-sum") == ("Tổng các thư viện cấp tỉnh, cấp huyện", "15–20")
        assert described("lib-internet-district-share") == ("Tỷ lệ thư viện cấp huyện đạt", "≥ 100 %")
        assert described("festivals-district") == ("Mỗi trung tâm văn hóa cấp huyện", "≥ 1")
    assert plan_latest().code == "laichau-1133-2015"
