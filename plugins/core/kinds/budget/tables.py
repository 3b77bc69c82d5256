"""Checks within one budget table: its shape, the sums of its rows and columns, each pointing at the wrong cell."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from ...pages.datatable import number
from ...problems.diagnostics import Diagnostic, Severity
from ...load.model import Entry
from ...check.rules import problem
from .grid import LEVEL_NAMES, Grid, Node, differs, is_total_label, squeeze, tolerance
from .standards import Standard


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
                (*grid.row_path(j), "values"), "budget-row-width",
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
            found.add((*grid.row_path(j), "code"), "budget-code-format", f"科目编码 {code} 不是 {'/'.join(map(str, lengths))} 位数字", fix)
            ok = False
            continue
        if standard and standard.classification == "functional" and code.startswith("3"):
            found.add((*grid.row_path(j), "code"), "budget-code-kind", f"科目编码 {code} 像是经济分类科目（3 开头），但本表按支出功能分类列示", "功能分类科目以 2 开头（如 201 一般公共服务支出）；按经济分类列示的是“一般公共预算基本支出表”")
        if standard and standard.classification == "economic" and code.startswith("2"):
            found.add((*grid.row_path(j), "code"), "budget-code-kind", f"科目编码 {code} 像是功能分类科目（2 开头），但基本支出表按经济分类列示", "经济分类科目以 3 开头（如 301 工资福利支出、30201 办公费）")
        if code in seen:
            found.add((*grid.row_path(j), "code"), "budget-code-duplicate", f"科目编码 {code} 在本表中出现两次（另见第 {seen[code] + 1} 行数据）", "删除重复的一行，或改正编码")
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
            parent_code = row.code[:-2]
            if parent_code in by_code:
                children[by_code[parent_code]].append(j)
            elif parent_code not in missing:
                missing.add(parent_code)
                found.add(
                    (*grid.row_path(j), "code"), "budget-parent-missing",
                    f"科目 {row.code} 的上级科目 {parent_code} 不在表中", f"补上 {parent_code} 这一行（其数额等于其下各科目之和）",
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
        for node in grid.additive_nodes():
            index: int = node.index  # type: ignore[assignment]  # additive nodes have a column
            p = grid.cell(parent, index)
            s = sum(grid.cell(k, index) for k in kids)
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
    nodes = grid.additive_nodes()
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
        block = _block(grid, j, so_far)
        if block:
            readings.append(block)
        if readings:
            wrong: list[tuple[Node, float, float]] = []
            for node in nodes:
                total = grid.cell(j, node.index)  # type: ignore[arg-type]
                sums = [sum(grid.cell(k, node.index) for k in parts) for parts in readings]  # type: ignore[arg-type, misc]
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


PERSONNEL_CODES = ("301", "303")
"""人员经费 = 工资福利支出 + 对个人和家庭的补助; 公用经费 is the rest of 基本支出 (商品和服务支出, 资本性支出 …)."""


def _block(grid: Grid, j: int, rows: list[int]) -> list[int]:
    """For ``人员经费合计`` / ``公用经费合计`` printed on the last line of a 基本支出表 entered as one list:
    the rows of that block, told by their economic classification code."""
    name = squeeze(grid.rows[j].name)
    coded = [k for k in rows if grid.rows[k].code]
    if name.startswith("人员经费"):
        return [k for k in coded if str(grid.rows[k].code).startswith(PERSONNEL_CODES)]
    if name.startswith("公用经费"):
        return [k for k in coded if not str(grid.rows[k].code).startswith(PERSONNEL_CODES)]
    return []


def check_layout(found: Found, grid: Grid, standard: Standard | None) -> bool:
    """A table whose headings the checks cannot read is an error that says so — never sums silently skipped."""
    for node in grid.root.walk():
        if node is not grid.root and node.index is None and is_total_label(node.label) and node.children:
            under = "、".join(c.label for c in node.children)
            found.add(
                (*grid.path, "columns"), "budget-layout-unknown",
                f"“{grid.name}”的表头“{node.title}”下又分了 {under} 几列，看不出哪一列是合计，无法核对各列之和",
                "按公开表格的表头逐列写出上下两级，如 决算数/合计、决算数/因公出国（境）费（或 合计/决算数、因公出国（境）费/决算数）；合计列只能是一列",
            )
            return False
    if standard is not None and grid.has_data() and grid.spend_column() is None:
        if grid.total_column:
            what = f"total_column 写的“{grid.total_column}”不是本表的列名"
            fix = f"照抄 columns 中的一个列名：{'、'.join(grid.columns)}"
        else:
            what = f"看不出“{grid.name}”哪一列是本表的金额合计（列：{'、'.join(grid.columns)}），无法与其他报表核对"
            fix = "加一行 total_column: 写明哪一列是本表的金额合计（与 columns 中的写法一致）"
        found.add((*grid.path, "columns"), "budget-layout-unknown", what, fix)
        return False
    return True


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
