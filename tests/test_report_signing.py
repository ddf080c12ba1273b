"""Issued reports signed with the department's certificate (PAdES), checked by pyHanko and by poppler's pdfsig."""
import datetime
import hashlib
import shutil
import subprocess
from io import BytesIO

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.core.exceptions import ValidationError
from django.urls import reverse

from reports.models import ConsolidatedReport, ReportStatus
from reports.services import report_create_draft, report_issue, report_update
from reports.signing import check_signing_certificate, signature_box, signature_info

from .factories import REPORT_WORDS
from .report_world import build_report_world

pytestmark = pytest.mark.django_db

AGENCY = "Sở Văn hóa, Thể thao và Du lịch tỉnh Lai Châu"
PASSWORD = "Mat-khau-2026"
SIGNER = "Nguyễn Văn Bình"


def _name(common_name, organization=None):
    attributes = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"), x509.NameAttribute(NameOID.COMMON_NAME, common_name)]
    if organization:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization))
    return x509.Name(attributes)


def _certificate(subject, issuer, public_key, issuer_key, *, ca, days=(-1, 30)):
    now = datetime.datetime.now(datetime.timezone.utc)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject).issuer_name(issuer).public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now + datetime.timedelta(days=days[0]))
        .not_valid_after(now + datetime.timedelta(days=days[1]))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=not ca, content_commitment=not ca, key_encipherment=False, data_encipherment=False,
            key_agreement=False, key_cert_sign=ca, crl_sign=ca, encipher_only=False, decipher_only=False,
        ), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
    )
    return builder.sign(issuer_key, hashes.SHA256())


@pytest.fixture(scope="module")
def throwaway_ca(tmp_path_factory):
    """A root CA of our own and the department's signing certificate under it, as a PKCS#12 file."""
    root_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    root_name = _name("CA thử nghiệm của kiểm thử")
    root = _certificate(root_name, root_name, root_key.public_key(), root_key, ca=True)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = _certificate(_name(AGENCY, AGENCY), root_name, key.public_key(), root_key, ca=False)
    folder = tmp_path_factory.mktemp("cert")
    p12 = folder / "so-vhttdl.p12"
    p12.write_bytes(pkcs12.serialize_key_and_certificates(
        b"so-vhttdl", key, cert, [root], serialization.BestAvailableEncryption(PASSWORD.encode()),
    ))
    expired = folder / "het-han.p12"
    old = _certificate(_name(AGENCY, AGENCY), root_name, key.public_key(), root_key, ca=False, days=(-400, -35))
    expired.write_bytes(pkcs12.serialize_key_and_certificates(
        b"so-vhttdl", key, old, [root], serialization.BestAvailableEncryption(PASSWORD.encode()),
    ))
    return {"p12": p12, "expired": expired, "root": root, "folder": folder}


@pytest.fixture
def certificate(settings, throwaway_ca):
    settings.PORTAL_SIGNING_CERT = str(throwaway_ca["p12"])
    settings.PORTAL_SIGNING_PASSWORD = PASSWORD
    return throwaway_ca


@pytest.fixture
def world():
    return build_report_world()


def _issue(world, user):
    draft = report_create_draft(period=world.fy2017, user=user)
    report_update(report=draft, fields={**REPORT_WORDS, "signer_name": SIGNER})
    return report_issue(report=draft, user=user, issued_on=datetime.date(2018, 1, 5))


def _validate(pdf_bytes, root):
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    reader = PdfFileReader(BytesIO(pdf_bytes), strict=False)
    [signature] = reader.embedded_signatures
    trust_root = asn1_x509.Certificate.load(root.public_bytes(serialization.Encoding.DER))
    context = ValidationContext(trust_roots=[trust_root], allow_fetching=False, revocation_mode="soft-fail")
    return validate_pdf_signature(signature, context), signature


def _words(pdf_path, page_number):
    """(word, xMin, yMin, xMax, yMax) of a page from `pdftotext -bbox`, top-left origin, in points."""
    html = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page_number), "-l", str(page_number), str(pdf_path), "-"],
        capture_output=True, text=True, check=True,
    ).stdout
    import re

    return [
        (word, float(x1), float(y1), float(x2), float(y2))
        for x1, y1, x2, y2, word in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', html
        )
    ]


