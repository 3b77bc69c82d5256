"""“三公”经费: the three items, their counts, and the change from last year.

143号 requires 因公出国（境）费, 公务用车购置及运行费 (split into 购置费 and 运行费) and
公务接待费 with an explanation of the change; 中办发〔2016〕13号 requires a 决算 to state
团组数/人数, 购置数/保有量 and 接待批次/人数. No MkDocs here.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from typing import Any

from ..pages import charts
from ..pages.datatable import Row, csv_bytes, number, table_html
from ..check.diagnostics import Diagnostic, Severity
from ..load.model import Catalog, Entry
from ..check.rules import is_public, place_of, problem, reads_text_of
from .grid import differs

KIND = "three_public"
WARNING = Severity.WARNING
Key = tuple[str, int, str]


def key_of(entry: Entry) -> Key:
    meta = entry.meta
    return meta.organ, meta.fiscal_year, meta.stage  # type: ignore[attr-defined]


def in_unit(value: float, from_unit: str, to_unit: str) -> float:
    if from_unit == to_unit:
        return value
    return value / 10000 if to_unit == "万元" else value * 10000


@dataclass
class Figures:
    """The amounts of one year, in one unit, as the comparison table shows them."""

    total: float
    outbound: float | None
    vehicles: float | None
    purchase: float | None
    operation: float | None
    reception: float | None

    @classmethod
    def of(cls, entry: Entry, unit: str) -> Figures:
        meta = entry.meta
        u = meta.unit  # type: ignore[attr-defined]
        v = meta.vehicles  # type: ignore[attr-defined]
        return cls(
            in_unit(meta.total, u, unit),  # type: ignore[attr-defined]
            in_unit(meta.outbound.amount, u, unit),  # type: ignore[attr-defined]
            in_unit(v.purchase + v.operation, u, unit),
            in_unit(v.purchase, u, unit),
            in_unit(v.operation, u, unit),
            in_unit(meta.reception.amount, u, unit),  # type: ignore[attr-defined]
        )

    @classmethod
    def stated(cls, entry: Entry) -> Figures | None:
        """Last year's figures as this entry states them (``previous``)."""
        prev = entry.meta.previous  # type: ignore[attr-defined]
        if prev is None:
            return None
        return cls(prev.total, prev.outbound, prev.vehicles, None, None, prev.reception)


def change_text(now: float, before: float, unit: str) -> str:
    diff = now - before
    if abs(diff) < 0.005:
        return "与上年持平"
    verb, rate_verb = ("增加", "增长") if diff > 0 else ("减少", "下降")
    rate = f"，{rate_verb} {abs(diff) / before * 100:.1f}%" if before else ""
    return f"{verb} {number(abs(diff))} {unit}{rate}"


# --- rules ------------------------------------------------------------------


def check_entry(entry: Entry, index: dict[Key, Entry]) -> Iterable[Diagnostic]:
    meta = entry.meta
    unit = meta.unit  # type: ignore[attr-defined]
    out, veh, rec = meta.outbound, meta.vehicles, meta.reception  # type: ignore[attr-defined]
    parts = out.amount + veh.purchase + veh.operation + rec.amount
    if differs(meta.total, parts, 4):  # type: ignore[attr-defined]
        yield problem(
            entry, ("total",), "three-public-total",
            f"合计 {number(meta.total)} {unit}，但 因公出国(境)费 {number(out.amount)} + 公务用车购置费 {number(veh.purchase)} + 公务用车运行费 {number(veh.operation)} + 公务接待费 {number(rec.amount)} = {number(parts)} {unit}",  # type: ignore[attr-defined]
            "合计应等于各项之和：核对合计和各项金额",
        )
    if veh.amount is not None and differs(veh.amount, veh.purchase + veh.operation, 2):
        yield problem(entry, ("vehicles", "amount"), "three-public-vehicles", f"公务用车购置及运行费 {number(veh.amount)} {unit}，但购置费 {number(veh.purchase)} + 运行费 {number(veh.operation)} = {number(veh.purchase + veh.operation)} {unit}", "公务用车购置及运行费应等于购置费与运行费之和")
    yield from _counts(entry)
    yield from _change(entry, index)


