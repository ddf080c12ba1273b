"""A unit fills in its report (figures, explanations, words) and sends it; everyone allowed reads it."""
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from institutions.access import any_role_required, is_department_staff

from ..attachments import ACCEPT
from ..forms import DOCUMENT_FIELDS, AttachmentForm, ReopenForm, SubmissionForm, initial_text, value_field_name
from ..models import SubmissionStatus
from ..services import StaleSubmission, SubmissionError, submission_problems, submission_save
from .common import can_edit, read_only, report_context, submission_for_reader, submission_for_unit_member
from .grid import ReportData

MAX_LISTED_PROBLEMS = 15


def _form(data, submission, post=None):
    tasks = [task_text.task for task_text in data.tasks]
    if post is not None:
        return SubmissionForm(post, cells=data.cells, tasks=tasks)
    initial = SubmissionForm.initial_from(submission, data.cells, tasks, data.values, data.texts)
    return SubmissionForm(initial=initial, cells=data.cells, tasks=tasks)


def _render_form(request, submission, data, form, *, problems=(), status=200, files=None, unsaved=False):
    """The form page. ``unsaved``: it shows input that is not saved (the page warns before leaving)."""
    context = report_context(
        submission, data, form=form, problems=problems, accept=ACCEPT, unsaved=unsaved, document_fields=DOCUMENT_FIELDS,
        attachment_form=files or AttachmentForm(optional=True),
    )
    return render(request, "reporting/submission_form.html", context, status=status)


@any_role_required
def submission_edit(request, pk):
    submission = submission_for_unit_member(request, pk)
    if not can_edit(request.user, submission):
        messages.error(request, _("Báo cáo này không sửa được: đã gửi, đã duyệt, hoặc kỳ báo cáo đã khóa."))
        return redirect("reporting:submission_detail", pk=submission.pk)
    data = ReportData(submission)
    if request.method == "POST":
        return _save(request, submission, data)
    form = _form(data, submission)
    data.attach_form(form)
    problems = submission_problems(submission, data.cells) if request.GET.get("check") else ()
    return _render_form(request, submission, data, form, problems=problems)


def _save(request, submission, data):
    """Lưu nháp / Gửi báo cáo: figures, explanations, words and the attached file in one save. A
    refused file does not stop the rest from being saved; the page then says why beside the file."""
    form = _form(data, submission, request.POST)
    files = AttachmentForm(request.POST, request.FILES, optional=True)
    file_ok = files.is_valid()
    if not form.is_valid():
        errors = {cell.key: form.errors[value_field_name(cell.key)][0]
                  for cell in data.cells if value_field_name(cell.key) in form.errors}
        data.attach_form(form, errors=errors)
        messages.error(request, _("Chưa lưu: biểu mẫu không hợp lệ, hãy kiểm tra các ô đánh dấu đỏ."))
        _file_not_kept(request, files)
        return _render_form(request, submission, data, form, status=400, files=files, unsaved=True)
    try:
        result = submission_save(
            submission=submission, user=request.user, values=form.raw_values(), explanations=form.explanations(),
            texts=form.texts(), expected_version=form.cleaned_data["version"], cells=data.cells,
            submit="submit" in request.POST and file_ok, upload=files.cleaned_data["file"] if file_ok else None,
            remove=files.removed(), document=form.document(),
        )
    except SubmissionError as exc:
        if isinstance(exc, StaleSubmission):
            _file_not_kept(request, files)
        return _refused(request, submission, exc)
    if not result.ok:
        data.attach_form(form, warnings=result.warnings, errors=result.errors)
        messages.error(request, ngettext(
            "Chưa lưu gì: %(n)d ô số liệu sai, xem thông báo cạnh từng ô.",
            "Chưa lưu gì: %(n)d ô số liệu sai, xem thông báo cạnh từng ô.", len(result.errors),
        ) % {"n": len(result.errors)})
        _file_not_kept(request, files)
        return _render_form(request, submission, data, form, files=files, unsaved=True)
    _saved_messages(request, result)
    if not file_ok:  # the rest is saved: show it as stored, the refused file's reason beside the file input
        if "submit" in request.POST:
            messages.error(request, _("Chưa gửi báo cáo: tệp đính kèm không nhận được, xem lý do ở mục Tệp đính kèm."))
        data = ReportData(submission)
        form = _form(data, submission)
        data.attach_form(form)
        return _render_form(request, submission, data, form, files=files, status=400)
    if result.submitted:
        messages.success(request, _("Đã gửi báo cáo tới Sở Văn hóa, Thể thao và Du lịch."))
        return redirect("reporting:submission_detail", pk=submission.pk)
    if result.unsent:
        messages.warning(request, _("Đã lưu bản nháp nhưng chưa gửi được báo cáo (%(n)d điểm cần hoàn thiện).")
                         % {"n": len(result.unsent)})
        return redirect(f"{request.path}?check=1")
    if result.warnings:
        messages.warning(request, _("Có số liệu chênh lệch lớn: ghi giải trình cạnh các ô đánh dấu vàng trước khi gửi."))
    return redirect("reporting:submission_edit", pk=submission.pk)


