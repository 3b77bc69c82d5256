"""Read a written index the way gk-search.js does. No MkDocs here.

The browser is the real reader; this one lets tests and the benchmark check the
files themselves (which tokens land in which shard, what a query must fetch,
that every planted word is found) without a browser.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from .index import decode_postings, token_hash
from .tokenize import query_tokens

SCORE = [0, 1, 2, 3, 10, 11, 12, 13]
"""Score of a posting weight (gk-search.js SCORE): a title-field hit outranks any body hit."""


class IndexReader:
    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.manifest = json.loads((self.folder / "manifest.json").read_text(encoding="utf-8"))
        self.fetched: dict[str, int] = {"manifest.json": len(gzip.compress((self.folder / "manifest.json").read_bytes(), 9, mtime=0))}
        """Files read so far → bytes a browser downloads for them (gzip)."""

    def _read(self, path: str) -> bytes:
        data = (self.folder / path).read_bytes()
        self.fetched[path] = len(data)
        return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data

    def shard_path(self, token: str) -> str:
        common = [row[0] for row in self.manifest.get("common", [])]
        if token in common:
            return f"common/{common.index(token)}.bin"
        number = token_hash(token) & ((1 << self.manifest["shardBits"]) - 1)
        return f"shards/{number:0{self.manifest['shardWidth']}x}.bin"

    def shard(self, path: str) -> dict[str, bytes]:
        data = self._read(path)
        pos = 0

        def uvarint() -> int:
            nonlocal pos
            value = shift = 0
            while True:
                byte = data[pos]
                pos += 1
                value |= (byte & 0x7F) << shift
                shift += 7
                if not byte & 0x80:
                    return value

        heads = []
        for _ in range(uvarint()):
            size = uvarint()
            token = data[pos : pos + size].decode("utf-8")
            pos += size
            uvarint()  # document frequency
            heads.append((token, uvarint()))
        out = {}
        for token, size in heads:
            out[token] = data[pos : pos + size]
            pos += size
        return out

    def postings(self, token: str) -> list[tuple[int, int]]:
        return decode_postings(self.shard(self.shard_path(token)).get(token, b""))

    def facet(self, facet: str, key: str) -> set[int]:
        """Document numbers of one kind or organ (a varint count, then gaps)."""
        keys = [row[0] for row in self.manifest[f"{facet}s"]]
        values: list[int] = []
        value = shift = 0
        for byte in self._read(f"facets/{facet}-{keys.index(key)}.bin"):
            value |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                values.append(value)
                value = shift = 0
        numbers, doc = set(), -1
        for gap in values[1:]:
            doc += gap + 1
            numbers.add(doc)
        return numbers

    def search(self, query: str, *, kind: str | None = None, organ: str | None = None, year: int | None = None) -> list[int]:
        """Document numbers containing every query token, best first (title, body, newest = highest number)."""
        tokens, _title_only = query_tokens(query, dict(self.manifest.get("common", [])))
        scores: dict[int, int] | None = None
        for token in tokens:
            hits = {doc: SCORE[weight] for doc, weight in self.postings(token)}
            scores = hits if scores is None else {d: s + hits[d] for d, s in scores.items() if d in hits}
        if scores is None:
            return []
        keep = set(scores)
        if kind:
            keep &= self.facet("kind", kind)
        if organ:
            keep &= self.facet("organ", organ)
        if year:
            ranges = [r for r in self.manifest["years"] if r[0] == year]
            keep = {d for d in keep if ranges and ranges[0][1] <= d <= ranges[0][2]}
        return sorted(keep, key=lambda d: (-scores[d], -d))

    def doc(self, number: int) -> dict[str, str]:
        return json.loads(self._read(f"docs/{number // self.manifest['docsPerDir']}/{number}.bin"))
