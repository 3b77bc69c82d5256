"""The figures of a “三公”经费 table, cell by cell, in either orientation.

Finance systems print the table two ways: the items down the side with 预算数 / 决算数 / 上年数
columns, or the items across the top (公务用车购置及运行费 spanning 小计 / 购置费 / 运行费) with
预算数 / 决算数 above or beneath. Both are read the same way: each value cell is named by its row's
label and its column's headings together, and that name says which item, which year and which
stage it is. A cell whose name says nothing known is left alone; a cell that is not a number is
kept as unread with its place. Nothing is added up.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...sources import figures
from ...sources.document import Cell, Grid
from ..budget.grid import squeeze

SLOTS = {
    "total": "“三公”经费合计",
    "outbound": "因公出国（境）费",
    "vehicles": "公务用车购置及运行费（小计）",
    "purchase": "公务用车购置费",
    "operation": "公务用车运行费",
    "reception": "公务接待费",
    "groups": "因公出国（境）团组数",
    "out_people": "因公出国（境）人次",
    "purchased": "公务用车购置数",
    "fleet": "公务用车保有量",
    "batches": "国内公务接待批次",
    "rec_people": "国内公务接待人次",
}
"""What each figure is, in the editor's words."""
COUNTS = frozenset({"groups", "out_people", "purchased", "fleet", "batches", "rec_people"})
_SERIAL = ("栏次", "行次")
_CHANGE = ("增减", "增长", "下降", "变动", "变化", "%", "％", "比上年", "较上年")


@dataclass
class Figure:
    """One value as the source prints it."""

    value: int | float | None
    """The number; None when the cell is not readable as one."""
    place: str
    printed: str
    """``number``, ``dash`` (a printed -), ``blank`` or ``unread``."""
    heading: str = ""
    """The row label and column headings (or the sentence) that named it."""
    text: str = ""
    """The cell's text as printed."""
    unit: str | None = None
    """The unit printed with it (a sentence's ``25.16万元``); None: the table's."""


Key = tuple[str, str, str]
"""(slot, period ``now``/``previous``, stage printed ``预算``/``决算``/``""``)."""


def slot_of(text: str) -> str | None:
    """Which figure a cell's name (row label + column headings) is, or None."""
    t = squeeze(text).replace("(", "（").replace(")", "）")
    if "团组" in t:
        return "groups"
    if "保有" in t:
        return "fleet"
    if "批次" in t:
        return "batches"
    if "购置数" in t or "购置数量" in t or ("购置" in t and "辆" in t):
        return "purchased"
    if "人次" in t or "人数" in t:
        return "out_people" if "出国" in t else "rec_people" if "接待" in t else None
    rest = t.replace("购置及运行维护费", "").replace("购置及运行费", "")
    if "购置费" in rest or ("公务用车购置" in rest and "运行" not in rest):
        return "purchase"
    if "运行费" in rest or "运行维护费" in rest:
        return "operation"
    if "公务用车" in t:
        return "vehicles"
    if "出国" in t:
        return "outbound"
    if "接待" in t:
        return "reception"
    if "合计" in t or "总计" in t or "三公" in t:
        return "total"
    return None


def period_of(text: str, year: int | None) -> tuple[str, str] | None:
    """(period, stage printed) a column or row name gives; None for a change or ratio column."""
    t = squeeze(text)
    if any(word in t for word in _CHANGE):
        return None
    printed = "决算" if ("决算" in t or "执行数" in t) else "预算" if "预算" in t else ""
    if "上年" in t or "上一年" in t:
        return "previous", printed
    named = figures.year_in(t)
    if named is not None and year is not None:
        if named == year - 1:
            return "previous", printed
        if named != year:
            return None
    return "now", printed


