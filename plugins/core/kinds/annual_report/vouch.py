"""Which annual-report figures the catalog can vouch for.

A count from the catalog (规章 issued, repealed, in force; entries withheld) is only evidence when the
catalog holds every such document of the organ. An office says so per organ in organs.yml:
``catalog_complete_since: 2020`` — from that year on, every policy document the organ issued is
registered, and so is every one still in force on 1 January of that year (and every withheld entry
is registered or counted). A report of year Y is compared only when every organ it covers is complete
since Y or earlier; otherwise ``build.py report`` says the figures are for reference only. No MkDocs here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ...load.model import Catalog
from ...problems.diagnostics import Diagnostic

KEY = "catalog_complete_since"


def complete_since(item: Any) -> int | None:
    """The year an organ's catalog is complete from, or None (not stated, or not a year)."""
    value = item.data.get(KEY) if item is not None else None
    if isinstance(value, bool) or not isinstance(value, int) or not 1990 <= value <= 2100:
        return None
    return value


@dataclass(frozen=True)
class Vouch:
    ok: bool
    """Every organ covered is complete for this year: a difference is a finding."""
    says: str
    """The sentence ``build.py report`` prints about it."""


def vouch(organs: dict[str, Any], members: Iterable[str], year: int) -> Vouch:
    missing, late, since = [], [], []
    for organ in sorted(members):
        item = organs.get(organ)
        name = item.name if item is not None else organ
        first = complete_since(item)
        if first is None:
            missing.append(name)
        elif first > year:
            late.append(f"{name}（{first} 年起）")
        else:
            since.append(f"{name}自 {first} 年起")
    if not missing and not late:
        return Vouch(True, f"目录完整：{'、'.join(since)}的政策文件和不予公开条目都已登记，下面的数字可以核对报告")
    why = []
    if missing:
        why.append(f"{'、'.join(missing)}没有在 organs.yml 中标明 {KEY}")
    if late:
        why.append(f"{'、'.join(late)}的目录晚于 {year} 年才完整")
    return Vouch(False, f"目录不能担保这些数字完整（{'；'.join(why)}），下面的数字只供参考，不与报告核对")


def check_registry(catalog: Catalog) -> list[Diagnostic]:
    """A ``catalog_complete_since`` that is not a year is said, never silently ignored."""
    found = []
    for item in catalog.organs.values():
        value = item.data.get(KEY)
        if value is not None and complete_since(item) is None:
            found.append(Diagnostic(
                item.source, item.line, 1, "annual-report-complete-since",
                f"{item.name} 的 {KEY} 写作“{value}”，不是年份", f"写成四位年份，如 {KEY}: 2020（从该年起本机构的政策文件都已登记）",
                field=KEY, label="目录完整起始年份",
            ))
    return found
