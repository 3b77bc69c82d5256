"""部门预算 / 部门决算 from the finance system's PDF or Excel: its tables cell by cell, its 说明 as the body.

Every number written comes from one printed cell; a cell that is not a number, a missing unit or
organ becomes the unfilled mark with the cell's place. Nothing is summed, moved or guessed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ...load.unfilled import unfilled
from ...sources import figures
from ...sources.document import Cell, Document, Draft, Grid, Request, Unread
from .standards import infer_table

STAGES = {"budget": "预算", "final_account": "决算"}
STEMS = {"budget": "budget", "final_account": "final-account"}
_CODE = re.compile(r"^(\d{3}(?:\d{2}){0,2})(?:\s+(.*))?$")
_CODE_HEAD = ("科目编码", "编码", "类", "款", "项", "功能分类科目编码", "经济分类科目编码")
_NAME_HEAD = ("科目名称", "项目", "名称", "功能分类科目名称", "经济分类科目名称", "项目（按功能分类）", "项目（按经济分类）")
_SERIAL = ("栏次", "行次")
_HEADING = re.compile(r"^(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)")
_PAGE_NO = re.compile(r"^(-\s*\d+\s*-|第\s*\d+\s*页(\s*共\s*\d+\s*页)?|\d{1,3})$")


def intake_for(code: str) -> Callable[[Document, Request], list[Draft] | None]:
    """The ``Kind.intake`` of budget or final_account: claims a document whose title names its stage."""

    def intake(document: Document, request: Request) -> list[Draft] | None:
        title = _title(document)
        if not request.forced and (not title or STAGES[code] not in title or "三公" in title):
            return None
        return [_draft(code, document, request, title)]

    return intake


def _title(document: Document) -> str:
    heads = [line.text for line in document.lines[:8]] + [c for grid in document.grids[:1] for c in grid.caption]
    for text in heads:
        if re.search(r"部门(预算|决算)|(预算|决算)(公开|情况说明)?$", text.replace(" ", "")):
            return text.replace(" ", "")
    return ""


def _draft(code: str, document: Document, request: Request, title: str) -> Draft:
    unread: list[Unread] = []
    notes: list[str] = []
    text = title + "\n" + document.text()
    year = request.year or figures.year_in(title)
    organ = request.organ_in(text)
    if organ is None:
        printed = re.split(r"\d{4}", title)[0] or "（原件中的单位全称）"
        organ_value: Any = unfilled("原件封面的单位名称")
        unread.append(Unread("原件封面", f"发布机构：“{printed}”不在 catalog/organs.yml 中"))
        notes.append(f"在 catalog/organs.yml 中加上这个机构后，把 organ 改成它的 id：- id: 待定\\n  name: {printed}\\n  uscc: 待补")
    else:
        organ_value = organ
    tables = _tables(document.grids, unread)
    topic = next((tid for tid, name in request.topics.items() if "财政" in name), None)
    meta: dict[str, Any] = {
        "kind": code,
        "title": title or unfilled("原件封面的标题"),
        "organ": organ_value,
        "fiscal_year": year if year is not None else unfilled("原件标题中的年度"),
        "published": unfilled("原件不载公开日期，按实际公开日期填写"),
        "topics": [topic] if topic else [unfilled("主题分类")],
        "disclosure": "主动公开",
        "tables": tables,
    }
    if year is None:
        unread.append(Unread("原件标题", "预决算年度"))
    unread.append(Unread("原件不载", "发布日期（按实际公开日期填写）"))
    stem = f"{organ or 'organ'}-{year or 'year'}-{STEMS[code]}"
    return Draft(kind=code, year=(year + 1 if code == "final_account" and year else year), stem=stem, meta=meta,
                 body=narrative_body(document), unread=unread, attachment=document.path, notes=notes)


def _tables(grids: list[Grid], unread: list[Unread]) -> list[dict[str, Any]]:
    tables: list[dict[str, Any]] = []
    header: list[list[str]] = []
    for grid in grids:
        name = next((line.replace(" ", "") for line in reversed(grid.caption) if line.replace(" ", "").endswith("表")), "")
        rows = [row for row in grid.rows if any(cell.text for cell in row)]
        head_n = _header_rows(rows)
        if not name and tables and (not head_n or [[c.text for c in r] for r in rows[:head_n]] == header):
            _append_rows(tables[-1], rows[head_n:], unread)  # the same table continued on the next page
            continue
        header = [[c.text for c in r] for r in rows[:head_n]]
        caption = " ".join(grid.caption + [c.text for r in rows[:head_n] for c in r])
        unit = figures.unit_in(caption)
        table: dict[str, Any] = {"table": infer_table(name) if name else "其他", "name": name or unfilled(f"{grid.place} 上方的表名")}
        if not name:
            unread.append(Unread(grid.place, "表名"))
        table["unit"] = unit or unfilled(f"{grid.place} 的金额单位")
        if not unit:
            unread.append(Unread(grid.place, "金额单位（元 或 万元）"))
        _fill(table, rows[:head_n], rows[head_n:], grid, unread)
        tables.append(table)
    return tables


def _header_rows(rows: list[list[Cell]]) -> int:
    """Rows above the first one with a number in it; the 栏次 row (1, 2, 3 …) belongs to the header."""
    for i, row in enumerate(rows):
        first = next((c.text.replace(" ", "") for c in row if c.text), "")
        if first in _SERIAL or not any(figures.is_number(c.text) for c in row):
            continue
        return i
    return len(rows)


def _label_columns(head: list[list[Cell]], width: int) -> tuple[list[int], list[int]]:
    """(code columns, name columns) from the header texts."""
    codes, names = [], []
    for c in range(width):
        texts = {row[c].text.replace(" ", "") for row in head if c < len(row)}
        if texts & set(_CODE_HEAD):
            codes.append(c)
        elif texts & {n.replace(" ", "") for n in _NAME_HEAD}:
            names.append(c)
    return codes, names


def _fill(table: dict[str, Any], head: list[list[Cell]], body: list[list[Cell]], grid: Grid, unread: list[Unread]) -> None:
    width = max((len(r) for r in head + body), default=0)
    codes, names = _label_columns(head, width)
    if not names:
        names = [max(codes) + 1] if codes else [0]
    sides = _sides(codes, names, width)
    if len(sides) == 2 and table["table"] in ("收支总表", "财政拨款收支总表"):
        for key, (side_codes, name, values) in zip(("income", "expense"), sides):
            table[key] = {"columns": _columns(head, values, name), "rows": [r for r in (_row(row, side_codes, name, values, unread) for row in body) if r]}
        return
    side_codes, name, values = sides[0] if len(sides) == 1 else (codes, names[0], [c for c in range(width) if c not in codes and c not in names])
    table["columns"] = _columns(head, values, name)
    table["rows"] = [r for r in (_row(row, side_codes, name, values, unread) for row in body) if r]
    if not table["rows"]:
        printed = grid.after + grid.caption + [c.text for row in head for c in row[:1]]
        table["note"] = next((t for t in printed if "无" in t or "空表" in t), None) or unfilled(f"{grid.place} 空表的说明")
        if table["note"].startswith("待补"):
            unread.append(Unread(grid.place, "空表的说明（为什么没有数据）"))


def _sides(codes: list[int], names: list[int], width: int) -> list[tuple[list[int], int, list[int]]]:
    """One (code columns, name column, value columns) per half of the table (a 收支总表 has two)."""
    sides = []
    for i, name in enumerate(names):
        end = names[i + 1] if i + 1 < len(names) else width
        start_codes = [c for c in codes if (names[i - 1] if i else -1) < c < name] if i else [c for c in codes if c < name]
        next_codes = [c for c in codes if i + 1 < len(names) and name < c < names[i + 1]]
        stop = min(next_codes) if next_codes else end
        sides.append((start_codes, name, [c for c in range(name + 1, stop) if c not in codes]))
    return sides


def _columns(head: list[list[Cell]], values: list[int], label: int) -> list[str]:
    """Each value column's heading, levels joined with ``/``; a spanning text over the label column too is the side's, not the column's."""
    shared = {row[label].text.replace(" ", "") for row in head if label < len(row)}
    columns = []
    for c in values:
        parts: list[str] = []
        for row in head:
            text = row[c].text.replace(" ", "") if c < len(row) else ""
            if text and text not in parts and text not in shared and text not in _SERIAL and not figures.is_number(text) and not figures.unit_in(text):
                parts.append(text)
        columns.append("/".join(parts) or f"第{c + 1}列")
    return columns


