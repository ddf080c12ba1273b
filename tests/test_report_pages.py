"""Report pages: who may see them, what they show, downloads, and constant query counts."""
import datetime
import json

import pytest
from django.urls import reverse

from reports.data import report_data
from reports.models import ConsolidatedReport, ReportStatus
from reports.serialize import dumps
from reports.services import report_create_draft, report_issue, report_update

from institutions.models import Role

from .factories import REPORT_WORDS, InstitutionFactory, make_submission, make_user
from .report_world import build_report_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_report_world()


@pytest.fixture
def issued(world, staff_user):
    draft = report_create_draft(period=world.fy2017, user=staff_user)
    report_update(report=draft, fields=REPORT_WORDS)
    return report_issue(report=draft, user=staff_user, issued_on=datetime.date(2018, 1, 5))


def reader_urls(world, report):
    return [
        reverse("reports:index"),
        reverse("reports:period", args=[world.fy2017.code]),
        reverse("reports:period_download", args=[world.fy2017.code, "json"]),
        reverse("reports:dashboard"),
        reverse("reports:dashboard_area", args=["106"]),
        reverse("reports:dashboard_institution", args=["TV-106"]),
        reverse("reports:plan_progress"),
        reverse("reports:issued_list"),
        reverse("reports:detail", args=[report.pk]),
        reverse("reports:download", args=[report.pk, "json"]),
    ]


def test_anonymous_visitors_are_sent_to_log_in(client, world, issued):
    for url in reader_urls(world, issued):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


def test_unit_members_may_not_read_the_consolidated_report(client_for, world, issued):
    client = client_for(make_user(Role.UNIT, unit=world.units.u105))
    for url in reader_urls(world, issued):
        assert client.get(url).status_code == 403, url


def test_leaders_read_every_report_page(client_for, leader_user, world, issued):
    client = client_for(leader_user)
    for url in reader_urls(world, issued):
        assert client.get(url).status_code == 200, url


def test_leaders_may_not_draft_edit_or_issue(client_for, leader_user, world, staff_user):
    draft = report_create_draft(period=world.fy2017, user=staff_user)
    client = client_for(leader_user)
    assert client.post(reverse("reports:draft_create", args=[world.fy2017.code])).status_code == 403
    assert client.get(reverse("reports:edit", args=[draft.pk])).status_code == 403
    assert client.post(reverse("reports:issue", args=[draft.pk]), {"issued_on": "05/01/2018"}).status_code == 403
    assert ConsolidatedReport.objects.get(pk=draft.pk).status == ReportStatus.DRAFT


def test_the_period_page_shows_the_figures_and_charts(client_for, leader_user, world):
    response = client_for(leader_user).get(reverse("reports:period", args=[world.fy2017.code]))
    html = response.content.decode()
    assert "16.500" in html and "110\u00a0%" in html
    assert "<svg" in html and "Tỷ lệ thực hiện" in html
    assert "8.500" not in html  # the provincial library's report is not approved
    provisional = client_for(leader_user).get(reverse("reports:period", args=[world.fy2017.code]) + "?provisional=1")
    assert "8.500*" in provisional.content.decode()


def test_unknown_periods_and_formats_are_not_found(client_for, staff_user, world):
    client = client_for(staff_user)
    assert client.get(reverse("reports:period", args=["1999-FY"])).status_code == 404
    assert client.get(reverse("reports:period_download", args=[world.fy2017.code, "docx"])).status_code == 404


