"""The department's digital signature on an issued report's PDF (PAdES, pyHanko).

When ``PORTAL_SIGNING_CERT`` names a PKCS#12 file (with ``PORTAL_SIGNING_PASSWORD``), the PDF of a
report being issued is signed with that certificate: an incremental update appended to WeasyPrint's
bytes, so every byte of the rendered file stays as it was and is covered by the signature. The
visible signature (signer, agency, signing time in Vietnam time, ISO 8601) is drawn in the box the
document template leaves between the signer's title and name (Decree 30/2020, Appendix I, on
electronic documents); the template marks its corners with two named anchors, which WeasyPrint
writes as PDF named destinations. Whether a stored PDF is signed is read back from its bytes.
"""
import datetime
import functools
import logging
import textwrap
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.core.checks import Warning as CheckWarning
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

FIELD_NAME = "ChuKySo"
BOX_ANCHOR, BOX_END_ANCHOR = "signature-box", "signature-box-end"
# Liberation Serif: the metric twin of Times New Roman (README, "System packages"), every Vietnamese letter.
FONT_PATH = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf")
FONT_SIZE = 10  # "Times New Roman 10, upright, black" for the agency signature (Decree 30/2020)
LINE_CHARACTERS = 46


@dataclass(frozen=True)
class SignatureInfo:
    """What the report's page says about a signed PDF."""

    signer: str
    signed_at: datetime.datetime | None
    intact: bool
    covers_whole_file: bool


def signing_configured():
    return bool(getattr(settings, "PORTAL_SIGNING_CERT", ""))


def _certificate_unreadable():
    return _(
        "Không đọc được chứng thư số của Sở (PORTAL_SIGNING_CERT): kiểm tra đường dẫn tệp PKCS#12 và mật "
        "khẩu (PORTAL_SIGNING_PASSWORD)."
    )


def load_signer():
    """The department's signer from the configured PKCS#12 file; ImproperlyConfigured if it cannot be read."""
    from pyhanko.sign import signers

    path = Path(settings.PORTAL_SIGNING_CERT)
    password = getattr(settings, "PORTAL_SIGNING_PASSWORD", "") or None
    try:
        data = path.read_bytes()
        return signers.SimpleSigner.load_pkcs12_data(
            data, other_certs=(), passphrase=password.encode() if password else None
        )
    except (OSError, ValueError) as exc:
        raise ImproperlyConfigured(f"PORTAL_SIGNING_CERT {path}: {exc}") from exc


def certificate_out_of_date(signer, when=None):
    """Why the certificate cannot sign at ``when`` (expired or not yet valid), or None when it can."""
    validity = signer.signing_cert["tbs_certificate"]["validity"]
    start, end = validity["not_before"].native, validity["not_after"].native
    when = when or timezone.now()
    if start <= when <= end:
        return None
    return _(
        "Chứng thư số của Sở (PORTAL_SIGNING_CERT) chỉ có hiệu lực từ %(start)s đến %(end)s: cần cấu hình "
        "chứng thư còn hiệu lực."
    ) % {
        "start": timezone.localtime(start).strftime("%d/%m/%Y"),
        "end": timezone.localtime(end).strftime("%d/%m/%Y"),
    }


def check_signing_certificate(app_configs=None, **kwargs):
    """System check: a configured certificate that cannot be read or is out of date is reported before anyone issues."""
    if not signing_configured():
        return []
    try:
        signer = load_signer()
    except ImproperlyConfigured as exc:
        return [CheckWarning(_certificate_unreadable(), hint=str(exc), id="reports.W001")]
    problem = certificate_out_of_date(signer)
    return [CheckWarning(problem, id="reports.W002")] if problem else []


def _pages(reader):
    """The page objects in order (the page tree flattened)."""
    pages = []

    def walk(node):
        if node.get("/Type") == "/Pages":
            for kid in node["/Kids"]:
                walk(kid.get_object())
        else:
            pages.append(node)

    walk(reader.root["/Pages"])
    return pages


