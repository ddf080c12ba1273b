"""python manage.py issue_report: the page's checks and confirmation, from the command line."""
import datetime
import io

import pytest
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError
from django.db import connections
from django.urls import reverse

from reports.models import ConsolidatedReport, ReportStatus

from .report_world import build_report_world

pytestmark = pytest.mark.django_db

SECTIONS = {"I": "Kết quả tốt.", "II": "Thiếu kinh phí.", "III": "Luân chuyển sách.", "IV": "Bổ sung kinh phí."}


@pytest.fixture
def world():
    return build_report_world()


@pytest.fixture
def texts(tmp_path):
    args = []
    for section, words in SECTIONS.items():
        path = tmp_path / f"{section}.txt"
        path.write_text(words, encoding="utf-8")
        args += ["--text", f"{section}={path}"]
    return args


def issue(*args, number="1", date="2019-11-30", period="2017-FY"):
    return ["issue_report", "--period", period, "--number", number, "--date", date, "--signer", "Nguyễn Văn Bình",
            *args]


def run(argv, capsys, monkeypatch):
    """(exit code, stdout, stderr) of the command as the shell runs it (keeping the test's
    database connection, which the command line closes when it ends)."""
    monkeypatch.setattr(connections, "close_all", lambda: None)
    with pytest.raises(SystemExit) as exited:
        execute_from_command_line(["manage.py", *argv])
    out = capsys.readouterr()
    return exited.value.code, out.out, out.err


def test_it_puts_the_files_in_their_sections_and_issues_with_yes(world, texts, capsys):
    call_command(*issue(*texts, "--yes"))
    out = capsys.readouterr().out
    report = ConsolidatedReport.objects.get()
    assert (report.status, report.number_display, report.issued_on) == (
        ReportStatus.ISSUED, "01/BC-SVHTTDL", datetime.date(2019, 11, 30))
    assert (report.results, report.shortcomings, report.tasks_ahead, report.proposals) == tuple(SECTIONS.values())
    assert report.signer_name == "Nguyễn Văn Bình"
    assert "Lưu ý: Số liệu của 1 đơn vị đã gửi nhưng chưa được duyệt" in out
    assert out.strip().endswith("Đã ban hành Báo cáo số 01/BC-SVHTTDL ngày 30/11/2019.")


def test_without_yes_it_prints_the_warnings_and_issues_nothing(world, texts, capsys, monkeypatch):
    code, out, err = run(issue(*texts), capsys, monkeypatch)
    assert code == 2
    assert "Báo cáo số 01/BC-SVHTTDL ngày 30/11/2019" in out and "Thư viện tỉnh" in out
    assert "thêm --yes" in err
    assert ConsolidatedReport.objects.get().status == ReportStatus.DRAFT  # the words are kept in the draft


def test_empty_sections_and_a_future_date_refuse_even_with_yes(world, tmp_path, capsys, monkeypatch):
    path = tmp_path / "ii.txt"
    path.write_text("Thiếu kinh phí.", encoding="utf-8")
    code, out, err = run(issue("--text", f"II={path}", "--yes", date="2099-01-01"), capsys, monkeypatch)
    assert code == 1
    assert "Mục I. Kết quả thực hiện chưa có nội dung." in err
    assert "Mục III. Nhiệm vụ thời gian tới chưa có nội dung." in err and "Mục II." not in err
    assert "Ngày ban hành 01/01/2099 chưa đến" in err
    assert ConsolidatedReport.objects.get().status == ReportStatus.DRAFT


def test_a_correction_with_replaces(world, texts, capsys):
    call_command(*issue(*texts, "--yes"))
    call_command(*issue("--replaces", "1/2019", "--yes", number="2", date="2019-12-05"))
    out = capsys.readouterr().out
    new = ConsolidatedReport.objects.get(number=2)
    assert new.replaces.number == 1 and new.proposals == "Bổ sung kinh phí."
    assert "Báo cáo này thay thế Báo cáo số 01/BC-SVHTTDL ngày 30/11/2019." in out
    assert "Đã ban hành Báo cáo số 02/BC-SVHTTDL ngày 05/12/2019." in out
    with pytest.raises(CommandError, match="đã được thay thế bởi Báo cáo số 02/BC-SVHTTDL"):
        call_command(*issue("--replaces", "1/2019", "--yes", number="3", date="2019-12-06"))


@pytest.mark.parametrize("args, message", [
    (issue(period="1999-FY"), "Không có kỳ"),
    (issue(date="30/11/2019"), "YYYY-MM-DD"),
    (issue("--text", "V=x.txt"), "I, II, III hoặc IV"),
    (issue("--text", "II=/nonexistent/x.txt"), "không đọc được tệp"),
    (issue("--replaces", "abc"), "SỐ/NĂM"),
    (issue("--replaces", "9/2019"), "không có báo cáo đã ban hành số 9 năm 2019"),
])
def test_mistakes_are_explained(world, args, message):
    with pytest.raises(CommandError, match=message):
        call_command(*args)


def test_a_report_issued_by_the_command_shows_on_its_page(world, texts, client_for, leader_user):
    call_command(*issue(*texts, "--yes"), stdout=io.StringIO())
    report = ConsolidatedReport.objects.get()
    html = client_for(leader_user).get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "01/BC-SVHTTDL" in html and "Ban hành bằng lệnh issue_report" in html