def _counts(entry: Entry) -> Iterable[Diagnostic]:
    meta = entry.meta
    out, veh, rec = meta.outbound, meta.vehicles, meta.reception  # type: ignore[attr-defined]
    final = meta.stage == "决算"  # type: ignore[attr-defined]
    required = (
        (("outbound",), out.amount > 0, (("groups", out.groups, "团组数"), ("people", out.people, "人次")), "因公出国(境)"),
        (("vehicles",), veh.purchase > 0, (("purchased", veh.purchased, "购置数"),), "公务用车购置"),
        (("vehicles",), veh.operation > 0, (("fleet", veh.fleet, "保有量"),), "公务用车运行"),
        (("reception",), rec.amount > 0, (("batches", rec.batches, "批次"), ("people", rec.people, "人次")), "国内公务接待"),
    )
    if final:
        for path, spent, counts, what in required:
            absent = [label for _, value, label in counts if value is None]
            if spent and absent:
                keys = "、".join(key for key, value, _ in counts if value is None)
                yield problem(entry, path, "three-public-counts-missing", f"{what}有支出，但没有写{'、'.join(absent)}", f"决算应说明{what}的{'、'.join(absent)}（中办发〔2016〕13号）：补上 {keys}")
    if out.groups is not None and out.people is not None and out.people < out.groups:
        yield problem(entry, ("outbound", "people"), "three-public-counts", f"因公出国(境)人次 {out.people} 少于团组数 {out.groups}", "每个团组至少一人：核对团组数和人次")
    if rec.batches is not None and rec.people is not None and rec.people < rec.batches:
        yield problem(entry, ("reception", "people"), "three-public-counts", f"公务接待人次 {rec.people} 少于批次 {rec.batches}", "每批次至少接待一人：核对批次和人次")
    pairs = (
        (("outbound", "groups"), out.amount, out.groups, "因公出国(境)费", "团组数"),
        (("vehicles", "purchased"), veh.purchase, veh.purchased, "公务用车购置费", "购置数"),
        (("reception", "batches"), rec.amount, rec.batches, "公务接待费", "批次"),
    )
    for path, amount, count, money, counted in pairs:
        if count is None:
            continue
        if amount > 0 and count == 0:
            yield problem(entry, path, "three-public-counts", f"{money}为 {number(amount)}，但{counted}为 0", f"核对{counted}，或说明没有{counted}却有支出的原因", WARNING)
        elif amount == 0 and count > 0:
            yield problem(entry, path, "three-public-counts", f"{counted}为 {count}，但{money}为 0", f"核对{money}，或说明费用由哪里列支", WARNING)
    if veh.fleet == 0 and veh.operation > 0:
        yield problem(entry, ("vehicles", "fleet"), "three-public-counts", f"公务用车保有量为 0，但运行费为 {number(veh.operation)}", "核对保有量；若运行费是租车费用，请在增减变化原因中说明", WARNING)


