"""部门预算 / 部门决算: the figures of the 说明 (body and summary) against the standard tables and each other.

Which table row or total each subject of the text maps to, in which scope:
全部资金 (收支总表, 支出总表) or 财政拨款 (财政拨款收支总表, 一般公共预算支出表,
一般公共预算基本支出表, “三公”经费表 — and the “三公” entry of the same organ,
year and stage). The reading and the checks are shared (``kinds/narrative/``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from ...load.figures_text import read
from ...load.model import Catalog, Entry
from ...problems.diagnostics import Diagnostic
from ...check.rules import reads_text_of
from ..three_public.model import CODE as THREE_PUBLIC, meta_of as three_public_meta
from ..three_public.narrative import three_public_sources
from ..narrative.book import HALF_CENT, Book, Source
from ..narrative.fields import budget_reader, check_text, texts_of
from ..narrative.subjects import ALL, BUDGET, FISCAL, NOW, PREV, clean_name
from .grid import Grid, Node
from .model import meta_of
from .standards import KINDS, STAGE, grids, table_key, to_wan

ITEMS = (
    ("三公.车", re.compile(r"购置及运行")),
    ("三公.购置", re.compile(r"购置")),
    ("三公.运行", re.compile(r"运行")),
    ("三公.出国", re.compile(r"出国")),
    ("三公.接待", re.compile(r"接待")),
    ("三公", re.compile(r"合计|总计|小计|三公")),
)
"""Which “三公” item a heading or row names (most specific first)."""


_CURRENT = re.compile(r"^(本年|本期)(收入|支出)(合计|小计)?$")
"""This year's total, without 上年结转 / 结转下年 (a lone 收入总计 row is not it)."""


def _item(words: str, total: bool = True) -> str | None:
    return next((k for k, p in ITEMS if (total or k != "三公") and p.search(words)), None)


def _period(words: str, fiscal_year: int, stage: str) -> str | None:
    if re.search(rf"{fiscal_year - 1}年|上年", words):
        return PREV
    if re.search(rf"{fiscal_year}年", words):
        return NOW if stage == "预算" or "决算" in words else BUDGET
    if "决算" in words:
        return NOW
    if "预算" in words:
        return NOW if stage == "预算" else BUDGET
    return None