def test_an_issued_report_is_signed_whole_and_trusted_against_the_root(world, staff_user, certificate):
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    issued = _issue(world, staff_user)
    stored = ConsolidatedReport.objects.get(pk=issued.pk)
    pdf = bytes(stored.pdf)

    status, signature = _validate(pdf, certificate["root"])
    assert status.intact and status.valid and status.trusted, status.pretty_print_details()
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert status.md_algorithm == "sha256"
    assert signature.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"  # PAdES
    # The hash on the page is the hash of the signed file, the one downloaded.
    assert stored.pdf_sha256 == hashlib.sha256(pdf).hexdigest()
    info = signature_info(pdf)
    assert (info.signer, info.intact, info.covers_whole_file) == (AGENCY, True, True)
    assert info.signed_at.utcoffset() == datetime.timedelta(hours=7)


@pytest.fixture
def rendered(monkeypatch):
    """Keeps the PDF as WeasyPrint rendered it, before signing."""
    from reports import services

    kept = {}
    original = services.render_pdf

    def keep(report, data):
        kept["pdf"] = original(report, data)
        return kept["pdf"]

    monkeypatch.setattr(services, "render_pdf", keep)
    return kept


def test_signing_appends_and_never_changes_the_rendered_bytes(world, staff_user, certificate, rendered):
    issued = _issue(world, staff_user)
    pdf = bytes(issued.pdf)
    assert pdf.startswith(rendered["pdf"]) and len(pdf) > len(rendered["pdf"])


def test_one_byte_changed_in_the_signed_range_fails_verification(world, staff_user, certificate):
    issued = _issue(world, staff_user)
    pdf = bytearray(issued.pdf)
    _, signature = _validate(bytes(pdf), certificate["root"])
    start, length = signature.byte_range[0], signature.byte_range[1]
    target = start + length // 2  # inside the first covered range: WeasyPrint's page content
    pdf[target] = pdf[target] ^ 0x01

    status, _ = _validate(bytes(pdf), certificate["root"])
    assert not status.intact
    assert not signature_info(bytes(pdf)).intact
    # Bytes added after the signature are not covered by it: the page does not call it whole.
    appended = signature_info(bytes(issued.pdf) + b"\n% added later\n")
    assert appended.intact and not appended.covers_whole_file


