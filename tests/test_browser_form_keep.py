"""In a real browser: a clerk fills the whole report form, attaches a PDF and saves once; every
figure, explanation and word is still there with the file listed. Leaving the form with unsaved
input asks first; leaving it after saving does not."""
import re

import pytest
from playwright.sync_api import expect

from reporting.models import Attachment, SubmissionText
from reporting.services import submission_get_or_create, submission_save
from targets.models import Target

from .browser_support import log_in
from .factories import PDF_BYTES as PDF
from .factories import (
    TaskFactory,
    clerks_form_plan,
    make_period,
    make_responsible,
)

pytestmark = [
    pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("media_root"),
]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "vi-VN", "viewport": {"width": 390, "height": 844}}


@pytest.fixture
def report(unit, unit_user, own_institution):
    """A started report with two libraries, a figure of the unit, two tasks and a stored figure far
    above its target (so its explanation box shows from the start)."""
    plan, visits = clerks_form_plan(unit)
    Target.objects.filter(plan=plan, indicator=visits).update(target_max=100)
    for code in ("II.1.1", "II.1.2"):
        make_responsible(TaskFactory(plan=plan, code=code), unit)
    submission = submission_get_or_create(period=make_period(plan, 2017, "half_year"), unit=unit, user=unit_user)
    submission_save(submission=submission, user=unit_user, values={"LIB_VISITS|TV-105": "5.000"})
    return submission


def edit_url(submission):
    return f"/reporting/submissions/{submission.pk}/edit/"


def test_the_whole_form_and_a_pdf_are_saved_together_and_shown_back(live_server, page, unit_user, report, tmp_path):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    log_in(page, live_server, unit_user.username, edit_url(report))
    form = page.locator("#submission-form")
    expected = {}
    for index, field in enumerate(form.locator("input[name^='value-']").all()):
        expected[field.get_attribute("name")] = f"1.{200 + index:03d}"
    for index, field in enumerate(form.locator("textarea").all()):
        expected[field.get_attribute("name")] = f"Nội dung ô {field.get_attribute('name')}: đã làm {index + 1} việc."
    selects = {field.get_attribute("name"): "1" for field in form.locator("select").all()}
    assert len(expected) >= 3 + 1 + 4  # 3 numbers, 1 explanation, 2 tasks, shortcomings, proposals
    assert any(name.startswith("explanation-") for name in expected) and selects
    assert sum(name.startswith("task-") for name in expected) == 2
    for name, value in expected.items():
        page.fill(f"[name='{name}']", value)
    for name, value in selects.items():
        page.select_option(f"[name='{name}']", value)
    pdf = tmp_path / "Biên bản kiểm tra.pdf"
    pdf.write_bytes(PDF)
    page.set_input_files("#id_file", str(pdf))

    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.locator(".alert-success").first).to_contain_text("Đã lưu bản nháp")
    expect(page).to_have_url(re.compile(rf"{edit_url(report)}$"))
    for name, value in expected.items():
        expect(page.locator(f"[name='{name}']")).to_have_value(value)
    for name, value in selects.items():
        expect(page.locator(f"[name='{name}']")).to_have_value(value)
    expect(page.locator("#attachment-list")).to_contain_text("Biên bản kiểm tra.pdf")
    assert dialogs == []  # saving is not leaving
    assert Attachment.objects.get().original_name == "Biên bản kiểm tra.pdf"
    assert SubmissionText.objects.filter(submission=report).count() == 4


def test_leaving_with_unsaved_input_asks_first_and_leaving_after_saving_does_not(
    live_server, page, unit_user, report
):
    dialogs = []

    def stay(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", stay)
    log_in(page, live_server, unit_user.username, edit_url(report))
    page.click("[name='shortcomings']")
    page.keyboard.type("Thiếu kinh phí bổ sung sách.")
    page.locator(".breadcrumb a").first.click()
    expect(page).to_have_url(re.compile(rf"{edit_url(report)}$"))  # dismissed: still on the form
    assert dialogs == ["beforeunload"]
    expect(page.locator("[name='shortcomings']")).to_have_value("Thiếu kinh phí bổ sung sách.")

    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.locator(".alert-success").first).to_contain_text("Đã lưu bản nháp")
    assert dialogs == ["beforeunload"]  # saving asked nothing
    page.locator(".breadcrumb a").first.click()
    expect(page).to_have_url(re.compile(r"/reporting/$"))
    assert dialogs == ["beforeunload"]  # nothing unsaved: left without a question
