"""The order of listings: every entry newest first, and grouped by facet.

Also how a ``serve`` rebuild after edits that keep every entry's place patches
the last build's order instead of sorting 100,000 entries again.
"""

from __future__ import annotations

import zlib
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from ..load.model import Entry
from ..load.schema import date_key
from ..wall.view import PublicCatalog
from .urls import FACETS


def same_number(old: Entry, new: Entry) -> bool:
    return old.meta.index_no == new.meta.index_no


def order_key(entry: Entry) -> tuple[Any, str]:
    return (date_key(entry.meta.published), entry.meta.index_no or "")  # undated (发布日期 未说明) last


def _years(entry: Entry) -> list[str]:
    """The year listing an entry is in: none for an archive entry whose 发布日期 is 未说明."""
    return [] if entry.year is None else [str(entry.year)]


def sort_newest_first(entries: Iterable[Entry]) -> list[Entry]:
    return sorted(entries, key=order_key, reverse=True)


def group_key(entry: Entry) -> tuple[Any, ...]:
    meta = entry.meta
    return (meta.published, meta.index_no, meta.kind, meta.organ, tuple(meta.topics))


def _at(entries: list[Entry], entry: Entry) -> int:
    """Where ``entry`` itself is in ``entries`` (list.index compares by value)."""
    for i, other in enumerate(entries):
        if other is entry:
            return i
    raise ValueError(entry.ref)


def substituted(entries: list[Entry], edits: list[tuple[Entry, Entry]]) -> list[Entry]:
    """A copy of ``entries`` with each edited entry in its old one's place."""
    out = list(entries)
    for old, new in edits:
        out[_at(out, old)] = new
    return out


def regrouped(last: dict[str, dict[str, list[Entry]]], edits: list[tuple[Entry, Entry]]) -> dict[str, dict[str, list[Entry]]]:
    """The last build's groups with each edited entry in its old one's place (only those lists are copied)."""
    out = {facet: dict(keyed) for facet, keyed in last.items()}
    for old, new in edits:
        meta = new.meta
        for facet, keys in (("kind", [meta.kind]), ("organ", [meta.organ]), ("year", _years(new)), ("topic", meta.topics)):
            for key in keys:
                if out[facet][key] is last[facet][key]:
                    out[facet][key] = list(last[facet][key])
                entries = out[facet][key]
                entries[_at(entries, old)] = new
    return out


def groups(public: PublicCatalog, newest_first: list[Entry] | None = None) -> dict[str, dict[str, list[Entry]]]:
    """Entries by facet and key, newest first: one sort, then each group keeps that order."""
    by: dict[str, dict[str, list[Entry]]] = {facet: defaultdict(list) for facet in FACETS}
    kinds, organs, years, topics = by["kind"], by["organ"], by["year"], by["topic"]
    for entry in newest_first if newest_first is not None else sort_newest_first(public.entries):
        meta = entry.meta
        kinds[meta.kind].append(entry)
        organs[meta.organ].append(entry)
        for year in _years(entry):
            years[year].append(entry)
        for topic in meta.topics:
            topics[topic].append(entry)
    return {facet: dict(keyed) for facet, keyed in by.items()}


PAGE_MARK, PAGE_MIN, PAGE_MAX = 40, 20, 80
"""Listing pages (``listing_slices``): about one entry in ``PAGE_MARK`` may end a page, a page ends there only
``PAGE_MIN`` or more entries after the last such entry, and a longer stretch is cut into equal pages of at most
``PAGE_MAX``: pages of 20 to 80 entries, about 50 on average."""


def page_marks(entries: Iterable[Entry]) -> set[str]:
    """The entries a listing page may end at (by ``ref``): a fixed property of the entry itself (a hash of its
    path), the same in every build. Worked out once a build for every listing (one hash an entry)."""
    crc = zlib.crc32
    return {entry.ref for entry in entries if crc(entry.ref.encode()) % PAGE_MARK == 0}


def listing_slices(newest_first: list[Entry], marks: set[str] | None = None) -> list[tuple[int, int]]:
    """A facet key's listing pages as slices of its newest-first entries, oldest page first.

    Where a page ends depends only on the entries near it (content-defined, as in rsync), not on how
    many come before or after: an entry added or deleted anywhere changes the page it is on (rarely
    one more), so a ``serve`` rebuild remakes that page and the front page, not every page after it.
    ``marks``: ``page_marks`` of (at least) these entries.
    """
    n = len(newest_first)
    marks = page_marks(newest_first) if marks is None else marks
    stretches, start, last = [], 0, -1
    for j in range(n - 1):  # oldest first; the newest entry always ends the front page
        if newest_first[n - 1 - j].ref in marks:
            if j - last >= PAGE_MIN:
                stretches.append((start, j + 1))
                start = j + 1
            last = j
    stretches.append((start, n))
    out = []
    for a, b in stretches:
        length = b - a
        parts = max(1, -(-length // PAGE_MAX))
        for k in range(parts):
            lo, hi = a + length * k // parts, a + length * (k + 1) // parts
            out.append((n - hi, n - lo))
    return out
