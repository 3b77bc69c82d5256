"""Where listing pages end (``order.listing_slices``): pages of 20 to 80 entries (the front 20 to 99), and an entry added or deleted
anywhere changes only the page it is on, so the other pages keep their number and their bytes."""

from __future__ import annotations

import random
from types import SimpleNamespace
from typing import Any

from plugins.core.pages.order import PAGE_MAX, PAGE_MIN, listing_slices


def _entries(n: int, prefix: str = "policy/2024/p") -> list[Any]:
    return [SimpleNamespace(ref=f"{prefix}{i:05d}") for i in range(n, 0, -1)]  # newest first


def _pages(entries: list[Any]) -> list[tuple[str, ...]]:
    return [tuple(e.ref for e in entries[a:b]) for a, b in listing_slices(entries)]


def test_pages_cover_every_entry_once_oldest_page_first_within_bounds() -> None:
    entries = _entries(5000)
    slices = listing_slices(entries)
    assert slices[-1][0] == 0 and slices[0][1] == len(entries)  # the last slice is the front: the newest entries
    assert all(b == a2 for (a2, _), (_, b) in zip(slices, slices[1:]))  # contiguous, no entry twice
    sizes = [b - a for a, b in slices]
    assert all(size <= PAGE_MAX for size in sizes[:-1]) and all(size >= PAGE_MIN for size in sizes)
    assert sizes[-1] < PAGE_MAX + PAGE_MIN  # the front holds the page before it while it would hold fewer than PAGE_MIN
    assert 40 <= len(entries) / len(sizes) <= 60
    assert listing_slices([]) == [(0, 0)] and listing_slices(entries[:1]) == [(0, 1)]


def test_an_entry_added_or_deleted_anywhere_changes_few_pages_and_keeps_the_numbers() -> None:
    rng = random.Random(18)
    entries = _entries(3000)
    before = _pages(entries)
    moved = renumbered = 0
    for t in range(300):
        at = rng.randrange(len(entries) + 1)
        for after in (entries[:at] + [SimpleNamespace(ref=f"notice/2025/new-{t}")] + entries[at:], entries[:at] + entries[at + 1 :]):
            pages = _pages(after)
            changed = set(pages) - set(before)
            assert len(changed) <= 4, (at, len(changed))
            moved += len(changed)
            renumbered += len(pages) != len(before)
    assert moved / 600 < 2  # about one page each time
    assert renumbered / 600 < 0.1  # a page more or fewer (the others' numbers move) only now and then


def test_the_front_page_never_holds_only_a_few_entries() -> None:
    """Adding one entry after another at the newest end: the front page always shows at least PAGE_MIN entries,
    and an older page, once it is one, keeps its entries while entries are added."""
    entries = _entries(400)
    seen: dict[int, tuple[str, ...]] = {}
    for n in range(PAGE_MIN, len(entries) + 1):
        pages = _pages(entries[-n:])  # the oldest n, newest first
        assert PAGE_MIN <= len(pages[-1]) < PAGE_MAX + PAGE_MIN, (n, len(pages[-1]))
        for number, page in enumerate(pages[:-1], 1):
            assert seen.setdefault(number, page) == page, (n, number)
    assert len(seen) >= 4
