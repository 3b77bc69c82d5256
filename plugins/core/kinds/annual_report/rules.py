"""政府信息公开工作年度报告: the national format, its sums, and the figures the catalog knows.

Checks what 《政府信息公开条例》第四十九、五十条 and the national formats require:
the six sections, the tables with their labels verbatim, the 申请 table's
identity (一 + 二 = 三（七） + 四, per column), deadlines, and — warnings only —
the figures the catalog can compute (规章/行政规范性文件 issued, repealed, in
force; entries withheld, by reason) against what the editor wrote — only where the catalog can
vouch for them (vouch.py: organs marked ``catalog_complete_since``). No MkDocs here.
"""

from __future__ import annotations


import datetime
import difflib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ...serve import memo
from ...problems.diagnostics import Diagnostic, Severity
from ...load.messages import _short
from ...load.formats import ORDER_NO
from ...load.model import Catalog, Entry
from ...load.schema import stated_date
from ..policy.model import CODE as POLICY
from ...check.rules import place_of, problem, reads_text_of
from .format import (
    ALIASES, PROACTIVE, REQUEST_COLUMN_NAMES, REQUEST_ROWS,
    REVIEW_CELLS, REVIEW_GROUPS, SECTIONS, RequestRow, SubTable, format_for, normalize,
)
from .model import meta_of
from .vouch import check_registry, vouch

KIND = "annual_report"
WARNING = Severity.WARNING
Cells = list[float | None]


# --- figures the catalog knows ---------------------------------------------


def organ_scope(organs: dict[str, Any], organ: str, scope: str) -> set[str]:
    """The organ itself; for a 本级政府 report, also every organ registered under it."""
    found = {organ}
    if scope != "本级政府":
        return found
    changed = True
    while changed:
        changed = False
        for item in organs.values():
            if str(item.data.get("parent") or "") in found and item.id not in found:
                found.add(item.id)
                changed = True
    return found


def policy_category(meta: Any) -> str | None:
    """规章 (issued as a 令) or 行政规范性文件 (a policy with a validity); other policies are not counted."""
    if getattr(meta, "kind", "") != POLICY:
        return None
    fields = meta.__dict__  # plain dict lookups: pydantic's getattr on a missing name is slow at 100,000 entries
    declared = next((str(fields[a]) for a in ("category", "doc_type", "policy_type") if fields.get(a)), "")
    if "规章" in declared:
        return "规章"
    if "规范性文件" in declared:
        return "行政规范性文件"
    if meta.doc_no and ORDER_NO.match(meta.doc_no):
        return "规章"
    if meta.validity:
        return "行政规范性文件"
    return None


@dataclass
class Figures:
    """What the catalog says about one organ scope and year."""

    year: int
    organs: set[str]
    issued: Counter[str] = field(default_factory=Counter)
    repealed: Counter[str] = field(default_factory=Counter)
    in_force: Counter[str] = field(default_factory=Counter)
    policies: int = 0
    """Policy entries of these organs in the catalog at all (0 → the figures are unknown, not zero)."""
    withheld: Counter[str] = field(default_factory=Counter)
    """Entries withheld (不予公开) and published-dated this year, by negative-list id — numbers only."""

    def policy_row(self, category: str) -> tuple[int, int, int]:
        return self.issued[category], self.repealed[category], self.in_force[category]


@dataclass(frozen=True)
class Fact:
    """What the annual-report figures need from one entry, read once per check."""

    withheld: str | None
    """Negative-list id when the entry is 不予公开."""
    year: int | None
    """Year of the 发布日期; None for an archive entry whose 发布日期 is 未说明 (in no year's figures)."""
    policy: bool
    category: str | None
    issued: datetime.date | None
    """成文日期, else 发布日期; None where neither is stated (the entry is in no year's 制发 or 现行有效 count)."""
    repealed: datetime.date | None
    expires: datetime.date | None
    effective: datetime.date | None
    gone_undated: bool
    """失效/废止 without a date: not in force at the end of any year we can tell."""


class OrganIndex(defaultdict):
    """Facts by organ, plus the figures already computed for an (organs, year)."""

    def __init__(self) -> None:
        super().__init__(list)
        self.figures: dict[tuple[frozenset[str], int], Figures] = {}


