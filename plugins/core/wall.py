"""The negative-list wall: the one place that decides what the public may see.

``public_view`` runs once, after validation and before anything renders; every
later stage (pages, listings, search, feeds, exports, attachments) receives only
the PublicCatalog it returns. No MkDocs here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from .diagnostics import Diagnostic
from .model import Catalog, Entry, RegistryItem
from .rules import REFERENCE_KEYS, problem


@dataclass
class PublicCatalog:
    """What the public may see. Nothing withheld is reachable from here."""

    entries: list[Entry]
    organs: dict[str, RegistryItem]
    topics: dict[str, RegistryItem]
    withheld_by_item: Counter[str] = field(default_factory=Counter)
    """Number of withheld entries per negative-list item id — numbers only."""
    withheld_by_basis: Counter[str] = field(default_factory=Counter)
    """Number of withheld entries per legal basis (e.g. 第十四条)."""

    def lookup(self) -> dict[str, Entry]:
        table: dict[str, Entry] = {}
        for entry in self.entries:
            table[entry.ref] = entry
            if entry.index_no:
                table[entry.index_no] = entry
        return table


def metadata_only(entry: Entry) -> Entry:
    """The public face of a 依申请公开 entry: metadata kept, body and attachments gone."""
    public = entry.with_meta(body=None, attachments=[])
    public.body = ""
    return public


def public_view(catalog: Catalog) -> tuple[PublicCatalog, list[Diagnostic]]:
    """Split the catalog into what is published and counts of what is not."""
    public: list[Entry] = []
    by_item: Counter[str] = Counter()
    by_basis: Counter[str] = Counter()
    withheld: set[str] = set()
    for entry in catalog.entries:
        disclosure = entry.meta.disclosure
        if disclosure == "不予公开":
            withheld.add(entry.ref)
            if entry.index_no:
                withheld.add(entry.index_no)
            item = catalog.negative_list.get(entry.meta.exemption or "")
            by_item[item.id if item else "未注明"] += 1
            by_basis[str(item.data.get("basis", "未注明")) if item else "未注明"] += 1
        elif disclosure == "依申请公开":
            public.append(metadata_only(entry))
        else:
            public.append(entry)
    problems = list(_links_to_withheld(public, withheld))
    view = PublicCatalog(public, dict(catalog.organs), dict(catalog.topics), by_item, by_basis)
    return view, problems


def _links_to_withheld(entries: Iterable[Entry], withheld: set[str]) -> Iterable[Diagnostic]:
    """A public entry must never point at a withheld one: the link would leak its title."""
    for entry in entries:
        meta = entry.meta
        targets = [((key,), getattr(meta, key, None)) for key in REFERENCE_KEYS]
        targets += [(("related", i), ref) for i, ref in enumerate(meta.related)]
        for path, ref in targets:
            if ref and ref in withheld:
                yield problem(
                    entry, path, "link-to-withheld",
                    f"公开条目引用了不予公开的条目 {ref}",
                    "删除这个引用；若被引用的条目其实可以公开，请先修改它的公开属性并经保密审查",
                )
