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
``PAGE_MIN`` or more entries after the last such entry; a stretch longer than ``PAGE_MAX`` is cut the same way at
another one entry in ``PAGE_MARK``, and what is still too long into pages of half that from its oldest end. Pages
hold 20 to 80 entries, about 45 on average; the front page (the newest) 20 to 99."""


def page_marks(entries: Iterable[Entry]) -> dict[str, int]:
    """The entries a listing page may end at (by ``ref``), with their level (0: first choice, 1: within a long
    stretch): a fixed property of the entry itself (a hash of its path), the same in every build. Worked out once
    a build for every listing (one hash an entry)."""
    crc = zlib.crc32
    marks = {}
    for entry in entries:
        level = crc(entry.ref.encode()) % PAGE_MARK
        if level < 2:
            marks[entry.ref] = level
    return marks


def _cut(newest_first: list[Entry], marks: dict[str, int], level: int, a: int, b: int) -> list[tuple[int, int]]:
    """Stretches of oldest-first positions ``a``..``b`` ending at this level's marks ``PAGE_MIN`` or more after the
    last one; the newest entry (position ``b - 1``) ends the last stretch."""
    n = len(newest_first)
    stretches, start, last = [], a, a - 1
    for j in range(a, b - 1):
        if marks.get(newest_first[n - 1 - j].ref) == level:
            if j - last >= PAGE_MIN:
                stretches.append((start, j + 1))
                start = j + 1
            last = j
    stretches.append((start, b))
    return stretches


def listing_slices(newest_first: list[Entry], marks: dict[str, int] | None = None) -> list[tuple[int, int]]:
    """A facet key's listing pages as slices of its newest-first entries, oldest page first.

    Where a page ends depends only on the entries near it (content-defined, as in rsync), not on how
    many come before or after: an entry added or deleted anywhere changes the page it is on (rarely
    one more), and entries added at the newest end change only the front page (and make a page now and
    then), so a ``serve`` rebuild remakes that page and the front page, not every page after it.
    ``marks``: ``page_marks`` of (at least) these entries.
    """
    n = len(newest_first)
    marks = page_marks(newest_first) if marks is None else marks
    out = []
    for a, b in _cut(newest_first, marks, 0, 0, n):
        parts = _cut(newest_first, marks, 1, a, b) if b - a > PAGE_MAX else [(a, b)]
        if b < n and len(parts) > 1 and parts[-1][1] - parts[-1][0] < PAGE_MIN:  # (the front is seen to below)
            parts[-2:] = [(parts[-2][0], b)]
        for a, b in parts:
            while b - a > PAGE_MAX:  # still long: pages of half the most from its oldest end, as it grows at its newest
                out.append((n - a - PAGE_MAX // 2, n - a))
                a += PAGE_MAX // 2
            out.append((n - b, n - a))
    if len(out) > 1 and out[-1][1] - out[-1][0] < PAGE_MIN:
        # the newest entries since the last cut are too few for a front page: it holds the page before too,
        # until enough have come (then that page comes back, as it was)
        out[-2:] = [(out[-1][0], out[-2][1])]
    return out