def organ_index(catalog: Catalog) -> OrganIndex:
    """Policies and withheld entries by organ: built once per check, so many reports stay cheap at 100,000 entries."""
    index = OrganIndex()
    for entry in catalog.entries:
        meta = entry.meta  # any kind
        if not (meta.kind == POLICY or meta.disclosure == "不予公开"):
            continue
        fact = _FACTS.get(entry)
        if fact is memo.MISSING:
            fact = _FACTS.put(entry, _fact(meta))
        index[meta.organ].append(fact)
    for (organ, year, item), count in catalog.counted.items():  # the private folder's entries, as numbers (private.py)
        day = datetime.date(year, 1, 1)
        fact = Fact(withheld=item, year=year, policy=False, category=None, issued=day, repealed=None, expires=None, effective=None, gone_undated=False)
        index[organ].extend([fact] * count)
    return index


_FACTS: memo.EntryMemo[Fact] = memo.EntryMemo("annual_report.fact")


def _fact(meta: Any) -> Fact:
    policy = meta.kind == POLICY
    withheld = meta.disclosure == "不予公开"
    fields = meta.__dict__
    repealed, expires = fields.get("repealed"), fields.get("expires")
    published = stated_date(meta.published)
    return Fact(
        withheld=(meta.exemption or "未注明") if withheld else None,
        year=published.year if published else None,
        policy=policy,
        category=policy_category(meta) if policy else None,
        issued=stated_date(meta.written) or stated_date(meta.published),
        repealed=repealed,
        expires=expires,
        effective=fields.get("effective"),
        gone_undated=meta.validity in ("失效", "废止") and not repealed and not expires,
    )


def compute(catalog: Catalog, year: int, organs: set[str], index: OrganIndex | None = None) -> Figures:
    index = index if index is not None else organ_index(catalog)
    key = (frozenset(organs), year)
    if key in index.figures:
        return index.figures[key]
    figures = index.figures[key] = Figures(year, organs)
    end = datetime.date(year, 12, 31)
    for fact in (f for organ in sorted(organs) for f in index.get(organ, [])):
        if fact.withheld is not None and fact.year == year:
            figures.withheld[fact.withheld] += 1
        if not fact.policy:
            continue
        figures.policies += 1
        category = fact.category
        if category is None:
            continue
        if fact.issued and fact.issued.year == year:
            figures.issued[category] += 1
        if fact.repealed and fact.repealed.year == year:
            figures.repealed[category] += 1
        gone = (fact.repealed and fact.repealed <= end) or (fact.expires and fact.expires <= end)
        if fact.issued and fact.issued <= end and (fact.effective is None or fact.effective <= end) and not gone and not fact.gone_undated:
            figures.in_force[category] += 1
    return figures


# --- reading the editor's tables -------------------------------------------


@dataclass
class Table:
    """One section's mapping with labels resolved to the format's verbatim ones."""

    values: dict[str, Any] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)
    """Verbatim label → the key the editor wrote (for locating)."""


def _resolve(entry: Entry, section: str, data: Any, expected: Sequence[str], aliases: dict[str, str], other_format: Sequence[str], found: list[Diagnostic]) -> Table:
    table = Table()
    if not isinstance(data, dict):
        found.append(problem(entry, (section,), "annual-report-format", "应为“行标签: 数字”的键值对", "每行写一个行标签（与统一格式逐字一致），冒号后写该行的数字（见 docs/kinds-budget.md）"))
        return table
    normal = {normalize(label): label for label in expected}
    normal.update({normalize(alias): target for alias, target in aliases.items()})
    for key, value in data.items():
        key_text = str(key)
        label = key_text if key_text in expected else aliases.get(key_text)
        if label is None:
            label = normal.get(normalize(key_text))
            if label is not None:
                # only width, brackets or numbering differ: the row is unambiguous and the site prints the verbatim label
                found.append(problem(entry, (section, key), "annual-report-label", f"行标签“{key_text}”与统一格式的写法不一致", f"逐字照抄统一格式：应写作 {label}", WARNING))
            elif key_text in other_format:
                found.append(problem(entry, (section, key), "annual-report-label", f"“{key_text}”是另一版统一格式的行标签，与本报告年度的格式不符", f"本报告使用的行标签是：{'、'.join(expected)}"))
                continue
            else:
                close = difflib.get_close_matches(key_text, expected, n=1, cutoff=0.5)
                hint = f"是不是 {close[0]}？" if close else ""
                found.append(problem(entry, (section, key), "annual-report-label", f"统一格式中没有“{key_text}”这一行", f"{hint}行标签必须与统一格式逐字一致，可选：{'、'.join(expected)}"))
                if not close:
                    continue
                label = close[0]
        if label in table.values:
            found.append(problem(entry, (section, key), "annual-report-label", f"“{label}”这一行写了两次", "删除重复的一行"))
            continue
        table.values[label] = value
        table.keys[label] = key_text
    missing = [label for label in expected if label not in table.values]
    if missing:
        shown = "、".join(missing[:6]) + (f" 等 {len(missing)} 行" if len(missing) > 6 else "")
        found.append(problem(entry, (section,), "annual-report-row-missing", f"缺少 {shown}", "统一格式的每一行都要填写，没有发生的写 0"))
    return table


