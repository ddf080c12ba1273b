"""Excel workbooks in and out: one safe way to open an upload, one safe way to write a cell.

``open_uploaded_workbook`` opens what a user uploads (a report, the registry) only after
checking what it is: not too large, a real .xlsx (a zip, not an old .xls or a renamed CSV),
no zip bomb, no macros. ``write_cell`` is how every writer puts a value in a cell: text stays
text (never a formula), fits in a cell and has no character Excel refuses; numbers stay numbers.
"""
import logging
import os
import zipfile
from io import BytesIO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.worksheet.worksheet import Worksheet

from .text import quoted

logger = logging.getLogger(__name__)

MAX_BYTES = 5 * 1024 * 1024
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024
MAX_MEMBERS = 1000  # a workbook has a few dozen parts; thousands is an attack, not a sheet
ZIP_SIGNATURE = b"PK\x03\x04"
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0"  # Excel 97-2003 (.xls) and other old Office files
CONTENT_TYPES = "[Content_Types].xml"
# Macros inside an .xlsx-named zip: a VBA project (an .xlsm, .xltm or .xlsb renamed), or Excel 4.0
# macro sheets (XLM, which run without VBA); by part name or by declared content type.
MACRO_PARTS = ("vbaproject", "macrosheets/")
MACRO_CONTENT_TYPES = (b"macroenabled", b"vbaproject", b"macrosheet")
# A spreadsheet reads a cell starting with one of these as a formula (or DDE command).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
MAX_CELL_CHARS = 32767  # Excel's limit, counted in UTF-16 units


class WorkbookRefused(ValidationError):
    """An upload that is not opened; ``message`` says why in Vietnamese, naming the file."""

    def __init__(self, filename, reason):
        self.reason = reason
        if filename:
            text = _("Tệp %(name)s: %(message)s") % {"name": quoted(filename), "message": reason}
        else:
            text = reason[:1].upper() + reason[1:]
        super().__init__(text, code="workbook")


def damaged(filename):
    """The refusal of a file that is broken or not Excel at all (also for a sheet that fails later)."""
    return WorkbookRefused(
        filename, _("bị hỏng hoặc không phải tệp Excel (.xlsx); hãy tải mẫu mới và ghi lại số liệu")
    )


def open_uploaded_workbook(file, filename=None, *, read_only=False):
    """An openpyxl Workbook of an uploaded .xlsx (formulas kept as formulas), or WorkbookRefused.

    ``file`` is the file's bytes or a file object (an upload); ``filename`` defaults to its
    name. Without a name the name checks are skipped and the content decides.
    """
    if isinstance(file, (bytes, bytearray)):
        data = bytes(file)
    else:
        if hasattr(file, "seek"):
            file.seek(0)
        data = file.read(MAX_BYTES + 1)  # never more than one byte past the limit
    if filename is None:
        filename = os.path.basename(getattr(file, "name", "") or "")
    _check_name(filename)
    _check_bytes(filename, data)
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            _check_archive(filename, archive)
        return load_workbook(BytesIO(data), read_only=read_only, data_only=False)
    except WorkbookRefused:
        raise
    except Exception as exc:  # a damaged archive fails in many ways (zip, zlib, XML, KeyError)
        logger.info("unreadable workbook %r: %r", filename, exc)
        raise damaged(filename) from None


def _check_name(filename):
    name = filename.lower()
    if not name:
        return
    if name.endswith(".xls"):
        raise WorkbookRefused(filename, _("là tệp Excel 97-2003 (.xls); hãy dùng mẫu .xlsx tải từ cổng"))
    if name.endswith((".xlsm", ".xltm", ".xlsb")):
        raise WorkbookRefused(filename, _macros())
    if not name.endswith(".xlsx"):
        raise WorkbookRefused(filename, _("chỉ nhận tệp Excel .xlsx (mẫu tải từ cổng)"))


