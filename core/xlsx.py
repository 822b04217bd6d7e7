"""Excel in and out, safely.

In: `open_workbook` checks an upload *before* openpyxl parses it — file size, zip
entry count, total uncompressed size and compression ratio (zip bombs), sheet
dimensions — and reads cells as stored (formulas stay text, never evaluated).
`read_table` finds the header row under any title rows and yields rows as dicts.

Out: `build_workbook` writes sheets with a bold frozen header row, column widths,
totals where asked, and `safe_cell` escapes values that a spreadsheet would run as a
formula (=, +, -, @).
"""

import datetime as dt
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext as _

MAX_ZIP_ENTRIES = 2000
MAX_UNCOMPRESSED_MB = 500
MAX_RATIO = 200
MAX_ROWS = 1_100_000
MAX_COLUMNS = 200


def check_workbook_file(file, *, max_mb: int | None = None) -> None:
    """Reject what is not a sane .xlsx before any parser sees it."""
    max_mb = max_mb or getattr(settings, "MAX_IMPORT_MB", 100)
    name = getattr(file, "name", "") or ""
    if not name.lower().endswith(".xlsx"):
        raise ValidationError(_("请上传 .xlsx 格式的 Excel 文件"), code="xlsx_type")
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, 2)
        size = file.tell()
    if size > max_mb * 1024 * 1024:
        raise ValidationError(_("文件过大：不能超过 %(mb)d MB") % {"mb": max_mb}, code="xlsx_size")
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_ZIP_ENTRIES:
                raise ValidationError(_("文件结构异常（压缩包条目过多），已拒绝"), code="xlsx_bomb")
            total = sum(i.file_size for i in infos)
            packed = max(sum(i.compress_size for i in infos), 1)
            if total > MAX_UNCOMPRESSED_MB * 1024 * 1024 or total / packed > MAX_RATIO:
                raise ValidationError(_("文件解压后过大（疑似压缩炸弹），已拒绝"), code="xlsx_bomb")
            if "xl/workbook.xml" not in {i.filename for i in infos}:
                raise ValidationError(_("不是有效的 Excel 工作簿"), code="xlsx_invalid")
    except zipfile.BadZipFile:
        raise ValidationError(_("文件已损坏或不是有效的 Excel 工作簿"), code="xlsx_invalid") from None
    finally:
        file.seek(0)


def open_workbook(file, *, max_mb: int | None = None):
    """Checked, read-only openpyxl workbook. Formulas are returned as their text."""
    import openpyxl

    check_workbook_file(file, max_mb=max_mb)
    try:
        wb = openpyxl.load_workbook(file, read_only=True, data_only=False)
    except Exception:
        raise ValidationError(_("文件已损坏或不是有效的 Excel 工作簿"), code="xlsx_invalid") from None
    for ws in wb.worksheets:
        if (ws.max_row or 0) > MAX_ROWS or (ws.max_column or 0) > MAX_COLUMNS:
            raise ValidationError(
                _("工作表“%(name)s”过大：最多 %(rows)d 行、%(cols)d 列")
                % {"name": ws.title, "rows": MAX_ROWS, "cols": MAX_COLUMNS},
                code="xlsx_dimensions",
            )
    return wb


