"""部门预算、决算 pages: tables, overview charts and their CSV files."""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import escape
from typing import Any

from ...pages import charts
from ...pages.datatable import Row, csv_bytes, table_html
from ...load.model import Entry
from ...pages.attachments import attachment_href, published_paths
from ...pages.asissued import notes_html, notes_of
from .grid import Grid
from .standards import STAGE, grids, parts_of, table_key
from .model import BudgetTable, Figures, meta_of


def all_parts(tables: list[BudgetTable]) -> list[list[Grid]]:
    """The grids of each table as the page shows them: a table with its 续表 rows run on; a 续表 itself none."""
    heads = parts_of(tables)
    return [grids(t, i, [(k, tables[k]) for k in heads[i]]) if i in heads else [] for i, t in enumerate(tables)]


def decimals_of(table: BudgetTable, parts: list[Grid] | None = None) -> int:
    """How many decimals the published table prints: ``decimals`` when stated; a 万元 table 2 (the
    standard format); a 元 table 0 when every figure is whole (no invented ``.00``), else 2 (角分)."""
    if table.decimals is not None:
        return table.decimals
    values = [v for g in (parts if parts is not None else grids(table, 0)) for row in g.rows for v in row.values if v is not None]
    return places_needed(values, table.unit)


def places_needed(values: Iterable[float], unit: str) -> int:
    """Decimals that show every figure as entered: 万元 at least 2, 元 0 when all are whole (else 2),
    more when a figure has them (0.1234 万元 is never shown as 0.12)."""
    values = list(values)
    floor = 2 if unit == "万元" or not all(float(v).is_integer() for v in values) else 0
    return max([floor] + [_places(v) for v in values])


def _places(value: float) -> int:
    text = repr(round(float(value), 6))  # a computed difference (48.3 - 52.6) carries float noise
    if "e" in text or "." not in text:
        return 0
    return min(len(text.split(".")[1].rstrip("0")), 4)


def _rows(grid: Grid, decimals: int = 2) -> list[Row]:
    coded = any(row.code for row in grid.rows)
    width = len(grid.columns)
    # a rate or 行次 column (not an amount) prints its own decimals: 12.9 % stays 12.9, 行次 1 stays 1
    places = [decimals if grid.additive(k) else max([0] + [_places(v) for r in grid.rows for v in r.values[k:k + 1] if v is not None]) for k in range(width)]
    rows = []
    for j, row in enumerate(grid.rows):
        cells = (list(row.values) + [None] * width)[:width]
        rows.append(Row(
            lead=[row.code or "", row.name] if coded else [row.name],
            values=[None if v is None else f"{v:,.{p}f}" for v, p in zip(cells, places)],
            css="gk-total" if grid.is_total(j) else "", level=grid.level(j),
            raw=[None if v is None else f"{v:.{p}f}" for v, p in zip(cells, places)],
        ))
    return rows


def _lead(grid: Grid) -> list[str]:
    return ["科目编码", "科目名称"] if any(row.code for row in grid.rows) else ["项目"]


def csv_name(i: int) -> str:
    return f"table-{i + 1:02d}.csv"


def table_files(entry: Entry, site: Any = None) -> list[tuple[str, bytes]]:
    """One CSV per table that has data, written beside the entry page."""
    if entry.meta.disclosure != "主动公开":
        return []
    files = []
    tables = meta_of(entry).tables
    for i, (table, parts) in enumerate(zip(tables, all_parts(tables))):
        if not any(g.has_data() for g in parts):
            continue
        decimals = decimals_of(table, parts)
        if len(parts) == 1:
            grid = parts[0]
            files.append((csv_name(i), csv_bytes(_lead(grid), grid.columns, _rows(grid, decimals), table.unit)))
            continue
        columns: list[str] = []
        for grid in parts:
            columns += [c for c in grid.columns if c not in columns]
        rows = []
        for grid in parts:
            for shown, src in zip(_rows(grid, decimals), grid.rows):
                values = {c: v for c, v in zip(grid.columns, shown.raw)}
                rows.append(Row([grid.side, src.code or "", src.name], [values.get(c) for c in columns]))
        files.append((csv_name(i), csv_bytes(["收支" if parts[0].side == "收入" else "部分", "科目编码", "项目"], columns, rows, table.unit)))
    return files


def _plain_name(name: str) -> str:
    """``一、一般公共预算拨款收入`` → ``一般公共预算拨款收入`` for chart labels."""
    return re.sub(r"^[一二三四五六七八九十]+[、.．]\s*", "", name)


