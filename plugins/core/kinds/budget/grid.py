"""One grid of a budget table: rows keyed by classification code, columns that may span.

Knows the shape of a 预决算 table — which rows are totals, which row is whose
parent (类 3 / 款 5 / 项 7 digits), which column adds up to which — so the rules
in budget.py can ask "what should this cell be?" without re-deriving it. No MkDocs here.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from .model import BudgetRow

TOTAL_ROW = re.compile(r"^(本年|本期|年度)?(收入|支出|收支)?(合计|总计)(数)?$")
"""A grand total row: 合计, 总计, 本年收入合计, 支出总计 …"""
SUBTOTAL_ROW = re.compile(r"(合计|总计|小计)(数)?$")
"""Any total row, including block subtotals such as 人员经费合计 or 小计."""
NESTED = {"人员经费": "基本支出", "公用经费": "基本支出", "公务用车购置费": "公务用车购置及运行费", "公务用车运行费": "公务用车购置及运行费"}
"""Headings printed flat in many real tables that belong under a spanning one."""
TOTAL_COLUMN = re.compile(r"(合计|总计|小计)(数)?$")
NOT_ADDITIVE = re.compile(r"行次|栏次|%|％|率|比例|比重|占比")
STAGE_HEADING = re.compile(r"^(本年|上年|年初|调整)?(预算|决算)(数)?$")
"""预算数 / 决算数: a stage heading that some tables print beneath each item (合计/预算数, 合计/决算数 …)."""
AMOUNT_HEADING = re.compile(r"(预算数|决算数|金额)$")
LEVEL_BY_LENGTH = {3: 1, 5: 2, 7: 3}
LEVEL_NAMES = {1: "类", 2: "款", 3: "项"}


_SPACE = re.compile(r"[\s\u3000]+")


def squeeze(text: str) -> str:
    """Drop every space, including the full-width indent copied from published tables."""
    if not text:
        return ""
    done = _SQUEEZED.get(text)
    if done is None:
        done = _SPACE.sub("", text) if _SPACE.search(text) else text
        if len(_SQUEEZED) > 100_000:
            _SQUEEZED.clear()
        _SQUEEZED[text] = done
    return done


_SQUEEZED: dict[str, str] = {}
"""Row and column names repeat across thousands of tables: each is squeezed once."""


def is_total_label(label: str) -> bool:
    return bool(TOTAL_COLUMN.search(squeeze(label)))


@dataclass
class Node:
    """A column heading; ``index`` is None for a heading that only spans others."""

    label: str
    path: tuple[str, ...]
    index: int | None = None
    children: list[Node] = field(default_factory=list)

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.walk()

    @property
    def title(self) -> str:
        return "/".join(self.path) if self.path else "全部"


def column_tree(columns: Sequence[str]) -> Node:
    root = Node("", ())
    paths = [stage_first(tuple(squeeze(p) for p in str(label).split("/") if squeeze(p))) for label in columns]
    known = set(paths)
    for index, parts in enumerate(paths):
        parent = NESTED.get(parts[-1]) if parts else None
        if parent and (*parts[:-1], parent) in known:
            parts = (*parts[:-1], parent, parts[-1])  # [合计, 基本支出, 人员经费, 公用经费, 项目支出]
        node = root
        for depth, part in enumerate(parts):
            found = next((c for c in node.children if c.label == part), None)
            if found is None:
                found = Node(part, parts[: depth + 1])
                node.children.append(found)
            node = found
        if node is not root and node.index is None:
            node.index = index
    return root


def stage_first(parts: tuple[str, ...]) -> tuple[str, ...]:
    """``合计/决算数`` (items on top, 预算数/决算数 beneath, as many “三公” tables print it) is read
    as ``决算数/合计``: the same columns, grouped by stage, so each stage's 合计 adds its own items."""
    if len(parts) > 1 and STAGE_HEADING.match(parts[-1]) and not any(STAGE_HEADING.match(p) for p in parts[:-1]):
        return (parts[-1], *parts[:-1])
    return parts


