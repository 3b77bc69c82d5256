"""“三公”经费 pages: the table against last year, its chart and CSV."""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from html import escape
from typing import Any

from ...pages import charts
from ...pages.datatable import Row, csv_bytes, number, table_html
from ...pages.numbers import MINUS, amount
from ...load.model import Entry
from ...pages.attachments import attachment_href
from ..budget.page import places_needed
from .rules import KIND, Figures, Key, change_text, key_of, rate_text, stated_rate
from .model import meta_of
from ...load.schema import SHOWN_NOT_STATED


_INDEXES: weakref.WeakKeyDictionary[Any, dict[Key, Entry]] = weakref.WeakKeyDictionary()


def public_index(site: Any) -> dict[Key, Entry]:
    """“三公” entries the public may read in full, by (organ, year, stage); built once per site."""
    try:
        return _INDEXES[site]
    except KeyError:
        index = {key_of(e): e for e in site.public.entries if e.kind == KIND and e.meta.disclosure == "主动公开"}
        _INDEXES[site] = index
        return index


SCOPE_TEXT = {"本部门": "本部门", "本级汇总": "本级汇总（本级各部门合计）", "全区汇总": "全区汇总（本地区合计）"}

ITEMS = (
    ("合计", "total", 1),
    ("因公出国（境）费", "outbound", 1),
    ("公务用车购置及运行费", "vehicles", 1),
    ("其中：公务用车购置费", "purchase", 2),
    ("公务用车运行费", "operation", 2),
    ("公务接待费", "reception", 1),
)


@dataclass
class Comparison:
    columns: list[str]
    rows: list[Row]
    before: Figures | None
    budget: Figures | None
    source: str


def comparison(entry: Entry, site: Any) -> Comparison:
    meta = meta_of(entry)
    organ, year, stage, scope = key_of(entry)
    unit = meta.unit
    index = public_index(site) if site is not None else {}
    now = Figures.of(entry, unit)
    last = index.get((organ, year - 1, stage, scope))
    before = Figures.of(last, unit) if last is not None else Figures.stated(entry)
    source = "catalog" if last is not None else ("stated" if before is not None else "")
    planned = index.get((organ, year, "预算", scope)) if stage == "决算" else None
    budget = Figures.of(planned, unit) if planned is not None else None
    columns = [f"{year}年{stage}数"]
    if before is not None:
        columns += [f"{year - 1}年{stage}数", "增减额", "增减率（计算值）"]
    if budget is not None:
        columns += [f"{year}年预算数", "决算比预算增减"]
    given = stated_rate(meta.change_rate)
    decimals = given[1] if given is not None else 2  # the document's own precision when it prints a rate
    rows = []
    for label, attr, level in ITEMS:
        value = getattr(now, attr)
        values: list[Any] = [SHOWN_NOT_STATED if value is None else value]  # None here: the document gives only the 小计
        if before is not None:
            old = getattr(before, attr)
            values += [old, None if old is None or value is None else value - old, "—" if not old or value is None else rate_text(value, old, decimals)]
        if budget is not None:
            planned_value = getattr(budget, attr)
            values += [planned_value, None if planned_value is None or value is None else value - planned_value]
        rows.append(Row([label], values, css="gk-total" if attr == "total" else "", level=level))
    return Comparison(columns, rows, before, budget, source)


def counts_rows(entry: Entry, site: Any) -> tuple[list[str], list[Row]]:
    organ, year, stage, scope = key_of(entry)
    last = (public_index(site) if site is not None else {}).get((organ, year - 1, stage, scope))
    items = (
        ("因公出国（境）团组数（个）", ("outbound", "groups")),
        ("因公出国（境）人次", ("outbound", "people")),
        ("公务用车购置数（辆）", ("vehicles", "purchased")),
        ("公务用车保有量（辆）", ("vehicles", "fleet")),
        ("国内公务接待批次", ("reception", "batches")),
        ("国内公务接待人次", ("reception", "people")),
    )

    def get(e: Entry, path: tuple[str, str]) -> int | None:
        return getattr(getattr(e.meta, path[0]), path[1])

    columns = [f"{year}年"] + ([f"{year - 1}年"] if last is not None else [])
    rows = []
    for label, path in items:
        now = get(entry, path)
        if now is None and (last is None or get(last, path) is None):
            continue
        values: list[Any] = ["未填写" if now is None else now]
        if last is not None:
            old = get(last, path)
            values.append("未填写" if old is None else old)
        rows.append(Row([label], values))
    return columns, rows


def _decimals(rows: list[Row], unit: str) -> int:
    """A 元 report of whole amounts prints no ``.00``; 万元 (and 元 with 角分) two decimals, more when entered."""
    return places_needed([v for r in rows for v in r.values if isinstance(v, float)], unit)