def _change(entry: Entry, index: dict[Key, Entry]) -> Iterable[Diagnostic]:
    meta = entry.meta
    organ, year, stage = key_of(entry)
    unit = meta.unit  # type: ignore[attr-defined]
    last = index.get((organ, year - 1, stage))
    stated = Figures.stated(entry)
    reasons: list[str] = []
    if last is not None:
        before = Figures.of(last, unit).total
        if stated is not None and differs(stated.total, before, 2):
            theirs = f"合计为 {number(before)} {unit}" if is_public(last) else "合计与此不同"
            yield problem(entry, ("previous", "total"), "three-public-previous-mismatch", f"上年数写作 {number(stated.total)} {unit}，但 {year - 1} 年{stage}条目（{place_of(last, 'total')}）{theirs}", "两处应一致；若上年数经过调整，请在增减变化原因中说明")
        if differs(meta.total, before, 2):  # type: ignore[attr-defined]
            reasons.append(f"比 {year - 1} 年{stage}（{place_of(last)}）" + (change_text(meta.total, before, unit) if is_public(last) else "有变化"))  # type: ignore[attr-defined]
    elif stated is not None and differs(meta.total, stated.total, 2):  # type: ignore[attr-defined]
        reasons.append(f"比上年{change_text(meta.total, stated.total, unit)}")  # type: ignore[attr-defined]
    if stage == "决算":
        planned = index.get((organ, year, "预算"))
        if planned is not None:
            budgeted = Figures.of(planned, unit).total
            if differs(meta.total, budgeted, 2):  # type: ignore[attr-defined]
                reasons.append(f"比 {year} 年预算（{place_of(planned)}）" + (change_text(meta.total, budgeted, unit) if is_public(planned) else "有变化"))  # type: ignore[attr-defined]
    if reasons and not (meta.change_reason or "").strip():  # type: ignore[attr-defined]
        yield problem(entry, ("total",), "three-public-reason-missing", f"“三公”经费合计{'；'.join(reasons)}，但没有写增减变化原因", "加一行 change_reason: 说明增减变化的原因（如“严格执行中央八项规定精神，压减公务接待”）")


def duplicates(catalog: Catalog, entries: list[Entry]) -> Iterable[Diagnostic]:
    seen: dict[Key, Entry] = {}
    for entry in entries:
        key = key_of(entry)
        if key in seen:
            first = seen[key]
            yield problem(entry, ("fiscal_year",), "three-public-duplicate", f"同一机构 {key[1]} 年度的“三公”经费{key[2]}已有条目 {place_of(first)}", "同一年度、同一阶段只登记一次；若是更正，请修改原条目")
        else:
            seen[key] = entry


@reads_text_of()
def three_public_rules(catalog: Catalog) -> Iterable[Diagnostic]:
    entries = catalog.of_kind(KIND)
    index = {key_of(e): e for e in entries}
    yield from duplicates(catalog, entries)
    for entry in entries:
        yield from check_entry(entry, index)


RULES = [three_public_rules]


# --- rendering (public view only) ------------------------------------------

_INDEXES: weakref.WeakKeyDictionary[Any, dict[Key, Entry]] = weakref.WeakKeyDictionary()


def public_index(site: Any) -> dict[Key, Entry]:
    """“三公” entries the public may read in full, by (organ, year, stage); built once per site."""
    try:
        return _INDEXES[site]
    except KeyError:
        index = {key_of(e): e for e in site.public.entries if e.kind == KIND and e.meta.disclosure == "主动公开"}
        _INDEXES[site] = index
        return index


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
    meta = entry.meta
    organ, year, stage = key_of(entry)
    unit = meta.unit  # type: ignore[attr-defined]
    index = public_index(site) if site is not None else {}
    now = Figures.of(entry, unit)
    last = index.get((organ, year - 1, stage))
    before = Figures.of(last, unit) if last is not None else Figures.stated(entry)
    source = "catalog" if last is not None else ("stated" if before is not None else "")
    planned = index.get((organ, year, "预算")) if stage == "决算" else None
    budget = Figures.of(planned, unit) if planned is not None else None
    columns = [f"{year}年{stage}数"]
    if before is not None:
        columns += [f"{year - 1}年{stage}数", "增减额", "增减率"]
    if budget is not None:
        columns += [f"{year}年预算数", "决算比预算增减"]
    rows = []
    for label, attr, level in ITEMS:
        value = getattr(now, attr)
        values: list[Any] = [value]
        if before is not None:
            old = getattr(before, attr)
            values += [old, None if old is None else value - old, "—" if not old else f"{(value - old) / old * 100:+.1f}%"]
        if budget is not None:
            planned_value = getattr(budget, attr)
            values += [planned_value, None if planned_value is None else value - planned_value]
        rows.append(Row([label], values, css="gk-total" if attr == "total" else "", level=level))
    return Comparison(columns, rows, before, budget, source)


