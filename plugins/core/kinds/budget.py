"""部门预算 / 部门决算: the standard tables and the sums they must satisfy.

The tables, their names and the granularity follow 财预〔2016〕143号 as restated in
the 财政预决算 standard catalogues, and 《预算法》第十四、三十二条. Every check
points at the cell that is wrong and says what it should be. No MkDocs here.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from typing import Any

from ..pages import charts
from ..serve import memo
from ..pages.datatable import Row, csv_bytes, number, table_html
from ..check.diagnostics import Diagnostic, Severity
from ..load.model import Catalog, Entry
from ..check.rules import is_public, place_of, problem, reads_text_of
from ..load.schema import BudgetTable
from .grid import LEVEL_NAMES, Grid, Node, differs, is_total_label, squeeze, tolerance

KINDS = ("budget", "final_account")
WARNING = Severity.WARNING


@dataclass(frozen=True)
class Standard:
    key: str
    budget_name: str
    final_name: str
    classification: str = ""
    """``functional`` (类 3 / 款 5 / 项 7), ``economic`` (类 3 / 款 5) or empty."""
    two_sided: bool = False
    budget_required: bool = True


STANDARDS = (
    Standard("收支总表", "部门收支总体情况表", "收入支出决算总表", two_sided=True),
    Standard("收入总表", "部门收入总体情况表", "收入决算表", "functional"),
    Standard("支出总表", "部门支出总体情况表", "支出决算表", "functional"),
    Standard("财政拨款收支总表", "财政拨款收支总体情况表", "财政拨款收入支出决算总表", two_sided=True),
    Standard("一般公共预算支出表", "一般公共预算支出情况表", "一般公共预算财政拨款支出决算表", "functional"),
    Standard("一般公共预算基本支出表", "一般公共预算基本支出情况表", "一般公共预算财政拨款基本支出决算表", "economic"),
    Standard("三公经费支出表", "一般公共预算“三公”经费支出情况表", "一般公共预算财政拨款“三公”经费支出决算表"),
    Standard("政府性基金预算支出表", "政府性基金预算支出情况表", "政府性基金预算财政拨款收入支出决算表", "functional"),
    Standard("国有资本经营预算支出表", "国有资本经营预算支出情况表", "国有资本经营预算财政拨款支出决算表", "functional", budget_required=False),
)
BY_KEY = {s.key: s for s in STANDARDS}
STAGE = {"budget": "预算", "final_account": "决算"}


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


def grids(table: BudgetTable, i: int) -> list[Grid]:
    if table.income is not None or table.expense is not None:
        found = []
        for side, label in (("income", "收入"), ("expense", "支出")):
            part = getattr(table, side)
            if part is not None:
                found.append(Grid(("tables", i, side), f"{table.name}（{label}）", list(part.columns), list(part.rows), table.unit))
        return found
    return [Grid(("tables", i), table.name, list(table.columns), list(table.rows), table.unit)]


def to_wan(value: float, unit: str) -> float:
    return value / 10000 if unit == "元" else value


# --- diagnostics ------------------------------------------------------------


class Found:
    """Diagnostics for one entry, capping repeats of one kind of mistake in one grid."""

    LIMIT = 3

    def __init__(self, entry: Entry):
        self.entry = entry
        self.items: list[Diagnostic] = []
        self.repeats: dict[tuple[Any, ...], int] = defaultdict(int)
        self.first: dict[tuple[Any, ...], tuple[Any, ...]] = {}

    def add(self, path: tuple[Any, ...], code: str, what: str, fix: str, severity: Severity | None = None, *, group: tuple[Any, ...] | None = None) -> None:
        if group is not None:
            key = (*group, code)
            self.repeats[key] += 1
            self.first.setdefault(key, path)
            if self.repeats[key] > self.LIMIT:
                return
        self.items.append(problem(self.entry, path, code, what, fix, severity))

    def close(self) -> list[Diagnostic]:
        for key, count in self.repeats.items():
            if count > self.LIMIT:
                code = key[-1]
                self.items.append(problem(
                    self.entry, self.first[key], code,
                    f"同一张表中另有 {count - self.LIMIT} 处同类问题未逐一列出",
                    "先改正上面列出的几处；若整列都不对，多半是数值的顺序与 columns 表头不一致，或金额单位写错",
                ))
        return self.items


def _fmt(value: float, unit: str) -> str:
    return f"{number(value)} {unit}"


def _hint_unit(a: float, b: float) -> str:
    if a and b:
        ratio = max(a, b) / min(a, b) if min(a, b) > 0 else 0
        if 9900 < ratio < 10100:
            return "；两个数相差约一万倍，多半是其中一张表的金额单位（元/万元）写错"
    return ""


# --- per-grid checks --------------------------------------------------------


def check_shape(found: Found, grid: Grid, standard: Standard | None) -> bool:
    """Widths, codes, units. Returns False when sums would only repeat the same mistake."""
    ok = True
    if not grid.columns and grid.rows:
        found.add((*grid.path, "columns"), "budget-columns-missing", f"“{grid.name}”没有写表头 columns", "按公开的表格写出各列名称，例如 columns: [合计, 基本支出, 项目支出]")
        return False
    for k, label in enumerate(grid.columns):
        stated = re.search(r"(万元|元)", label)
        if stated and stated.group(1) != grid.unit:
            found.add((*grid.path, "columns", k), "budget-unit-mixed", f"列“{label}”写明单位为{stated.group(1)}，但本表金额单位是{grid.unit}", f"一张表只用一个金额单位：把本列数字换算成{grid.unit}，并从列名中删去单位")
    seen: dict[str, int] = {}
    for j, row in enumerate(grid.rows):
        if len(row.values) != len(grid.columns):
            ok = False
            found.add(
                (*grid.path, "rows", j, "values"), "budget-row-width",
                f"“{grid.label(j)}”这一行有 {len(row.values)} 个数，但表头有 {len(grid.columns)} 列（{'、'.join(grid.columns)}）",
                "每列写一个数，顺序与 columns 一致；空格子写 - 或 \"\"",
                group=(grid.path, "width"),
            )
        if row.code is None:
            continue
        code = row.code.strip()
        lengths = (3, 5) if standard and standard.classification == "economic" else (3, 5, 7)
        if not code.isdigit() or len(code) not in lengths:
            digits = re.sub(r"\D", "", code)
            fix = f"应写作 \"{digits}\"" if len(digits) in lengths and digits != code else (
                "经济分类科目编码：类 3 位、款 5 位（如 302、30201）" if lengths == (3, 5) else "功能分类科目编码：类 3 位、款 5 位、项 7 位（如 201、20101、2010101），类款项连写"
            )
            found.add((*grid.path, "rows", j, "code"), "budget-code-format", f"科目编码 {code} 不是 {'/'.join(map(str, lengths))} 位数字", fix)
            ok = False
            continue
        if standard and standard.classification == "functional" and code.startswith("3"):
            found.add((*grid.path, "rows", j, "code"), "budget-code-kind", f"科目编码 {code} 像是经济分类科目（3 开头），但本表按支出功能分类列示", "功能分类科目以 2 开头（如 201 一般公共服务支出）；按经济分类列示的是“一般公共预算基本支出表”")
        if standard and standard.classification == "economic" and code.startswith("2"):
            found.add((*grid.path, "rows", j, "code"), "budget-code-kind", f"科目编码 {code} 像是功能分类科目（2 开头），但基本支出表按经济分类列示", "经济分类科目以 3 开头（如 301 工资福利支出、30201 办公费）")
        if code in seen:
            found.add((*grid.path, "rows", j, "code"), "budget-code-duplicate", f"科目编码 {code} 在本表中出现两次（另见第 {seen[code] + 1} 行数据）", "删除重复的一行，或改正编码")
            ok = False
        seen[code] = j
    return ok


def check_parents(found: Found, grid: Grid) -> None:
    """Every 类 equals the sum of its 款, every 款 the sum of its 项 — in every column."""
    by_code = {row.code: j for j, row in enumerate(grid.rows) if row.code}
    children: dict[int, list[int]] = defaultdict(list)
    missing: set[str] = set()
    for j, row in enumerate(grid.rows):
        if row.code and len(row.code) in (5, 7):
            parent = row.code[:-2]
            if parent in by_code:
                children[by_code[parent]].append(j)
            elif parent not in missing:
                missing.add(parent)
                found.add(
                    (*grid.path, "rows", j, "code"), "budget-parent-missing",
                    f"科目 {row.code} 的上级科目 {parent} 不在表中", f"补上 {parent} 这一行（其数额等于其下各科目之和）",
                )
    # rows without a code, indented under the row above (一、本年收入 → 一般公共预算拨款 …)
    stack: list[int] = []
    for j, row in enumerate(grid.rows):
        if row.code or grid.is_total(j):
            stack = []
            continue
        level = grid.level(j)
        while stack and grid.level(stack[-1]) >= level:
            stack.pop()
        if stack and level > 1:
            children[stack[-1]].append(j)
        stack.append(j)
    for parent, kids in children.items():
        partial = any(squeeze(grid.rows[k].name).startswith("其中") for k in kids)
        what = LEVEL_NAMES.get(grid.level(kids[0]), "分项") if grid.rows[kids[0]].code else "分项"
        wrong: list[tuple[Node, float, float]] = []
        for node in grid.root.walk():
            if node.index is None or not grid.additive(node.index):
                continue
            p = grid.cell(parent, node.index)
            s = sum(grid.cell(k, node.index) for k in kids)
            if (partial and s > p + tolerance(len(kids))) or (not partial and differs(p, s, len(kids))):
                wrong.append((node, p, s))
        if not wrong:
            continue
        if partial:
            found.add(grid.where(parent, wrong[0][0]), "budget-parent-sum", f"“{grid.label(parent)}”小于其下“其中”各行之和：{_pairs(wrong, grid.unit)}", "“其中”各行是本行的一部分，合计不能超过本行；核对数字", group=(grid.path, "parent"))
            continue
        names = "、".join(grid.label(k) for k in kids[:3]) + ("等" if len(kids) > 3 else "")
        found.add(
            grid.where(parent, wrong[0][0]), "budget-parent-sum",
            f"“{grid.label(parent)}”不等于其下 {len(kids)} 个{what}（{names}）之和：{_pairs(wrong, grid.unit)}",
            f"上级科目应等于下级科目之和：改正本行，或补上漏填的{what}、删去多填的{what}",
            group=(grid.path, "parent"),
        )


def _pairs(wrong: list[tuple[Node, float, float]], unit: str) -> str:
    """``合计 5,185.41 万元，各项之和 4,756.75 万元，相差 428.66`` for each column that is off."""
    return "；".join(f"“{node.title}”为 {_fmt(have, unit)}，加总为 {_fmt(want, unit)}（相差 {number(abs(have - want))}）" for node, have, want in wrong)


def check_total_rows(found: Found, grid: Grid) -> None:
    """合计/总计 rows. A total at the top adds every top-level row. A total below adds the rows
    since the previous total — plus that total when it runs on (本年收入合计 + 上年结转 = 收入总计),
    or every row so far when it closes several block subtotals (人员经费合计, 公用经费合计, 合计)."""
    totals = grid.total_rows()
    if not totals:
        return
    tops = grid.top_rows()
    nodes = [n for n in grid.root.walk() if n.index is not None and grid.additive(n.index)]
    previous: int | None = None
    since: list[int] = []
    so_far: list[int] = []
    for j in range(len(grid.rows)):
        if not grid.is_total(j):
            if grid.level(j) == 1:
                since.append(j)
                so_far.append(j)
            continue
        if previous is None and not since:
            readings = [tops]
            label = f"其下 {len(tops)} 个一级项目"
        else:
            running = ([previous] if previous is not None else []) + since
            readings = [running, since, so_far]
            label = "、".join(f"“{grid.rows[k].name}”" for k in running[:4]) + ("等" if len(running) > 4 else "")
        readings = [r for r in readings if r]
        if readings:
            wrong = []
            for node in nodes:
                total = grid.cell(j, node.index)  # type: ignore[arg-type]
                sums = [sum(grid.cell(k, node.index) for k in parts) for parts in readings]  # type: ignore[arg-type]
                if all(differs(total, s, len(parts)) for s, parts in zip(sums, readings)):
                    wrong.append((node, total, sums[0]))
            if wrong:
                found.add(
                    grid.where(j, wrong[0][0]), "budget-total-row",
                    f"“{grid.rows[j].name}”不等于{label}之和：{_pairs(wrong, grid.unit)}",
                    "合计行应等于所合计的各行之和：核对本行和各分项，看是否漏填、多填或抄错",
                    group=(grid.path, "total"),
                )
        if previous is None and not since:
            continue  # a heading total; the rows below still run from zero
        previous, since = j, []


def check_columns(found: Found, grid: Grid) -> None:
    """Within each row: 合计 = 基本支出 + 项目支出, and any spanning heading = the sum of the columns under it."""

    def groups(node: Node) -> Iterable[tuple[Node | None, list[Node], Node]]:
        if node.children:
            items = [c for c in node.children if not is_total_label(c.label) and (c.index is None or grid.additive(c.index))]
            totals = [c for c in node.children if is_total_label(c.label) and c.index is not None]
            if items:
                for total in totals:
                    yield total, items, node
                if not totals and node.index is not None:
                    yield node, items, node
            for child in node.children:
                yield from groups(child)

    checks = list(groups(grid.root))
    for j in range(len(grid.rows)):
        for total, items, _parent in checks:
            if total is None or total.index is None:
                continue
            t = grid.cell(j, total.index)
            s = sum(grid.value(j, n) for n in items)
            if differs(t, s, len(items)):
                formula = " + ".join(n.label for n in items)
                found.add(
                    grid.where(j, total), "budget-columns-sum",
                    f"“{grid.label(j)}”的“{total.title}”为 {_fmt(t, grid.unit)}，但 {formula} = {_fmt(s, grid.unit)}，相差 {number(abs(t - s))}",
                    f"{total.label}应等于{formula}：核对这一行的各列数字",
                    group=(grid.path, "columns"),
                )


# --- per-entry checks -------------------------------------------------------


def check_entry(entry: Entry, three_public: dict[tuple[str, int, str], Entry]) -> list[Diagnostic]:
    meta = entry.meta
    found = Found(entry)
    kind_name = STAGE[entry.kind]
    by_key: dict[str, list[int]] = defaultdict(list)
    table_grids: dict[int, list[Grid]] = {}
    for i, table in enumerate(meta.tables):  # type: ignore[attr-defined]
        key = table_key(table)
        standard = BY_KEY.get(key)
        by_key[key].append(i)
        if standard and standard.two_sided and (table.income is None or table.expense is None):
            found.add(("tables", i), "budget-two-sided", f"“{table.name}”是收支对照表，应分“收入”“支出”两半填写", "用 income: 和 expense: 分别写收入和支出两部分，各有自己的 columns 和 rows（见 docs/kinds-budget.md）")
            continue
        if (table.income is not None or table.expense is not None) and table.rows:
            found.add(("tables", i, "rows"), "budget-two-sided", f"“{table.name}”同时写了 rows 和 income/expense", "收支对照表只用 income 和 expense；其他表只用 columns 和 rows")
        parts = grids(table, i)
        table_grids[i] = parts
        if not any(g.has_data() for g in parts):
            if not (table.note or "").strip():
                found.add(("tables", i), "budget-empty-note", f"“{table.name}”没有数据，但没有说明原因", "空表也要公开：保留这张表，并加一行 note: 说明为什么为空（如“本部门无政府性基金预算拨款，故本表为空表”）")
            continue
        stated = re.search(r"单位[:：]\s*(万元|元)", table.name)
        if stated and stated.group(1) != table.unit:
            found.add(("tables", i, "unit"), "budget-unit-mixed", f"表名写明单位为{stated.group(1)}，但 unit 是 {table.unit}", "使 unit 与公开表格的金额单位一致")
        for grid in parts:
            if not check_shape(found, grid, standard):
                continue
            check_parents(found, grid)
            check_total_rows(found, grid)
            check_columns(found, grid)
        if standard and standard.two_sided and len(parts) == 2:
            check_balanced(found, table, parts)
    for key, indexes in by_key.items():
        if key != "其他" and len(indexes) > 1:
            for i in indexes[1:]:
                found.add(("tables", i, "name"), "budget-table-duplicate", f"“{meta.tables[i].name}”与第 {indexes[0] + 1} 张表都是“{key}”", "每张标准报表只列一次；若确是另一张表，用 table: 写明它的类型（如 其他）")  # type: ignore[attr-defined]
    if not meta.tables and meta.attachments:  # type: ignore[attr-defined]
        found.add(("attachments",), "budget-tables-in-attachment", "报表只在附件中，网站无法核对数字，也不能生成表格、图表和数据下载", "按 docs/kinds-budget.md 把标准报表写进 tables（附件可以保留）")
        return found.close() + _dates_and_words(entry, kind_name)
    for standard in STANDARDS:
        if standard.key in by_key:
            continue
        required = entry.kind == "final_account" or standard.budget_required
        name = standard_name(standard, entry.kind)
        found.add(
            ("tables",), "budget-table-missing",
            f"缺少标准报表“{name}”" + ("" if required else "（现行做法多公开此表）"),
            f"加上这张表（table: {standard.key}）；没有数据也要列出空表，并用 note 说明原因",
            Severity.ERROR if required else WARNING,
        )
    check_across(found, entry, {key: [table_grids[i] for i in idx if i in table_grids] for key, idx in by_key.items()})
    check_three_public(found, entry, by_key, table_grids, three_public)
    return found.close() + _dates_and_words(entry, kind_name)


def _dates_and_words(entry: Entry, kind_name: str) -> list[Diagnostic]:
    found = Found(entry)
    check_dates(found, entry)
    check_explanations(found, entry, kind_name)
    return found.close()


def check_balanced(found: Found, table: BudgetTable, parts: list[Grid]) -> None:
    income, expense = parts
    a_node, b_node = income.spend_column(), expense.spend_column()
    if a_node is None or b_node is None:
        return
    a, _, na = income.grand_total(a_node)
    b, jb, nb = expense.grand_total(b_node)
    if differs(a, b, na + nb):
        path = expense.where(jb, b_node) if jb is not None else expense.path
        found.add(path, "budget-unbalanced", f"“{table.name}”收入总计 {_fmt(a, table.unit)} 与支出总计 {_fmt(b, table.unit)} 不相等，相差 {number(abs(a - b))}", "收支总表两边的总计必须相等：核对两边的合计行、上年结转和结转下年")


def _first(groups: dict[str, list[list[Grid]]], key: str) -> list[Grid] | None:
    found = groups.get(key) or []
    return found[0] if found else None


def check_across(found: Found, entry: Entry, groups: dict[str, list[list[Grid]]]) -> None:
    """Totals that several tables state must agree (after converting 元/万元)."""

    def compare(grid: Grid, node: Node | None, value_of: tuple[float, int | None, int], other: float, other_unit: str, other_terms: int, what: str, other_what: str) -> None:
        if node is None:
            return
        mine, j, terms = value_of
        a, b = to_wan(mine, grid.unit), to_wan(other, other_unit)
        unit = "万元"
        if grid.unit == other_unit:
            a, b, unit = mine, other, grid.unit
        if differs(a, b, terms + other_terms):
            path = grid.where(j, node) if j is not None else grid.path
            found.add(path, "budget-cross-table", f"{what}为 {_fmt(a, unit)}，但{other_what}为 {_fmt(b, unit)}，相差 {number(abs(a - b))}", "同一个数在不同报表中必须一致：找出抄错的一张表改正" + _hint_unit(to_wan(mine, grid.unit), to_wan(other, other_unit)))

    overall = _first(groups, "收支总表")
    spend = _first(groups, "支出总表")
    income = _first(groups, "收入总表")
    general = _first(groups, "一般公共预算支出表")
    basic = _first(groups, "一般公共预算基本支出表")
    fiscal = _first(groups, "财政拨款收支总表")
    if overall and len(overall) == 2:
        side_in, side_out = overall
        out_node = side_out.spend_column()
        if spend and out_node is not None:
            grid = spend[0]
            node = grid.spend_column()
            other = side_out.current_total(out_node)
            compare(grid, node, grid.grand_total(node) if node else (0, None, 0), other[0], side_out.unit, other[2], f"“{grid.name}”的合计", f"“{side_out.name}”的本年支出合计")
        in_node = side_in.spend_column()
        if income and in_node is not None:
            grid = income[0]
            node = grid.spend_column()
            if node is not None:
                mine = grid.grand_total(node)
                current, grand = side_in.current_total(in_node), side_in.grand_total(in_node)
                options = [to_wan(current[0], side_in.unit), to_wan(grand[0], side_in.unit)]
                if all(differs(to_wan(mine[0], grid.unit), o, mine[2] + 1) for o in options):
                    compare(grid, node, mine, grand[0], side_in.unit, grand[2], f"“{grid.name}”的合计", f"“{side_in.name}”的收入总计（本年收入合计为 {number(current[0])}）")
    if basic and general:
        grid, other_grid = basic[0], general[0]
        node = grid.spend_column()
        basic_node = other_grid.find("基本支出")
        if node is not None and basic_node is not None:
            other = other_grid.grand_total(basic_node)
            compare(grid, node, grid.grand_total(node), other[0], other_grid.unit, other[2], f"“{grid.name}”的合计", f"“{other_grid.name}”的基本支出合计")
    if fiscal and len(fiscal) == 2:
        side_out = fiscal[1]
        for key, words in (("一般公共预算支出表", ("一般公共预算",)), ("政府性基金预算支出表", ("政府性基金",)), ("国有资本经营预算支出表", ("国有资本经营",))):
            column = side_out.find(*words)
            tables = _first(groups, key)
            if column is None or not tables:
                continue
            grid = tables[0]
            node = grid.spend_column()
            if node is None:
                continue
            mine = grid.grand_total(node) if grid.has_data() else (0.0, None, 0)
            other = side_out.current_total(column)
            compare(grid, node, mine, other[0], side_out.unit, other[2], f"“{grid.name}”的合计", f"“{side_out.name}”中{column.label}的本年支出合计")


def three_public_figure(grid: Grid, kind: str) -> tuple[float, int, Node] | None:
    """The 合计 of a “三公” table for this stage (决算 tables carry 预算数 and 决算数 side by side)."""
    stage = STAGE[kind]
    group = next((n for n in grid.root.children if stage in n.label and n.children), None)
    scope = group or grid.root
    node = next((c for c in scope.children if is_total_label(c.label)), None)
    if node is None or node.index is None or not grid.rows:
        return None
    totals = grid.total_rows()
    j = totals[-1] if totals else 0
    return grid.cell(j, node.index), j, node


def check_three_public(found: Found, entry: Entry, by_key: dict[str, list[int]], table_grids: dict[int, list[Grid]], index: dict[tuple[str, int, str], Entry]) -> None:
    meta = entry.meta
    other = index.get((meta.organ, meta.fiscal_year, STAGE[entry.kind]))  # type: ignore[attr-defined]
    tables = [table_grids[i] for i in by_key.get("三公经费支出表", []) if i in table_grids]
    if other is None or not tables or len(tables[0]) != 1:
        return
    grid = tables[0][0]
    figure = three_public_figure(grid, entry.kind)
    if figure is None:
        return
    value, j, node = figure
    theirs = to_wan(other.meta.total, other.meta.unit)  # type: ignore[attr-defined]
    mine = to_wan(value, grid.unit)
    if differs(mine, theirs, 4):
        theirs_text = f"合计为 {number(theirs)} 万元" if is_public(other) else "合计与此不同"
        found.add(grid.where(j, node), "budget-three-public-mismatch", f"“三公”经费表合计为 {number(mine)} 万元，但同年“三公”经费条目（{place_of(other, 'total')}）{theirs_text}", "两处应为同一数字：核对后改正其中一处")


def check_dates(found: Found, entry: Entry) -> None:
    meta = entry.meta
    year = meta.fiscal_year  # type: ignore[attr-defined]
    approved = meta.approved  # type: ignore[attr-defined]
    if approved and meta.published > approved + datetime.timedelta(days=20):
        late = (meta.published - approved).days
        found.add(("published",), "budget-late", f"批复日期 {approved}，发布日期 {meta.published}，相隔 {late} 天，超过《预算法》第十四条“批复后二十日内”的时限", "核对两个日期；确属逾期公开的，在说明中写明原因")
    if approved and approved > meta.published:
        found.add(("approved",), "budget-date-order", f"批复日期 {approved} 晚于发布日期 {meta.published}", "核对日期：应先批复后公开")
    if entry.kind == "final_account" and meta.published <= datetime.date(year, 12, 31):
        found.add(("fiscal_year",), "budget-year", f"{year} 年度决算在 {meta.published} 发布，年度尚未结束", "核对决算年度 fiscal_year 和发布日期")
    if entry.kind == "budget" and meta.published.year > year:
        found.add(("fiscal_year",), "budget-year", f"{year} 年度预算在 {meta.published} 才发布，已过预算年度", "核对预算年度 fiscal_year 和发布日期", WARNING)


def check_explanations(found: Found, entry: Entry, kind_name: str) -> None:
    """《预算法》第十四条: explain 机关运行经费; 143号: explain 政府采购 and the “三公” changes."""
    text = (entry.body or "") + (entry.meta.summary or "")
    if entry.meta.disclosure != "主动公开":
        return
    missing = [w for w in ("机关运行经费", "政府采购", "三公") if w not in text]
    if missing:
        what = f"{kind_name}说明中没有提到：{'、'.join(missing)}"
        fix = f"在正文中说明{'、'.join(missing)}的情况（《预算法》第十四条要求说明机关运行经费的安排、使用情况）"
        if entry.meta.body or not entry.body_line:
            found.add(("body",) if entry.meta.body else ("title",), "budget-explanation-missing", what, fix)
        else:
            found.items.append(Diagnostic(entry.source, entry.body_line, 1, "budget-explanation-missing", what, fix, field="body", label="正文"))


def three_public_index(catalog: Catalog) -> dict[tuple[str, int, str], Entry]:
    return {
        (e.meta.organ, e.meta.fiscal_year, e.meta.stage): e  # type: ignore[attr-defined]
        for e in catalog.of_kind("three_public")
    }


_CHECKED: memo.IdentityMemo[list[Diagnostic]] = memo.IdentityMemo("budget.check_entry")
"""check_entry by (entry, its meta, the “三公” entry it compares with, that entry's meta): it reads nothing else."""


@reads_text_of("budget", "final_account")
def budget_rules(catalog: Catalog) -> Iterable[Diagnostic]:
    index = three_public_index(catalog)
    for entry in catalog.entries:
        meta = entry.meta
        if meta.kind in KINDS:  # type: ignore[attr-defined]  # (not entry.kind: a property call per entry)
            other = index.get((meta.organ, meta.fiscal_year, STAGE[meta.kind]))  # type: ignore[attr-defined]
            other_meta = other.meta if other is not None else None
            found = _CHECKED.get(entry, meta, other, other_meta)
            if found is memo.MISSING:
                found = _CHECKED.put((entry, meta, other, other_meta), check_entry(entry, index))
            yield from found


RULES = [budget_rules]


# --- rendering --------------------------------------------------------------


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
    for i, table in enumerate(entry.meta.tables):  # type: ignore[attr-defined]
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
            for row, src in zip(_rows(grid), grid.rows):
                values = {c: v for c, v in zip(grid.columns, src.values)}
                rows.append(Row([side, src.code or "", src.name], [values.get(c) for c in columns]))
        files.append((csv_name(i), csv_bytes(["收支", "科目编码", "项目"], columns, rows, table.unit)))
    return files


def _plain_name(name: str) -> str:
    """``一、一般公共预算拨款收入`` → ``一般公共预算拨款收入`` for chart labels."""
    return re.sub(r"^[一二三四五六七八九十]+[、.．]\s*", "", name)


def overview_charts(entry: Entry, all_grids: list[list[Grid]] | None = None) -> list[str]:
    """Charts for the tables that say most at a glance: spending by function, basic vs project, income by source."""
    meta = entry.meta
    stage = STAGE[entry.kind]
    out: list[str] = []
    by_key: dict[str, Grid] = {}
    sides: dict[str, list[Grid]] = {}
    for i, table in enumerate(meta.tables):  # type: ignore[attr-defined]
        parts = all_grids[i] if all_grids is not None else grids(table, i)
        key = table_key(table)
        if len(parts) == 1 and parts[0].has_data():
            by_key.setdefault(key, parts[0])
        elif len(parts) == 2:
            sides.setdefault(key, parts)
    spend = by_key.get("支出总表") or by_key.get("一般公共预算支出表")
    year = meta.fiscal_year  # type: ignore[attr-defined]
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
    from ..pages.render import attachment_href

    meta = entry.meta
    stage = STAGE[entry.kind]
    parts = [f'<section class="gk-budget"><h2 id="tables">{stage}报表</h2>']
    all_grids = [grids(t, i) for i, t in enumerate(meta.tables)]  # type: ignore[attr-defined]
    figures = overview_charts(entry, all_grids)
    if figures:
        parts.append('<h3 id="charts">图表</h3><p class="gk-note">图表由下方报表数据生成，数字以报表为准。</p>' + "".join(figures))
    with_data = {i for i, parts in enumerate(all_grids) if any(g.has_data() for g in parts)}
    toc = "".join(f'<li><a href="#table-{i + 1}">{escape(t.name)}</a></li>' for i, t in enumerate(meta.tables))  # type: ignore[attr-defined]
    if toc:
        parts.append(f'<nav class="gk-toc" aria-label="报表目录"><ol>{toc}</ol></nav>')
    for i, table in enumerate(meta.tables):  # type: ignore[attr-defined]
        parts.append(f'<h3 id="table-{i + 1}">{escape(table.name)}</h3>')
        grid_html = []
        for grid in all_grids[i]:
            caption = f"{grid.name}（单位：{table.unit}）"
            grid_html.append(table_html(caption, _lead(grid), grid.columns, _rows(grid)))
        parts.append('<div class="gk-sides">' + "".join(grid_html) + "</div>" if len(grid_html) > 1 else "".join(grid_html))
        if table.note:
            parts.append(f'<p class="gk-note"><strong>说明：</strong>{escape(table.note)}</p>')
        if i in with_data:
            href = attachment_href(entry, csv_name(i), site)
            parts.append(f'<p class="gk-download"><a href="{escape(href)}" download="{escape(table.name)}.csv">下载本表数据（CSV）</a></p>')
    parts.append("</section>")
    return "".join(parts)


# --- build.py new: the nine standard tables, ready to fill -------------------

SKELETON_COLUMNS = {
    "budget": {
        "收入总表": "[合计, 上年结转, 一般公共预算拨款收入, 政府性基金预算拨款收入, 国有资本经营预算拨款收入, 财政专户管理资金收入, 单位资金/事业收入, 单位资金/其他收入]",
        "支出总表": "[合计, 基本支出, 项目支出]",
        "一般公共预算支出表": "[合计, 基本支出, 项目支出]",
        "一般公共预算基本支出表": "[合计, 人员经费, 公用经费]",
        "三公经费支出表": "[合计, 因公出国（境）费, 公务用车购置及运行费, 公务用车购置及运行费/公务用车购置费, 公务用车购置及运行费/公务用车运行费, 公务接待费]",
        "政府性基金预算支出表": "[合计, 基本支出, 项目支出]",
        "国有资本经营预算支出表": "[合计, 基本支出, 项目支出]",
    },
    "final_account": {
        "收入总表": "[本年收入合计, 财政拨款收入, 上级补助收入, 事业收入, 经营收入, 附属单位上缴收入, 其他收入]",
        "支出总表": "[本年支出合计, 基本支出, 项目支出, 上缴上级支出, 经营支出, 对附属单位补助支出]",
        "一般公共预算支出表": "[合计, 基本支出, 项目支出]",
        "一般公共预算基本支出表": "[合计, 人员经费, 公用经费]",
        "三公经费支出表": "[预算数/合计, 预算数/因公出国（境）费, 预算数/公务用车购置及运行费/公务用车购置费, 预算数/公务用车购置及运行费/公务用车运行费, 预算数/公务接待费, "
        "决算数/合计, 决算数/因公出国（境）费, 决算数/公务用车购置及运行费/公务用车购置费, 决算数/公务用车购置及运行费/公务用车运行费, 决算数/公务接待费]",
        "政府性基金预算支出表": "[年初结转和结余, 本年收入, 本年支出, 本年支出/基本支出, 本年支出/项目支出, 年末结转和结余]",
        "国有资本经营预算支出表": "[合计, 基本支出, 项目支出]",
    },
}


def skeleton(kind: str) -> str:
    """``tables:`` with every standard table of this kind; rows are filled in by the editor."""
    money = "决算数" if kind == "final_account" else "预算数"
    lines = [
        "tables:  # 报表（必填）：9 张标准表都要列出；没有数据的表保留 rows: [] 并在 note 中说明原因",
        "  # 每行写成 {code: \"2010601\", name: 行政运行, values: [数, 数, …]}，数的顺序与 columns 一致；",
        "  # 合计行不写 code：{name: 合计, values: […]}。写法见 docs/kinds-budget.md",
    ]
    for standard in STANDARDS:
        lines += [f"  - table: {standard.key}", f"    name: {standard_name(standard, kind)}", "    unit: 万元"]
        if standard.two_sided:
            lines += ["    income:  # 收入", f"      columns: [{money}]", "      rows: []", "    expense:  # 支出", f"      columns: [{money}]", "      rows: []"]
        else:
            lines += [f"    columns: {SKELETON_COLUMNS[kind][standard.key]}", "    rows: []", "    note:  # 空表的说明"]
    return "\n".join(lines) + "\n"


RENDERERS = {"budget": render, "final_account": render}
FILES = {"budget": table_files, "final_account": table_files}
