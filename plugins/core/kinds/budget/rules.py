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

from ...serve import memo
from ...pages.datatable import number
from ...problems.diagnostics import Diagnostic, Severity
from ...load.model import Catalog, Entry
from ...check.rules import is_public, place_of, reads_text_of
from ..three_public.model import CODE as THREE_PUBLIC, meta_of as three_public_meta
from .model import BudgetTable, meta_of
from .grid import Grid, Node, differs, is_total_label
from .figures import check_figures
from .standards import BY_KEY, KINDS, STAGE, grids, halves, is_continuation, parts_of, required_tables, standard_name, table_key, to_wan
from .tables import Found, _fmt, _hint_unit, check_columns, check_layout, check_parents, check_shape, check_total_rows



# --- per-entry checks -------------------------------------------------------


def check_entry(entry: Entry, three_public: dict[tuple[str, int, str], Entry]) -> list[Diagnostic]:
    meta = meta_of(entry)
    found = Found(entry)
    kind_name = STAGE[entry.kind]
    by_key: dict[str, list[int]] = defaultdict(list)
    table_grids: dict[int, list[Grid]] = {}
    heads = parts_of(meta.tables)
    for i, table in enumerate(meta.tables):
        if i not in heads:
            continue  # a 续表: its rows are checked with the table it continues
        key = table_key(table)
        standard = BY_KEY.get(key)
        by_key[key].append(i)
        if is_continuation(table):
            before = "前面没有它接续的表" if i == 0 else f"表头（columns、unit）与上一张“{meta.tables[i - 1].name}”不同"
            found.add(("tables", i), "budget-continued", f"“{table.name}”是续表，但{before}", "续表紧接在它接续的表之后写，columns 不写或与上一张相同，unit 相同；不是续表的写 continues: false")
            continue
        if standard and standard.two_sided and (table.income is None or table.expense is None):
            found.add(("tables", i), "budget-two-sided", f"“{table.name}”是收支对照表，应分“收入”“支出”两半填写", "用 income: 和 expense: 分别写收入和支出两部分，各有自己的 columns 和 rows（见 docs/kinds-budget.md）")
            continue
        sides = [side for side, _ in halves(table)]
        if sides and table.rows:
            found.add(("tables", i, "rows"), "budget-two-sided", f"“{table.name}”同时写了 rows 和 {'/'.join(sides)}", "分两半印的表只用两半（收支对照表 income 和 expense；基本支出表 personnel 和 public_use）；其他表只用 columns 和 rows")
        if {"personnel", "public_use"} & set(sides) and (key != "一般公共预算基本支出表" or {"income", "expense"} & set(sides)):
            found.add(("tables", i), "budget-two-sided", f"“{table.name}”不是基本支出表，不能分 personnel/public_use 两半", "人员经费 | 公用经费两半只用于一般公共预算基本支出表；其他表用 columns 和 rows（收支对照表用 income 和 expense）")
            continue
        parts = grids(table, i, [(k, meta.tables[k]) for k in heads[i]])
        table_grids[i] = parts
        if not any(g.has_data() for g in parts):
            if not (table.note or "").strip():
                found.add(("tables", i), "budget-empty-note", f"“{table.name}”没有数据，但没有说明原因", "空表也要公开：保留这张表，并加一行 note: 说明为什么为空（如“本部门无政府性基金预算拨款，故本表为空表”）")
            continue
        stated = re.search(r"单位[:：]\s*(万元|元)", table.name)
        if stated and stated.group(1) != table.unit:
            found.add(("tables", i, "unit"), "budget-unit-mixed", f"表名写明单位为{stated.group(1)}，但 unit 是 {table.unit}", "使 unit 与公开表格的金额单位一致")
        for grid in parts:
            if not check_shape(found, grid, standard) or not check_layout(found, grid, standard):
                continue
            check_parents(found, grid)
            check_total_rows(found, grid)
            check_columns(found, grid)
        if standard and standard.two_sided and len(parts) == 2:
            check_balanced(found, table, parts)
    for key, indexes in by_key.items():
        if key != "其他" and len(indexes) > 1:
            for i in indexes[1:]:
                found.add(("tables", i, "name"), "budget-table-duplicate", f"“{meta.tables[i].name}”与第 {indexes[0] + 1} 张表都是“{key}”", "每张标准报表只列一次；若确是另一张表，用 table: 写明它的类型（如 其他）")
    if check_attachment_choice(found, entry):
        return found.close() + _dates_and_words(entry, kind_name) + check_figures(entry, by_key, table_grids, three_public)
    for need in required_tables(entry.kind, meta.fiscal_year):
        if need.standard.key in by_key:
            continue
        name = standard_name(need.standard, entry.kind)
        found.add(
            ("tables",), "budget-table-missing",
            f"缺少标准报表“{name}”（{need.why}）",
            f"加上这张表（table: {need.standard.key}）；没有数据也要列出空表，并用 note 说明原因；报表只在附件中的，写 tables_in_attachment: 附件文件名",
            need.severity,
        )
    check_across(found, entry, {key: [table_grids[i] for i in idx if i in table_grids] for key, idx in by_key.items()})
    check_three_public_layout(found, by_key, table_grids, entry.kind)
    check_three_public(found, entry, by_key, table_grids, three_public)
    return found.close() + _dates_and_words(entry, kind_name) + check_figures(entry, by_key, table_grids, three_public)