def overview_charts(entry: Entry, all_grids: list[list[Grid]] | None = None) -> list[str]:
    """Charts for the tables that say most at a glance: spending by function, basic vs project, income by source."""
    meta = meta_of(entry)
    stage = STAGE[entry.kind]
    out: list[str] = []
    by_key: dict[str, Grid] = {}
    sides: dict[str, list[Grid]] = {}
    for i, table in enumerate(meta.tables):
        parts = all_grids[i] if all_grids is not None else grids(table, i)
        key = table_key(table)
        if len(parts) == 1 and parts[0].has_data():
            by_key.setdefault(key, parts[0])
        elif len(parts) == 2:
            sides.setdefault(key, parts)
    spend = by_key.get("支出总表") or by_key.get("一般公共预算支出表")
    year = meta.fiscal_year
    if spend is not None:
        node = spend.spend_column()
        if node is not None:
            bars = [(spend.rows[j].name, spend.value(j, node)) for j in spend.top_rows() if spend.rows[j].code]
            if bars:
                out.append(charts.bar_chart(f"chart-function-{entry.kind}", f"{year}年{stage}支出（按功能分类，类级科目）", bars, spend.unit))
            basic, project = spend.find("基本支出"), spend.find("项目支出")
            if basic is not None and project is not None:
                pairs = [("基本支出", spend.grand_total(basic)[0]), ("项目支出", spend.grand_total(project)[0])]
                out.append(charts.bar_chart(f"chart-basic-{entry.kind}", f"{year}年{stage}基本支出与项目支出", pairs, spend.unit))
    overall = sides.get("收支总表")
    if overall:
        side = overall[0]
        node = side.spend_column()
        totals = side.total_rows()
        stop = totals[0] if totals else len(side.rows)
        if node is not None:
            bars = [(_plain_name(side.rows[j].name), side.value(j, node)) for j in side.top_rows() if j < stop and side.value(j, node)]
            if bars:
                out.append(charts.bar_chart(f"chart-income-{entry.kind}", f"{year}年{stage}收入来源", bars, side.unit))
    return out


def figures_html(figures: Figures, stage: str) -> str:
    """The 说明's main figures as entered (``figures``), in their unit; 元 figures that are whole print no .00."""
    items = [(label, getattr(figures, key)) for key, label in FIGURE_LABELS if getattr(figures, key) is not None]
    if not items:
        return ""
    places = 0 if figures.unit == "元" and all(float(v).is_integer() for _, v in items) else 2
    rows = [Row([label], [f"{v:,.{places}f}"]) for label, v in items]
    return table_html(f"{stage}说明中的主要数字（单位：{figures.unit}）", ["项目"], ["金额"], rows)


FIGURE_LABELS = (
    ("income_total", "收入总计"), ("expense_total", "支出总计"), ("basic", "基本支出"), ("project", "项目支出"),
    ("personnel", "人员经费"), ("public_use", "公用经费"), ("three_public", "“三公”经费"),
    ("operating", "机关运行经费"), ("procurement", "政府采购"),
)


def attachment_note(entry: Entry, site: Any, stage: str) -> str:
    """The stated choice ``tables_in_attachment``, said on the page: which tables the site does not show or check."""
    meta = meta_of(entry)
    named = meta.tables_in_attachment or ""
    link = escape(named)
    for attachment, path in zip(meta.attachments, published_paths(entry)):
        if named in (attachment.file, attachment.file.rsplit("/", 1)[-1]) and site is not None:
            link = f'<a href="{escape(attachment_href(entry, path, site))}">{escape(attachment.title or named)}</a>'
    entered = "下面只列出已录入的报表；其余" if meta.tables else ""
    return f'<p class="gk-note gk-tables-in-attachment"><strong>报表在附件中：</strong>{entered}本{stage}的标准报表见附件 {link}，本页未逐表录入，其中的数字未经本网站核对。</p>'


def render(entry: Entry, site: Any) -> str:
    meta = meta_of(entry)
    stage = STAGE[entry.kind]
    parts = [f'<section class="gk-budget"><h2 id="tables">{stage}报表</h2>']
    if meta.tables_in_attachment:
        parts.append(attachment_note(entry, site, stage))
    if meta.figures is not None:
        parts.append(figures_html(meta.figures, stage))
    all_grids = all_parts(meta.tables)
    figures = overview_charts(entry, all_grids)
    if figures:
        parts.append('<h3 id="charts">图表</h3><p class="gk-note">图表由下方报表数据生成，数字以报表为准。</p>' + "".join(figures))
    with_data = {i for i, parts in enumerate(all_grids) if any(g.has_data() for g in parts)}
    toc = "".join(f'<li><a href="#table-{i + 1}">{escape(t.name)}</a></li>' for i, t in enumerate(meta.tables) if all_grids[i])
    if toc:
        parts.append(f'<nav class="gk-toc" aria-label="报表目录"><ol>{toc}</ol></nav>')
    notes = notes_of(site, entry.source) if site is not None else []
    for i, table in enumerate(meta.tables):
        if not all_grids[i]:
            continue  # a 续表: its rows are shown in the table it continues
        parts.append(f'<h3 id="table-{i + 1}">{escape(table.name)}</h3>')
        grid_html = []
        for grid in all_grids[i]:
            caption = f"{grid.name}（单位：{table.unit}）"
            grid_html.append(table_html(caption, _lead(grid), grid.columns, _rows(grid, decimals_of(table, all_grids[i]))))
        parts.append('<div class="gk-sides">' + "".join(grid_html) + "</div>" if len(grid_html) > 1 else "".join(grid_html))
        if table.note:
            parts.append(f'<p class="gk-note"><strong>说明：</strong>{escape(table.note)}</p>')
        parts.append(notes_html(n for n in notes if n.field.startswith(f"tables[{i}]")))
        if i in with_data:
            href = attachment_href(entry, csv_name(i), site)
            parts.append(f'<p class="gk-download"><a href="{escape(href)}" download="{escape(table.name)}.csv">下载本表数据（CSV）</a></p>')
    parts.append("</section>")
    return "".join(parts)
