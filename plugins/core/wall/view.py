"""What the wall hands to every later stage: the PublicCatalog, which holds nothing withheld.

Its own module so that the pages, outputs and search import a plain data type, not the wall's machinery.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .notes import Note
from ..problems.diagnostics import Diagnostic
from ..load.kind import KindSet
from ..load.model import Entry, RegistryItem


@dataclass
class PublicCatalog:
    """What the public may see. Nothing withheld is reachable from here."""

    entries: list[Entry]
    organs: dict[str, RegistryItem]
    topics: dict[str, RegistryItem]
    kinds: KindSet = field(default_factory=KindSet)
    """The kinds of this site, as the Catalog had them."""
    withheld_by_item: Counter[str] = field(default_factory=Counter)
    """Number of withheld (不予公开) entries per negative-list item id — numbers only."""
    withheld_by_basis: Counter[str] = field(default_factory=Counter)
    """Number of withheld entries per legal basis as written (e.g. 《政府信息公开条例》第十四条)."""
    withheld_by_article: Counter[str] = field(default_factory=Counter)
    """Number of withheld entries per article (第十四条, 第十五条, 第十六条)."""
    on_request_by_item: Counter[str] = field(default_factory=Counter)
    """依申请公开 entries (metadata published, body withheld) per negative-list item id."""
    redacted_by_item: Counter[str] = field(default_factory=Counter)
    """Number of values replaced with ■■■ per negative-list item id."""
    item_names: dict[str, str] = field(default_factory=dict)
    """Negative-list item id → name, for printing the counts."""
    as_issued: dict[str, list[Note]] = field(default_factory=dict)
    """Entry source → its 原文如此 notes (findings acknowledged as issued), for entries shown in full only."""
    allowlisted: list[tuple[Diagnostic, str]] = field(default_factory=list)
    """Detector hits the allowlist let through, each with the reviewer's reason: read by the
    confidentiality review report (review.py), never rendered. The value in the message is masked."""

    def lookup(self) -> dict[str, Entry]:
        table: dict[str, Entry] = {}
        for entry in self.entries:
            table[entry.ref] = entry
            if entry.index_no:
                table[entry.index_no] = entry
        return table

    @property
    def withheld_total(self) -> int:
        return sum(self.withheld_by_item.values())

