"""Attachments of a report: what is accepted (by extension and by content), storing, removing.

Accepted: PDF, PNG, JPEG, Word (.doc, .docx) and Excel (.xls, .xlsx), at most 10 MB. The
extension and the first bytes of the file must agree; the content type recorded is ours,
never the browser's. Files are stored under MEDIA_ROOT (outside the web root) with a random
name and only served by a view that checks access.
"""
import os
import uuid
import zipfile

from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import audit_record
from laichau_plan.text import nfc

from .models import Attachment, SubmissionEvent
from .services import SubmissionError, _lock, _require_editable

MAX_SIZE = 10 * 1024 * 1024
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = b"PK\x03\x04"
TYPES = {
    ".pdf": ("application/pdf", b"%PDF-"),
    ".png": ("image/png", b"\x89PNG\r\n\x1a\n"),
    ".jpg": ("image/jpeg", b"\xff\xd8\xff"),
    ".jpeg": ("image/jpeg", b"\xff\xd8\xff"),
    ".doc": ("application/msword", OLE2),
    ".xls": ("application/vnd.ms-excel", OLE2),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ZIP),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ZIP),
}
# An Office Open XML file is a zip with this part inside.
OOXML_PART = {".docx": "word/", ".xlsx": "xl/"}
ACCEPT = ",".join(TYPES)


class AttachmentRejected(Exception):
    """The file is refused; the message says why, in Vietnamese."""


def _extension(name):
    return os.path.splitext(name or "")[1].lower()


def check_upload(upload):
    """Raise AttachmentRejected unless ``upload`` is an accepted type within the size limit.

    Returns the content type to record.
    """
    extension = _extension(upload.name)
    if extension not in TYPES:
        raise AttachmentRejected(
            _("Không nhận tệp '%(name)s': chỉ nhận PDF, ảnh PNG/JPEG, Word (DOC, DOCX), Excel (XLS, XLSX).")
            % {"name": extension or upload.name}
        )
    if upload.size > MAX_SIZE:
        raise AttachmentRejected(_("Tệp quá lớn (%(size).1f MB); tối đa 10 MB.") % {"size": upload.size / 1024 / 1024})
    if upload.size == 0:
        raise AttachmentRejected(_("Tệp rỗng."))
    content_type, magic = TYPES[extension]
    upload.seek(0)
    head = upload.read(len(magic))
    upload.seek(0)
    if head != magic:
        raise AttachmentRejected(_not_what_it_says(extension))
    if extension in OOXML_PART:
        try:
            with zipfile.ZipFile(upload) as archive:
                names = archive.namelist()
        except zipfile.BadZipFile:
            raise AttachmentRejected(_("Tệp %(type)s bị hỏng.") % {"type": extension[1:].upper()}) from None
        finally:
            upload.seek(0)
        if not any(name.startswith(OOXML_PART[extension]) for name in names):
            raise AttachmentRejected(_not_what_it_says(extension))
    return content_type


def _not_what_it_says(extension):
    return _("Nội dung tệp không phải %(type)s như phần mở rộng của tên tệp.") % {"type": extension[1:].upper()}


def _display_name(name):
    name = nfc(os.path.basename((name or "").replace("\\", "/"))) or "tep"
    return "".join(ch for ch in name if ch.isprintable())[:255]


@transaction.atomic
def attachment_add(*, submission, user, upload):
    """Attach ``upload`` to an editable report; recorded in its history."""
    content_type = check_upload(upload)
    locked = _lock(submission)
    _require_editable(locked)
    original = _display_name(upload.name)
    upload.name = f"{uuid.uuid4().hex}{_extension(original)}"
    attachment = Attachment.objects.create(
        submission=locked, file=upload, original_name=original, content_type=content_type,
        size=upload.size, uploaded_by=user,
    )
    _record_change(locked, user, "attachment_add", new_value=original)
    submission.version = locked.version
    return attachment


def _record_change(locked, user, action, *, old_value="", new_value=""):
    """History line, a new version of the report, and the audit line for an attachment change."""
    SubmissionEvent.objects.create(
        submission=locked, user=user, action=SubmissionEvent.Action.ATTACHMENT, field="Tệp đính kèm",
        old_value=old_value, new_value=new_value,
    )
    locked.version += 1
    locked.save(update_fields=["version", "updated_at"])
    audit_record(user=user, action=action, obj=locked, detail=old_value or new_value)


@transaction.atomic
def attachment_delete(*, attachment, user):
    """Remove an attachment from an editable report; the file goes, the history keeps its name."""
    locked = _lock(attachment.submission)
    _require_editable(locked)
    if attachment.submission_id != locked.pk:
        raise SubmissionError(_("Tệp không thuộc báo cáo này."))
    name = attachment.original_name
    stored = attachment.file.name
    attachment.delete()
    _record_change(locked, user, "attachment_remove", old_value=name)
    storage = Attachment._meta.get_field("file").storage
    transaction.on_commit(lambda: storage.delete(stored))