@dataclass
class Grid:
    """The rows and columns of one table, or of one side (收入 / 支出) of a 收支总表."""

    path: tuple[Any, ...]
    """Key path of the table or side in the entry, e.g. ``("tables", 0, "income")``."""
    name: str
    columns: list[str]
    rows: list[BudgetRow]
    unit: str
    total_column: str | None = None
    """The heading the editor named as the table's amount column (``total_column``)."""
    side: str = ""
    """Which half of a two-halves table this is (收入, 支出, 人员经费, 公用经费); empty for a whole table."""
    row_paths: list[tuple[Any, ...]] = field(default_factory=list)
    """Key path of each row when the rows come from several tables (a table and its 续表); empty otherwise."""
    root: Node = field(init=False)

    levels: list[int] = field(init=False, default_factory=list)
    totals: list[bool] = field(init=False, default_factory=list)
    grands: list[bool] = field(init=False, default_factory=list)

    def __post_init__(self) -> None:
        self.root = _column_tree(tuple(self.columns))
        self.levels, self.totals, self.grands = _row_shape(tuple((row.code, row.name) for row in self.rows))
        self._cells = [[float(v or 0.0) for v in row.values] for row in self.rows]

    # --- cells ------------------------------------------------------------

    def additive(self, index: int) -> bool:
        return not NOT_ADDITIVE.search(self.columns[index])

    def additive_nodes(self) -> list[Node]:
        """The column headings that hold amounts to add up, in heading order (read once per grid)."""
        nodes = self.__dict__.get("_additive_nodes")
        if nodes is None:
            nodes = self.__dict__["_additive_nodes"] = [n for n in self.root.walk() if n.index is not None and self.additive(n.index)]
        return nodes

    def cell(self, j: int, k: int) -> float:
        values = self._cells[j]
        return values[k] if k < len(values) else 0.0

    def value(self, j: int, node: Node) -> float:
        """A heading's value in row j: its own cell, else its 合计 child, else the sum of its children."""
        if node.index is not None:
            return self.cell(j, node.index)
        totals = [c for c in node.children if is_total_label(c.label)]
        if totals:
            return self.value(j, totals[0])
        return sum(self.value(j, c) for c in node.children if not is_total_label(c.label))

    def row_path(self, j: int) -> tuple[Any, ...]:
        """Key path of row j in the entry; a row of a continuation (续表) points into that table."""
        return self.row_paths[j] if self.row_paths else (*self.path, "rows", j)

    def where(self, j: int, node: Node | None = None) -> tuple[Any, ...]:
        path = (*self.row_path(j), "values")
        if node is not None:
            index = node.index if node.index is not None else next((n.index for n in node.walk() if n.index is not None), None)
            if index is not None:
                path = (*path, index)
        return path

    def has_data(self) -> bool:
        return any(v not in (None, 0) for row in self.rows for v in row.values)

    # --- rows -------------------------------------------------------------

    def is_total(self, j: int) -> bool:
        return self.totals[j]

    def is_grand(self, j: int) -> bool:
        return self.grands[j]

    def level(self, j: int) -> int:
        row = self.rows[j]
        if row.code and row.code.isdigit() and len(row.code) in LEVEL_BY_LENGTH:
            return LEVEL_BY_LENGTH[len(row.code)]
        return row.level or self.levels[j]

    def label(self, j: int) -> str:
        row = self.rows[j]
        return f"{row.code} {row.name}" if row.code else row.name

    def top_rows(self) -> list[int]:
        return [j for j in range(len(self.rows)) if not self.is_total(j) and self.level(j) == 1]

    def total_rows(self) -> list[int]:
        return [j for j in range(len(self.rows)) if self.is_total(j)]

    def grand_rows(self) -> list[int]:
        return [j for j in range(len(self.rows)) if self.is_grand(j)]

    def current_total(self, node: Node) -> tuple[float, int | None, int]:
        """本年合计: the first total row below the items (or a total row at the top)."""
        totals = self.grand_rows()
        if totals:
            return self.value(totals[0], node), totals[0], 1
        tops = self.top_rows()
        return sum(self.value(j, node) for j in tops), None, len(tops)

    def grand_total(self, node: Node) -> tuple[float, int | None, int]:
        """总计: the last total row (or the sum of top-level rows when there is none)."""
        totals = self.grand_rows()
        if totals:
            return self.value(totals[-1], node), totals[-1], 1
        tops = self.top_rows()
        return sum(self.value(j, node) for j in tops), None, len(tops)

    # --- columns ----------------------------------------------------------

    def find(self, *words: str, exact: bool = False) -> Node | None:
        """The shallowest heading whose label is (or contains) one of ``words``."""
        best: Node | None = None
        for node in self.root.walk():
            if node is self.root:
                continue
            hit = node.label in words if exact else any(w in node.label for w in words)
            if hit and (best is None or len(node.path) < len(best.path)):
                best = node
        return best

    def spend_column(self) -> Node | None:
        """The column that holds the table's overall amount."""
        if self.total_column:
            named = stage_first(tuple(squeeze(p) for p in self.total_column.replace("／", "/").split("/") if squeeze(p)))
            return next((n for n in self.root.walk() if n is not self.root and (n.path == named or (len(named) == 1 and n.label == named[0]))), None)
        tops = self.root.children
        for node in tops:
            if is_total_label(node.label):
                return node
        for node in tops:
            if "本年支出" in node.label or node.label in ("支出", "金额", "预算数", "决算数", "本年预算数", "本年决算数"):
                return node
        stated = [n for n in tops if AMOUNT_HEADING.search(n.label) and "上年" not in n.label]
        if len(stated) == 1:
            return stated[0]  # 2024年预算数 beside 2023年预算数 … is not enough to tell; one such column is
        additive = [n for n in tops if n.index is None or self.additive(n.index)]
        return additive[0] if len(additive) == 1 else None


