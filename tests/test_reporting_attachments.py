"""Attachments: accepted by extension and content, at most 10 MB, downloaded only by those who may read."""
import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from reporting.attachments import MAX_SIZE
from reporting.models import Attachment, SubmissionEvent
from reporting.services import submission_get_or_create

from .factories import PDF_BYTES as PDF
from .factories import fill_report, make_period

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def ooxml(part):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{part}document.xml", "<x/>")
    return buffer.getvalue()


def upload(client, submission, name, content, content_type="application/octet-stream"):
    return client.post(
        reverse("reporting:attachment_upload", args=[submission.pk]),
        {"file": SimpleUploadedFile(name, content, content_type=content_type)}, follow=True,
    )


@pytest.mark.parametrize("name, content, stored_type", [
    ("Báo cáo kèm theo.pdf", PDF, "application/pdf"),
    ("anh-hoat-dong.PNG", PNG, "image/png"),
    ("anh.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 32, "image/jpeg"),
    ("bieu-mau.xlsx", ooxml("xl/"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("van-ban.docx", ooxml("word/"), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("cu.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 32, "application/msword"),
])
def test_accepted_files_are_stored_with_their_name_type_and_a_history_line(
    client_for, unit_user, submission, name, content, stored_type
):
    response = upload(client_for(unit_user), submission, name, content, content_type="text/html")
    assert "Đã đính kèm" in response.content.decode()
    attachment = Attachment.objects.get()
    assert attachment.original_name == name and attachment.content_type == stored_type
    assert attachment.size == len(content) and attachment.uploaded_by == unit_user
    assert name not in attachment.file.name  # stored under a random name
    assert submission.events.filter(action=SubmissionEvent.Action.ATTACHMENT, new_value=name).exists()


@pytest.mark.parametrize("name, content, message", [
    ("virus.exe", b"MZ\x90\x00", "chỉ nhận PDF"),
    ("trang.html", b"<html></html>", "chỉ nhận PDF"),
    ("gia-mao.pdf", b"MZ\x90\x00 not a pdf", "không phải PDF"),
    ("gia-mao.png", PDF, "không phải PNG"),
    ("zip-khac.docx", ooxml("xl/"), "không phải DOCX"),
    ("hong.xlsx", b"PK\x03\x04broken", "bị hỏng"),
])
def test_files_of_the_wrong_type_are_refused_with_a_message(client_for, unit_user, submission, name, content, message):
    response = upload(client_for(unit_user), submission, name, content)
    assert message in response.content.decode()
    assert not Attachment.objects.exists()


def test_a_file_over_ten_megabytes_is_refused(client_for, unit_user, submission):
    response = upload(client_for(unit_user), submission, "lon.pdf", PDF + b"0" * MAX_SIZE)
    assert "tối đa 10 MB" in response.content.decode()
    assert not Attachment.objects.exists()


@pytest.fixture
def attachment(client_for, unit_user, submission):
    upload(client_for(unit_user), submission, "Báo cáo.pdf", PDF)
    return Attachment.objects.get()


def download_url(attachment):
    return reverse("reporting:attachment_download", args=[attachment.submission_id, attachment.pk])


@pytest.mark.parametrize("who", ["unit_user", "staff_user", "leader_user"])
def test_readers_download_the_file_as_an_attachment(request, client_for, attachment, who):
    response = client_for(request.getfixturevalue(who)).get(download_url(attachment))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "private, no-store"  # laichau_plan/middleware.py


def test_another_unit_cannot_download_it(client_for, other_unit_user, attachment):
    assert client_for(other_unit_user).get(download_url(attachment)).status_code == 404


def test_an_attachment_is_only_found_through_its_own_submission(client_for, staff_user, attachment, unit):
    other = submission_get_or_create(
        period=make_period(attachment.submission.period.plan, 2018, "half_year"), unit=unit, user=staff_user
    )
    url = reverse("reporting:attachment_download", args=[other.pk, attachment.pk])
    assert client_for(staff_user).get(url).status_code == 404


def test_the_anonymous_visitor_cannot_download(attachment):
    response = Client().get(download_url(attachment))
    assert response.status_code == 302 and reverse("login") in response.url


@pytest.mark.parametrize("who", ["staff_user", "leader_user"])
def test_staff_and_leaders_may_not_upload_or_remove(request, client_for, who, submission, attachment):
    client = client_for(request.getfixturevalue(who))
    response = client.post(reverse("reporting:attachment_upload", args=[submission.pk]),
                           {"file": SimpleUploadedFile("a.pdf", PDF)})
    assert response.status_code == 403
    remove = reverse("reporting:attachment_remove", args=[submission.pk, attachment.pk])
    assert client.post(remove).status_code == 403
    assert Attachment.objects.count() == 1


def test_the_unit_removes_an_attachment_and_the_history_keeps_its_name(
    client_for, unit_user, submission, attachment, django_capture_on_commit_callbacks
):
    path = Path(attachment.file.path)
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(unit_user).post(reverse("reporting:attachment_remove", args=[submission.pk, attachment.pk]))
    assert not Attachment.objects.exists()
    assert submission.events.filter(action=SubmissionEvent.Action.ATTACHMENT, old_value="Báo cáo.pdf").exists()
    assert not path.exists()


def test_nothing_can_be_attached_once_the_report_is_sent(client_for, unit_user, submission):
    fill_report(submission, unit_user, submit=True)
    response = upload(client_for(unit_user), submission, "muon.pdf", PDF)
    assert "không thể sửa" in response.content.decode()
    assert not Attachment.objects.exists()