def _serial_row(row: list[Cell]) -> bool:
    """The 栏次 row beneath a header (1, 2, 3 …, or headed 栏次)."""
    texts = [c.text.replace(" ", "") for c in row if c.text.strip()]
    if texts and texts[0] in _SERIAL:
        return True
    numbers = [n for n in (figures.figure(t) for t in texts) if isinstance(n, int)]
    return 1 < len(numbers) == len(texts) and numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def _header_rows(rows: list[list[Cell]]) -> int:
    for i, row in enumerate(rows):
        if _serial_row(row):
            continue
        if any(figures.is_number(c.text) for c in row):
            return i
    return len(rows)


def _join(parts: list[str]) -> str:
    out: list[str] = []
    for part in parts:
        if part and part not in out:
            out.append(part)
    return " ".join(out)


def read_grid(grid: Grid, year: int | None) -> dict[Key, Figure]:
    """Every named figure of one grid, keyed by what it is; the first of two cells with one name wins."""
    rows = [row for row in grid.rows if any(cell.text for cell in row)]
    head_n = _header_rows(rows)
    head, body = rows[:head_n], [row for row in rows[head_n:] if not _serial_row(row)]
    width = max((len(r) for r in rows), default=0)
    headings = [_join([row[c].text for row in head if c < len(row) and not figures.is_number(row[c].text)]) for c in range(width)]
    value_columns = [c for c in range(width) if any(c < len(row) and _printed_figure(row[c].text) for row in body)]
    first = min(value_columns, default=width)
    found: dict[Key, Figure] = {}
    for row in body:
        label = _join([row[c].text for c in range(min(first, len(row)))])  # the item's name is left of its figures, never a 原因 column's text
        has_number = any(_printed_figure(row[c].text) for c in value_columns if c < len(row))
        for c in value_columns:
            cell = row[c] if c < len(row) else Cell("", "")
            name = f"{label} {headings[c]}"
            slot = slot_of(name)
            when = period_of(name, year)
            figure = _figure(cell, name, has_number)
            if slot is None or when is None or figure is None:
                continue
            found.setdefault((slot, *when), figure)
    return found


def _printed_figure(text: str) -> bool:
    return figures.is_number(text) or bool(text.strip() and figures.is_dash(text))


def _figure(cell: Cell, name: str, row_has_number: bool) -> Figure | None:
    """The cell's figure; None for a blank in a row that prints no figure at all (a heading row)."""
    text = cell.text.strip()
    value = figures.figure(text)
    if value is not None:
        return Figure(value, cell.place, "number", name)
    if text and figures.is_dash(text):
        return Figure(0, cell.place, "dash", name)
    if not text and row_has_number:
        return Figure(0, cell.place, "blank", name)
    return Figure(None, cell.place, "unread", name, text=text) if text else None


def score(found: dict[Key, Figure]) -> int:
    """How much of a “三公” table a grid is: the amounts it names (a budget table names none)."""
    return len({slot for slot, _, _ in found if slot not in COUNTS})


def reason_in(grid: Grid) -> tuple[str, str] | None:
    """(text, place) of a 增减变化原因 printed in the table: a ``原因：…`` cell, a 原因 column (each row's
    reason after its item), or the notes under the table."""
    for r, row in enumerate(grid.rows):
        for c, cell in enumerate(row):
            t = squeeze(cell.text)
            if not ("原因" in t[:10] and ("增减" in t or "变化" in t or "变动" in t)):
                continue
            rest = cell.text.split("：", 1)[1].strip() if "：" in cell.text else ""
            if rest:
                return rest, cell.place
            below = [(other[0].text, other[c].text.strip()) for other in grid.rows[r + 1:] if c < len(other) and other[c].text.strip() and other[c].text != cell.text]
            if below:
                return "；".join(f"{label}：{text}" if label and label != text else text for label, text in below), f"{grid.place} “{cell.text}”列"
    for line in grid.after:
        t = squeeze(line)
        if "原因" in t and ("增减" in t or "变化" in t):
            return line.split("：", 1)[-1].strip(), f"{grid.place} 下方的说明"
    return None
