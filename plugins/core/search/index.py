"""Invert search documents into a split index and write it as small static files.

Layout under ``search/`` (every .bin file is gzip-compressed ahead of time, so a
browser downloads the same bytes whatever the web server does):

- ``manifest.json`` — document count, shard count, facet names and counts, the
  year → document-number ranges, and the traditional→simplified table.
- ``shards/<hex>.bin`` — the postings of every token whose hash falls in the
  shard; a query fetches one shard per token, never the whole index.
- ``common/<i>.bin`` — a token found in a fifth or more of the entries, alone
  (``manifest.common[i]``), so a shard never carries several long lists.
- ``docs/<n // 1000>/<n>.bin`` — one JSON document per entry (URL, title,
  索引号, 发布日期, 发布机构, text for the excerpt); fetched for shown results only.
- ``facets/kind-<i>.bin``, ``facets/organ-<i>.bin`` — the documents of one
  kind or organ; fetched only when a reader filters by it. Years need no file:
  documents are numbered newest first, so a year is a range of numbers.

A posting list is a varint stream of ``(gap - 1) << 3 | weight`` per document,
in document order. ``weight`` bit 2: the token is in the title field (title,
文号, 索引号, 主题词); bits 0–1: how often it is in the body (0, 1, 2–3, 4+).
No MkDocs here.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..render import Site
from ..schema import KINDS
from ..wall import PublicCatalog
from .documents import SearchDoc, documents
from .tokenize import normalize, t2s_table, tokens

FORMAT = 1
DOCS_PER_DIR = 1000
SHARD_TARGET = 16 * 1024
"""Average raw bytes per shard; the shard count is the power of two that meets it."""
OUTPUT_DIRS = ("shards", "common", "docs", "facets")
COMMON_SHARE = 5
"""A token in at least 1/5 of the entries is common: its own file, and queries prefer rarer pairs."""
COMMON_MIN = 50
COMMON_MAX = 2000


def token_hash(token: str) -> int:
    """FNV-1a over code points with a murmur3 finaliser; gk-search.js computes the same."""
    h = 0x811C9DC5
    for char in token:
        h = ((h ^ ord(char)) * 0x01000193) & 0xFFFFFFFF
    h ^= h >> 16
    h = (h * 0x85EBCA6B) & 0xFFFFFFFF
    h ^= h >> 13
    h = (h * 0xC2B2AE35) & 0xFFFFFFFF
    return h ^ (h >> 16)


def varint(value: int) -> bytes:
    out = bytearray()
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def decode_postings(data: bytes) -> list[tuple[int, int]]:
    """(document number, weight) pairs of one posting list (the browser does the same)."""
    out: list[tuple[int, int]] = []
    doc, value, shift = -1, 0, 0
    for byte in data:
        value |= (byte & 0x7F) << shift
        if byte & 0x80:
            shift += 7
            continue
        doc += (value >> 3) + 1
        out.append((doc, value & 7))
        value, shift = 0, 0
    return out


def _weight(count: int) -> int:
    """Weight bits of a token from its body count plus 1 << 24 when it is in the title field."""
    title, body = divmod(count, 1 << 24)
    return (4 if title else 0) | (0 if body == 0 else 1 if body == 1 else 2 if body < 4 else 3)


_WEIGHT = [_weight(c) for c in range(4)]
_CONTINUATION = bytes(range(0x80))


def _count(plist: bytearray) -> int:
    """Postings in a varint stream: one byte below 0x80 ends each value."""
    return len(plist) - len(plist.translate(None, _CONTINUATION))


@dataclass
class SearchIndex:
    """The inverted index of the public view, ready to be written out."""

    docs: list[SearchDoc]
    postings: dict[str, bytearray]
    df: Counter[str]
    common: list[str] = field(default_factory=list)
    """Tokens with a file of their own, most common first (their number is their place here)."""
    shard_bits: int = 0
    stats: dict[str, int] = field(default_factory=dict)

    @property
    def shard_count(self) -> int:
        return 1 << self.shard_bits

    def shard_of(self, token: str) -> int:
        return token_hash(token) & (self.shard_count - 1)

    def lookup(self, token: str) -> list[tuple[int, int]]:
        """Postings of one token, for tests and tools."""
        return decode_postings(bytes(self.postings.get(token, b"")))


def build_index(docs: list[SearchDoc], *, shard_target: int = SHARD_TARGET) -> SearchIndex:
    """Tokenise every document once and append it to each token's posting list.

    Documents are taken in order, so each list grows in document order and is
    delta-encoded as it grows: memory stays near the final index size.
    """
    records: dict[str, list] = {}  # token -> [last document number, postings]
    title_flag = 1 << 24
    for number, doc in enumerate(docs):
        body = Counter(tokens(normalize(doc.text)))
        for token in set(tokens(normalize(doc.heading), unigrams=True)):
            body[token] += title_flag
        for token, count in body.items():
            weight = _WEIGHT[count] if count < 4 else _weight(count)
            record = records.get(token)
            if record is None:
                records[token] = [number, bytearray(varint((number << 3) | weight))]
                continue
            value = ((number - record[0] - 1) << 3) | weight
            record[0] = number
            if value < 0x80:
                record[1].append(value)
            else:
                record[1] += varint(value)
    postings = {token: record[1] for token, record in records.items()}
    df = Counter({token: _count(plist) for token, plist in postings.items()})
    common = common_tokens(df, len(docs))
    total = sum(map(len, postings.values()))
    hashed = total - sum(len(postings[t]) for t in common)
    bits = 0
    while (hashed >> bits) > shard_target:
        bits += 1
    return SearchIndex(docs, postings, df, common, bits, {"postings_bytes": total, "tokens": len(postings), "common": len(common)})


def common_tokens(df: Counter[str], count: int) -> list[str]:
    """Tokens in many entries, most common first."""
    floor = max(COMMON_MIN, count // COMMON_SHARE)
    ranked = sorted((token for token, n in df.items() if n >= floor), key=lambda t: (-df[t], t))
    return ranked[:COMMON_MAX]


def _gz(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=9, mtime=0)


def shard_bytes(index: SearchIndex, tokens_: list[str]) -> bytes:
    """A varint token directory (token, entries, length), then the posting lists."""
    head = bytearray(varint(len(tokens_)))
    for token in tokens_:
        raw = token.encode("utf-8")
        head += varint(len(raw)) + raw + varint(index.df[token]) + varint(len(index.postings[token]))
    return bytes(head) + b"".join(index.postings[t] for t in tokens_)


def shard_files(index: SearchIndex) -> Iterator[tuple[int, bytes]]:
    """(shard number, raw bytes) for every hash shard; common tokens are left to their own files."""
    shards: list[list[str]] = [[] for _ in range(index.shard_count)]
    common = set(index.common)
    for token in index.postings:
        if token not in common:
            shards[index.shard_of(token)].append(token)
    for number, tokens_ in enumerate(shards):
        yield number, shard_bytes(index, sorted(tokens_))


def doc_record(doc: SearchDoc) -> dict[str, str]:
    """What a result shows, and the text its excerpt and highlighting come from."""
    return {
        "u": doc.url, "t": doc.title, "i": doc.index_no, "d": doc.published,
        "o": doc.organ_name, "k": KINDS[doc.kind], "n": doc.doc_no,
        "h": doc.heading, "x": doc.text,
    }


def id_list(numbers: Iterable[int]) -> bytes:
    out = bytearray()
    previous = -1
    count = 0
    for number in numbers:
        out += varint(number - previous - 1)
        previous = number
        count += 1
    return varint(count) + bytes(out)


def facets(docs: list[SearchDoc], public: PublicCatalog | None) -> dict[str, list[tuple[str, str, list[int]]]]:
    """Kind and organ → document numbers; years → (first, last) ranges."""
    by_kind: dict[str, list[int]] = {}
    by_organ: dict[str, list[int]] = {}
    organ_names: dict[str, str] = {}
    for number, doc in enumerate(docs):
        by_kind.setdefault(doc.kind, []).append(number)
        by_organ.setdefault(doc.organ, []).append(number)
        organ_names[doc.organ] = doc.organ_name
    organ_order = list(public.organs) if public else sorted(by_organ)
    organ_order += sorted(set(by_organ) - set(organ_order))
    return {
        "kind": [(k, KINDS[k], by_kind[k]) for k in KINDS if k in by_kind],
        "organ": [(o, organ_names[o], by_organ[o]) for o in organ_order if o in by_organ],
    }


def year_ranges(docs: list[SearchDoc]) -> list[list[int]]:
    ranges: list[list[int]] = []
    for number, doc in enumerate(docs):
        if ranges and ranges[-1][0] == doc.year:
            ranges[-1][2] = number
        else:
            ranges.append([doc.year, number, number])
    return ranges


def write_index(index: SearchIndex, out: Path, public: PublicCatalog | None = None) -> dict[str, int]:
    """Write the index under ``out`` (normally ``site/search``); return byte counts."""
    out.mkdir(parents=True, exist_ok=True)
    for name in OUTPUT_DIRS:
        shutil.rmtree(out / name, ignore_errors=True)
    digest = hashlib.sha1()
    stats = Counter(files=0, raw_bytes=0, gzip_bytes=0, shard_gzip_bytes=0, docs_gzip_bytes=0, max_shard_gzip=0)

    def put(path: str, raw: bytes, group: str) -> None:
        data = _gz(raw)
        target = out / path
        target.write_bytes(data)
        digest.update(data)
        stats["files"] += 1
        stats["raw_bytes"] += len(raw)
        stats["gzip_bytes"] += len(data)
        stats[f"{group}_gzip_bytes"] += len(data)
        if group == "shard":
            stats["max_shard_gzip"] = max(stats["max_shard_gzip"], len(data))

    (out / "shards").mkdir()
    width = max(1, (index.shard_bits + 3) // 4)
    for number, raw in shard_files(index):
        put(f"shards/{number:0{width}x}.bin", raw, "shard")
    (out / "common").mkdir()
    for number, token in enumerate(index.common):
        put(f"common/{number}.bin", shard_bytes(index, [token]), "common")
    for number, doc in enumerate(index.docs):
        folder = out / "docs" / str(number // DOCS_PER_DIR)
        if number % DOCS_PER_DIR == 0:
            folder.mkdir(parents=True)
        record = json.dumps(doc_record(doc), ensure_ascii=False, separators=(",", ":"))
        put(f"docs/{number // DOCS_PER_DIR}/{number}.bin", record.encode("utf-8"), "docs")
    (out / "facets").mkdir()
    groups = facets(index.docs, public)
    manifest_facets: dict[str, list[list[object]]] = {}
    for facet, values in groups.items():
        manifest_facets[facet] = []
        for i, (key, label, numbers) in enumerate(values):
            put(f"facets/{facet}-{i}.bin", id_list(numbers), "facet")
            manifest_facets[facet].append([key, label, len(numbers)])
    manifest = {
        "format": FORMAT,
        "build": digest.hexdigest()[:12],
        "docs": len(index.docs),
        "shardBits": index.shard_bits,
        "shardWidth": width,
        "docsPerDir": DOCS_PER_DIR,
        "kinds": manifest_facets["kind"],
        "organs": manifest_facets["organ"],
        "years": year_ranges(index.docs),
        "common": [[token, index.df[token]] for token in index.common],
        "t2s": "".join(a + b for a, b in sorted(t2s_table().items())),
    }
    data = json.dumps(manifest, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    (out / "manifest.json").write_bytes(data)
    stats["files"] += 1
    stats["raw_bytes"] += len(data)
    stats["manifest_gzip_bytes"] = len(_gz(data))
    stats["gzip_bytes"] += stats["manifest_gzip_bytes"]
    return dict(stats)


def build_search(public: PublicCatalog, site: Site, out: Path) -> tuple[SearchIndex, dict[str, int]]:
    """The whole step: public view → documents → index → files."""
    index = build_index(documents(public, site))
    return index, write_index(index, out, public)