def check_attachment_choice(found: Found, entry: Entry) -> bool:
    """``tables_in_attachment``: the standard tables not entered are in that attachment (a stated choice,
    shown on the page). True when the choice stands, so no table is reported missing."""
    meta = meta_of(entry)
    named = meta.tables_in_attachment
    if named is None:
        return False
    files = [a.file for a in meta.attachments]
    if named not in files and not any(f.rsplit("/", 1)[-1] == named for f in files):
        found.add(("tables_in_attachment",), "budget-tables-in-attachment", f"tables_in_attachment 写的“{named}”不是本条目的附件", "写 attachments 中的一个文件名" + (f"（可选：{'、'.join(files)}）" if files else "；先在 attachments 中列出这个附件"))
    return True


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
            mine = grid.grand_total(node)
            what = f"“{grid.name}”的合计"
            if len(basic) == 2:  # printed in two halves: 人员经费合计 + 公用经费合计
                both = [(g, g.spend_column()) for g in basic]
                totals = [g.grand_total(n) for g, n in both if n is not None]
                mine = (sum(t[0] for t in totals), None, sum(t[2] for t in totals))
                what = f"“{grid.name.rsplit('（', 1)[0]}”人员经费与公用经费合计"
            compare(grid, node, mine, other[0], other_grid.unit, other[2], what, f"“{other_grid.name}”的基本支出合计")
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


THREE_ITEMS = re.compile(r"因公出国|公务用车购置及运行|公务接待")


def three_public_figure(grid: Grid, kind: str) -> tuple[float, int, Node] | None:
    """The 合计 of a “三公” table for this stage, in either orientation: items across the top
    (决算 tables carry 预算数 and 决算数 side by side, grouped either way), or items down the rows
    (合计, 因公出国（境）费 … with a 预算数/决算数 column)."""
    stage = STAGE[kind]
    if not grid.rows:
        return None
    group = next((n for n in grid.root.children if stage in n.label and n.children), None)
    scope = group or grid.root
    node = next((c for c in scope.children if is_total_label(c.label)), None)
    totals = grid.total_rows()
    j = totals[-1] if totals else 0
    if node is not None and node.index is not None:
        return grid.cell(j, node.index), j, node
    items = [c for c in scope.children if THREE_ITEMS.search(c.label)]
    if node is None and len(items) == 3:  # printed without a 合计 column: the three items are the whole
        return sum(grid.value(j, c) for c in items), j, items[0]
    rows = [j for j in range(len(grid.rows)) if grid.is_grand(j)]
    columns = [n for n in grid.root.children if n.index is not None and stage in n.label and "上年" not in n.label]
    named = grid.spend_column() if grid.total_column else None
    if named is not None:
        columns = [named]
    if not columns and grid.spend_column() is not None and len(grid.root.children) == 1:
        columns = [grid.root.children[0]]
    if rows and len(columns) == 1 and columns[0].index is not None:
        return grid.cell(rows[0], columns[0].index), rows[0], columns[0]
    return None


