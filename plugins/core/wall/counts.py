"""The counts of what was withheld: those known only by their numbers added, and printed as ``build.py check``
and the annual report show them — numbers, never titles."""

from __future__ import annotations

from typing import Any

from .negative_list import compile_items
from .view import PublicCatalog
from ..load.model import Catalog
from ..load.private import Counts


_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def _article_number(article: str) -> int:
    """第十六条 → 16, for ordering; unknown articles sort last."""
    text = article.removeprefix("第").split("条", 1)[0]
    if not text or any(c not in _CN_DIGITS and c not in "十百" for c in text):
        return 10_000
    total, current = 0, 0
    for c in text:
        if c == "百":
            total += (current or 1) * 100
            current = 0
        elif c == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = _CN_DIGITS[c]
    return total + current


def withheld_summary(public: PublicCatalog) -> list[str]:
    """Lines for ``build.py check`` and the annual report: counts only, never titles."""
    on_request = sum(public.on_request_by_item.values())
    lines = [
        f"公开条目 {len(public.entries)} 个（其中依申请公开 {on_request} 个，只公开目录信息）；"
        f"不予公开 {public.withheld_total} 个（只计数，不列内容）。"
    ]
    if public.withheld_by_item:
        parts = [f"{public.item_names.get(k, k)}（{k}）{n} 个" for k, n in sorted(public.withheld_by_item.items(), key=lambda kv: (-kv[1], kv[0]))]
        lines.append("  不予公开，按负面清单事项：" + "；".join(parts))
        by_article = sorted(public.withheld_by_article.items(), key=lambda kv: _article_number(kv[0]))
        lines.append("  不予公开，按《政府信息公开条例》条款：" + "；".join(f"{k} {n} 个" for k, n in by_article))
    if public.on_request_by_item:
        parts = [f"{public.item_names.get(k, k)}（{k}）{n} 个" for k, n in sorted(public.on_request_by_item.items(), key=lambda kv: (-kv[1], kv[0]))]
        lines.append("  依申请公开，按负面清单事项：" + "；".join(parts))
    if public.redacted_by_item:
        total = sum(public.redacted_by_item.values())
        parts = [f"{public.item_names.get(k, k)}（{k}）{n} 处" for k, n in sorted(public.redacted_by_item.items())]
        lines.append(f"  以 ■■■ 删除的内容 {total} 处：" + "；".join(parts))
    return lines


def add_counts(view: Any, counts: Counts, catalog: Catalog) -> None:
    """Add withheld entries known only by their numbers to the public view's counters."""
    items = {item.id: item for item in compile_items(catalog.negative_list, catalog.kinds)}
    for (_, _, item_id), n in counts.rows.items():
        item = items.get(item_id)
        view.withheld_by_item[item_id] += n
        view.withheld_by_basis[item.basis if item and item.basis else "未注明"] += n
        view.withheld_by_article[item.article if item and item.article else "未注明"] += n
