"""Rebuild the search index in the same process by changing only what changed. No MkDocs here.

``build.py serve`` rebuilds after every save; the last build of the output
folder is kept in a ``Builder`` on the serve state (serve/state.py): the
documents (``DocumentMemo``), the posting lists, and a digest of every file
written (``OutputFiles``, through the one writer serve/outputs.py). The next build

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
import zlib
from dataclasses import dataclass
from pathlib import Path

from ..pages.site import Site
from ..wall.view import PublicCatalog
from .documents import DocumentMemo, SearchDoc
from .index import (
    DOCS_PER_DIR, SHARD_TARGET, SearchIndex, Written, arrange, build_index, doc_bytes, doc_path, facets, finish,
    manifest_bytes, shard_bytes, shard_path, token_hash, token_weights, varint, write_all, write_facets,
)

_STEP = bytes((b >> 3) + 1 if b < 0x80 else 0 for b in range(256))
"""Document-number step of a one-byte posting (value < 0x80): one, plus its gap."""
_HIGH_MASK = bytes(0xFF if b >= 0x80 else 0 for b in range(256))
_LOW7 = bytes(b & 0x7F for b in range(256))
_ONE_BYTE = bytes(range(0x80))
_FIRST = bytes((b & 0x7F) >> 3 for b in range(256))
_LOW = re.compile(rb"[\x00-\x7f]")
"""The last byte of a posting."""
LINEAR = 48
"""Below this many bytes a list is decoded posting by posting."""
PATCH_LIMIT = 1000
"""Up to this many new documents (and at most an eighth of all) are patched in; more is a full build."""
SPARSE = 64
"""Up to this many documents replaced in place are patched one by one, not as one window."""


def _sum(values: bytes, largest: int) -> int:
    """Sum of byte values, none above ``largest``, at C speed.

    Adler-32's low half is 1 + the byte sum modulo 65,521: exact for pieces
    whose sum cannot reach that (zlib's checksum is much faster than ``sum``).
    """
    piece = 65520 // max(largest, 1)
    view = memoryview(values)
    return sum((zlib.adler32(view[start : start + piece]) & 0xFFFF) - 1 for start in range(0, len(values), piece))


def steps(chunk: bytes) -> int:
    """How far the document number moves over whole postings: Σ (value >> 3) + 1.

    A posting's value is Σ (byte & 0x7F) << 7i over its bytes, so value >> 3 is
    the first byte's bits 3–6 plus the later bytes shifted by 7i − 3. Which
    place i each byte has follows from the bytes before it (a byte >= 0x80 says
    "more follows"); masks over the chunk read as one big integer sort the bytes
    by place, and the sums are taken with bytes methods — no Python loop per posting.
    """
    size = len(chunk)
    if chunk.isascii():  # one byte per posting, the common case in long lists
        return size + _sum(chunk.translate(_FIRST), 15)
    value = int.from_bytes(chunk, "big")
    high = int.from_bytes(chunk.translate(_HIGH_MASK), "big")
    full = (1 << (8 * size)) - 1
    run = high >> 8  # bytes right after a byte >= 0x80: place 1 or more
    total = _sum((value & (full ^ run)).to_bytes(size, "big").translate(_FIRST), 15)
    place, shift = 1, 4
    while run:
        longer = run & (high >> (8 * (place + 1)))  # place > this one
        total += _sum((value & (run ^ longer)).to_bytes(size, "big").translate(_LOW7), 127) << shift
        run, place, shift = longer, place + 1, shift + 7
    return total + size - len(chunk.translate(None, _ONE_BYTE))  # + 1 per posting: per byte < 0x80


def locate(data: bytearray, last: int, target: int) -> tuple[int, int]:
    """(offset of the first posting numbered >= target, number of the posting before it or -1).

    Long lists are bisected by byte offset (snapped to a posting's end) with
    ``steps`` summing the postings in between; the last few hundred bytes are decoded.
    """
    if target > last:
        return len(data), last
    lo, lo_doc, hi = 0, -1, len(data)  # the answer starts in [lo, hi); lo_doc < target
    while hi - lo > LINEAR:
        mid = _LOW.search(data, (lo + hi) // 2).end()  # type: ignore[union-attr]
        if mid >= hi:
            break
        doc = lo_doc + steps(bytes(data[lo:mid]))
        if doc < target:
            lo, lo_doc = mid, doc
        else:
            hi = mid
    pos, doc = lo, lo_doc
    while pos < hi:
        value, end = _varint_at(data, pos)
        number = doc + (value >> 3) + 1
        if number >= target:
            return pos, doc
        pos, doc = end, number
    return hi, doc


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


def read_postings(data: bytearray, pos: int, doc: int, below: int) -> tuple[list[tuple[int, int]], int, tuple[int, int] | None, int]:
    """Postings from ``pos`` numbered below ``below``; where they end; the next posting and where it ends."""
    size = len(data)
    out: list[tuple[int, int]] = []
    while pos < size:
        start = pos
        value, pos = _varint_at(data, pos)
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
    place = {id(doc): number for number, doc in enumerate(old[lo:old_hi], lo)}  # old documents are alive: ids are theirs
    moved: dict[int, int] = {}
    fresh: list[int] = []
    for number in range(lo, new_hi):
        was = place.get(id(new[number]))
        if was is not None:
            moved[was] = number
        else:
            fresh.append(number)
    if len(fresh) > max(PATCH_LIMIT, len(new) // 8):
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
        self.files.written = self.files.deleted = self.files.renamed = 0
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

    @classmethod
    def fresh(cls) -> Builder:
        return cls(DocumentMemo())


def build_search(public: PublicCatalog, site: Site, out: Path, *, shard_target: int = SHARD_TARGET, builder: Builder | None = None) -> tuple[SearchIndex, dict[str, int]]:
    """The whole step: public view → documents → index → files.

    ``builder`` (``serve``: kept on the ServeState for this folder): what the last build left, so this
    one is incremental; None: a build from nothing.
    """
    builder = builder if builder is not None else Builder.fresh()
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
    assert state is not None
    builder.state = state
    stats["documents_made"] = builder.memo.made
    return state.index, stats
