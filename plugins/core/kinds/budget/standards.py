"""部门预算 / 部门决算: the standard tables (财预〔2016〕143号) and how a table is recognised and read into grids."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...problems.diagnostics import Severity
from .model import BudgetTable
from .grid import Grid, squeeze


KINDS = ("budget", "final_account")
STAGE = {"budget": "预算", "final_account": "决算"}
WARNING = Severity.WARNING
ERROR = Severity.ERROR


@dataclass(frozen=True)
class Standard:
    key: str
    budget_name: str
    final_name: str
    classification: str = ""
    """``functional`` (类 3 / 款 5 / 项 7), ``economic`` (类 3 / 款 5) or empty."""
    two_sided: bool = False
    current_practice: bool = False
    """Not in 143号's list of 8; published by current practice (the 9th table, 国有资本经营预算)."""


STANDARDS = (
    Standard("收支总表", "部门收支总体情况表", "收入支出决算总表", two_sided=True),
    Standard("收入总表", "部门收入总体情况表", "收入决算表", "functional"),
    Standard("支出总表", "部门支出总体情况表", "支出决算表", "functional"),
    Standard("财政拨款收支总表", "财政拨款收支总体情况表", "财政拨款收入支出决算总表", two_sided=True),
    Standard("一般公共预算支出表", "一般公共预算支出情况表", "一般公共预算财政拨款支出决算表", "functional"),
    Standard("一般公共预算基本支出表", "一般公共预算基本支出情况表", "一般公共预算财政拨款基本支出决算表", "economic"),
    Standard("三公经费支出表", "一般公共预算“三公”经费支出情况表", "一般公共预算财政拨款“三公”经费支出决算表"),
    Standard("政府性基金预算支出表", "政府性基金预算支出情况表", "政府性基金预算财政拨款收入支出决算表", "functional"),
    Standard("国有资本经营预算支出表", "国有资本经营预算支出情况表", "国有资本经营预算财政拨款支出决算表", "functional", current_practice=True),
)
BY_KEY = {s.key: s for s in STANDARDS}


RULE_FROM = {"budget": 2017, "final_account": 2016}
"""First fiscal year 143号 (财预〔2016〕143号《地方预决算公开操作规程》, 2016) governs: the 2017 budget,
the 2016 final account (published in 2017). Earlier archive documents followed local formats."""
NINTH_FROM = {"final_account": 2020}
"""First year the 9th table (国有资本经营预算) is required: every 2020–2023 决算 package seen publishes it;
not in 143号's list, so for 预算 and for earlier 决算 its absence is a warning."""


@dataclass(frozen=True)
class Required:
    standard: Standard
    severity: Severity
    why: str
    """The rule, said to the editor: where the requirement comes from."""


def required_tables(kind: str, year: int) -> list[Required]:
    """Which standard tables a 预算/决算 of this year must publish, and how firmly (docs/kinds-budget.md 第 2 节).

    No rule found in the sources differs between 一级 and 二级预算单位: every 部门 and 单位 that
    publishes its 预决算 uses the same set, an empty table listed with its note."""
    stage = STAGE[kind]
    found = []
    for standard in STANDARDS:
        if year < RULE_FROM[kind]:
            if standard.current_practice:
                continue
            found.append(Required(standard, WARNING, f"{year}年度{stage}早于财预〔2016〕143号统一格式（{RULE_FROM[kind]}年度起），只作提示"))
        elif standard.current_practice:
            since = NINTH_FROM.get(kind)
            if since is not None and year >= since:
                found.append(Required(standard, ERROR, f"{since}年度起各地{stage}均公开此表"))
            else:
                found.append(Required(standard, WARNING, "财预〔2016〕143号所列 8 张表之外，现行做法多公开此表"))
        else:
            found.append(Required(standard, ERROR, "财预〔2016〕143号规定的标准报表"))
    return found


def standard_name(standard: Standard, kind: str) -> str:
    return standard.final_name if kind == "final_account" else standard.budget_name