def check_three_public_layout(found: Found, by_key: dict[str, list[int]], table_grids: dict[int, list[Grid]], kind: str) -> None:
    for i in by_key.get("三公经费支出表", []):
        parts = table_grids.get(i) or []
        if len(parts) == 1 and parts[0].has_data() and parts[0].spend_column() is not None and three_public_figure(parts[0], kind) is None:  # (no spend column: check_layout said so)
            grid = parts[0]
            found.add((*grid.path, "columns"), "budget-layout-unknown", f"“{grid.name}”中找不到{STAGE[kind]}数的合计（列：{'、'.join(grid.columns)}），无法与“三公”经费条目核对", f"表头写出{STAGE[kind]}数的合计列，如 合计（预算表）、{STAGE[kind]}数/合计 或 合计/{STAGE[kind]}数；各项按行列出时，写一行“合计”和一列“{STAGE[kind]}数”")


def check_three_public(found: Found, entry: Entry, by_key: dict[str, list[int]], table_grids: dict[int, list[Grid]], index: dict[tuple[str, int, str], Entry]) -> None:
    meta = meta_of(entry)
    other = index.get((meta.organ, meta.fiscal_year, STAGE[entry.kind]))
    tables = [table_grids[i] for i in by_key.get("三公经费支出表", []) if i in table_grids]
    if other is None or not tables or len(tables[0]) != 1:
        return
    grid = tables[0][0]
    figure = three_public_figure(grid, entry.kind)
    if figure is None:
        return  # check_three_public_layout has said why
    value, j, node = figure
    theirs_meta = three_public_meta(other)
    theirs = to_wan(theirs_meta.total, theirs_meta.unit)
    mine = to_wan(value, grid.unit)
    if differs(mine, theirs, 4):
        theirs_text = f"合计为 {number(theirs)} 万元" if is_public(other) else "合计与此不同"
        found.add(grid.where(j, node), "budget-three-public-mismatch", f"“三公”经费表合计为 {number(mine)} 万元，但同年“三公”经费条目（{place_of(other, 'total')}）{theirs_text}", "两处应为同一数字：核对后改正其中一处")


def check_dates(found: Found, entry: Entry) -> None:
    meta = meta_of(entry)
    year = meta.fiscal_year
    approved = meta.approved
    published = meta.published
    if not isinstance(published, datetime.date):  # 未说明 (an archive document): no date to check
        return
    if approved and published > approved + datetime.timedelta(days=20):
        late = (published - approved).days
        found.add(("published",), "budget-late", f"批复日期 {approved}，发布日期 {published}，相隔 {late} 天，超过《预算法》第十四条“批复后二十日内”的时限", "核对两个日期；确属逾期公开的，在说明中写明原因")
    if approved and approved > published:
        found.add(("approved",), "budget-date-order", f"批复日期 {approved} 晚于发布日期 {published}", "核对日期：应先批复后公开")
    if entry.kind == "final_account" and published <= datetime.date(year, 12, 31):
        found.add(("fiscal_year",), "budget-year", f"{year} 年度决算在 {published} 发布，年度尚未结束", "核对决算年度 fiscal_year 和发布日期")
    if entry.kind == "budget" and published.year > year:
        found.add(("fiscal_year",), "budget-year", f"{year} 年度预算在 {published} 才发布，已过预算年度", "核对预算年度 fiscal_year 和发布日期", Severity.WARNING)


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
    """The department's own “三公” entries (scope 本部门): a 本级/全区汇总 is not its budget's figure."""
    return {
        (e.meta.organ, (meta := three_public_meta(e)).fiscal_year, meta.stage): e
        for e in catalog.of_kind(THREE_PUBLIC) if meta_scope(e) == "本部门"
    }


def meta_scope(entry: Entry) -> str:
    return three_public_meta(entry).scope


_CHECKED: memo.IdentityMemo[list[Diagnostic]] = memo.IdentityMemo("budget.check_entry")
"""check_entry by (entry, its meta, the “三公” entry it compares with, that entry's meta): it reads nothing else."""


@reads_text_of("budget", "final_account")
def budget_rules(catalog: Catalog) -> Iterable[Diagnostic]:
    index = three_public_index(catalog)
    for entry in catalog.entries:
        meta = entry.meta
        if meta.kind in KINDS:  # (not entry.kind: a property call per entry)
            other = index.get((meta.organ, meta_of(entry).fiscal_year, STAGE[meta.kind]))
            other_meta = other.meta if other is not None else None
            found = _CHECKED.get(entry, meta, other, other_meta)
            if found is memo.MISSING:
                found = _CHECKED.put((entry, meta, other, other_meta), check_entry(entry, index))
            yield from found


RULES = [budget_rules]
