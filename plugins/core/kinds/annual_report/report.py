"""``build.py report``: the figures of a year as the annual report tables need them."""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable

from ...load.model import Catalog, Entry
from ..policy.model import CODE as POLICY
from ...check.rules import is_public, place_of
from .format import (
    PROACTIVE,
)
from .rules import KIND, check_entry, compute, organ_index, organ_scope
from .model import meta_of
from .vouch import vouch



def _pad(text: str, width: int, *, right: bool = False) -> str:
    """Pad to a display width, counting a Chinese character as two columns."""
    shown = sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)
    space = " " * max(width - shown, 1)
    return space + text if right else text + space


def report_lines(catalog: Catalog, year: int, organ: str | None = None) -> list[str]:
    """What ``build.py report`` prints: the figures the catalog knows for each organ — numbers only."""
    reports = [e for e in catalog.entries if e.kind == KIND and meta_of(e).report_year == year]
    if organ is not None and organ not in catalog.organs:
        return [f"发布机构 {organ} 不在 catalog/organs.yml 中。可选：{'、'.join(catalog.organs)}"]
    organs = [organ] if organ else sorted({e.meta.organ for e in reports} or set(catalog.organs))
    index = organ_index(catalog)
    lines: list[str] = []
    for organ_id in organs:
        mine = [e for e in reports if e.meta.organ == organ_id]
        scope = meta_of(mine[0]).report_scope if mine else "部门"
        members = organ_scope(catalog.organs, organ_id, scope)
        figures = compute(catalog, year, members, index)
        assured = vouch(catalog.organs, members, year)
        name = catalog.organs[organ_id].name if organ_id in catalog.organs else organ_id
        lines.append(f"{name}（{organ_id}）{year} 年度，报告主体：{scope}" + (f"，含下属机构 {len(members) - 1} 个" if len(members) > 1 else ""))
        lines.append(f"  {assured.says}。")
        lines.append("  二、主动公开 第二十条第（一）项（按目录中的政策文件计算）")
        if figures.policies:
            lines.append("    " + _pad("信息内容", 16) + "".join(_pad(c, 14, right=True) for c in PROACTIVE[2021][0].columns))
            for category in ("规章", "行政规范性文件"):
                lines.append("    " + _pad(category, 16) + "".join(_pad(str(n), 14, right=True) for n in figures.policy_row(category)))
        else:
            lines.append("    目录中没有这些机构的政策文件，无法计算。")
        lines.append("  本年度不予公开的条目（按负面清单编号，仅计数）")
        if figures.withheld:
            for item, count in sorted(figures.withheld.items()):
                label = catalog.negative_list[item].name if item in catalog.negative_list else item
                lines.append(f"    {item}（{label}）：{count}")
        else:
            lines.append("    无")
        for entry in mine:
            problems = [d for d in check_entry(entry, catalog, index) if d.code == "annual-report-figure-mismatch"]
            compared = (["政策文件数"] if figures.policies else []) + (["不予公开条目数"] if meta_of(entry).withheld is not None else [])
            if not assured.ok:
                state = "未核对（目录不能担保上述数字完整）"
            elif not compared:
                state = "未核对（目录中没有可比较的数字）"
            elif problems:
                state = f"有 {len(problems)} 处与计算不一致"
            else:
                state = f"{'和'.join(compared)}与上述计算一致" + ("" if figures.policies else "；目录中没有政策文件，政策文件数未核对")
            lines.append(f"  年度报告条目 {place_of(entry)}：{state}")
            if is_public(entry):  # a non-public report's figures are not printed (docs/security.md)
                lines += [f"    {d.message}" for d in problems]
        if not mine:
            lines.append(f"  目录中还没有 {year} 年度报告条目（python build.py new annual_report 新建）。")
        lines.append("")
    return lines


def policy_figures(entries: Iterable[Entry]) -> dict[str, int]:
    """The policy figures of the annual report (制发、废止、现行有效政策文件), for the review report."""
    policies = [e for e in entries if e.kind == POLICY]
    rows: dict[str, int] = {}
    for year, number in Counter(e.year for e in policies).items():
        rows[f"{year}年制发政策文件"] = number
    for year, number in Counter(_repeal_year(e) for e in policies if e.meta.validity == "废止").items():
        rows[f"{year}年废止政策文件"] = number
    rows["现行有效政策文件"] = sum(e.meta.validity in (None, "有效") for e in policies)
    return rows


def _repeal_year(entry: Entry) -> int | None:
    repealed = getattr(entry.meta, "repealed", None)
    return repealed.year if repealed else entry.year
