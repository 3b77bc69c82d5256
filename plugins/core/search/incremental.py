"""Rebuild the search index in the same process by changing only what changed. No MkDocs here.

``build.py serve`` rebuilds after every save, and MkDocs makes new plugin
objects each time, so the last build of each output folder is kept here, at
module level: the documents (``DocumentMemo``), the posting lists, and a digest
of every file written (``OutputFiles``). The next build

1. lines the new documents up against the old ones: the unchanged head and
   tail are the same objects, what lies between is the *window*;
2. patches each affected posting list in place — only the window's postings
   are decoded (found by scanning from the nearer end, skipping runs of
   one-byte postings at C speed), plus the one posting after it whose gap
   changes when the documents after the window were renumbered;
3. rewrites the shards of the tokens whose lists changed, the facets whose
   numbers changed, the documents of the window, and moves (renames) document
   files whose number changed; deletes files no longer produced.

The result is byte-for-byte what a fresh build writes (tests/test_search_incremental.py).
Documents are numbered oldest first, so an edit, a new entry (normally the
newest) or the removal of the newest touches only its own postings; an edit of
the publish date or the removal of an older entry renumbers the entries after
it, which costs one patched posting per token and one rename per document.
If the files on disk are not the ones this process wrote (``manifest.json``
differs), everything is written again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..render import Site
from ..wall import PublicCatalog
from .documents import DocumentMemo, SearchDoc
from .files import OutputFiles
from .index import (
    DOCS_PER_DIR, SHARD_TARGET, SearchIndex, Written, arrange, build_index, doc_bytes, doc_path, facets, finish,
    manifest_bytes, shard_bytes, shard_path, token_hash, token_weights, varint, write_all, write_facets,
)

_STEP = bytes((b >> 3) + 1 if b < 0x80 else 0 for b in range(256))
"""Document-number step of a one-byte posting (value < 0x80): one, plus its gap."""
_HIGH = re.compile(rb"[\x80-\xff]")
"""A byte of a posting that takes more than one byte (gaps of 16 or more)."""
PATCH_LIMIT = 1000
"""Up to this many new documents (and at most an eighth of all) are patched in; more is a full build."""
SPARSE = 64
"""Up to this many documents replaced in place are patched one by one, not as one window."""


def _sum(steps: bytes) -> int:
    """Sum of step values (1–16) at C speed: counting beats ``sum`` on long runs."""
    if len(steps) < 512:
        return sum(steps)
    return sum(value * steps.count(value) for value in range(1, 17))


def _cross(steps: bytes, need: int) -> tuple[int, int]:
    """(k, sum of steps[:k]) for the first k whose step takes the running sum to ``need`` or more."""
    lo, hi, base = 0, len(steps), 0
    while hi - lo > 64:
        mid = (lo + hi) // 2
        total = base + _sum(steps[lo:mid])
        if total >= need:
            hi = mid
        else:
            lo, base = mid, total
    for k in range(lo, hi):
        if base + steps[k] >= need:
            return k, base
        base += steps[k]
    raise AssertionError("the run does not reach the target")


def _varint_at(data: bytearray, pos: int) -> tuple[int, int]:
    """(value, end) of the varint starting at ``pos``."""
    value = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, pos
        shift += 7


def locate(data: bytearray, last: int, target: int) -> tuple[int, int]:
    """(offset of the first posting numbered >= target, number of the posting before it or -1).

    Scans from the nearer end. Runs of one-byte postings (most of a long list)
    are summed with bytes methods; only longer postings are decoded in Python.
    """
    if target > last:
        return len(data), last
    if target * 2 > last:
        return _locate_back(data, last, target)
    size, pos, doc = len(data), 0, -1
    while pos < size:
        match = _HIGH.search(data, pos)
        run_end = match.start() if match else size
        if run_end > pos:
            steps = data[pos:run_end].translate(_STEP)
            total = _sum(steps)
            if doc + total >= target:
                k, before = _cross(steps, target - doc)
                return pos + k, doc + before
            pos, doc = run_end, doc + total
            if pos == size:
                break
        value, end = _varint_at(data, pos)
        number = doc + (value >> 3) + 1
        if number >= target:
            return pos, doc
        pos, doc = end, number
    return size, doc


def _last_high(data: bytearray, pos: int) -> int:
    """Offset of the last byte >= 0x80 before ``pos``, or -1."""
    end, span = pos, 256
    while end > 0:
        start = max(0, end - span)
        chunk = data[start:end]
        if not chunk.isascii():
            return end - 1 - _HIGH.search(chunk[::-1]).start()  # type: ignore[union-attr]
        end, span = start, span * 4
    return -1


def _locate_back(data: bytearray, last: int, target: int) -> tuple[int, int]:
    pos, doc = len(data), last  # doc: number of the posting that ends at pos
    while pos > 0 and doc >= target:
        high = _last_high(data, pos)
        run_start = high + 2 if high >= 0 else 0  # high + 1 ends a longer posting
        if run_start < pos:
            steps = data[run_start:pos].translate(_STEP)
            base = doc - _sum(steps)
            if base < target:
                k, before = _cross(steps, target - base)
                return run_start + k, base + before
            pos, doc = run_start, base
            if pos == 0:
                break
        start = pos - 1
        while start > 0 and data[start - 1] >= 0x80:
            start -= 1
        value, _ = _varint_at(data, start)
        pos, doc = start, doc - (value >> 3) - 1
    return pos, doc


def read_postings(data: bytearray, pos: int, doc: int, below: int) -> tuple[list[tuple[int, int]], int, tuple[int, int] | None, int]:
    """Postings from ``pos`` numbered below ``below``; where they end; the next posting and where it ends."""
    size = len(data)
    out: list[tuple[int, int]] = []
    while pos < size:
        start = pos
        value = shift = 0
        while True:
            byte = data[pos]
            pos += 1
            value |= (byte & 0x7F) << shift
            if byte < 0x80:
                break
            shift += 7
        doc += (value >> 3) + 1
        if doc >= below:
            return out, start, (doc, value & 7), pos
        out.append((doc, value & 7))
    return out, size, None, size


def encode(postings: list[tuple[int, int]], previous: int) -> bytearray:
    out = bytearray()
    for doc, weight in postings:
        value = ((doc - previous - 1) << 3) | weight
        if value < 0x80:
            out.append(value)
        else:
            out += varint(value)
        previous = doc
    return out


@dataclass
class Change:
    """How the new document list differs from the old one.

    Old numbers ``[lo, old_hi)`` became new numbers ``[lo, new_hi)``; before the
    window nothing changed, after it every document moved by ``shift``.
    """

    lo: int
    old_hi: int
    new_hi: int
    moved: dict[int, int]
    """Old number → new number of the window's documents that are unchanged but renumbered."""
    added: dict[int, dict[str, int]]
    """New number → token weights of the window's new or changed documents."""

    @property
    def shift(self) -> int:
        return self.new_hi - self.old_hi