def _cells(entry: Entry, section: str, table: Table, label: str, columns: Sequence[str], found: list[Diagnostic], *, money: Sequence[int] = (), signed: Sequence[int] = (), blanks: list[tuple[Any, ...]] | None = None) -> Cells | None:
    """The numbers of one row, as a list aligned with ``columns``; None when unreadable."""
    value = table.values.get(label)
    key = table.keys.get(label, label)
    if label not in table.values:
        return None
    if not isinstance(value, (list, dict)) and len(columns) == 1:
        value = [value]
    if isinstance(value, dict):
        unknown = [str(k) for k in value if str(k) not in columns]
        if unknown:
            found.append(problem(entry, (section, key, unknown[0]), "annual-report-label", f"“{label}”中没有“{unknown[0]}”这一列", f"列名必须与统一格式一致：{'、'.join(columns)}"))
            return None
        value = [value.get(c) for c in columns]
    if not isinstance(value, list) or len(value) != len(columns):
        count = len(value) if isinstance(value, list) else 1
        found.append(problem(entry, (section, key), "annual-report-row-width", f"“{label}”应有 {len(columns)} 个数（{'、'.join(columns)}），现有 {count} 个", "按列的顺序每列写一个数，写成 [数, 数, …]"))
        return None
    cells: Cells = []
    for k, item in enumerate(value):
        if item is None or (isinstance(item, str) and item.strip() in ("", "-", "—")):
            cells.append(None)
            if blanks is not None:
                blanks.append((section, key, k))
            continue
        ok = isinstance(item, (int, float)) and not isinstance(item, bool) and abs(item) < 1e15  # also false for inf, nan and ints too big for a float
        if ok and k not in money and float(item) != int(item):
            ok = False
        if ok and item < 0 and k not in signed:
            ok = False
        if not ok:
            kind = "金额" if k in money else "件数（非负整数）"
            found.append(problem(entry, (section, key, k), "annual-report-number", f"“{label}”的“{columns[k]}”应为{kind}，现为 {_short(item)}", "只写阿拉伯数字，不带单位；没有发生的写 0"))
            return None
        cells.append(float(item))
    return cells


# --- rules ------------------------------------------------------------------


def deadline(meta: Any) -> datetime.date:
    """条例第四十九条: departments by 1月31日, the 本级政府 report by 3月31日; before 2019 all by 3月31日."""
    year = meta.report_year + 1
    if meta.report_year >= 2019 and meta.report_scope == "部门":
        return datetime.date(year, 1, 31)
    return datetime.date(year, 3, 31)


def report_format(meta: Any) -> int:
    return meta.report_format or format_for(meta.report_year)


def check_entry(entry: Entry, catalog: Catalog, index: OrganIndex | None = None) -> list[Diagnostic]:
    found, fmt, proactive, table = _own_checks(entry)
    found = list(found)
    if fmt == 2021:
        _compare(entry, catalog, proactive, table, found, index)
    return found


_OWN: memo.IdentityMemo[tuple[list[Diagnostic], int, dict[str, Cells], Table]] = memo.IdentityMemo("annual_report.own")
"""What a report says about itself (dates, sections, tables), by (entry, meta); the catalog's figures are compared afresh."""


def _own_checks(entry: Entry) -> tuple[list[Diagnostic], int, dict[str, Cells], Table]:
    known = _OWN.get(entry, entry.meta)
    if known is memo.MISSING:
        known = _OWN.put((entry, entry.meta), _check_own(entry))
    return known