def _check_bytes(filename, data):
    if not data:
        raise WorkbookRefused(filename, _("tệp rỗng"))
    if len(data) > MAX_BYTES:
        raise WorkbookRefused(filename, _("lớn hơn %(size)s MB") % {"size": MAX_BYTES // (1024 * 1024)})
    if data.startswith(ZIP_SIGNATURE):
        return
    if data.startswith(OLE_SIGNATURE):
        raise WorkbookRefused(
            filename, _("là tệp Excel 97-2003 (.xls) đổi đuôi thành .xlsx; hãy dùng mẫu .xlsx tải từ cổng")
        )
    try:
        data[:4096].decode("utf-8")
    except UnicodeDecodeError:
        raise WorkbookRefused(filename, _("bị hỏng hoặc không phải tệp Excel (.xlsx)")) from None
    raise WorkbookRefused(filename, _(
        "là tệp văn bản (CSV, TXT) đổi đuôi thành .xlsx, không phải tệp Excel; hãy dùng mẫu .xlsx tải từ cổng"
    ))


def _check_archive(filename, archive):
    """Refuse a zip bomb, a zip of thousands of parts and a workbook with macros, before unzipping."""
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise WorkbookRefused(filename, _("có quá nhiều thành phần bên trong (hơn %(count)s); không phải bảng tính "
                                          "Excel thông thường") % {"count": MAX_MEMBERS})
    if sum(info.file_size for info in members) > MAX_UNZIPPED_BYTES:
        raise WorkbookRefused(filename, _("nội dung giải nén quá lớn"))
    if any(part in info.filename.lower() for info in members for part in MACRO_PARTS):
        raise WorkbookRefused(filename, _macros())
    if CONTENT_TYPES in archive.namelist():
        types = archive.read(CONTENT_TYPES).lower()
        if any(word in types for word in MACRO_CONTENT_TYPES):
            raise WorkbookRefused(filename, _macros())


def _macros():
    return _("có macro (VBA hoặc macro Excel 4.0); vì an toàn, cổng không nhận tệp có macro: hãy lưu lại "
             "dưới dạng “Sổ làm việc Excel (.xlsx)”, không có macro")


def write_cell(cell, value):
    """Put ``value`` in ``cell`` (also a write-only cell) and return the cell.

    Text is written as text: one that a spreadsheet would run as a formula (=, +, -, @, tab,
    CR first) gets Excel's quote prefix, so it shows, edits and exports as the literal text.
    Characters Excel refuses are dropped; text over Excel's cell limit is cut and says so.
    Numbers, dates and None are written as they are.
    """
    if not isinstance(value, str):
        cell.value = value
        return cell
    value = clean_text(value)
    cell.value = value
    if value.startswith(FORMULA_TRIGGERS):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def clean_text(text):
    """``text`` as a workbook can hold it (cells, document properties): without the control
    characters XML cannot carry, at most Excel's 32,767 characters; text cut to fit ends with a
    sentence saying where the whole of it is (never a bare "…")."""
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    if len(text) <= MAX_CELL_CHARS // 2:  # at most two UTF-16 units a character: it fits
        return text
    units = text.encode("utf-16-le")
    if len(units) <= 2 * MAX_CELL_CHARS:
        return text
    note = " " + _("[Văn bản dài hơn giới hạn một ô Excel; toàn văn xem trên cổng.]")
    return units[: 2 * (MAX_CELL_CHARS - len(note))].decode("utf-16-le", "ignore") + note


def print_on_a4(ws, *, landscape=True, title_rows=None, title_columns=None):
    """Print settings every workbook of the portal shares: A4, one page wide (as many pages long as
    it needs), narrow margins, centred, "Trang 1 / 3" at the foot; ``title_rows`` ("4:5") and
    ``title_columns`` ("A:B") are repeated on every printed page."""
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4  # the class's names: a write-only sheet lacks them
    ws.page_setup.orientation = Worksheet.ORIENTATION_LANDSCAPE if landscape else Worksheet.ORIENTATION_PORTRAIT
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.oddFooter.center.text = "Trang &P / &N"
    if title_rows:
        ws.print_title_rows = title_rows
    if title_columns:
        ws.print_title_cols = title_columns