def _named_destinations(reader):
    names = reader.root.get("/Names")
    if names is None or "/Dests" not in names:
        return {}
    found = {}

    def walk(node):
        pairs = node.get("/Names", [])
        for index in range(0, len(pairs), 2):
            found[str(pairs[index])] = pairs[index + 1]
        for kid in node.get("/Kids", []):
            walk(kid.get_object())

    walk(names["/Dests"])
    return found


def signature_box(pdf_bytes):
    """(page index, (x1, y1, x2, y2)) of the box left for the visible signature, in PDF points."""
    from pyhanko.pdf_utils.generic import IndirectObject
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(BytesIO(pdf_bytes), strict=False)
    dests = _named_destinations(reader)
    if BOX_ANCHOR not in dests or BOX_END_ANCHOR not in dests:
        raise ValueError("the PDF has no signature box anchors")
    start, end = dests[BOX_ANCHOR].get_object(), dests[BOX_END_ANCHOR].get_object()
    page_ref = start.raw_get(0)
    if not isinstance(page_ref, IndirectObject) or end.raw_get(0) != page_ref:
        raise ValueError("the signature box anchors are not on one page")
    page_index = next(i for i, page in enumerate(_pages(reader)) if page.container_ref == page_ref.reference)
    # /XYZ left top zoom: WeasyPrint points at each element's top left corner.
    x1, y_top, x2, y_bottom = float(start[2]), float(start[3]), float(end[2]), float(end[3])
    return page_index, (x1, min(y_top, y_bottom), x2, max(y_top, y_bottom))


def _stamp_lines(*, signer_name, agency, signed_at):
    lines = [f"Người ký: {signer_name}"]
    lines += textwrap.wrap(f"Cơ quan: {agency}", LINE_CHARACTERS)
    lines.append(f"Thời gian ký: {signed_at.isoformat(timespec='seconds')}")
    return "\n".join(lines)


def _agency_of(certificate):
    """The agency a certificate names: its organisation, else its common name."""
    subject = certificate.subject.native
    return subject.get("organization_name") or subject.get("common_name") or ""


def sign_pdf(pdf_bytes, *, signer_name, signer=None, agency=None, signed_at=None):
    """The PDF with the department's PAdES signature appended (incremental update), drawn in its box.

    ``signer`` defaults to the configured certificate; ``agency`` to the certificate's organisation.
    The original bytes are kept as they are: the result starts with them.
    """
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.sign import fields, signers
    from pyhanko.stamp import TextStampStyle

    logging.getLogger("fontTools").setLevel(logging.WARNING)  # lines per glyph table otherwise
    signer = signer or load_signer()
    agency = agency or _agency_of(signer.signing_cert) or settings.PORTAL_DEPARTMENT_NAME
    signed_at = timezone.localtime(signed_at or timezone.now())
    page_index, box = signature_box(pdf_bytes)
    writer = IncrementalPdfFileWriter(BytesIO(pdf_bytes), strict=False)
    fields.append_signature_field(writer, fields.SigFieldSpec(FIELD_NAME, on_page=page_index, box=box))
    style = TextStampStyle(
        stamp_text="%(lines)s",
        text_box_style=TextBoxStyle(
            font=_stamp_font_factory()(str(FONT_PATH)), font_size=FONT_SIZE, leading=round(FONT_SIZE * 1.3)
        ),
        border_width=1,
        background=None,
    )
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        name=agency,
        location=settings.PORTAL_PROVINCE_NAME,
        reason=_stamp_reason(signer_name),
    )
    output = BytesIO()
    _timed_signer_class()(meta, signer, stamp_style=style, system_time=signed_at).sign_pdf(
        writer,
        output=output,
        appearance_text_params={"lines": _stamp_lines(signer_name=signer_name, agency=agency, signed_at=signed_at)},
    )
    return output.getvalue()


