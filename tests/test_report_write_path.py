"""One write path for a report's figures: the web upload, import_report and the web form refuse
alike (a closed period, a unit not expected to report) and an upload costs a fixed number of queries."""
import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from reporting.excel.template import template_bytes
from reporting.models import Submission, SubmissionValue
from reporting.periods import period_close, period_create_ad_hoc
from reporting.services import submission_get_or_create

from .factories import IndicatorFactory, InstitutionFactory, make_target
from .test_report_excel_support import filled, indicators, museum, period, setup, to_bytes  # noqa: F401

pytestmark = pytest.mark.django_db

CLOSED = "Kỳ báo cáo 2017-H1 đã khóa; không thể nhập số liệu"
NOT_EXPECTED = "Đơn vị UBND thành phố Lai Châu (mã 105) không thuộc diện báo cáo kỳ 2017-AH01; không lưu được số liệu."


def upload(client, period, data):
    file = SimpleUploadedFile("bao-cao.xlsx", data)
    return client.post(reverse("reporting:excel_upload", args=[period.code]), {"file": file})


def command_errors(tmp_path, capsys, data):
    path = tmp_path / "bao-cao.xlsx"
    path.write_bytes(data)
    capsys.readouterr()
    with pytest.raises(CommandError, match="không lưu gì"):
        call_command("import_report", str(path))
    return capsys.readouterr().err.splitlines()


def nothing_saved():
    return not Submission.objects.exists() and not SubmissionValue.objects.exists()


def test_uploading_and_importing_into_a_closed_period_are_refused_with_the_same_message(
    setup, unit, client_for, unit_user, staff_user, tmp_path, capsys
):
    data = to_bytes(filled(setup, unit))  # filled while the period was open
    period_close(period=setup, user=staff_user)
    response = upload(client_for(unit_user), setup, data)
    assert response.status_code == 200 and CLOSED in response.text
    assert command_errors(tmp_path, capsys, data) == [CLOSED]
    assert nothing_saved()


@pytest.fixture
def ad_hoc(setup, unit, other_unit, staff_user):
    """An ad hoc period asking for a figure of cultural houses: unit 106 has one, unit 105 none."""
    InstitutionFactory(reporting_unit=other_unit, code="NVH-106", kind="cultural_house", level="commune")
    houses = IndicatorFactory(code="HOUSE_EVENTS", applies_kind="cultural_house", applies_levels=["commune"])
    make_target(setup.plan, houses, "house-events")  # an ad hoc period asks only for its plan's indicators
    return period_create_ad_hoc(
        plan=setup.plan, title="Báo cáo nhanh hoạt động nhà văn hóa", due_date=datetime.date(2017, 9, 1),
        cutoff_start=datetime.date(2017, 6, 1), cutoff_end=datetime.date(2017, 8, 15), indicators=[houses],
        user=staff_user,
    )


def test_a_unit_not_expected_for_an_ad_hoc_period_is_refused_by_upload_command_and_form_alike(
    ad_hoc, unit, client_for, unit_user, tmp_path, capsys
):
    client = client_for(unit_user)
    data = template_bytes(period=ad_hoc, unit=unit)
    response = upload(client, ad_hoc, data)
    assert response.status_code == 200 and NOT_EXPECTED in response.text
    assert 'type="file"' not in client.get(reverse("reporting:excel_upload", args=[ad_hoc.code])).text
    assert command_errors(tmp_path, capsys, data) == [NOT_EXPECTED]
    assert nothing_saved()

    submission = submission_get_or_create(period=ad_hoc, unit=unit, user=unit_user)  # made before the rule said so
    url = reverse("reporting:submission_edit", args=[submission.pk])
    texts = {"shortcomings": "Không có", "version": submission.version}
    response = client.post(url, texts, follow=True)
    assert response.redirect_chain[-1][0] == reverse("reporting:submission_detail", args=[submission.pk])
    assert NOT_EXPECTED in response.text
    submission.refresh_from_db()
    assert submission.version == 1 and not submission.texts.exists()


def test_the_unit_the_ad_hoc_period_expects_saves_its_figure(ad_hoc, other_unit, client_for, other_unit_user):
    data = to_bytes(_fill_one(template_bytes(period=ad_hoc, unit=other_unit)))
    response = upload(client_for(other_unit_user), ad_hoc, data)
    assert response.status_code == 302
    assert SubmissionValue.objects.get().value == 7


def _fill_one(data):
    from io import BytesIO

    from openpyxl import load_workbook

    from reporting.excel.layout import CODES_ROW, DATA_SHEET, FIRST_VALUE_COLUMN

    wb = load_workbook(BytesIO(data))
    wb[DATA_SHEET].cell(CODES_ROW + 2, FIRST_VALUE_COLUMN, 7)
    return wb


@pytest.mark.parametrize("libraries", [0, 12])
def test_an_upload_costs_the_same_queries_whatever_the_number_of_institutions(
    setup, unit, client_for, unit_user, django_assert_num_queries, libraries
):
    for number in range(libraries):
        InstitutionFactory(reporting_unit=unit, code=f"TV-X{number:02d}", name=f"Thư viện xã {number}")
    more = {f"LIB_VISITS__TV_X{number:02d}": 10 + number for number in range(libraries)}
    data = to_bytes(filled(setup, unit, **more))
    client = client_for(unit_user)
    with django_assert_num_queries(QUERIES_FIRST_UPLOAD):
        response = upload(client, setup, data)
    assert response.status_code == 302
    assert SubmissionValue.objects.count() == 4 + libraries
    data = to_bytes(filled(setup, unit, LIB_VISITS__TV_105=1300, **more))
    with django_assert_num_queries(QUERIES_NEXT_UPLOAD):  # the report exists: nothing to make
        upload(client, setup, data)
    assert SubmissionValue.objects.get(indicator__code="LIB_VISITS", institution__code="TV-105").value == 1300


QUERIES_FIRST_UPLOAD = 31  # with the words: the unit's tasks, the report's texts
QUERIES_NEXT_UPLOAD = 25
