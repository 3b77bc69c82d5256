"""部门预算、决算 pages: tables, overview charts and their CSV files."""

from __future__ import annotations

import re
from html import escape
from typing import Any

from ...pages import charts
from ...pages.datatable import Row, csv_bytes, table_html
from ...load.model import Entry
from ...pages.attachments import attachment_href
from ...pages.asissued import notes_html, notes_of
from .grid import Grid
from .standards import STAGE, grids, table_key
from .model import meta_of


def _rows(grid: Grid) -> list[Row]:
    coded = any(row.code for row in grid.rows)
    rows = []
    for j, row in enumerate(grid.rows):
        values = list(row.values) + [None] * (len(grid.columns) - len(row.values))
        lead = [row.code or "", row.name] if coded else [row.name]
        rows.append(Row(lead, values[: len(grid.columns)], css="gk-total" if grid.is_total(j) else "", level=grid.level(j)))
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
    for i, table in enumerate(meta_of(entry).tables):
        parts = grids(table, i)
        if not any(g.has_data() for g in parts):
            continue
        if len(parts) == 1:
            grid = parts[0]
            files.append((csv_name(i), csv_bytes(_lead(grid), grid.columns, _rows(grid), table.unit)))
            continue
        columns: list[str] = []
        for grid in parts:
            columns += [c for c in grid.columns if c not in columns]
        rows = []
        for grid, side in zip(parts, ("收入", "支出")):
            for _row, src in zip(_rows(grid), grid.rows):
                values = {c: v for c, v in zip(grid.columns, src.values)}
                rows.append(Row([side, src.code or "", src.name], [values.get(c) for c in columns]))
        files.append((csv_name(i), csv_bytes(["收支", "科目编码", "项目"], columns, rows, table.unit)))
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


def render(entry: Entry, site: Any) -> str:
    meta = meta_of(entry)
    stage = STAGE[entry.kind]
    parts = [f'<section class="gk-budget"><h2 id="tables">{stage}报表</h2>']
    all_grids = [grids(t, i) for i, t in enumerate(meta.tables)]
    figures = overview_charts(entry, all_grids)
    if figures:
        parts.append('<h3 id="charts">图表</h3><p class="gk-note">图表由下方报表数据生成，数字以报表为准。</p>' + "".join(figures))
    with_data = {i for i, parts in enumerate(all_grids) if any(g.has_data() for g in parts)}
    toc = "".join(f'<li><a href="#table-{i + 1}">{escape(t.name)}</a></li>' for i, t in enumerate(meta.tables))
    if toc:
        parts.append(f'<nav class="gk-toc" aria-label="报表目录"><ol>{toc}</ol></nav>')
    notes = notes_of(site, entry.source) if site is not None else []
    for i, table in enumerate(meta.tables):
        parts.append(f'<h3 id="table-{i + 1}">{escape(table.name)}</h3>')
        grid_html = []
        for grid in all_grids[i]:
            caption = f"{grid.name}（单位：{table.unit}）"
            grid_html.append(table_html(caption, _lead(grid), grid.columns, _rows(grid)))
        parts.append('<div class="gk-sides">' + "".join(grid_html) + "</div>" if len(grid_html) > 1 else "".join(grid_html))
        if table.note:
            parts.append(f'<p class="gk-note"><strong>说明：</strong>{escape(table.note)}</p>')
        parts.append(notes_html(n for n in notes if n.field.startswith(f"tables[{i}]")))
        if i in with_data:
            href = attachment_href(entry, csv_name(i), site)
            parts.append(f'<p class="gk-download"><a href="{escape(href)}" download="{escape(table.name)}.csv">下载本表数据（CSV）</a></p>')
    parts.append("</section>")
    return "".join(parts)