def _check_own(entry: Entry) -> tuple[list[Diagnostic], int, dict[str, Cells], Table]:
    """Problems, format, the 主动公开 rows and table; the format is 0 when there is nothing to compare."""
    meta = meta_of(entry)
    found: list[Diagnostic] = []
    year = meta.report_year
    fmt = report_format(meta)
    expected = format_for(year)
    if meta.report_format and meta.report_format != expected:
        found.append(problem(entry, ("report_format",), "annual-report-format", f"{year} 年度报告应使用 {expected} 年版格式，这里写的是 {meta.report_format} 年版", f"改为 report_format: {expected}，或删去这一行（按报告年度自动确定）"))
        fmt = expected
    published = stated_date(meta.published)  # 未说明 (an archive report): no timeliness to check
    if published and published <= datetime.date(year, 12, 31):
        found.append(problem(entry, ("published",), "annual-report-too-early", f"{year} 年度报告在 {meta.published} 发布，年度尚未结束", "核对报告年度 report_year 和发布日期"))
    due = deadline(meta)
    if published and published > due:
        who = "本级人民政府" if meta.report_scope == "本级政府" or year < 2019 else "政府部门"
        found.append(problem(entry, ("published",), "annual-report-late", f"{who}的 {year} 年度报告应在 {due.month}月{due.day}日前公布（《政府信息公开条例》第四十九条），发布日期为 {meta.published}", "核对发布日期；逾期公布的，在报告中说明原因"))
    if fmt == 2008:
        present = [key for key, _ in SECTIONS if getattr(meta, key) is not None and key in ("proactive", "requests", "review_litigation")]
        if present:
            found.append(problem(entry, (present[0],), "annual-report-format", f"{year} 年度报告没有全国统一的表格格式，表格不作校验", "把表格内容写在正文中；2019 年度起才使用统一格式", WARNING))
        return found, 0, {}, Table()
    for key, title in SECTIONS:
        value = getattr(meta, key)
        if value is None or (isinstance(value, str) and not value.strip()):
            found.append(problem(entry, ("title",), "annual-report-section-missing", f"缺少第{title.split('、')[0]}部分“{title.split('、', 1)[1]}”", f"加上 {key}:（{title}），没有内容的写“无”"))
    proactive, table = _check_proactive(entry, fmt, found)
    _check_requests(entry, fmt, found)
    _check_review(entry, found)
    return found, fmt, proactive, table


def _check_proactive(entry: Entry, fmt: int, found: list[Diagnostic]) -> tuple[dict[str, Cells], Table]:
    data = meta_of(entry).proactive
    if data is None:
        return {}, Table()
    subtables: tuple[SubTable, ...] = PROACTIVE[fmt]
    labels = [row for sub in subtables for row in sub.rows]
    other = [row for sub in PROACTIVE[2019 if fmt == 2021 else 2021] for row in sub.rows if row not in labels]
    table = _resolve(entry, "proactive", data, labels, {}, other, found)
    rows: dict[str, Cells] = {}
    for sub in subtables:
        for label in sub.rows:
            cells = _cells(entry, "proactive", table, label, sub.columns, found, money=sub.money, signed=sub.signed)
            if cells is not None:
                rows[label] = cells
    return rows, table


def _check_requests(entry: Entry, fmt: int, found: list[Diagnostic]) -> dict[str, Cells]:
    data = meta_of(entry).requests
    if data is None:
        return {}
    spec: tuple[RequestRow, ...] = REQUEST_ROWS[fmt]
    labels = [r.label for r in spec]
    other = [r.label for r in REQUEST_ROWS[2019 if fmt == 2021 else 2021] if r.label not in labels]
    table = _resolve(entry, "requests", data, labels, ALIASES[fmt], other, found)
    blanks: list[tuple[Any, ...]] = []
    rows: dict[str, Cells] = {}
    for row in spec:
        cells = _cells(entry, "requests", table, row.label, REQUEST_COLUMN_NAMES, found, blanks=blanks)
        if cells is not None:
            rows[row.label] = cells
    if blanks:
        found.append(problem(entry, blanks[0], "annual-report-blank", f"申请情况表有 {len(blanks)} 个空格子，按 0 计算", "没有发生的写 0，不要留空"))
    if len(rows) != len(spec):
        return rows

    def key(label: str) -> str:
        return table.keys.get(label, label)

    def cell(label: str, k: int) -> float:
        return rows[label][k] or 0.0

    limit = 3
    reported = 0
    for row in spec:
        total = rows[row.label][6]
        if total is None:
            continue
        parts = sum(cell(row.label, k) for k in range(6))
        if abs(parts - total) > 1e-9:
            reported += 1
            if reported <= limit:
                found.append(problem(entry, ("requests", key(row.label), 6), "annual-report-requests-column-total", f"“{row.label}”的总计为 {total:g}，但自然人与法人或其他组织各列之和为 {parts:g}", "总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他"))
    leaves = [r.label for r in spec if r.role == "leaf"]
    total_label = next(r.label for r in spec if r.role == "total")
    new, carried, forward = (next(r.label for r in spec if r.role == role) for role in ("new", "carried", "forward"))
    for k, column in enumerate(REQUEST_COLUMN_NAMES):
        leaf_sum = sum(cell(label, k) for label in leaves)
        if abs(leaf_sum - cell(total_label, k)) > 1e-9:
            found.append(problem(entry, ("requests", key(total_label), k), "annual-report-requests-total", f"“{column}”列：（七）总计为 {cell(total_label, k):g}，但（一）至（六）各项之和为 {leaf_sum:g}", "（七）总计 = 予以公开 + 部分公开 + 不予公开、无法提供、不予处理、其他处理的各小项"))
        left = cell(new, k) + cell(carried, k)
        right = cell(total_label, k) + cell(forward, k)
        if abs(left - right) > 1e-9:
            found.append(problem(
                entry, ("requests", key(forward), k), "annual-report-requests-identity",
                f"“{column}”列：一（{cell(new, k):g}）+ 二（{cell(carried, k):g}）= {left:g}，但 三（七）总计（{cell(total_label, k):g}）+ 四（{cell(forward, k):g}）= {right:g}",
                "本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和；核对新收、结转、办结和结转下年的数字",
            ))
    return rows