@functools.lru_cache(maxsize=4096)
def _column_tree(columns: tuple[str, ...]) -> Node:
    """``column_tree``, shared by tables with the same headings (nothing changes a tree once built)."""
    return column_tree(columns)


@functools.lru_cache(maxsize=4096)
def _row_shape(rows: tuple[tuple[str | None, str], ...]) -> tuple[list[int], list[bool], list[bool]]:
    """Outline levels, total rows and grand-total rows of a table, from its codes and names (read-only)."""
    levels = outline_levels([_NameAndCode(code, name) for code, name in rows])  # type: ignore[misc]
    names = [squeeze(name) if not code else "" for code, name in rows]
    totals = [bool(name and SUBTOTAL_ROW.search(name)) for name in names]
    grands = [bool(name and TOTAL_ROW.match(name)) for name in names]
    return levels, totals, grands


@dataclass(frozen=True)
class _NameAndCode:
    code: str | None
    name: str


_OF_WHICH = re.compile(r"^其中[:：]?")
CHAPTER = re.compile(r"^[一二三四五六七八九十]+[、.．]")
SECTION = re.compile(r"^[（(][一二三四五六七八九十]+[)）]")
ITEM = re.compile(r"^\d+[、.．](?!\d)")


def outline_levels(rows: Sequence[BudgetRow]) -> list[int]:
    """Indent of rows without a code, read from their numbering as printed:
    一、 → 1, （一） → 2, 1. → one below the last heading, 其中 → one below the row above."""
    levels: list[int] = []
    heading = 0  # level of the last numbered heading
    seen: dict[str, int] = {}  # level of each name so far, for rows printed flat under their parent
    for row in rows:
        name = squeeze(row.name)
        bare = _OF_WHICH.sub("", name)
        if row.code:
            level = 1
        elif NESTED.get(bare) in seen:
            level = seen[NESTED[bare]] + 1  # 公务用车运行费 under 公务用车购置及运行费, 人员经费 under 基本支出
        elif name.startswith("其中"):
            level = max(levels[-1] if levels else 1, heading, 1) + 1
        elif CHAPTER.match(name):
            level = heading = 1
        elif SECTION.match(name) and heading:
            level = heading = 2
        elif ITEM.match(name) and heading:
            level = heading + 1
        else:
            level, heading = 1, 0
        levels.append(level)
        seen[bare] = level
    return levels


def tolerance(terms: int) -> float:
    """Each published figure is rounded to 0.01, so a sum of n of them may be off by n × 0.005."""
    return max(0.01, 0.005 * (terms + 1)) + 1e-6


def differs(a: float, b: float, terms: int) -> bool:
    return abs(a - b) > tolerance(terms)
