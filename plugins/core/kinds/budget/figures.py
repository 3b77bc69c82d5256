"""``figures:`` — the main figures of a 预决算 说明, checked against each other, the tables and the “三公” entry.

An archive document whose tables are only in its attachment still states its totals in the text;
entered here, they are checked by the identities that always hold (收入总计 = 支出总计,
基本支出 = 人员经费 + 公用经费) and, where tables are entered, against the table that states the
same figure. A figure that may be read two ways (基本支出 of all funds or of 财政拨款) is an error only
when it matches neither table. No MkDocs here.
"""

from __future__ import annotations

from ...check.rules import is_public, place_of
from ...load.model import Entry
from ...pages.datatable import number
from ...problems.diagnostics import Diagnostic
from ..three_public.model import meta_of as three_public_meta
from .grid import Grid, differs
from .model import meta_of
from .standards import STAGE, to_wan
from .tables import Found

LABELS = {
    "income_total": "收入总计", "expense_total": "支出总计", "basic": "基本支出", "project": "项目支出",
    "personnel": "人员经费", "public_use": "公用经费", "three_public": "“三公”经费",
}


def _in_wan(value: float, unit: str) -> float:
    return to_wan(value, unit)


def _table_value(groups: dict[str, list[list[Grid]]], key: str, side: int, *words: str) -> tuple[float, str] | None:
    """The total a standard table states (in 万元) and where, or None when the table is not entered."""
    tables = groups.get(key) or []
    if not tables or len(tables[0]) <= side:
        return None
    if key == "一般公共预算基本支出表" and len(tables[0]) == 2 and not words and side == 0:
        halves = [(g, g.spend_column()) for g in tables[0]]
        if any(n is None for _, n in halves) or not any(g.has_data() for g, _ in halves):
            return None
        total = sum(to_wan(g.grand_total(n)[0], g.unit) for g, n in halves if n is not None)
        return total, f"“{tables[0][0].name.rsplit('（', 1)[0]}”人员经费与公用经费合计"
    grid = tables[0][side]
    if not grid.has_data():
        return None
    node = grid.find(*words) if words else grid.spend_column()
    if node is None:
        return None
    value, _j, _terms = grid.grand_total(node)
    return to_wan(value, grid.unit), f"“{grid.name}”{node.title if words else '合计'}"


def check_figures(entry: Entry, by_key: dict[str, list[int]], table_grids: dict[int, list[Grid]], three_public: dict[tuple[str, int, str], Entry]) -> list[Diagnostic]:
    meta = meta_of(entry)
    figures = meta.figures
    if figures is None:
        return []
    found = Found(entry)
    unit = figures.unit
    groups = {key: [table_grids[i] for i in idx if i in table_grids] for key, idx in by_key.items()}

    def mismatch(field: str, what: str, fix: str) -> None:
        found.add(("figures", field), "budget-figures-mismatch", what, fix)

    def shown(value: float) -> str:
        return f"{number(value)} {unit}"

    f = figures
    if f.income_total is not None and f.expense_total is not None and differs(f.income_total, f.expense_total, 2):
        mismatch("expense_total", f"说明中收入总计 {shown(f.income_total)}，支出总计 {shown(f.expense_total)}，两者不相等", "收支总表两边的总计相等：核对原文的这两个数")
    if None not in (f.basic, f.personnel, f.public_use):
        parts = (f.personnel or 0) + (f.public_use or 0)
        if differs(f.basic or 0, parts, 3):
            mismatch("basic", f"说明中基本支出 {shown(f.basic or 0)}，但人员经费 {shown(f.personnel or 0)} + 公用经费 {shown(f.public_use or 0)} = {shown(parts)}", "基本支出由人员经费和公用经费组成：核对原文，看三个数是否出自同一口径（全部资金或财政拨款）")
    # against the tables entered: each figure may come from any of the tables that state it
    readings: dict[str, list[tuple[str, int, tuple[str, ...]]]] = {
        "income_total": [("收支总表", 0, ()), ("财政拨款收支总表", 0, ())],
        "expense_total": [("收支总表", 1, ()), ("财政拨款收支总表", 1, ())],
        "basic": [("支出总表", 0, ("基本支出",)), ("一般公共预算支出表", 0, ("基本支出",)), ("一般公共预算基本支出表", 0, ())],
        "project": [("支出总表", 0, ("项目支出",)), ("一般公共预算支出表", 0, ("项目支出",))],
        "personnel": [("一般公共预算基本支出表", 0, ("人员经费",))],
        "public_use": [("一般公共预算基本支出表", 0, ("公用经费",))],
    }
    for field, places in readings.items():
        value = getattr(f, field)
        if value is None:
            continue
        tables = [t for t in (_table_value(groups, key, side, *words) for key, side, words in places) if t is not None]
        halves = groups.get("一般公共预算基本支出表") or [[]]
        if field in ("personnel", "public_use") and len(halves[0]) == 2:  # printed in two halves: each half's total
            grid = halves[0][0 if field == "personnel" else 1]
            node = grid.spend_column()
            tables = [(to_wan(grid.grand_total(node)[0], grid.unit), f"“{grid.name}”合计")] if node is not None and grid.has_data() else []
        mine = _in_wan(value, unit)
        if tables and all(differs(mine, theirs, 4) for theirs, _ in tables):
            quoted = "；".join(f"{where}为 {number(theirs)} 万元" for theirs, where in tables)
            mismatch(field, f"说明中{LABELS[field]}为 {shown(value)}，但{quoted}", "同一个数在说明和报表中应一致：核对原文，找出写错的一处（说明可能用了另一种口径）")
    if f.three_public is not None:
        other = three_public.get((meta.organ, meta.fiscal_year, STAGE[entry.kind]))
        if other is not None:
            theirs_meta = three_public_meta(other)
            theirs = to_wan(theirs_meta.total, theirs_meta.unit)
            if differs(_in_wan(f.three_public, unit), theirs, 4):
                told = f"合计为 {number(theirs)} 万元" if is_public(other) else "合计与此不同"
                mismatch("three_public", f"说明中“三公”经费为 {shown(f.three_public)}，但同年“三公”经费条目（{place_of(other, 'total')}）{told}", "两处应为同一数字：核对后改正其中一处")
    return found.close()