class _Reader:
    """Adds one entry's tables to a book, each value with the place it is printed."""

    def __init__(self, entry: Entry, book: Book):
        self.entry = entry
        self.book = book
        self.meta = meta_of(entry)
        self.stage = STAGE[entry.kind]

    def source(self, i: int, grid: Grid, j: int | None, node: Node | None, what: str) -> Source:
        value = grid.value(j, node) if j is not None and node is not None else 0.0
        entry = self.entry
        path = grid.where(j, node) if j is not None else grid.path

        def describe() -> tuple[str, str]:
            return f"表{i + 1}《{grid.name}》{what}", f"{entry.source}:{entry.where(*path)[0]}"

        return Source(to_wan(value, grid.unit), HALF_CENT.get(grid.unit, 0.005), describe, (i, path))

    def columns(self, grid: Grid, word: str) -> dict[str, Node]:
        """Columns named ``word``, by period (a 决算 table may print 预算数 beside 决算数)."""
        found: dict[str, Node] = {}
        for node in grid.root.walk():
            if node is grid.root or word not in node.label:
                continue
            path = "/".join(node.path)
            period = BUDGET if "预算" in path and self.stage == "决算" and "决算" not in path else NOW
            if period not in found or len(node.path) < len(found[period].path):
                found[period] = node
        return found

    def total(self, i: int, grid: Grid, node: Node, key: str, scope: str, period: str, current: bool = False) -> None:
        """A total row's value: the grand total (the last 合计/总计 row), or this year's (本年收入合计, 一、本年收入 …)."""
        j: int | None
        if current:
            j = next((k for k, row in enumerate(grid.rows) if _CURRENT.match(clean_name(row.name))), None)
            if j is None and len(grid.grand_rows()) > 1:
                j = grid.grand_rows()[0]  # 合计 above 上年结转 and 总计
        else:
            j = grid.grand_total(node)[1]
        if j is None:
            return
        self.book.add(key, scope, period, self.source(i, grid, j, node, f"“{grid.rows[j].name}”行“{node.title}”列"))

    def rows(self, i: int, grid: Grid, node: Node, scope: str, period: str = NOW) -> None:
        """Rows a label may name: coded rows and top-level rows, each only if its name is unique in the table
        (two 行政运行 under different 款 cannot be told apart by name; a level-2 “一般公共预算拨款” under
        “上年结转” is not what a sentence means by that word)."""
        names = Counter(clean_name(row.name) for row in grid.rows)
        for j, row in enumerate(grid.rows):
            if grid.is_total(j) or names[clean_name(row.name)] > 1 or (not row.code and grid.level(j) > 1):
                continue
            self.book.add_row(row.name, scope, period, self.source(i, grid, j, node, f"“{grid.label(j)}”行"))

    def spend(self, grid: Grid) -> dict[str, Node]:
        node = grid.spend_column()
        if node is None:
            return {}
        by_period = self.columns(grid, node.label) or {NOW: node}
        return by_period

    def table(self, i: int, key: str, parts: list[Grid]) -> None:
        fy = self.meta.fiscal_year
        if key in ("收支总表", "财政拨款收支总表") and len(parts) == 2:
            scope = ALL if key == "收支总表" else FISCAL
            for side, (grand, current) in zip(parts, (("收入总计", "本年收入合计"), ("支出总计", "本年支出合计"))):
                for period, node in self.spend(side).items():
                    self.total(i, side, node, grand, scope, period)
                    self.total(i, side, node, "收支总计", scope, period)
                    self.total(i, side, node, current, scope, period, current=True)
                    if scope == FISCAL:  # “财政拨款收入” may mean this year's or the 总计 with 上年结转: either is a reading
                        fiscal = "财政拨款收入" if grand == "收入总计" else "财政拨款支出"
                        self.total(i, side, node, fiscal, FISCAL, period, current=True)
                        self.total(i, side, node, fiscal, FISCAL, period)
                    self.rows(i, side, node, scope, period)
            general = parts[1].find("一般公共预算")
            if scope == FISCAL and general is not None:
                self.total(i, parts[1], general, "一般公共预算支出", FISCAL, NOW, current=True)
            return
        if len(parts) != 1:
            return
        grid = parts[0]
        if key == "三公经费支出表":
            self.three_public(i, grid, fy)
            return
        if key not in ("支出总表", "一般公共预算支出表", "一般公共预算基本支出表"):
            return
        scope = ALL if key == "支出总表" else FISCAL
        for period, node in self.spend(grid).items():
            self.total(i, grid, node, {"支出总表": "本年支出合计", "一般公共预算支出表": "一般公共预算支出", "一般公共预算基本支出表": "基本支出"}[key], scope, period)
            self.rows(i, grid, node, scope, period)
        for word in (("基本支出", "项目支出") if key != "一般公共预算基本支出表" else ("人员经费", "公用经费")):
            for period, node in self.columns(grid, word).items():
                self.total(i, grid, node, word, scope, period)

    def three_public(self, i: int, grid: Grid, fy: int) -> None:
        leaves = [n for n in grid.root.walk() if n.index is not None]
        for j, row in enumerate(grid.rows):
            for node in leaves:
                words = "/".join(node.path) + "/" + row.name
                # the most specific item the heading path or the row names (a 小计 under 公务用车 is 三公.车, not the total)
                item = _item(node.label, total=False) or _item(row.name, total=False) or _item("/".join(node.path), total=False) or _item(node.label)
                period = _period(words, fy, self.stage) or (NOW if len(grid.rows) == 1 else None)
                if item is None or period is None:
                    continue
                self.book.add(item, FISCAL, period, self.source(i, grid, j, node, f"“{row.name}”行“{node.title}”列"))


def book_of(entry: Entry, index: dict[tuple[str, int, str], Entry]) -> Book:
    book = Book()
    reader = _Reader(entry, book)
    meta = reader.meta
    for i, table in enumerate(meta.tables):
        reader.table(i, table_key(table), grids(table, i))
    stage = STAGE[entry.kind]
    three_public_sources(book, index.get((meta.organ, meta.fiscal_year, stage)), NOW)
    if stage == "决算":
        three_public_sources(book, index.get((meta.organ, meta.fiscal_year, "预算")), BUDGET)
    else:
        three_public_sources(book, index.get((meta.organ, meta.fiscal_year - 1, stage)), PREV)
    return book


def check_entry(entry: Entry, index: dict[tuple[str, int, str], Entry]) -> list[Diagnostic]:
    meta = meta_of(entry)
    fields = [(key, text) for key, text in texts_of(entry) if read(text).sentences]
    if not fields:
        return []  # no figure in the text: the tables need not be read
    book = book_of(entry, index)
    return check_text(entry, book, budget_reader(book, meta.fiscal_year, STAGE[entry.kind]), fields)


def _index(catalog: Catalog) -> dict[tuple[str, int, str], Entry]:
    """A department's own “三公” reports (口径 本部门): a 本级/全区汇总 is not what its budget speaks of."""
    return {(e.meta.organ, m.fiscal_year, m.stage): e for e in catalog.of_kind(THREE_PUBLIC) if (m := three_public_meta(e)).scope == "本部门"}


@reads_text_of("budget", "final_account")
def narrative_rules(catalog: Catalog) -> Iterable[Diagnostic]:
    """The 说明 of every 预决算 against its tables."""
    index = _index(catalog)
    for entry in catalog.entries:
        if entry.meta.kind in KINDS:
            yield from check_entry(entry, index)