def _row(row: list[Cell], codes: list[int], name_col: int, values: list[int], unread: list[Unread]) -> dict[str, Any] | None:
    cells = [row[c] if c < len(row) else Cell("", "") for c in codes]
    name = row[name_col].text if name_col < len(row) else ""
    joined = "".join(c.text.replace(" ", "") for c in cells if c.text != name)
    code = None
    found = _CODE.match(joined) if joined else None
    if found:
        code = found.group(1)
        name = name or (found.group(2) or "")
    elif joined and not name:
        name = joined
    if not found and name:
        split = _CODE.match(name)
        if split and split.group(2):
            code, name = split.group(1), split.group(2)
    if not name and not code and not any(row[c].text for c in values if c < len(row)):
        return None
    out: dict[str, Any] = {}
    if code:
        out["code"] = code
    out["name"] = name or unfilled(f"{row[name_col].place if name_col < len(row) else ''}")
    numbers: list[Any] = []
    for c in values:
        cell = row[c] if c < len(row) else Cell("", "")
        value = figures.figure(cell.text)
        if figures.is_dash(cell.text):
            numbers.append("-")
        elif value is not None:
            numbers.append(value)
        else:
            numbers.append(unfilled(cell.place))
            unread.append(Unread(cell.place, f"“{name}”这一格应是数字，原件读出“{cell.text[:20]}”"))
    out["values"] = numbers
    return out


