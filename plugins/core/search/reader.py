"""Read a written index the way gk-search.js does. No MkDocs here.

The browser is the real reader; this one does what it does — the same query
words and tokens (match.py), the same ranking, the same check of every result
against its text — so tests and the benchmark see what readers see, without a
browser. tests/test_search_semantics.py runs the shared vectors through both.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from dataclasses import dataclass

from .index import decode_postings, token_hash
from .match import Query, found, index_matches, match_text, parse_query
from .tokenize import normalize

TITLE = 4
"""Weight bit of a token in the title field (title, 文号, 主题词) or the 索引号."""


@dataclass
class Result:
    query: Query
    candidates: list[int]
    """Entries with every fetched token, in rank order."""
    exact: bool
    """The candidates are the matches (the browser says 共 N before checking)."""


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

    def candidates(self, query: str, *, kind: str | None = None, organ: str | None = None, year: int | None = None) -> Result:
        """Entries with every token the query fetches, best first (gk-search.js ``search``).

        Best first: entries of a kind whose subject the query names (预算 → 部门预算), then
        entries with every token in the title field, then the newest (the highest number).
        """
        parsed = parse_query(query, dict(self.manifest.get("common", [])))
        title: dict[int, bool] | None = None
        for token in parsed.tokens:
            hits = {doc: bool(weight & TITLE) for doc, weight in self.postings(token)}
            title = hits if title is None else {d: t and hits[d] for d, t in title.items() if d in hits}
        if title is None:
            return Result(parsed, [], True)
        keep = set(title)
        if kind:
            keep &= self.facet("kind", kind)
        if organ:
            keep &= self.facet("organ", organ)
        if year:
            ranges = [r for r in self.manifest["years"] if r[0] == year]
            keep = {d for d in keep if ranges and ranges[0][1] <= d <= ranges[0][2]}
        boosted: set[int] = set()
        kinds = [row[0] for row in self.manifest["kinds"]]
        for word, places in self.manifest.get("subjects", []):
            if any(word in w.text for w in parsed.words if not w.index_no):
                for place in places:
                    boosted |= self.facet("kind", kinds[place])
        order = sorted(keep, key=lambda d: (-(2 * (d in boosted) + title[d]), -d))
        return Result(parsed, order, parsed.exact)

    def contains(self, parsed: Query, number: int) -> bool:
        """The check gk-search.js makes before it shows an entry (match.matches, on the document file)."""
        doc = self.doc(number)
        text = match_text(normalize(doc["h"] if parsed.title_only else doc["h"] + "\n" + doc["x"]))
        return all(index_matches(w.text, doc["i"]) if w.index_no else found(w.text, text) for w in parsed.words)

    def search(self, query: str, *, kind: str | None = None, organ: str | None = None, year: int | None = None) -> list[int]:
        """Every entry the query matches, best first: the candidates, each checked against its text."""
        result = self.candidates(query, kind=kind, organ=organ, year=year)
        return [number for number in result.candidates if self.contains(result.query, number)]

    def doc(self, number: int) -> dict[str, str]:
        return json.loads(self._read(f"docs/{number // self.manifest['docsPerDir']}/{number}.bin"))
