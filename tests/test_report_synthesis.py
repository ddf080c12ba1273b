"""Section I.2 as a synthesis per part of the plan; the units' full texts in Appendix IV only when chosen."""
import datetime
import shutil
import subprocess
import unicodedata
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from reporting.models import TextKind
from reports.data import report_data
from reports.drafting import draft_texts
from reports.pdf import render_pdf
from reports.services import report_create_draft, report_issue, report_update
from reports.synthesis import alike, key_figures, merge_sentences, synthesis, unit_names

from .factories import REPORT_WORDS, make_submission
from .report_world import build_report_world

TAM_DUONG, SIN_HO, MUONG_TE = "UBND huyện Tam Đường", "UBND huyện Sìn Hồ", "UBND huyện Mường Tè"
CITY, LIBRARY, MUSEUM = "UBND thành phố Lai Châu", "Thư viện tỉnh", "Bảo tàng tỉnh"
SENTENCE = "Đã tổ chức 12 cuộc trưng bày sách chuyên đề phục vụ Nhân dân trên địa bàn huyện."


# --- sentences: identical, near-identical, different --------------------------------------------

def test_sentences_alike_up_to_case_spacing_punctuation_and_unicode_form():
    decomposed = unicodedata.normalize("NFD", SENTENCE.upper().replace(" ", "   "))
    assert alike(SENTENCE, decomposed.rstrip("."))


def test_a_near_identical_sentence_merges_and_a_different_one_does_not():
    one_word = SENTENCE.replace("phục vụ", "cho")  # a word changed in a long sentence
    assert alike(SENTENCE, one_word)
    assert not alike(SENTENCE, SENTENCE.replace("12", "21"))  # a unit's own figure is never merged away
    assert not alike(SENTENCE, "Đã luân chuyển 1.200 bản sách xuống các điểm bưu điện văn hóa xã.")


def test_merged_sentences_are_said_once_under_every_unit_that_wrote_them():
    merged = merge_sentences([
        (TAM_DUONG, SENTENCE + " Đã bổ sung 600 bản sách."),
        (SIN_HO, SENTENCE.lower()),
        (MUONG_TE, "Chưa tổ chức được hoạt động nào."),
    ])
    assert merged == [
        ([TAM_DUONG, SIN_HO], [SENTENCE]),
        ([TAM_DUONG], ["Đã bổ sung 600 bản sách."]),
        ([MUONG_TE], ["Chưa tổ chức được hoạt động nào."]),
    ]


# --- unit names ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("units", "expected"), [
    ([TAM_DUONG], "UBND huyện Tam Đường"),
    ([TAM_DUONG, SIN_HO], "UBND các huyện Tam Đường, Sìn Hồ"),
    ([CITY, TAM_DUONG, SIN_HO], "UBND thành phố Lai Châu và các huyện Tam Đường, Sìn Hồ"),
    ([LIBRARY, MUSEUM], "Thư viện tỉnh và Bảo tàng tỉnh"),
    ([LIBRARY, MUSEUM, "Sở Giáo dục và Đào tạo"], "Thư viện tỉnh, Bảo tàng tỉnh và Sở Giáo dục và Đào tạo"),
    ([LIBRARY, TAM_DUONG, SIN_HO], "Thư viện tỉnh và UBND các huyện Tam Đường, Sìn Hồ"),
    ([LIBRARY, CITY, TAM_DUONG], "Thư viện tỉnh, UBND thành phố Lai Châu và huyện Tam Đường"),
])
def test_units_are_named_as_an_officer_names_them(units, expected):
    assert unit_names(units) == expected


# --- the synthesis --------------------------------------------------------------------------------

def task(code, section="II.1", title="Đối với hệ thống thư viện", indicators=()):
    return {"code": code, "section": section, "section_title": title, "text": f"Nội dung nhiệm vụ {code}.",
            "indicator_codes": list(indicators)}


def indicator(code, name, unit, actuals, aggregation="sum"):
    return {"code": code, "name": name, "unit": unit, "aggregation": aggregation,
            "targets": [{"scope": {"levels": [str(i)]}, "actual": value} for i, value in enumerate(actuals)]}


DATA = {"indicators": [
    indicator("LIB_ROTATION", "Tổng số sách, báo luân chuyển", "bản", [Decimal(5052), 1000]),
    indicator("LIB_INTERNET", "Thư viện có điểm kết nối internet", "%", [Decimal("87.5")], aggregation="share_yes"),
    indicator("MUS_VISITS", "Số lượt người thăm quan bảo tàng", "lượt", [None]),
]}
TASKS = [
    task("II.1.1", indicators=["LIB_ROTATION", "LIB_INTERNET"]), task("II.1.2"), task("II.1.3"),
    task("II.2.1", "II.2", "Đối với bảo tàng", indicators=["MUS_VISITS"]), task("II.2.2", "II.2", "Đối với bảo tàng"),
]


