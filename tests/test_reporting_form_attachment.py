"""Attaching a file from the report form: the file goes with the figures and words in one save,
a refused file does not cost what was typed, and ticked files are removed with the draft."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reporting.models import Attachment, SubmissionEvent, SubmissionStatus, TextKind
from reporting.selectors import cell_key
from reporting.services import attachment_add, submission_get_or_create

from .factories import PDF_BYTES as PDF
from .factories import IndicatorFactory, TaskFactory, make_period, make_responsible, plan_with_indicators

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]
VISITS = f"value-{cell_key('LIB_VISITS', 'TV-105')}"


@pytest.fixture
def period(db):
    visits = IndicatorFactory(code="LIB_VISITS", name_vi="Lượt bạn đọc đến thư viện")
    return make_period(plan_with_indicators(visits), 2017, "half_year")


@pytest.fixture
def task(period, unit):
    task = TaskFactory(plan=period.plan, code="II.1.2", text="Phục vụ bạn đọc tại thư viện huyện.")
    make_responsible(task, unit)
    return task


def url(submission):
    return reverse("reporting:submission_edit", args=[submission.pk])


def pdf(name="Biên bản kiểm tra.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def typed(submission, task, **extra):
    return {
        "version": submission.version, VISITS: "1.250", f"task-{task.pk}": "Tổ chức 12 buổi đọc sách.",
        "shortcomings": "Thiếu kinh phí mua sách.", "proposals": "Đề nghị bổ sung kinh phí.", "save": "1", **extra,
    }


def stored_texts(submission):
    return {(text.kind, text.task_id): text.text for text in submission.texts.all()}


def test_saving_the_draft_stores_the_figures_the_words_and_the_file_together(client_for, unit_user, submission, task):
    version = submission.version
    response = client_for(unit_user).post(url(submission), typed(submission, task, file=pdf()), follow=True)
    page = response.content.decode()
    assert "Đã lưu bản nháp." in page and "Đã đính kèm Biên bản kiểm tra.pdf." in page
    assert 'id="attachment-list"' in page and "Biên bản kiểm tra.pdf" in page.split('id="attachment-list"')[1]
    assert submission.values.get().value == 1250
    assert stored_texts(submission) == {
        (TextKind.TASK_RESULT, task.pk): "Tổ chức 12 buổi đọc sách.",
        (TextKind.SHORTCOMINGS, None): "Thiếu kinh phí mua sách.",
        (TextKind.PROPOSALS, None): "Đề nghị bổ sung kinh phí.",
    }
    attachment = Attachment.objects.get()
    assert attachment.submission == submission and attachment.content_type == "application/pdf"
    submission.refresh_from_db()
    assert submission.version == version + 1  # one save, one new version
    assert submission.events.filter(action=SubmissionEvent.Action.ATTACHMENT,
                                    new_value="Biên bản kiểm tra.pdf").exists()


def test_a_refused_file_is_explained_beside_the_file_input_and_what_was_typed_is_saved(
    client_for, unit_user, submission, task
):
    response = client_for(unit_user).post(url(submission), typed(submission, task, file=pdf("virus.exe", b"MZ\x90")))
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="file-error"' in page and "Không đính kèm được tệp:" in page and "chỉ nhận PDF" in page
    assert "Đã lưu bản nháp." in page
    assert not Attachment.objects.exists()
    assert submission.values.get().value == 1250
    assert stored_texts(submission)[(TextKind.SHORTCOMINGS, None)] == "Thiếu kinh phí mua sách."
    # The page shows what is stored now, with the new version, so the next save is not refused as stale.
    submission.refresh_from_db()
    assert 'value="1.250"' in page and "Tổ chức 12 buổi đọc sách." in page
    assert f'name="version" value="{submission.version}"' in page


def test_a_refused_file_keeps_the_report_from_being_sent_but_not_from_being_saved(
    client_for, unit_user, submission, task
):
    data = typed(submission, task, file=pdf("gia-mao.pdf", b"MZ not a pdf"), submit="1")
    data.pop("save")
    response = client_for(unit_user).post(url(submission), data)
    assert "Chưa gửi báo cáo: tệp đính kèm không nhận được" in response.content.decode()
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.DRAFT and submission.values.get().value == 1250


def test_sending_with_a_file_attaches_it_before_the_report_goes(client_for, unit_user, submission, task):
    data = typed(submission, task, file=pdf(), submit="1")
    data.pop("save")
    client_for(unit_user).post(url(submission), data)
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED
    assert Attachment.objects.get().submission == submission


def test_a_wrong_figure_saves_nothing_not_even_the_file_and_says_to_choose_it_again(
    client_for, unit_user, submission, task
):
    response = client_for(unit_user).post(url(submission), typed(submission, task, file=pdf(), **{VISITS: "nhiều"}))
    page = response.content.decode()
    assert "Tệp Biên bản kiểm tra.pdf chưa được đính kèm: chọn lại tệp rồi bấm Lưu nháp." in page
    assert 'value="nhiều"' in page and "Tổ chức 12 buổi đọc sách." in page  # the input is shown back
    assert 'data-unsaved="1"' in page  # and the page warns before it is left unsaved
    assert not Attachment.objects.exists() and not submission.values.exists()


def test_files_ticked_for_removal_go_with_the_draft_and_the_words_are_saved(client_for, unit_user, submission, task):
    kept = attachment_add(submission=submission, user=unit_user, upload=pdf("giu-lai.pdf"))
    gone = attachment_add(submission=submission, user=unit_user, upload=pdf("bo-di.pdf"))
    response = client_for(unit_user).post(url(submission), typed(submission, task, remove=[str(gone.pk)]), follow=True)
    assert "Đã gỡ tệp bo-di.pdf." in response.content.decode()
    assert list(Attachment.objects.values_list("pk", flat=True)) == [kept.pk]
    assert stored_texts(submission)[(TextKind.PROPOSALS, None)] == "Đề nghị bổ sung kinh phí."


def test_a_file_of_another_units_report_cannot_be_removed_through_ones_own_form(
    client_for, unit_user, other_unit, other_unit_user, submission, task, period
):
    theirs = submission_get_or_create(period=period, unit=other_unit, user=other_unit_user)
    their_file = attachment_add(submission=theirs, user=other_unit_user, upload=pdf("cua-ho.pdf"))
    client_for(unit_user).post(url(submission), typed(submission, task, remove=[str(their_file.pk)]))
    assert Attachment.objects.filter(pk=their_file.pk).exists()


def test_another_unit_cannot_attach_a_file_to_the_report(client_for, other_unit_user, submission, task):
    response = client_for(other_unit_user).post(url(submission), typed(submission, task, file=pdf()))
    assert response.status_code == 404
    assert not Attachment.objects.exists()


@pytest.mark.parametrize("who", ["staff_user", "leader_user"])
def test_staff_and_leaders_cannot_attach_through_the_form(request, client_for, submission, task, who):
    response = client_for(request.getfixturevalue(who)).post(url(submission), typed(submission, task, file=pdf()))
    assert response.status_code == 403
    assert not Attachment.objects.exists()


def test_the_form_page_carries_the_file_input_inside_the_report_form_and_the_warning_script(
    client_for, unit_user, submission, task
):
    page = client_for(unit_user).get(url(submission)).content.decode()
    form = page.split('id="submission-form"')[1].split("</form>")[0]
    assert 'enctype="multipart/form-data"' in page.split('id="submission-form"')[0].rsplit("<form", 1)[1]
    assert 'type="file" name="file"' in form and "data-unsaved-warning" in page
    assert 'data-unsaved="1"' not in page
    assert "js/unsaved.js" in page and 'id="attachment-form"' not in page