def test_period_downloads_carry_the_same_numbers(client_for, staff_user, world):
    client = client_for(staff_user)
    url = reverse("reports:period_download", args=[world.fy2017.code, "json"])
    response = client.get(url)
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    assert response.content.decode() == dumps(report_data(world.fy2017))
    pdf = client.get(reverse("reports:period_download", args=[world.fy2017.code, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content[:4] == b"%PDF"
    xlsx = client.get(reverse("reports:period_download", args=[world.fy2017.code, "xlsx"]) + "?provisional=1")
    assert xlsx.content[:2] == b"PK" and "tam-tinh" in xlsx["Content-Disposition"]


def test_staff_draft_edit_and_issue_through_the_pages(client_for, staff_user, world):
    client = client_for(staff_user)
    response = client.post(reverse("reports:draft_create", args=[world.fy2017.code]))
    draft = ConsolidatedReport.objects.get()
    assert response["Location"] == reverse("reports:edit", args=[draft.pk])
    form = client.get(response["Location"]).context["form"]
    fields = {name: (value if value is not None else "") for name, value in form.initial.items() if name in form.fields}
    fields.update({**REPORT_WORDS, "results": "Các thư viện hoạt động tốt.", "include_submitted": ""})
    assert client.post(reverse("reports:edit", args=[draft.pk]), fields).status_code == 302
    confirm = client.get(reverse("reports:issue", args=[draft.pk]), {"number": "", "issued_on": "05/01/2018"})
    assert confirm.status_code == 200 and "confirm-button" in confirm.content.decode()
    draft.refresh_from_db()
    assert draft.status == ReportStatus.DRAFT  # the confirmation page issues nothing
    response = client.post(reverse("reports:issue", args=[draft.pk]),
                           {"number": "", "issued_on": "05/01/2018", "confirmed": "1"})
    assert response["Location"] == reverse("reports:detail", args=[draft.pk])
    draft.refresh_from_db()
    assert (draft.status, draft.number, draft.issued_on, draft.results) == (
        ReportStatus.ISSUED, 1, datetime.date(2018, 1, 5), "Các thư viện hoạt động tốt."
    )


def test_issuing_without_a_signer_is_refused_on_the_confirmation_page(client_for, staff_user, world):
    draft = report_create_draft(period=world.fy2017, user=staff_user)
    client = client_for(staff_user)
    response = client.post(reverse("reports:issue", args=[draft.pk]), {"issued_on": "05/01/2018", "confirmed": "1"})
    assert "người ký" in response.content.decode() and "confirm-button" not in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == ReportStatus.DRAFT


def test_an_issued_report_downloads_the_same_bytes_after_the_data_change(client_for, leader_user, world, issued):
    client = client_for(leader_user)
    before = {fmt: client.get(reverse("reports:download", args=[issued.pk, fmt])).content for fmt in ("pdf", "xlsx", "json")}
    make_submission(world.fy2017, world.units.u105, {(world.indicators.rotation, InstitutionFactory(
        reporting_unit=world.units.u105)): 999})
    world.units.u105.name = "Tên mới"
    world.units.u105.save()
    after = {fmt: client.get(reverse("reports:download", args=[issued.pk, fmt])).content for fmt in ("pdf", "xlsx", "json")}
    assert after == before
    assert before["pdf"] == bytes(ConsolidatedReport.objects.get(pk=issued.pk).pdf)
    assert json.loads(before["json"])["period"]["code"] == "2017-FY"
    name = client.get(reverse("reports:download", args=[issued.pk, "pdf"]))["Content-Disposition"]
    assert "01-BC-SVHTTDL-2018.pdf" in name


def test_the_dashboard_shows_this_years_quotas_and_drills_down(client_for, leader_user, world):
    client = client_for(leader_user)
    response = client.get(reverse("reports:dashboard"))
    assert response.context["period"] == world.fy2017  # latest year with an approved report, annual
    html = response.content.decode()
    assert 'data-target="books-each"' in html and "<svg" in html
    area = client.get(reverse("reports:dashboard_area", args=["106"])).content.decode()
    assert "Thư viện huyện Tam Đường" in area and "7.500" in area
    institution = client.get(reverse("reports:dashboard_institution", args=["TV-106"])).content.decode()
    assert "2016-FY" in institution and "7.000" in institution and "7.500" in institution
    assert client.get(reverse("reports:dashboard_area", args=["999"])).status_code == 404


def test_the_plan_progress_page_lists_targets_year_by_year(client_for, leader_user, world):
    response = client_for(leader_user).get(reverse("reports:plan_progress"))
    progress = response.context["progress"]
    assert progress["years"] == [2016, 2017, 2018, 2019, 2020]
    row = next(r for r in progress["rows"] if r["key"] == "visits-huyen")
    assert row["years"][2017]["actual"] == 16500 and row["years"][2017]["status"] == "within"
    assert 2016 not in row["years"]  # the fixture has targets for 2017 only
    untargeted = next(r for r in progress["rows"] if r["code"] == "VISITS" and r["key"] is None)
    assert untargeted["years"][2016]["actual"] == 8200 + 8000 + 7000
    assert untargeted["years"][2016]["status"] == "no_target"


# --- query counts: the same with little and with more data ---------------------------------------


def grow(world, count):
    for unit in (world.units.u105, world.units.u106):
        values = {}
        for n in range(count):
            library = InstitutionFactory(reporting_unit=unit, code=f"TV-{unit.code}-{n}")
            values[(world.indicators.visits, library)] = 100 + n
            values[(world.indicators.books, library)] = 700
        make_submission(world.fy2017, unit, values)


@pytest.mark.parametrize("name, args, queries", [
    ("reports:period", ["2017-FY"], 17),
    ("reports:dashboard", [], 17),
    ("reports:dashboard_area", ["106"], 22),
    ("reports:dashboard_institution", ["TV-106"], 11),  # no longer computes the whole report
])
def test_page_queries_do_not_grow_with_the_data(client_for, leader_user, world, name, args, queries,
                                                django_assert_num_queries):
    client = client_for(leader_user)
    url = reverse(name, args=args)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
    grow(world, 20)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


def test_report_list_and_detail_queries_do_not_grow(client_for, leader_user, world, issued,
                                                    django_assert_num_queries):
    client = client_for(leader_user)
    urls = [reverse("reports:detail", args=[issued.pk]), reverse("reports:index"), reverse("reports:issued_list")]

    def read_each_in_four_queries():
        for url in urls:
            with django_assert_num_queries(4, info=url):
                assert client.get(url).status_code == 200

    read_each_in_four_queries()
    grow(world, 20)
    read_each_in_four_queries()


def test_the_plan_progress_page_reads_its_cached_reports_in_the_same_queries_for_five_or_ten_years(
    client_for, leader_user, world, django_assert_num_queries
):
    from reporting.periods import periods_create_for_plan

    client = client_for(leader_user)
    url = reverse("reports:plan_progress")
    client.get(url)  # builds and caches the annual reports
    with django_assert_num_queries(7):  # session, user, profile, plans, periods, the cache's generation, plan links
        assert client.get(url).status_code == 200
    world.plan.end_year = 2025
    world.plan.save()
    periods_create_for_plan(plan=world.plan)
    client.get(url)
    with django_assert_num_queries(7):
        response = client.get(url)
    assert response.context["progress"]["years"] == list(range(2016, 2026))