def compare(old: list[SearchDoc], new: list[SearchDoc]) -> list[Change] | None:
    """The windows of change; None when they are so large that a full build is quicker.

    One window from the first to the last difference; or, when a few documents
    were replaced in place (edits that keep the publish date), one per document.
    """
    lo, limit = 0, min(len(old), len(new))
    while lo < limit and old[lo] is new[lo]:
        lo += 1
    tail = 0
    while tail < limit - lo and old[len(old) - 1 - tail] is new[len(new) - 1 - tail]:
        tail += 1
    old_hi, new_hi = len(old) - tail, len(new) - tail
    if old_hi == new_hi:
        differ = [number for number in range(lo, new_hi) if old[number] is not new[number]]
        replaced = {id(old[number]) for number in differ}
        if len(differ) <= SPARSE and not any(id(new[number]) in replaced for number in differ):
            return [Change(number, number + 1, number + 1, {}, {number: token_weights(new[number])}) for number in differ]
    limit = max(PATCH_LIMIT, len(new) // 8)
    place = {id(doc): number for number, doc in enumerate(old[lo:old_hi], lo)}
    moved: dict[int, int] = {}
    fresh: list[int] = []
    for number in range(lo, new_hi):
        was = place.get(id(new[number]))
        if was is not None and old[was] is new[number]:
            moved[was] = number
        else:
            fresh.append(number)
    if len(fresh) > limit:
        return None
    return [Change(lo, old_hi, new_hi, moved, {number: token_weights(new[number]) for number in fresh})]


def same_facets(changes: list[Change], old: list[SearchDoc], new: list[SearchDoc]) -> bool:
    """True when no document changed number, kind or organ: the facet files stay as they are."""
    for change in changes:
        if change.moved or change.old_hi != change.new_hi:
            return False
        for number in change.added:
            before, after = old[number], new[number]
            if (before.kind, before.organ, before.organ_name) != (after.kind, after.organ, after.organ_name):
                return False
    return True


class IndexState:
    """One output folder's last build, patched in place by the next one."""

    def __init__(self, index: SearchIndex, written: Written, shard_target: int):
        self.index = index
        self.files = written.files
        self.facet_numbers = written.facet_numbers
        self.manifest_facets = written.manifest_facets
        self.manifest = written.manifest
        self.shard_target = shard_target
        self.hashes = {token: token_hash(token) for token in index.postings}
        self.members = self._members()

    def _members(self) -> list[set[str]]:
        mask = self.index.shard_count - 1
        common = set(self.index.common)
        members: list[set[str]] = [set() for _ in range(self.index.shard_count)]
        for token, value in self.hashes.items():
            if token not in common:
                members[value & mask].add(token)
        return members

    def on_disk(self) -> bool:
        """True when the folder still holds what this state wrote (no one cleaned or changed it)."""
        path = self.files.out / "manifest.json"
        return path.exists() and path.read_bytes() == self.manifest

    # --- posting lists ---------------------------------------------------------

    def _affected(self, change: Change, old: list[SearchDoc]) -> set[str] | None:
        """Tokens whose lists may change; None for every token with a posting at or after the window.

        A document replaced in place changes only the tokens whose weight differs.
        """
        if change.shift or change.old_hi - change.lo > 64:
            return None
        tokens: set[str] = set()
        in_place = not change.moved and change.old_hi == change.new_hi
        for number in range(change.lo, change.old_hi):
            before = token_weights(old[number])
            after = change.added.get(number) if in_place else None
            if after is None:
                tokens.update(before)
            else:
                tokens.update(t for t, w in before.items() if after.get(t) != w)
                tokens.update(t for t in after if t not in before)
        if not in_place:
            for weights in change.added.values():
                tokens.update(weights)
        return tokens

    def _patch(self, token: str, change: Change, adding: list[tuple[int, int]]) -> bool:
        """Make one token's list right for the new numbering; True when its bytes changed."""
        index = self.index
        data = index.postings.get(token)
        if data is None:
            data = index.postings[token] = bytearray()
            last = -1
        else:
            last = index.last[token]
        start, previous = locate(data, last, change.lo)
        window, _, after, end = read_postings(data, start, previous, change.old_hi)
        new = [(change.moved[doc], weight) for doc, weight in window if doc in change.moved]
        if adding:
            new = sorted(new + adding)
        tail = [] if after is None else [(after[0] + change.shift, after[1])]
        patch = encode(new + tail, previous)
        if patch == data[start:end]:
            return False
        data[start:end] = patch
        count = len(new) - len(window)
        if count:
            index.df[token] += count
        if last >= change.old_hi:
            index.last[token] = last + change.shift
        elif new:
            index.last[token] = new[-1][0]
        elif previous >= 0:
            index.last[token] = previous
        else:
            del index.postings[token], index.last[token], index.df[token]
        return True

    def _postings(self, change: Change, old: list[SearchDoc]) -> set[str]:
        """Patch every list one window affects; the tokens whose bytes changed."""
        adding: dict[str, list[tuple[int, int]]] = {}
        for number, weights in change.added.items():
            for token, weight in weights.items():
                adding.setdefault(token, []).append((number, weight))
        affected = self._affected(change, old)
        if affected is None:
            last = self.index.last
            affected = {token for token, end in last.items() if end >= change.lo}
            affected.update(adding)
        return {token for token in affected if self._patch(token, change, adding.get(token, []))}

    # --- files -----------------------------------------------------------------

    def _documents(self, changes: list[Change], old_count: int, new: list[SearchDoc]) -> None:
        """Move renumbered document files, write new ones, delete the left-over ones."""
        files = self.files
        moves: dict[int, int] = {}
        for change in changes:
            moves.update(change.moved)
            if change.shift:
                moves.update((number, number + change.shift) for number in range(change.old_hi, old_count))
        # Moves down in rising order, then moves up in falling order: the numbering is
        # monotonic, so a file is never moved onto one that has yet to move.
        down = sorted(n for n, m in moves.items() if m < n)
        up = sorted((n for n, m in moves.items() if m > n), reverse=True)
        for number in down + up:
            target = moves[number]
            files.folder(f"docs/{target // DOCS_PER_DIR}")
            files.move(doc_path(number), doc_path(target))
        for change in changes:
            for number in sorted(change.added):
                files.folder(f"docs/{number // DOCS_PER_DIR}")
                files.put(doc_path(number), doc_bytes(new[number]), "docs")
        for number in range(len(new), old_count):
            files.remove(doc_path(number))
        for folder in range(-(-len(new) // DOCS_PER_DIR), -(-old_count // DOCS_PER_DIR)):
            files.remove_folder_if_empty(f"docs/{folder}")

    def _shards(self, changed: set[str], old_common: list[str], old_bits: int) -> None:
        index, files = self.index, self.files
        for token in changed:
            if token not in self.hashes and token in index.postings:
                self.hashes[token] = token_hash(token)
            elif token in self.hashes and token not in index.postings:
                del self.hashes[token]
        common = set(index.common)
        if index.shard_bits != old_bits:
            self.members = self._members()
            kept = {shard_path(number, index.shard_bits) for number in range(index.shard_count)}
            for number in range(1 << old_bits):
                if shard_path(number, old_bits) not in kept:
                    files.remove(shard_path(number, old_bits))
            dirty = set(range(index.shard_count))
        else:
            mask = index.shard_count - 1
            dirty = set()
            for token in changed | common.symmetric_difference(old_common):
                number = token_hash(token) & mask
                members = self.members[number]
                if token in index.postings and token not in common:
                    members.add(token)
                else:
                    members.discard(token)
                dirty.add(number)
        files.put_many(
            (shard_path(number, index.shard_bits), shard_bytes(index, sorted(self.members[number])), "shard")
            for number in sorted(dirty)
        )
        files.put_many(
            (f"common/{number}.bin", shard_bytes(index, [token]), "common")
            for number, token in enumerate(index.common)
            if number >= len(old_common) or old_common[number] != token or token in changed
        )
        for number in range(len(index.common), len(old_common)):
            files.remove(f"common/{number}.bin")

    def update(self, new: list[SearchDoc], public: PublicCatalog | None) -> dict[str, int] | None:
        """Bring the index and its files to ``new`` (documents in number order); None if a full build is due."""
        index = self.index
        old = index.docs
        changes = compare(old, new)
        if changes is None:
            return None
        self.files.written = self.files.deleted = self.files.moved = 0
        old_common, old_bits = index.common, index.shard_bits
        changed: set[str] = set()
        for change in changes:
            changed |= self._postings(change, old)
        index.docs = new
        arrange(index, self.shard_target)
        self._shards(changed, old_common, old_bits)
        self._documents(changes, len(old), new)
        if not same_facets(changes, old, new):
            self.manifest_facets, self.facet_numbers = write_facets(self.files, facets(new, public), self.facet_numbers)
        self.manifest = manifest_bytes(index, self.files, self.manifest_facets)
        return finish(self.files, self.manifest)


@dataclass
class Builder:
    """What is kept for one output folder between builds."""

    memo: DocumentMemo
    state: IndexState | None = None


_BUILDERS: dict[str, Builder] = {}
"""Output folder → its last build; MkDocs makes new plugin objects on every serve rebuild."""


def build_search(public: PublicCatalog, site: Site, out: Path, *, shard_target: int = SHARD_TARGET) -> tuple[SearchIndex, dict[str, int]]:
    """The whole step: public view → documents → index → files; incremental after the first build."""
    key = str(Path(out).resolve())
    builder = _BUILDERS.setdefault(key, Builder(DocumentMemo()))
    docs = builder.memo.documents(public, site)
    state = builder.state
    builder.state = None  # a build that fails half-way leaves nothing to trust
    stats = None
    if state is not None and state.shard_target == shard_target and state.on_disk():
        stats = state.update(docs, public)
    if stats is None:
        index = build_index(docs, shard_target=shard_target)
        written = write_all(index, Path(out), public)
        state, stats = IndexState(index, written, shard_target), written.stats
    builder.state = state
    stats["documents_made"] = builder.memo.made
    return state.index, stats


def forget(out: Path | None = None) -> None:
    """Drop what is kept for one folder (or all), e.g. in tests."""
    if out is None:
        _BUILDERS.clear()
    else:
        _BUILDERS.pop(str(Path(out).resolve()), None)
