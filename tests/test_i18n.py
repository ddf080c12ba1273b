"""English, the portal's second language: a complete catalogue, the switch, and what stays Vietnamese.

The source strings are Vietnamese (the default language); ``locale/en/LC_MESSAGES/django.po``
translates every one of them and the compiled ``django.mo`` is committed beside it. The language
switch posts to /i18n/setlang/; pages then come out in English, with English number formats
(12,345.5) and the same dd/mm/yyyy dates. The printed report, its Excel workbook and the data an
issued report freezes stay Vietnamese whatever the language of the page that asks for them.
"""
import datetime
import gettext
import re
import unicodedata
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import formats, translation
from openpyxl import load_workbook

from institutions.models import Role
from laichau_plan import formatting as fmt
from reports.data import report_data
from reports.pdf import render_html
from reports.serialize import loads
from reports.services import report_create_draft, report_issue, report_update
from reports.xlsx import render_xlsx

from .factories import REPORT_WORDS, make_user
from .report_world import build_report_world

PO = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[-#0 +]*\d*(?:\.\d+)?[sdifr%]")


@pytest.fixture(autouse=True)
def vietnamese_again_afterwards():
    """The language middleware activates the cookie's language for the thread; reset it."""
    yield
    translation.deactivate()


# --- the catalogue -----------------------------------------------------------------------------

def _unquote(text):
    return re.sub(r'\\(.)', lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), text[1:-1])


def po_entries(path=PO):
    """[(flags, msgid, msgid_plural, {index or None: msgstr})] of a PO file, header included (a msgid
    with a context as "context\x04msgid")."""
    entries = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8").strip()):
        flags, fields, current = set(), {}, None
        for line in block.splitlines():
            if line.startswith("#,"):
                flags |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                fields[current] += _unquote(line)
            else:
                current, _, value = line.partition(" ")
                fields[current] = _unquote(value)
        plural = {int(k[7:-1]): v for k, v in fields.items() if k.startswith("msgstr[")}
        strings = plural or {None: fields.get("msgstr", "")}
        msgid = fields.get("msgid")
        if "msgctxt" in fields:  # as gettext keys it in the .mo: context, EOT, message
            msgid = f"{fields['msgctxt']}\x04{msgid}"
        entries.append((flags, msgid, fields.get("msgid_plural"), strings))
    return entries


def test_the_english_catalogue_translates_every_string():
    entries = po_entries()
    header, messages = entries[0], entries[1:]
    assert header[1] == "" and "Language: en" in header[3][None]
    assert "fuzzy" not in header[0]
    assert len(messages) > 700
    untranslated = [msgid for _, msgid, _, strings in messages if not all(s.strip() for s in strings.values())]
    fuzzy = [msgid for flags, msgid, _, _ in messages if "fuzzy" in flags]
    assert not untranslated, untranslated
    assert not fuzzy, fuzzy


def test_translations_keep_every_placeholder_and_both_plural_forms():
    for flags, msgid, plural, strings in po_entries()[1:]:
        if plural is not None:
            assert set(strings) == {0, 1}, msgid
        if "python-format" in flags:
            wanted = sorted(PLACEHOLDER.findall(msgid))
            for text in strings.values():
                assert sorted(PLACEHOLDER.findall(text)) == wanted, (msgid, text)
        assert all(text.endswith("\n") == msgid.endswith("\n") for text in strings.values()), msgid


def test_the_compiled_catalogue_is_committed_and_matches_the_po_file():
    """A machine without gettext still gets English: the .mo is in the repository, up to date."""
    with MO.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    for _, msgid, plural, strings in po_entries()[1:]:
        if plural is None:
            assert catalogue.gettext(msgid) == strings[None], msgid
        else:
            assert catalogue.ngettext(msgid, plural, 1) == strings[0], msgid
            assert catalogue.ngettext(msgid, plural, 5) == strings[1], msgid


# --- the switch ----------------------------------------------------------------------------------

@pytest.fixture
def world(db):
    return build_report_world()