@pytest.mark.skipif(shutil.which("pdfsig") is None, reason="poppler's pdfsig is not installed (apt package poppler-utils)")
def test_poppler_pdfsig_verifies_the_signature_and_rejects_a_tampered_file(world, staff_user, certificate, tmp_path):
    issued = _issue(world, staff_user)
    good = tmp_path / "signed.pdf"
    good.write_bytes(bytes(issued.pdf))
    result = subprocess.run(["pdfsig", str(good)], capture_output=True, text=True)
    assert "Signature is Valid." in result.stdout, result.stdout + result.stderr
    assert "Signature Type: ETSI.CAdES.detached" in result.stdout
    assert "Total document signed" in result.stdout
    assert AGENCY in result.stdout

    pdf = bytearray(issued.pdf)
    _, signature = _validate(bytes(pdf), certificate["root"])
    pdf[signature.byte_range[1] // 2] ^= 0x01  # inside the first signed range
    bad = tmp_path / "tampered.pdf"
    bad.write_bytes(bytes(pdf))
    result = subprocess.run(["pdfsig", str(bad)], capture_output=True, text=True)
    assert "Signature is Valid." not in result.stdout


def test_the_visible_signature_sits_between_the_signers_title_and_name(world, staff_user, certificate, tmp_path, rendered):
    issued = _issue(world, staff_user)
    pdf = bytes(issued.pdf)
    signed, unsigned = tmp_path / "signed.pdf", tmp_path / "rendered.pdf"
    signed.write_bytes(pdf)
    unsigned.write_bytes(rendered["pdf"])
    _, signature = _validate(pdf, certificate["root"])
    page_index, (x1, y1, x2, y2) = signature_box(pdf)
    widget = signature.sig_field["/Kids"][0] if "/Kids" in signature.sig_field else signature.sig_field
    assert [float(v) for v in widget["/Rect"]] == pytest.approx([x1, y1, x2, y2])
    assert widget["/P"].get_object()["/Contents"] is not None

    # Read back from the page as rendered (before signing): the box is on the page of the signer's name,
    # below the title, above the name, and over no printed word.
    words = _words(unsigned, page_index + 1)
    height = 841.89  # A4 portrait, the body's pages
    name = [w for w in words if w[0] == "Bình"]
    title = [w for w in words if w[0] in ("GIÁM", "ĐỐC")]
    assert name and title, "the signer's name and title are on the box's page"
    box_top, box_bottom = height - y2, height - y1
    assert max(w[4] for w in title) <= box_top < box_bottom <= min(w[2] for w in name)
    assert [w for w in words if w[1] < x2 and w[3] > x1 and w[2] < box_bottom and w[4] > box_top] == []

    # The stamp, on the signed file, reads signer, agency and time, inside the box.
    stamp = [w for w in _words(signed, page_index + 1) if w not in words]
    assert stamp and all(x1 <= w[1] and w[3] <= x2 and box_top <= w[2] and w[4] <= box_bottom for w in stamp)
    text = subprocess.run(
        ["pdftotext", "-f", str(page_index + 1), "-l", str(page_index + 1), str(signed), "-"],
        capture_output=True, text=True, check=True,
    ).stdout
    text = " ".join(text.split())  # the agency's name may wrap
    assert f"Người ký: {SIGNER}" in text and f"Cơ quan: {AGENCY}" in text
    assert "Thời gian ký: " in text and "+07:00" in text


def test_without_a_certificate_the_report_is_issued_unsigned_and_its_page_says_so(world, staff_user, client, settings):
    settings.PORTAL_SIGNING_CERT = ""
    issued = _issue(world, staff_user)
    assert signature_info(bytes(issued.pdf)) is None
    client.force_login(staff_user)
    page = client.get(reverse("reports:detail", args=[issued.pk])).content.decode()
    assert "Bản PDF chưa ký số: khi ban hành báo cáo, Sở chưa cấu hình chứng thư số." in page


def test_a_signed_reports_page_names_the_signing_agency(world, staff_user, client, certificate):
    issued = _issue(world, staff_user)
    client.force_login(staff_user)
    page = client.get(reverse("reports:detail", args=[issued.pk])).content.decode()
    assert "Bản PDF đã được ký số bởi" in page and AGENCY in page
    assert "chưa ký số" not in page


def test_a_changed_stored_file_shows_on_the_page_as_an_invalid_signature(world, staff_user, client, certificate):
    issued = _issue(world, staff_user)
    pdf = bytearray(issued.pdf)
    pdf[200] ^= 0x01  # in WeasyPrint's bytes, which the signature covers
    ConsolidatedReport.objects.filter(pk=issued.pk).update(pdf=bytes(pdf))
    client.force_login(staff_user)
    page = client.get(reverse("reports:detail", args=[issued.pk])).content.decode()
    assert f"Chữ ký số của {AGENCY} trên bản PDF không còn hợp lệ: tệp đã bị thay đổi sau khi ký." in page
    assert "chữ ký còn nguyên vẹn" not in page


@pytest.mark.parametrize("problem", ["missing", "password"])
def test_an_unreadable_certificate_stops_the_issue_and_nothing_is_issued(world, staff_user, settings, certificate, problem):
    if problem == "missing":
        settings.PORTAL_SIGNING_CERT = str(certificate["folder"] / "khong-co.p12")
    else:
        settings.PORTAL_SIGNING_PASSWORD = "sai"
    draft = report_create_draft(period=world.fy2017, user=staff_user)
    report_update(report=draft, fields={**REPORT_WORDS, "signer_name": SIGNER})
    with pytest.raises(ValidationError) as error:
        report_issue(report=draft, user=staff_user)
    message = " ".join(error.value.messages)
    assert "Không đọc được chứng thư số của Sở" in message and "Báo cáo chưa được ban hành." in message
    draft.refresh_from_db()
    assert draft.status == ReportStatus.DRAFT and draft.pdf is None and draft.number is None
    assert [w.id for w in check_signing_certificate()] == ["reports.W001"]


def test_an_expired_certificate_stops_the_issue_and_the_settings_check_says_so(world, staff_user, settings, certificate):
    settings.PORTAL_SIGNING_CERT = str(certificate["expired"])
    draft = report_create_draft(period=world.fy2017, user=staff_user)
    report_update(report=draft, fields={**REPORT_WORDS, "signer_name": SIGNER})
    with pytest.raises(ValidationError) as error:
        report_issue(report=draft, user=staff_user)
    message = " ".join(error.value.messages)
    assert "chỉ có hiệu lực từ" in message and "Báo cáo chưa được ban hành." in message
    draft.refresh_from_db()
    assert draft.status == ReportStatus.DRAFT and draft.pdf is None
    assert [w.id for w in check_signing_certificate()] == ["reports.W002"]


def test_a_readable_certificate_passes_the_settings_check(certificate):
    assert check_signing_certificate() == []


def test_the_production_check_warns_of_a_certificate_it_cannot_read(tmp_path):
    from .test_deploy_check import production_env, run_manage

    result = run_manage(
        "check", "--deploy", **production_env(PORTAL_SIGNING_CERT=str(tmp_path / "khong-co.p12"))
    )
    assert "reports.W001" in result.stderr + result.stdout
    assert "Không đọc được chứng thư số của Sở" in result.stderr + result.stdout