def _stamp_reason(signer_name):
    return f"Ban hành văn bản; người ký: {signer_name}"


@functools.cache
def _font_bytes_per_mille(path):
    """The font rescaled to 1,000 units per em.

    pyHanko writes a TrueType font's glyph widths in the font's own units, while PDF reads them as
    thousandths of an em: Liberation Serif (2,048 units) would come out with its letters spread twice
    apart. Rescaled, its widths are what PDF expects.
    """
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.scaleUpem import scale_upem

    font = TTFont(path)
    if font["head"].unitsPerEm != 1000:
        scale_upem(font, 1000)
    buffer = BytesIO()
    font.save(buffer)
    return buffer.getvalue()


@functools.cache
def _stamp_font_factory():
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory

    class PerMilleGlyphAccumulatorFactory(GlyphAccumulatorFactory):
        def create_font_engine(self, writer, obj_stream=None):
            if obj_stream is None and writer.stream_xrefs and self.create_objstream_if_needed:
                obj_stream = writer.prepare_object_stream()
            return GlyphAccumulator(
                writer=writer, font_handle=BytesIO(_font_bytes_per_mille(self.font_file)),
                font_size=self.font_size, obj_stream=obj_stream,
            )

    return PerMilleGlyphAccumulatorFactory


@functools.cache
def _timed_signer_class():
    """pyHanko's PdfSigner, signing at the time printed in the box (Vietnam time) rather than its own clock's zone.

    Built on first use: pyHanko takes about a second to import, and most requests never sign.
    """
    from pyhanko.sign import signers

    class TimedPdfSigner(signers.PdfSigner):
        def __init__(self, *args, system_time, **kwargs):
            super().__init__(*args, **kwargs)
            self._system_time = system_time

        def init_signing_session(self, pdf_out, existing_fields_only=False):
            session = super().init_signing_session(pdf_out, existing_fields_only=existing_fields_only)
            session.system_time = self._system_time
            return session

    return TimedPdfSigner


def sign_issued_pdf(pdf_bytes, report):
    """What report_issue freezes: the PDF signed when the department's certificate is configured, else as is.

    A configured certificate that cannot be read, or is out of date, stops the issue (ValidationError):
    nothing is issued.
    """
    if not signing_configured():
        return pdf_bytes
    not_issued = _("Báo cáo chưa được ban hành.")
    try:
        signer = load_signer()
    except ImproperlyConfigured as exc:
        raise ValidationError(f"{_certificate_unreadable()} {not_issued}") from exc
    problem = certificate_out_of_date(signer)
    if problem:
        raise ValidationError(f"{problem} {not_issued}")
    return sign_pdf(pdf_bytes, signer_name=report.signer_name, signer=signer)


def signature_info(pdf_bytes):
    """The PDF's signature (signer, time, intact, covering the whole file), or None when unsigned."""
    if not pdf_bytes:
        return None
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation.generic_cms import validate_sig_integrity
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    reader = PdfFileReader(BytesIO(bytes(pdf_bytes)), strict=False)
    signatures = reader.embedded_regular_signatures
    if not signatures:
        return None
    signature = signatures[-1]
    # Integrity and coverage only: whether the certificate is trusted is for the reader's own software
    # (a trust check here would log a failed path on every view of the page).
    try:
        digest_matches, signature_valid = validate_sig_integrity(
            signature.signer_info, signature.signer_cert, "data", signature.compute_digest()
        )
        intact = digest_matches and signature_valid
        covers = signature.evaluate_signature_coverage() == SignatureCoverageLevel.ENTIRE_FILE
    except ValueError:  # pyHanko's SignatureValidationError among them
        intact = covers = False
    signed_at = signature.self_reported_timestamp
    return SignatureInfo(
        signer=_agency_of(signature.signer_cert),
        signed_at=timezone.localtime(signed_at) if signed_at else None,
        intact=intact,
        covers_whole_file=covers,
    )

