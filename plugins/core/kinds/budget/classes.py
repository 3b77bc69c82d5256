"""部门预算 / 部门决算: one 功能分类 科目, printed in two tables, must be the same figure in both.

The same 类/款/项 appears in several standard tables: 收支总表 (支出一栏) and 支出总表
(and, in a 预算, 收入总表) give it for all funds; the 财政拨款收支总表 gives its
一般公共预算 / 政府性基金 / 国有资本经营 columns, which are the 合计 of the
corresponding 支出表. A figure printed twice is the same rounded number both times:
a cent apart is a mistake in one of them. ``budget-cross-table`` compares totals only.
"""

from __future__ import annotations

from collections.abc import Iterable

from ...check.rules import problem, reads_text_of
from ...load.model import Catalog, Entry
from ...pages.datatable import number
from ...problems.diagnostics import Diagnostic
from ..narrative.book import HALF_CENT
from .grid import Grid, Node
from .model import meta_of
from .standards import KINDS, grids, table_key, to_wan


def _by_code(grid: Grid, node: Node | None) -> dict[str, tuple[float, int]]:
    if node is None:
        return {}
    return {row.code: (to_wan(grid.value(j, node), grid.unit), j) for j, row in enumerate(grid.rows) if row.code and row.code.isdigit()}


def check_entry(entry: Entry) -> list[Diagnostic]:
    meta = meta_of(entry)
    tables: dict[str, tuple[int, list[Grid]]] = {}
    for i, table in enumerate(meta.tables):
        tables.setdefault(table_key(table), (i, grids(table, i)))

    def one(key: str, side: int | None = None) -> tuple[int, Grid] | None:
        found = tables.get(key)
        if found is None:
            return None
        i, parts = found
        if side is None:
            return (i, parts[0]) if len(parts) == 1 else None
        return (i, parts[side]) if len(parts) == 2 else None

    pairs: list[tuple[tuple[int, Grid] | None, Node | None, tuple[int, Grid] | None, Node | None, str]] = []
    spend = one("支出总表")
    overall = one("收支总表", 1)
    income = one("收入总表")
    fiscal = one("财政拨款收支总表", 1)
    if spend:
        if overall:
            pairs.append((spend, spend[1].spend_column(), overall, overall[1].spend_column(), "合计"))
        if income and entry.kind == "budget":
            pairs.append((spend, spend[1].spend_column(), income, income[1].spend_column(), "合计"))
    if fiscal:
        for key, words in (("一般公共预算支出表", ("一般公共预算",)), ("政府性基金预算支出表", ("政府性基金",)), ("国有资本经营预算支出表", ("国有资本经营",))):
            listed = one(key)
            heading = fiscal[1].find(*words)
            if listed and heading is not None:
                pairs.append((listed, listed[1].spend_column(), fiscal, heading, heading.label))
    found: list[Diagnostic] = []
    for mine, node, theirs, other_node, label in pairs:
        if mine is None or theirs is None:
            continue
        (i, grid), (k, other) = mine, theirs
        a, b = _by_code(grid, node), _by_code(other, other_node)
        half = HALF_CENT.get(grid.unit, 0.005) + HALF_CENT.get(other.unit, 0.005) if grid.unit != other.unit else 1e-6
        wrong = 0
        for code, (value, j) in a.items():
            if code not in b:
                continue
            theirs_value, jj = b[code]
            if abs(value - theirs_value) <= half:
                continue
            wrong += 1
            if wrong > 3:
                continue
            line, _ = entry.where(*other.where(jj, other_node))
            found.append(problem(
                entry, grid.where(j, node), "budget-class-cross-table",
                f"表{i + 1}《{grid.name}》“{grid.label(j)}”为 {number(value)} 万元，但表{k + 1}《{other.name}》同一科目“{label}”列为 {number(theirs_value)} 万元（第{line}行），相差 {number(abs(value - theirs_value))}",
                "同一科目在两张表中是同一个数：核对原件，改正录入时抄错的一处；原件如此的，照原件公开，登记为“原文如此”",
            ))
    return found


@reads_text_of()
def class_rules(catalog: Catalog) -> Iterable[Diagnostic]:
    for entry in catalog.entries:
        if entry.meta.kind in KINDS:
            yield from check_entry(entry)
