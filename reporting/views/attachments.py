"""Attachments on the report's read-only page: the unit uploads and removes them while it may edit;
readers download them. On the report form the file goes with the draft (views.submissions)."""
from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from institutions.access import any_role_required

from ..attachments import AttachmentRejected
from ..forms import AttachmentForm
from ..services import SubmissionError, attachment_add, attachment_delete
from .common import can_edit, read_only, submission_for_reader, submission_for_unit_member


def _attachment_of(submission, attachment_pk):
    attachment = submission.attachments.filter(pk=attachment_pk).first()
    if attachment is None:
        raise Http404
    return attachment


def _back(request, submission):
    name = "reporting:submission_edit" if can_edit(request.user, submission) else "reporting:submission_detail"
    return redirect(name, pk=submission.pk)


@any_role_required
@require_POST
def attachment_upload(request, pk):
    submission = submission_for_unit_member(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, _("Không đính kèm được tệp: %(why)s") % {"why": error})
        return _back(request, submission)
    try:
        attachment = attachment_add(submission=submission, user=request.user, upload=form.cleaned_data["file"])
    except (AttachmentRejected, SubmissionError) as exc:
        messages.error(request, _("Không đính kèm được tệp: %(why)s") % {"why": exc})
    else:
        messages.success(request, _("Đã đính kèm %(name)s.") % {"name": attachment.original_name})
    return _back(request, submission)


@any_role_required
@read_only
def attachment_download(request, pk, attachment_pk):
    submission = submission_for_reader(request, pk)
    attachment = _attachment_of(submission, attachment_pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle, as_attachment=True, filename=attachment.original_name, content_type=attachment.content_type
    )


@any_role_required
@require_POST
def attachment_remove(request, pk, attachment_pk):
    submission = submission_for_unit_member(request, pk)
    attachment = _attachment_of(submission, attachment_pk)
    try:
        attachment_delete(attachment=attachment, user=request.user)
    except SubmissionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Đã gỡ tệp %(name)s.") % {"name": attachment.original_name})
    return _back(request, submission)