def counts_rows(entry: Entry, site: Any) -> tuple[list[str], list[Row]]:
    organ, year, stage = key_of(entry)
    last = (public_index(site) if site is not None else {}).get((organ, year - 1, stage))
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


def files(entry: Entry, site: Any = None) -> list[tuple[str, bytes]]:
    if entry.meta.disclosure != "主动公开":
        return []
    table = comparison(entry, site)
    unit = entry.meta.unit  # type: ignore[attr-defined]
    raw = [Row(r.lead, [v.replace("%", "") if isinstance(v, str) and v.endswith("%") else v for v in r.values]) for r in table.rows]
    columns = ["增减率（%）" if c == "增减率" else f"{c}（{unit}）" for c in table.columns]
    return [("three-public.csv", csv_bytes(["项目"], columns, raw))]


def render(entry: Entry, site: Any) -> str:
    from ..pages.render import attachment_href

    meta = entry.meta
    organ, year, stage = key_of(entry)
    unit = meta.unit  # type: ignore[attr-defined]
    table = comparison(entry, site)
    parts = [f'<section class="gk-three-public"><h2 id="three-public">{year}年“三公”经费{stage}</h2>']
    if table.before is not None:
        summary = change_text(table.rows[0].values[0], table.before.total, unit)  # type: ignore[arg-type]
        origin = "" if table.source == "catalog" else "（上年数为本表所列）"
        parts.append(f'<p class="gk-change"><strong>与上年相比：</strong>{year}年“三公”经费{stage}合计 {number(meta.total)} {unit}，{escape(summary)}{origin}。</p>')  # type: ignore[attr-defined]
    else:
        parts.append('<p class="gk-change">目录中没有上年同口径的“三公”经费数据，无法计算增减。</p>')
    parts.append(table_html(f"{year}年“三公”经费{stage}情况（单位：{unit}）", ["项目"], table.columns, table.rows))
    if (meta.change_reason or "").strip():  # type: ignore[attr-defined]
        parts.append(f'<p class="gk-note"><strong>增减变化原因：</strong>{escape(meta.change_reason)}</p>')  # type: ignore[attr-defined]
    count_columns, count_rows = counts_rows(entry, site)
    if count_rows:
        parts.append(table_html(f"{year}年“三公”经费相关数量", ["项目"], count_columns, count_rows))
    categories = ["因公出国（境）费", "公务用车购置费", "公务用车运行费", "公务接待费"]
    attrs = ("outbound", "purchase", "operation", "reception")
    now: list[float | None] = [getattr(Figures.of(entry, unit), a) for a in attrs]
    series: list[tuple[str, list[float | None]]] = []
    if table.before is not None:
        series.append((f"{year - 1}年", [getattr(table.before, a) for a in attrs]))
    series.append((f"{year}年", now))
    parts.append(charts.grouped_bar_chart(f"chart-three-public-{year}", f"{year}年“三公”经费{stage}分项" + ("与上年对比" if table.before is not None else ""), categories, series, unit))
    href = attachment_href(entry, "three-public.csv", site)
    parts.append(f'<p class="gk-download"><a href="{escape(href)}" download="{year}年“三公”经费{stage}.csv">下载本表数据（CSV）</a></p>')
    parts.append("</section>")
    return "".join(parts)


def depends(entry: Entry, site: Any) -> tuple[Any, ...]:
    """The other “三公” entries a page compares with: last year's, and this year's 预算 for a 决算."""
    organ, year, stage = key_of(entry)
    index = public_index(site)
    return (index.get((organ, year - 1, stage)), index.get((organ, year, "预算")) if stage == "决算" else None)


RENDERERS = {KIND: render}
FILES = {KIND: files}
DEPENDENCIES = {KIND: depends}
