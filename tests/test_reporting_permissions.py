"""Every reporting URL needs a login; leaders never change anything; a unit never reaches
another unit's report."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, reverse

from reporting import urls as reporting_urls
from reporting.models import Attachment

from .factories import fill_report

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def submission(submission, unit_user):
    """The started report (tests/conftest.py), with its figures filled in."""
    return fill_report(submission, unit_user)


@pytest.fixture
def attachment(submission, unit_user):
    from reporting.services import attachment_add

    return attachment_add(submission=submission, user=unit_user, upload=SimpleUploadedFile("a.pdf", PDF))


def every_url(submission, attachment):
    values = {"pk": submission.pk, "code": submission.period.code, "attachment_pk": attachment.pk}
    for pattern in reporting_urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        kwargs = {name: values[name] for name in pattern.pattern.converters}
        yield pattern.name, reverse(f"reporting:{pattern.name}", kwargs=kwargs)


def test_every_reporting_url_sends_the_anonymous_visitor_to_the_login_page(submission, attachment):
    client = Client()
    for name, url in every_url(submission, attachment):
        response = client.post(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), name
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), name


def test_a_user_without_a_portal_role_is_refused_everywhere(django_user_model, submission, attachment):
    client = Client()
    client.force_login(django_user_model.objects.create_user("khach", password="x"))
    for name, url in every_url(submission, attachment):
        assert client.post(url).status_code == 403, name


def test_a_leader_gets_403_on_every_post_and_nothing_changes(client_for, leader_user, submission, attachment):
    client = client_for(leader_user)
    version = submission.version
    for name, url in every_url(submission, attachment):
        assert client.post(url, {"version": version, "reason": "x", "comment": "x"}).status_code == 403, name
    submission.refresh_from_db()
    assert submission.version == version and Attachment.objects.count() == 1


def test_another_unit_gets_404_on_every_page_of_the_report(client_for, other_unit_user, submission, attachment):
    client = client_for(other_unit_user)
    for name in ("submission_detail", "submission_document", "submission_edit", "review", "attachment_upload"):
        url = reverse(f"reporting:{name}", args=[submission.pk])
        method = client.post if name == "attachment_upload" else client.get
        assert method(url).status_code == 404, name
    for name in ("attachment_download", "attachment_remove"):
        url = reverse(f"reporting:{name}", args=[submission.pk, attachment.pk])
        method = client.post if name == "attachment_remove" else client.get
        assert method(url).status_code == 404, name
    assert Attachment.objects.count() == 1


def test_pages_that_only_show_refuse_a_post_and_actions_refuse_a_get(client_for, staff_user, submission, attachment):
    client = client_for(staff_user)
    shows = {"unit_home", "overview", "overview_period", "period_list", "submission_detail", "review",
             "attachment_download", "excel_template", "submission_document"}
    acts = {"period_close", "period_reopen", "submission_start", "review_return", "review_approve",
            "submission_reopen", "attachment_upload", "attachment_remove"}
    for name, url in every_url(submission, attachment):
        if name in shows:
            assert client.post(url).status_code == 405, name
        elif name in acts:
            assert client.get(url).status_code in (403, 405), name
        else:
            # Both: a page on GET, its action on POST.
            assert name in {"submission_edit", "period_create", "excel_upload", "bulk_approve"}, \
                f"{name}: say whether it shows or acts"


def test_a_unit_member_gets_403_on_staff_actions_on_its_own_report(client_for, unit_user, submission):
    client = client_for(unit_user)
    for name in ("review", "review_return", "review_approve", "submission_reopen"):
        method = client.get if name == "review" else client.post
        assert method(reverse(f"reporting:{name}", args=[submission.pk])).status_code == 403, name
    for name in ("period_close", "period_reopen"):
        assert client.post(reverse(f"reporting:{name}", args=[submission.period.code])).status_code == 403, name