def _check_review(entry: Entry, found: list[Diagnostic]) -> None:
    data = meta_of(entry).review_litigation
    if data is None:
        return
    table = _resolve(entry, "review_litigation", data, REVIEW_GROUPS, {"行政诉讼/未经复议直接起诉": "未经复议直接起诉", "行政诉讼/复议后起诉": "复议后起诉"}, (), found)
    for group in REVIEW_GROUPS:
        cells = _cells(entry, "review_litigation", table, group, REVIEW_CELLS, found)
        if cells is None:
            continue
        parts = sum(c or 0 for c in cells[:4])
        if cells[4] is not None and abs(parts - cells[4]) > 1e-9:
            found.append(problem(entry, ("review_litigation", table.keys.get(group, group), 4), "annual-report-review-total", f"“{group}”的总计为 {cells[4]:g}，但结果维持、结果纠正、其他结果、尚未审结之和为 {parts:g}", "总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结"))


def _compare(entry: Entry, catalog: Catalog, rows: dict[str, Cells], table: Table, found: list[Diagnostic], index: OrganIndex | None) -> None:
    meta = meta_of(entry)
    members = organ_scope(catalog.organs, meta.organ, meta.report_scope)
    if not vouch(catalog.organs, members, meta.report_year).ok:
        return  # the catalog cannot vouch for its counts: build.py report shows them for reference only
    figures = compute(catalog, meta.report_year, members, index)
    columns = PROACTIVE[2021][0].columns
    if figures.policies:
        for category in ("规章", "行政规范性文件"):
            cells = rows.get(category)
            if cells is None:
                continue
            for k, computed in enumerate(figures.policy_row(category)):
                written = cells[k]
                if written is not None and int(written) != computed:
                    found.append(problem(entry, ("proactive", table.keys.get(category, category), k), "annual-report-figure-mismatch", f"{category}“{columns[k]}”填写为 {int(written)}，按目录中登记的政策文件计算为 {computed}", f"核对数字；也可能是目录漏登或有效性、日期填写不全（python build.py report --year {meta.report_year} --organ {meta.organ} 列出计算结果）"))
    stated = meta.withheld
    if stated is None:
        return
    for item in sorted(set(stated) | set(figures.withheld)):
        if item in stated and item not in catalog.negative_list:
            found.append(problem(entry, ("withheld", item), "annual-report-withheld-unknown", f"负面清单中没有编号 {item}", "写 catalog/negative-list.yml 中的编号"))
            continue
        written, computed = stated.get(item, 0), figures.withheld.get(item, 0)
        if written != computed:
            name = catalog.negative_list[item].name if item in catalog.negative_list else item
            path = ("withheld", item) if item in stated else ("withheld",)
            found.append(problem(entry, path, "annual-report-figure-mismatch", f"因“{name}”不予公开的信息填写为 {written} 条，目录中登记为 {computed} 条", "核对数字，或在目录中补登不予公开的条目（只计数，不公开内容）"))


@reads_text_of()
def annual_report_rules(catalog: Catalog) -> Iterable[Diagnostic]:
    seen: dict[tuple[str, int, str], Entry] = {}
    reports = catalog.of_kind(KIND)
    index = organ_index(catalog) if reports else None
    yield from check_registry(catalog)
    for entry in reports:
        meta = meta_of(entry)
        key = (meta.organ, meta.report_year, meta.report_scope)
        if key in seen:
            yield problem(entry, ("report_year",), "annual-report-duplicate", f"同一机构的 {key[1]} 年度报告已有条目 {place_of(seen[key])}", "一个机构每年只发布一份年度报告；若是更正，请修改原条目")
        seen.setdefault(key, entry)
        yield from check_entry(entry, catalog, index)


RULES = [annual_report_rules]