_OTHER = re.compile(r"项目(收入|支出)|明细|机构运行|政府采购|财政专户|国有资产|绩效|会议费(?!.*三公)|培训费(?!.*三公)")


def infer_table(name: str) -> str:
    """The standard table a published title names, or 其他."""
    n = squeeze(name).replace('"', "“")
    if "三公" in n:
        return "三公经费支出表"
    if _OTHER.search(n):
        return "其他"
    if "政府性基金" in n:
        return "政府性基金预算支出表"
    if "国有资本经营" in n:
        return "国有资本经营预算支出表"
    if "一般公共预算" in n and "基本支出" in n:
        return "一般公共预算基本支出表"
    if "一般公共预算" in n and "支出" in n:
        return "一般公共预算支出表"
    if "财政拨款" in n and re.search(r"收支总|收入支出决算总|收支情况总", n):
        return "财政拨款收支总表"
    if re.search(r"收支总|收入支出决算总表|收入支出总表|收支预算总表", n):
        return "收支总表"
    if re.search(r"收入总体情况表|收入决算(总)?表|收入总表|收入预算表", n):
        return "收入总表"
    if re.search(r"支出总体情况表|支出决算(总)?表|支出总表|支出预算表", n):
        return "支出总表"
    return "其他"


def table_key(table: BudgetTable) -> str:
    return table.table or infer_table(table.name)


SIDES = (("income", "收入"), ("expense", "支出"), ("personnel", "人员经费"), ("public_use", "公用经费"))
"""Tables printed in two halves side by side, each half with its own columns and rows."""


def halves(table: BudgetTable) -> list[tuple[str, str]]:
    """The (field, label) of each half this table is entered in; empty for a one-part table."""
    return [(side, label) for side, label in SIDES if getattr(table, side) is not None]


CONTINUED = re.compile(r"[（(]?续(表)?[）)]?$")
"""``…情况表（续）``, ``…情况表(续表)``, ``续表``: the next page of the table before it."""


def is_continuation(table: BudgetTable) -> bool:
    if table.continues is not None:
        return table.continues
    return bool(CONTINUED.search(squeeze(table.name)))


def parts_of(tables: list[BudgetTable]) -> dict[int, list[int]]:
    """Each table that starts (by index) → the indexes of its 续表 that follow it; a 续表 with no
    table before it, or with other headings, stands alone (and is reported by the rules)."""
    heads: dict[int, list[int]] = {}
    head: int | None = None
    for i, table in enumerate(tables):
        if head is not None and is_continuation(table) and _joins(tables[head], table):
            heads[head].append(i)
            continue
        heads[i] = []
        head = i
    return heads


def _joins(head: BudgetTable, part: BudgetTable) -> bool:
    return not halves(head) and not halves(part) and (not part.columns or part.columns == head.columns) and head.unit == part.unit


def grids(table: BudgetTable, i: int, following: list[tuple[int, BudgetTable]] | None = None) -> list[Grid]:
    """The grids of table i, with the rows of its 续表 (``following``) run on after its own."""
    if following:
        rows = list(table.rows)
        paths: list[tuple[object, ...]] = [("tables", i, "rows", j) for j in range(len(rows))]
        for k, part in following:
            rows += part.rows
            paths += [("tables", k, "rows", j) for j in range(len(part.rows))]
        return [Grid(("tables", i), table.name, list(table.columns), rows, table.unit, table.total_column, "", paths)]

    sides = halves(table)
    if sides:
        found = []
        for side, label in sides:
            part = getattr(table, side)
            found.append(Grid(("tables", i, side), f"{table.name}（{label}）", list(part.columns), list(part.rows), table.unit, table.total_column, label))
        return found
    return [Grid(("tables", i), table.name, list(table.columns), list(table.rows), table.unit, table.total_column)]


def to_wan(value: float, unit: str) -> float:
    return value / 10000 if unit == "元" else value
