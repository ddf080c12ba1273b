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


def store_upload(locked, user, upload):
    """Store ``upload`` (already passed ``check_upload``) on the locked report; returns the
    attachment and its history line (not yet saved), for the caller to save with its others."""
    content_type = check_upload(upload)
    original = _display_name(upload.name)
    upload.name = f"{uuid.uuid4().hex}{_extension(original)}"
    attachment = Attachment.objects.create(
        submission=locked, file=upload, original_name=original, content_type=content_type,
        size=upload.size, uploaded_by=user,
    )
    audit_record(user=user, action="attachment_add", obj=locked, detail=original)
    return attachment, _event(locked, user, new_value=original)


def drop_attachment(locked, user, attachment):
    """Remove ``attachment`` of the locked report: the row now, the file once the transaction
    commits; returns its history line (not yet saved). The history keeps its name."""
    if attachment.submission_id != locked.pk:
        raise AttachmentRejected(_("Tệp không thuộc báo cáo này."))
    name, stored = attachment.original_name, attachment.file.name
    attachment.delete()
    storage = Attachment._meta.get_field("file").storage
    transaction.on_commit(lambda: storage.delete(stored))
    audit_record(user=user, action="attachment_remove", obj=locked, detail=name)
    return _event(locked, user, old_value=name)


def _event(locked, user, *, old_value="", new_value=""):
    return SubmissionEvent(
        submission=locked, user=user, action=SubmissionEvent.Action.ATTACHMENT, field="Tệp đính kèm",
        old_value=old_value, new_value=new_value,
    )
