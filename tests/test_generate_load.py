"""generate_load: a synthetic province with bulk inserts, the same for the same seed."""
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from institutions.models import Institution
from bench.loadgen import generate
from reporting.models import Period, Submission, SubmissionStatus, SubmissionValue
from reporting.selectors import expected_cells

pytestmark = pytest.mark.django_db


def figures():
    return sorted(
        SubmissionValue.objects.values_list(
            "submission__period__code", "submission__reporting_unit__code", "indicator__code", "institution__code",
            "value",
        )
    )


def test_it_makes_the_institutions_periods_and_approved_reports_asked_for():
    summary = generate(institutions=60, years=2, seed=3)
    made = Institution.objects.filter(code__startswith="LT-")
    assert made.count() == summary.institutions == 60
    assert set(made.values_list("kind", flat=True)) >= {"library", "museum", "culture_centre", "cultural_house"}
    assert Period.objects.filter(plan__code="load-2021-2022").count() == summary.periods == 4
    assert Submission.objects.exclude(status=SubmissionStatus.APPROVED).count() == 0
    assert SubmissionValue.objects.count() == summary.values > 0


def test_every_cell_a_unit_owes_has_a_figure():
    generate(institutions=40, years=1, seed=1)
    for submission in Submission.objects.select_related("period__plan", "reporting_unit"):
        owed = {cell.key for cell in expected_cells(submission.period, submission.reporting_unit)}
        stored = {
            f"{code}|{institution or ''}"
            for code, institution in submission.values.values_list("indicator__code", "institution__code")
        }
        assert stored == owed
        assert not submission.values.filter(value__isnull=True).exists()


def figures_for(seed):
    """The figures of a province made with ``seed``, then undone."""
    with transaction.atomic():
        generate(institutions=30, years=1, seed=seed)
        made = figures()
        transaction.set_rollback(True)
    return made


def test_the_same_seed_gives_the_same_figures_and_another_seed_others():
    first = figures_for(7)
    assert figures_for(7) == first
    assert figures_for(8) != first


def test_the_command_prints_what_it_made_and_refuses_a_second_province():
    out = StringIO()
    call_command("generate_load", "--institutions", "20", "--years", "1", "--seed", "2", stdout=out)
    assert "thiết chế: 20" in out.getvalue()
    assert "tổng thời gian" in out.getvalue()
    with pytest.raises(CommandError, match="đã có tỉnh tải thử"):
        call_command("generate_load", "--institutions", "20", "--years", "1", stdout=StringIO())