def _append_rows(table: dict[str, Any], body: list[list[Cell]], unread: list[Unread]) -> None:
    """A table's next page: its rows read with the columns the first page had (right-aligned: codes first)."""
    width = max((len(r) for r in body), default=0)
    if "income" in table:  # [项目, income values…, 项目, expense values…]
        split = 1 + len(table["income"]["columns"])
        halves = [(table["income"], 0, list(range(1, split))), (table["expense"], split, list(range(split + 1, width)))]
    else:
        name_col = max(0, width - len(table.get("columns", [])) - 1)
        halves = [(table, name_col, list(range(name_col + 1, width)))]
    for target, name_col, values in halves:
        codes = list(range(name_col)) if target is table else []
        target.setdefault("rows", []).extend(r for r in (_row(row, codes, name_col, values, unread) for row in body) if r)


def narrative_body(document: Document) -> str:
    """The narrative as Markdown: numbered headings, paragraphs re-joined across line and page breaks."""
    captions = {line for grid in document.grids for line in grid.caption + grid.after}
    out: list[str] = []
    paragraph = ""
    for line in document.lines:
        text = line.text.strip()
        if not text or text in captions or _PAGE_NO.match(text):
            continue
        if _HEADING.match(text) and len(text) < 40:
            if paragraph:
                out.append(paragraph)
                paragraph = ""
            out.append(("## " if text.startswith("第") else "### ") + text)
            continue
        paragraph += text
        if text.endswith(("。", "：", ":", "；")):
            out.append(paragraph)
            paragraph = ""
    if paragraph:
        out.append(paragraph)
    return "\n\n".join(out) if out else "（原件没有文字说明。）"
