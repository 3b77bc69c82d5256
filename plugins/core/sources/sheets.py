"""Excel (xlsx) and CSV files read into grids, every cell with its sheet and cell reference.

Finance systems export one table per sheet with title rows above it, merged header cells,
blank spacer columns and 合计 rows; the reader keeps the table as printed (merged cells repeated
into each position they cover, empty rows and columns dropped) and leaves meaning to the kinds.
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from collections.abc import Callable
from functools import partial
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from .document import Cell, Document, Grid, Line, SourceError

MAX_CELLS = 5_000_000
"""A sheet larger than this is not a table an office exports; refuse rather than exhaust memory."""


def read_xlsx(path: Path) -> Document:
    try:
        book = load_workbook(path, data_only=True)  # cached formula results, as the sheet shows them
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise SourceError(f"{path.name} 不是能读取的 xlsx 文件（{type(exc).__name__}）：用 Excel 或 WPS 打开后另存为 .xlsx 再导入") from None
    document = Document(path=path, form="xlsx")
    for sheet in book.worksheets:
        if sheet.sheet_state != "visible":
            document.notes.append(f"工作表“{sheet.title}”是隐藏的，没有导入；需要时在 Excel 中取消隐藏后重新导入")
            continue
        if (sheet.max_row or 0) * (sheet.max_column or 0) > MAX_CELLS:
            raise SourceError(f"{path.name} 的工作表“{sheet.title}”超过 {MAX_CELLS:,} 个单元格，不像是一张报表：删去多余的行列后再导入")
        values = [[_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
        for merged in sheet.merged_cells.ranges:
            top = values[merged.min_row - 1][merged.min_col - 1] if merged.min_row <= len(values) else ""
            for r in range(merged.min_row - 1, min(merged.max_row, len(values))):
                for c in range(merged.min_col - 1, min(merged.max_col, len(values[r]))):
                    values[r][c] = top
        if all(sum(1 for v in row if v) <= 1 for row in values):  # a sheet of text lines (说明), not a table
            document.lines += [Line(v, _cell_ref(sheet.title, r, c)) for r, row in enumerate(values) for c, v in enumerate(row) if v]
            continue
        grid = _grid(values, f"工作表“{sheet.title}”", partial(_cell_ref, sheet.title))
        if grid is not None:
            document.grids.append(grid)
    return document


def read_csv(path: Path) -> Document:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes nearly every byte string
        raise SourceError(f"{path.name} 既不是 UTF-8 也不是 GBK 编码：用 Excel 另存为“CSV UTF-8”后再导入")
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    try:
        values = [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), dialect)]
    except csv.Error as exc:
        raise SourceError(f"{path.name} 不是规范的 CSV（{exc}）：用 Excel 打开后另存为“CSV UTF-8”再导入") from None
    document = Document(path=path, form="csv")
    grid = _grid(values, path.name, lambda r, c: f"第{r + 1}行第{c + 1}列")
    if grid is not None:
        document.grids.append(grid)
    return document


def _cell_ref(title: str, r: int, c: int) -> str:
    return f"工作表“{title}”{get_column_letter(c + 1)}{r + 1}"


def _text(value: object) -> str:
    """A cell's value as the sheet prints it: numbers without float noise, dates as 年-月-日."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        value = round(value, 6)
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return " ".join(str(value).split())


def _grid(values: list[list[str]], place: str, where: Callable[[int, int], str]) -> Grid | None:
    """The sheet's table: leading one-value rows are its caption, trailing ones its notes."""
    rows = [(r, row) for r, row in enumerate(values) if any(row)]
    if not rows:
        return None
    caption: list[str] = []
    after: list[str] = []
    while rows and len({v for v in rows[0][1] if v}) == 1 and len(rows) > 1:
        caption.append(next(v for v in rows[0][1] if v))
        rows.pop(0)
    while len(rows) > 1 and len({v for v in rows[-1][1] if v}) == 1 and _is_note(next(v for v in rows[-1][1] if v)):
        after.insert(0, next(v for v in rows[-1][1] if v))
        rows.pop()
    width = max(len(row) for _, row in rows)
    used = [c for c in range(width) if any(c < len(row) and row[c] for _, row in rows)]
    cells = [[Cell(row[c] if c < len(row) else "", where(r, c)) for c in used] for r, row in rows]
    return Grid(rows=cells, place=place, caption=caption, after=after)


def _is_note(text: str) -> bool:
    return text.startswith(("注", "说明", "备注", "*", "※")) or "本表" in text[:8]