def switch(client, language, next_url="/"):
    response = client.post(reverse("set_language"), {"language": language, "next": next_url})
    assert response.status_code == 302 and response["Location"] == next_url
    return client


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def pages(world):
    """(url, English words, their Vietnamese originals) for a staff member."""
    return [
        (reverse("targets:plan_current"),
         ["Tasks and measures", "Indicators and targets by year", "Reporting deadlines"],
         ["Nhiệm vụ, giải pháp", "Chỉ tiêu và mục tiêu theo năm", "Hạn báo cáo"]),
        (reverse("institutions:list"),
         ["Institution register", "Add institution", "Clear filters", "Cultural house"],
         ["Danh mục thiết chế", "Thêm thiết chế", "Xóa bộ lọc", "Nhà văn hóa:"]),
        (reverse("reports:period", args=[world.fy2017.code]),
         ["Results by target", "Report submissions", "Below target", "Total for library (district level)",
          "Each District or City People&#x27;s Committee", "Indicator VISITS", "Annual report 2017"],
         ["Kết quả theo chỉ tiêu", "Tình hình gửi báo cáo", "Chưa đạt", "Tổng: Thư viện cấp huyện",
          "Mỗi UBND huyện, thành phố", "Lượt bạn đọc", "Báo cáo năm 2017"]),
    ]


def test_the_switch_turns_the_pages_into_english_and_back(client, world):
    client.force_login(make_user(Role.STAFF, username="canbo"))
    for url, english, vietnamese in pages(world):
        page = html(client, url)
        assert '<html lang="vi">' in page
        assert all(words in page for words in vietnamese), url

    switch(client, "en")
    for url, english, vietnamese in pages(world):
        page = html(client, url)
        assert '<html lang="en">' in page, url
        missing = [words for words in english if words not in page]
        left = [words for words in vietnamese if words in page]
        assert not missing and not left, (url, missing, left)
    # The switch offers the way back (Django's own name for Vietnamese is decomposed, NFD).
    assert 'name="language" value="vi"' in page and "Tiếng Việt" in unicodedata.normalize("NFC", page)

    switch(client, "vi")
    for url, english, vietnamese in pages(world):
        page = html(client, url)
        assert '<html lang="vi">' in page
        assert all(words in page for words in vietnamese), url
        assert not any(words in page for words in english), url


def test_a_reporting_unit_sees_its_home_page_in_english(client, world, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: datetime.date(2018, 6, 10))
    client.force_login(make_user(Role.UNIT, unit=world.units.u105, username="donvi"))
    home = reverse("reporting:unit_home")
    page = html(client, home)
    assert "Kỳ báo cáo đang mở" in page and "Các báo cáo trước" in page

    page = html(switch(client, "en", home), home)
    assert "Open reporting periods" in page and "Earlier reports" in page and "days left" in page
    assert "Kỳ báo cáo đang mở" not in page and "Các báo cáo trước" not in page and "ngày" not in page
    assert "Unit reports" in page  # the menu

    page = html(switch(client, "vi", home), home)
    assert "Kỳ báo cáo đang mở" in page and "Open reporting periods" not in page


# --- numbers and dates -------------------------------------------------------------------------------

def test_report_pages_write_numbers_in_the_page_language_and_dates_day_first(client, world):
    client.force_login(make_user(Role.LEADER, username="lanhdao"))
    url = reverse("reports:period", args=[world.fy2017.code])

    page = html(client, url)
    assert "15.000–17.000" in page and "16.500" in page and "97,1\u00a0%" in page
    assert "15,000–17,000" not in page and "16,500" not in page
    assert "30/11/2017" in page and "05/12/2017" in page  # due date; a late unit's first sending

    page = html(switch(client, "en", url), url)
    assert "15,000–17,000" in page and "16,500" in page and "97.1\u00a0%" in page
    assert "15.000–17.000" not in page and "16.500" not in page
    assert "30/11/2017" in page and "05/12/2017" in page


def test_the_language_formats():
    day = datetime.date(2017, 1, 5)
    for language, number, decimal in (("vi", "12.345", "12.345,5"), ("en", "12,345", "12,345.5")):
        with translation.override(language):
            assert formats.number_format(12345, use_l10n=True, force_grouping=True) == number
            assert formats.localize(Decimal("12345.5"), use_l10n=True) == decimal
            assert fmt.number(Decimal("12345.5")) == decimal and fmt.number(12345) == number
            assert formats.date_format(day, "SHORT_DATE_FORMAT") == "05/01/2017"
            assert formats.date_format(day, "DATE_FORMAT") == "05/01/2017"
            assert formats.sanitize_separators("1" + formats.get_format("THOUSAND_SEPARATOR") + "234") == "1234"
            assert datetime.datetime.strptime("05/01/2017", formats.get_format("DATE_INPUT_FORMATS")[0]).date() == day
            assert formats.time_format(datetime.time(16, 5)) == "16:05"