def clean_text(value) -> str:
    """Cell to text: full-width to half-width, trimmed, inner runs of space collapsed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = unicodedata.normalize("NFKC", str(value))
    return " ".join(text.split())


def header_key(value) -> str:
    return re.sub(r"[\s（）()：:*＊]", "", clean_text(value))


@dataclass
class Table:
    header_row: int  # 1-based Excel row number of the header
    columns: dict[str, int]  # field -> 0-based column index
    rows: list = field(default_factory=list)  # (excel_row_number, {field: raw value})


def read_table(ws, headers: dict[str, tuple[str, ...]], *, required: tuple[str, ...], scan_rows: int = 10) -> Table:
    """Find the header row (within the first `scan_rows`) and read the rows under it.

    `headers` maps a field to the header texts people use for it ("身份证号",
    "身份证号码", "公民身份号码"); `required` lists fields that must be present.
    Blank rows are skipped."""
    lookup = {header_key(alias): fld for fld, aliases in headers.items() for alias in aliases}
    rows = ws.iter_rows(values_only=True)
    table = None
    for number, row in enumerate(rows, start=1):
        if table is None:
            found = {}
            for idx, cell in enumerate(row):
                fld = lookup.get(header_key(cell))
                if fld and fld not in found:
                    found[fld] = idx
            if all(f in found for f in required):
                table = Table(header_row=number, columns=found)
            elif number >= scan_rows:
                break
            continue
        if not any(c not in (None, "") and clean_text(c) for c in row):
            continue
        table.rows.append((number, {f: (row[i] if i < len(row) else None) for f, i in table.columns.items()}))
    if table is None:
        names = "、".join(headers[f][0] for f in required)
        raise ValidationError(
            _("未找到表头：前%(n)d行中应包含列 %(names)s") % {"n": scan_rows, "names": names}, code="headers"
        )
    return table


_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:\s.*)?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)


def parse_date(value) -> dt.date:
    """Excel date, datetime, serial number, or text such as 2023-1-5, 2023/01/05,
    2023.1.5, 2023年1月5日, 20230105."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and 20000 < value < 80000:
        return dt.date(1899, 12, 30) + dt.timedelta(days=int(value))
    text = clean_text(value)
    for pattern in _DATE_PATTERNS:
        m = pattern.match(text)
        if m:
            try:
                return dt.date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                break
    raise ValidationError(_("日期格式无法识别：“%(v)s”") % {"v": text}, code="date")


def safe_cell(value):
    """Escape text a spreadsheet would execute as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


@dataclass
class Sheet:
    title: str
    headers: list[str]
    rows: list[list]
    widths: list[int] | None = None
    total_row: list | None = None  # appended in bold, e.g. ["合计", 12, 30]
    bold_rows: tuple[int, ...] = ()  # indexes into rows printed bold (block titles and headers)


def _display_width(value) -> int:
    text = "" if value is None else str(value)
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)  # CJK takes two columns


def _fitting_widths(headers: list, rows: list[list], sample: int = 500) -> list[int]:
    """Column widths that fit the header and the first `sample` rows, between 8 and 50."""
    widths = [_display_width(h) for h in headers]
    for row in rows[:sample]:
        for idx, value in enumerate(row[: len(widths)]):
            widths[idx] = max(widths[idx], _display_width(value))
    return [max(8, min(50, w + 2)) for w in widths]


def build_workbook(sheets: list[Sheet], *, wrap_wide: bool = False) -> bytes:
    """wrap_wide: long text in columns 40 wide or more wraps (the sheet prints as a table)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=False)
    wb.remove(wb.active)
    thin = Side(style="thin", color="999999")
    for sheet in sheets:
        ws = wb.create_sheet(title=sheet.title[:31])
        ws.append(sheet.headers)
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="DDEBF7")
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
        rows = sheet.rows if isinstance(sheet.rows, list) else list(sheet.rows)
        for idx, row in enumerate(rows):
            ws.append([safe_cell(v) for v in row])
            if idx in sheet.bold_rows:
                for cell in ws[ws.max_row]:
                    cell.font = Font(bold=True)
        if sheet.total_row:
            ws.append([safe_cell(v) for v in sheet.total_row])
            for cell in ws[ws.max_row]:
                cell.font = Font(bold=True)
        ws.freeze_panes = "A2"
        # Printed: A4 landscape, all columns on one page width, header repeated on each page.
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.print_title_rows = "1:1"
        widths = sheet.widths or _fitting_widths(sheet.headers, rows)
        for idx, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(idx)].width = width
            if wrap_wide and width >= 40:
                for cell in ws[get_column_letter(idx)][1:]:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
        if rows:
            ws.auto_filter.ref = f"A1:{get_column_letter(len(sheet.headers))}{len(rows) + 1}"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(content: bytes, filename: str):
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