def test_the_synthesis_goes_part_by_part_with_figures_merged_units_and_the_silent_tasks_once():
    lines = synthesis(TASKS, {
        "II.1.1": [(TAM_DUONG, SENTENCE), (SIN_HO, SENTENCE), (LIBRARY, "Đã luân chuyển 6.052 bản sách.")],
        "II.2.2": [(MUSEUM, "Đã mở cửa đón khách tham quan.")],
    }, DATA, "năm 2019")
    assert lines == [
        "a) Đối với hệ thống thư viện",
        "Số liệu chủ yếu năm 2019: Tổng số sách, báo luân chuyển: 6.052 bản.",
        f"- Nhiệm vụ II.1.1: UBND các huyện Tam Đường, Sìn Hồ: {SENTENCE} Thư viện tỉnh: Đã luân chuyển 6.052 bản sách.",
        "- Chưa có đơn vị báo cáo: nhiệm vụ II.1.2, II.1.3.",
        "b) Đối với bảo tàng",  # no museum figure yet: no figures line
        "- Nhiệm vụ II.2.2: Bảo tàng tỉnh: Đã mở cửa đón khách tham quan.",
        "- Chưa có đơn vị báo cáo: nhiệm vụ II.2.1.",
    ]


def test_no_unit_words_leave_the_section_empty():
    assert synthesis(TASKS, {}, DATA, "năm 2019") == []


def test_key_figures_use_the_vietnamese_number_format_and_skip_shares():
    assert key_figures({"LIB_ROTATION", "LIB_INTERNET"}, DATA) == "Tổng số sách, báo luân chuyển: 6.052 bản"
    assert key_figures({"MUS_VISITS"}, DATA) == ""


def test_tasks_said_alike_are_named_together():
    same = [(MUSEUM, "Đã thực hiện theo kế hoạch.")]
    lines = synthesis(TASKS[3:], {"II.2.1": same, "II.2.2": same}, DATA, "năm 2019")
    assert lines == ["a) Đối với bảo tàng",
                     "- Nhiệm vụ II.2.1, II.2.2: Bảo tàng tỉnh: Đã thực hiện theo kế hoạch."]


# --- the draft, the option, the PDF ---------------------------------------------------------------

@pytest.fixture
def world(db):
    return build_report_world()


def words(world):
    make_submission(world.fy2017, world.units.u105, {}, texts=[(TextKind.TASK_RESULT, world.task, SENTENCE)])
    make_submission(world.fy2017, world.units.u106, {}, texts=[(TextKind.TASK_RESULT, world.task, SENTENCE + " ")])


@pytest.mark.django_db
def test_the_draft_merges_the_units_words_under_their_names(world):
    words(world)
    results = draft_texts(world.fy2017)["results"]
    assert f"- Nhiệm vụ II.1.c: UBND thành phố Lai Châu và huyện Tam Đường: {SENTENCE}" in results
    assert results.count(SENTENCE) == 1


def pdf_text(content, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    return " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
                    .stdout.split())


@pytest.mark.django_db
@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_the_appendix_of_full_texts_prints_only_when_chosen(world, staff_user, tmp_path):
    words(world)
    draft = report_create_draft(period=world.fy2017, user=staff_user)
    data = report_data(world.fy2017)
    without = pdf_text(render_pdf(draft, data), tmp_path)
    assert "Phụ lục IV" not in without and "TOÀN VĂN" not in without
    assert "UBND thành phố Lai Châu và huyện Tam Đường" in without  # the synthesis in I.2
    draft = report_update(report=draft, fields={"with_unit_texts": True})
    with_texts = pdf_text(render_pdf(draft, data), tmp_path)
    assert "(Toàn văn kết quả thực hiện các nhiệm vụ của các đơn vị tại Phụ lục IV kèm theo)" in with_texts
    appendix = with_texts.split("Phụ lục IV", 1)[1]
    assert "II.1.c. Luân chuyển sách, báo xuống bưu điện văn hóa xã" in appendix
    assert f"- UBND thành phố Lai Châu: {SENTENCE}" in appendix and f"- UBND huyện Tam Đường: {SENTENCE}" in appendix


@pytest.mark.django_db
def test_the_option_is_edited_on_the_edit_page_and_frozen_on_issue(client_for, staff_user, world):
    draft = report_create_draft(period=world.fy2017, user=staff_user)
    client = client_for(staff_user)
    page = client.get(reverse("reports:edit", args=[draft.pk]))
    assert "Kèm phụ lục toàn văn báo cáo của đơn vị" in page.content.decode()
    assert reverse("reporting:overview_period", args=[world.fy2017.code]) in page.content.decode()
    detail = client.get(reverse("reports:detail", args=[draft.pk])).content.decode()
    assert reverse("reporting:overview_period", args=[world.fy2017.code]) in detail  # the units' own texts
    form = page.context["form"]
    fields = {name: (value if value is not None else "") for name, value in form.initial.items() if name in form.fields}
    fields.update({**REPORT_WORDS, "include_submitted": "", "with_unit_texts": "on"})
    assert client.post(reverse("reports:edit", args=[draft.pk]), fields).status_code == 302
    draft.refresh_from_db()
    assert draft.with_unit_texts is True
    issued = report_issue(report=draft, user=staff_user, issued_on=datetime.date(2018, 1, 5))
    with pytest.raises(ValidationError):
        report_update(report=issued, fields={"with_unit_texts": False})
    issued.refresh_from_db()
    assert issued.with_unit_texts is True