def test_the_english_formats_set_everything_the_vietnamese_ones_do():
    from laichau_plan.formats.en import formats as english
    from laichau_plan.formats.vi import formats as vietnamese

    names = {name for name in dir(vietnamese) if name.isupper()}
    assert names <= {name for name in dir(english) if name.isupper()}
    assert english.DATE_INPUT_FORMATS == vietnamese.DATE_INPUT_FORMATS


# --- what stays Vietnamese -------------------------------------------------------------------------

def test_the_printed_report_and_the_workbook_stay_vietnamese_from_an_english_page(world, staff_user):
    draft = report_create_draft(period=world.fy2017, user=staff_user)
    data = report_data(world.fy2017)
    with translation.override("en"):
        document = render_html(draft, data)
        workbook = load_workbook(BytesIO(render_xlsx(draft, data)))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in document
    assert "Lượt bạn đọc" in document and "15.000–17.000" in document and "Chưa đạt" in document
    assert "Indicator VISITS" not in document and "15,000" not in document and "Below target" not in document
    cells = {cell.value for sheet in workbook for row in sheet.iter_rows() for cell in row if cell.value}
    assert {"Lượt bạn đọc", "Chưa đạt", "Đạt", "Tổng: Thư viện cấp huyện", "Đã duyệt", "Đúng hạn"} <= cells
    assert not {"Indicator VISITS", "Below target", "Met", "approved", "On time"} & cells


def test_an_issued_report_freezes_vietnamese_words_whoever_issues_it(world, staff_user):
    draft = report_create_draft(period=world.fy2017, user=staff_user)
    report_update(report=draft, fields=REPORT_WORDS)
    with translation.override("en"):
        in_english_page = report_data(world.fy2017)
        issued = report_issue(report=draft, user=staff_user, issued_on=datetime.date(2018, 1, 5))
    frozen = loads(issued.data)
    assert frozen == in_english_page  # the same words, whatever the language active when computing
    assert frozen["period"]["kind_label"] == "năm"
    assert {unit["status_label"] for unit in frozen["completeness"]["units"]} == {"Đã duyệt", "Đã gửi"}
    labels = {t["scope"]["label"] for i in frozen["indicators"] for t in i["targets"]}
    assert "Tổng: Thư viện cấp huyện" in labels and "Mỗi thư viện cấp huyện" in labels


def test_the_history_stores_vietnamese_labels_whoever_acts_in_english(
    period, unit, unit_user, staff_user, own_institution
):
    from reporting.models import SubmissionEvent, TextKind
    from reporting.services import submission_approve, submission_get_or_create, submission_save

    from .factories import fill_report

    with translation.override("en"):
        submission = submission_get_or_create(period=period, unit=unit, user=unit_user)
        submission_save(submission=submission, user=unit_user, texts={(TextKind.PROPOSALS, None): "Đề nghị"})
        fill_report(submission, unit_user, submit=True)
        submission_approve(submission=submission, user=staff_user)
    events = SubmissionEvent.objects.filter(submission=submission)
    values = {value for event in events for value in (event.field, event.old_value, event.new_value) if value}
    assert {"Đề xuất, kiến nghị", "đang soạn", "đã gửi", "đã duyệt"} <= values
    assert not {"Proposals and recommendations", "draft", "submitted", "approved"} & values


def test_the_excel_template_stays_vietnamese_from_an_english_page(period, unit, submission):
    from reporting.excel.template import template_bytes

    with translation.override("en"):
        workbook = load_workbook(BytesIO(template_bytes(period=period, unit=unit)))
    cells = " ".join(str(cell.value) for row in workbook.worksheets[0].iter_rows() for cell in row if cell.value)
    assert "Trạng thái báo cáo khi tải mẫu: đang soạn" in cells