def _typeset(rows: list[Row], decimals: int, *, grouped: bool = True) -> list[Row]:
    """Amounts as text with the report's decimals (thousands separators on the page, none in the CSV)."""
    def cell(v: Any) -> Any:
        if not isinstance(v, float):
            return v
        return amount(v, decimals) if grouped else f"{v:.{decimals}f}"
    return [Row(r.lead, [cell(v) for v in r.values], css=r.css, level=r.level) for r in rows]


def files(entry: Entry, site: Any = None) -> list[tuple[str, bytes]]:
    if entry.meta.disclosure != "主动公开":
        return []
    table = comparison(entry, site)
    unit = meta_of(entry).unit
    shown = _typeset(table.rows, _decimals(table.rows, unit), grouped=False)
    raw = [Row(r.lead, [None if v == SHOWN_NOT_STATED else v.replace("%", "").replace(MINUS, "-") if isinstance(v, str) and v.endswith("%") else v for v in r.values]) for r in shown]  # spreadsheets read an ASCII minus
    columns = ["增减率（计算值，%）" if c.startswith("增减率") else f"{c}（{unit}）" for c in table.columns]
    return [("three-public.csv", csv_bytes(["项目"], columns, raw))]


def render(entry: Entry, site: Any) -> str:
    meta = meta_of(entry)
    organ, year, stage, scope = key_of(entry)
    unit = meta.unit
    table = comparison(entry, site)
    parts = [f'<section class="gk-three-public"><h2 id="three-public">{year}年“三公”经费{stage}</h2>']
    parts.append(f'<p class="gk-scope"><strong>口径：</strong>{escape(SCOPE_TEXT.get(scope, scope))}</p>')
    if table.before is not None:
        places = _decimals(table.rows, unit)
        summary = change_text(table.rows[0].values[0], table.before.total, unit, meta.change_rate, places)  # type: ignore[arg-type]
        origin = "" if table.source == "catalog" else "（上年数为本表所列）"
        parts.append(f'<p class="gk-change"><strong>与上年相比：</strong>{year}年“三公”经费{stage}合计{number(meta.total, places)}{unit}，{escape(summary)}{origin}。</p>')
    else:
        parts.append('<p class="gk-change">目录中没有上年同口径的“三公”经费数据，无法计算增减。</p>')
    parts.append(table_html(f"{year}年“三公”经费{stage}情况（单位：{unit}）", ["项目"], table.columns, _typeset(table.rows, _decimals(table.rows, unit))))
    if (meta.change_reason or "").strip():
        parts.append(f'<p class="gk-note"><strong>增减变化原因：</strong>{escape(meta.change_reason or "")}</p>')
    count_columns, count_rows = counts_rows(entry, site)
    if count_rows:
        parts.append(table_html(f"{year}年“三公”经费相关数量", ["项目"], count_columns, count_rows))
    figures = Figures.of(entry, unit)
    attrs: tuple[str, ...]
    if figures.purchase is None:  # the document gives the 公务用车 subtotal only: one item, never a split or a missing bar
        categories, attrs = ["因公出国（境）费", "公务用车购置及运行费", "公务接待费"], ("outbound", "vehicles", "reception")
    else:
        categories, attrs = ["因公出国（境）费", "公务用车购置费", "公务用车运行费", "公务接待费"], ("outbound", "purchase", "operation", "reception")
    now: list[float | None] = [getattr(figures, a) for a in attrs]
    series: list[tuple[str, list[float | None]]] = []
    if table.before is not None:
        series.append((f"{year - 1}年", [getattr(table.before, a) for a in attrs]))
    series.append((f"{year}年", now))
    if table.before is not None and not table.before.complete():
        parts.append(f'<p class="gk-note">{year - 1}年的分项数字不全（原表只列了合计或部分项目），图中上年缺少的分项不画，也不比较分项大小。</p>')
    parts.append(charts.grouped_bar_chart(f"chart-three-public-{year}", f"{year}年“三公”经费{stage}分项" + ("与上年对比" if table.before is not None else ""), categories, series, unit))
    href = attachment_href(entry, "three-public.csv", site)
    parts.append(f'<p class="gk-download"><a href="{escape(href)}" download="{year}年“三公”经费{stage}.csv">下载本表数据（CSV）</a></p>')
    parts.append("</section>")
    return "".join(parts)


def depends(entry: Entry, site: Any) -> tuple[Any, ...]:
    """The other “三公” entries a page compares with: last year's, and this year's 预算 for a 决算."""
    organ, year, stage, scope = key_of(entry)
    index = public_index(site)
    return (index.get((organ, year - 1, stage, scope)), index.get((organ, year, "预算", scope)) if stage == "决算" else None)