def _saved_messages(request, result):
    if not result.submitted and not result.unsent:
        messages.success(request, _("Đã lưu bản nháp."))
    if result.attachment:
        messages.success(request, _("Đã đính kèm %(name)s.") % {"name": result.attachment.original_name})
    for name in result.removed:
        messages.success(request, _("Đã gỡ tệp %(name)s.") % {"name": name})


def _file_not_kept(request, files):
    """Nothing was saved: a browser cannot keep a chosen file across pages, so say to choose it again."""
    upload = files.cleaned_data.get("file") if files.is_valid() else None
    if upload is not None:
        messages.warning(request, _("Tệp %(name)s chưa được đính kèm: chọn lại tệp rồi bấm Lưu nháp.")
                         % {"name": upload.name})


def _refused(request, submission, exc):
    """A concurrent change (re-show the user's input beside what is stored now) or a refused report."""
    submission.refresh_from_db()
    if not isinstance(exc, StaleSubmission) or not can_edit(request.user, submission):
        for message in exc.messages:
            messages.error(request, message)
        return redirect("reporting:submission_detail", pk=submission.pk)
    data = ReportData(submission)
    post = request.POST.copy()
    post["version"] = str(submission.version)
    form = _form(data, submission, post)
    form.is_valid()
    typed = form.raw_values()
    current = {}
    for key, row in data.rows.items():
        stored = initial_text(row.value)
        if (typed.get(key) or "").strip() != stored:
            current[key] = stored or "—"
    data.attach_form(form, current=current)
    messages.error(request, _(
        "Báo cáo vừa được người khác thay đổi trong lúc bạn sửa; chưa lưu gì. Số liệu bạn nhập vẫn còn dưới đây, "
        "bên cạnh là số đang lưu ở những ô khác nhau. Kiểm tra lại rồi bấm Lưu nháp để ghi đè."
    ))
    return _render_form(request, submission, data, form, status=409, unsaved=True)


def render_detail(request, submission, *, reopen_form=None, status=200):
    """The read-only page of a report; ``reopen_form``: a bound reopening form to show again."""
    data = ReportData(submission)
    events = submission.events.select_related("user").order_by("-at", "-pk")
    staff = is_department_staff(request.user)
    if submission.status != SubmissionStatus.APPROVED or not staff:
        reopen_form = None  # only an approved report is reopened, only by the department's staff
    elif reopen_form is None:
        reopen_form = ReopenForm(initial={"version": submission.version})
    context = report_context(
        submission, data, events=events, can_edit=can_edit(request.user, submission),
        can_review=staff, attachment_form=AttachmentForm(), accept=ACCEPT,
        max_problems=MAX_LISTED_PROBLEMS, reopen_form=reopen_form,
    )
    return render(request, "reporting/submission_detail.html", context, status=status)


@any_role_required
@read_only
def submission_detail(request, pk):
    return render_detail(request, submission_for_reader(request, pk))
