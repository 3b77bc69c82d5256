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
  documents are numbered by publish date, so a year is a range of numbers.

Documents are numbered *oldest first* (the newest entry has the highest number;
the browser ranks ties by higher number first). A new entry is normally the
newest, so it takes the next number and nothing else is renumbered — which is
what keeps ``build.py serve`` rebuilds small (``incremental.py``).

A posting list is a varint stream of ``(gap - 1) << 3 | weight`` per document,
in document order. ``weight`` bit 2: the token is in the title field (title,
文号, 索引号, 主题词); bits 0–1: how often it is in the body (0, 1, 2–3, 4+).
``manifest.build`` is a hash of every file's path and content: the browser adds
it to each request, so a new build is never mixed with cached files of an old one.
No MkDocs here.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import compress, groupby, repeat
from operator import attrgetter, eq
from pathlib import Path

from ..load.schema import SHOWN_NOT_STATED
from ..wall.view import PublicCatalog
from .documents import SearchDoc
from .files import OutputFiles, gz
from .match import SUBJECTS, field_text, index_tokens, tokens
from .tokenize import t2s_table

FORMAT = 3
"""3: tokens of match text (pairs across short gaps, 索引号 tokens), no registry names; 2: numbered oldest first."""
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
TITLE_FLAG = 1 << 24


def token_counts(doc: SearchDoc) -> Counter[str]:
    """Each token of a document: its body count, plus TITLE_FLAG when it is in the title field or the 索引号."""
    body = Counter(tokens(field_text(doc.text)))
    for token in {*tokens(field_text(doc.heading), unigrams=True), *index_tokens(doc.index_no)}:
        body[token] += TITLE_FLAG
    return body


def token_weights(doc: SearchDoc) -> dict[str, int]:
    """Each token of a document and its weight bits (title field, body count)."""
    return {token: _WEIGHT[count] if count < 4 else _weight(count) for token, count in token_counts(doc).items()}


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
    last: dict[str, int] = field(default_factory=dict)
    """Each token's highest document number (where its posting list ends)."""

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

    ``docs`` are in document-number order (oldest first, see ``documents``), so
    each list grows in document order and is delta-encoded as it grows: memory
    stays near the final index size.
    """
    records: dict[str, list] = {}  # token -> [last document number, postings]
    for number, doc in enumerate(docs):
        for token, count in token_counts(doc).items():  # token_weights, inlined: this loop runs for every posting
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
    last = {token: record[0] for token, record in records.items()}
    df = Counter({token: _count(plist) for token, plist in postings.items()})
    index = SearchIndex(docs, postings, df, last=last)
    arrange(index, shard_target)
    return index


def arrange(index: SearchIndex, shard_target: int = SHARD_TARGET) -> None:
    """Choose the common tokens and the shard count from the posting lists."""
    index.common = common_tokens(index.df, len(index.docs))
    total = sum(map(len, index.postings.values()))
    hashed = total - sum(len(index.postings[t]) for t in index.common)
    bits = 0
    while (hashed >> bits) > shard_target:
        bits += 1
    index.shard_bits = bits
    index.stats = {"postings_bytes": total, "tokens": len(index.postings), "common": len(index.common)}


def common_tokens(df: Counter[str], count: int) -> list[str]:
    """Tokens in many entries, most common first."""
    floor = max(COMMON_MIN, count // COMMON_SHARE)
    ranked = sorted((token for token, n in df.items() if n >= floor), key=lambda t: (-df[t], t))
    return ranked[:COMMON_MAX]


def shard_bytes(index: SearchIndex, tokens_: list[str]) -> bytes:
    """A varint token directory (token, entries, length), then the posting lists."""
    head = bytearray(varint(len(tokens_)))
    for token in tokens_:
        raw = token.encode("utf-8")
        head += varint(len(raw)) + raw + varint(index.df[token]) + varint(len(index.postings[token]))
    return bytes(head) + b"".join(index.postings[t] for t in tokens_)


def shard_members(index: SearchIndex) -> list[list[str]]:
    """The tokens of every hash shard; common tokens are left to their own files."""
    shards: list[list[str]] = [[] for _ in range(index.shard_count)]
    common = set(index.common)
    for token in index.postings:
        if token not in common:
            shards[index.shard_of(token)].append(token)
    return shards


def shard_files(index: SearchIndex) -> Iterator[tuple[int, bytes]]:
    """(shard number, raw bytes) for every hash shard."""
    for number, tokens_ in enumerate(shard_members(index)):
        yield number, shard_bytes(index, sorted(tokens_))


def shard_path(number: int, bits: int) -> str:
    return f"shards/{number:0{shard_width(bits)}x}.bin"


def shard_width(bits: int) -> int:
    return max(1, (bits + 3) // 4)


def doc_path(number: int) -> str:
    return f"docs/{number // DOCS_PER_DIR}/{number}.bin"


def doc_record(doc: SearchDoc) -> dict[str, str]:
    """What a result shows, and the text its excerpt and highlighting come from."""
    return {
        "u": doc.url, "t": doc.title, "i": doc.index_no, "d": doc.published or SHOWN_NOT_STATED,
        "o": doc.organ_name, "k": doc.kind_name or doc.kind, "n": doc.doc_no,
        "h": doc.heading, "x": doc.text,
    }


def doc_bytes(doc: SearchDoc) -> bytes:
    return json.dumps(doc_record(doc), ensure_ascii=False, separators=(",", ":")).encode("utf-8")


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
    """Kind and organ → document numbers."""
    kinds = list(map(attrgetter("kind"), docs))
    organs = list(map(attrgetter("organ"), docs))
    organ_names = dict(zip(organs, map(attrgetter("organ_name"), docs)))
    kind_names = dict(zip(kinds, map(attrgetter("kind_name"), docs)))
    kind_order = list(public.kinds) if public else sorted(kind_names)
    organ_order = list(public.organs) if public else sorted(organ_names)
    organ_order += sorted(set(organ_names) - set(organ_order))

    def numbers(values: list[str], key: str) -> list[int]:
        return list(compress(range(len(values)), map(eq, values, repeat(key))))

    return {
        "kind": [(k, kind_names[k] or k, numbers(kinds, k)) for k in kind_order if k in kind_names],
        "organ": [(o, organ_names[o], numbers(organs, o)) for o in organ_order if o in organ_names],
    }


def year_ranges(docs: list[SearchDoc]) -> list[list[int]]:
    """[year, first number, last number], newest year first (as the year filter lists them)."""
    ranges: list[list[int]] = []
    start = 0
    for year, run in groupby(doc.year for doc in docs):
        count = len(list(run))
        if year:  # 0: archive entries whose 发布日期 is 未说明 (numbered first, the oldest), in no year filter
            ranges.append([year, start, start + count - 1])
        start += count
    return ranges[::-1]


def write_facets(files: OutputFiles, groups: dict[str, list[tuple[str, str, list[int]]]], previous: dict[str, list[int]] | None = None) -> tuple[dict[str, list[list[object]]], dict[str, list[int]]]:
    """Write the facet files (those whose numbers changed); their manifest rows, and the numbers by path."""
    manifest_facets: dict[str, list[list[object]]] = {}
    numbers_by_path: dict[str, list[int]] = {}
    for facet, values in groups.items():
        manifest_facets[facet] = []
        for i, (key, label, numbers) in enumerate(values):
            path = f"facets/{facet}-{i}.bin"
            numbers_by_path[path] = numbers
            if previous is None or previous.get(path) != numbers:
                files.put(path, id_list(numbers), "facet")
            manifest_facets[facet].append([key, label, len(numbers)])
    for path in set(previous or ()) - set(numbers_by_path):
        files.remove(path)
    return manifest_facets, numbers_by_path


def subjects(kinds: list[list[object]]) -> list[list[object]]:
    """[word, [kind facet numbers]] for the kinds of this site whose subject a query may name (match.SUBJECTS)."""
    place = {row[0]: i for i, row in enumerate(kinds)}
    rows: list[list[object]] = []
    for word, codes in SUBJECTS:
        found = [place[code] for code in codes if code in place]
        if found:
            rows.append([word, found])
    return rows


def manifest_bytes(index: SearchIndex, files: OutputFiles, manifest_facets: dict[str, list[list[object]]]) -> bytes:
    manifest = {
        "format": FORMAT,
        "build": files.build,
        "docs": len(index.docs),
        "shardBits": index.shard_bits,
        "shardWidth": shard_width(index.shard_bits),
        "docsPerDir": DOCS_PER_DIR,
        "kinds": manifest_facets["kind"],
        "organs": manifest_facets["organ"],
        "years": year_ranges(index.docs),
        "common": [[token, index.df[token]] for token in index.common],
        "subjects": subjects(manifest_facets["kind"]),
        "t2s": "".join(a + b for a, b in sorted(t2s_table().items())),
    }
    return json.dumps(manifest, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def finish(files: OutputFiles, data: bytes) -> dict[str, int]:
    """Write manifest.json (plain JSON, last: it names the build) and return the byte counts."""
    path = files.out / "manifest.json"
    if not path.exists() or path.read_bytes() != data:
        path.write_bytes(data)
    stats = files.stats()
    stats["files"] += 1
    stats["raw_bytes"] += len(data)
    stats["manifest_gzip_bytes"] = len(gz(data))
    stats["gzip_bytes"] += stats["manifest_gzip_bytes"]
    return stats


@dataclass
class Written:
    """What a full write leaves behind for the next, incremental one."""

    files: OutputFiles
    facet_numbers: dict[str, list[int]]
    manifest_facets: dict[str, list[list[object]]]
    manifest: bytes
    stats: dict[str, int]


def write_all(index: SearchIndex, out: Path, public: PublicCatalog | None = None) -> Written:
    """Write the whole index under ``out`` from scratch (stale files of an older index removed)."""
    out.mkdir(parents=True, exist_ok=True)
    for name in OUTPUT_DIRS:
        shutil.rmtree(out / name, ignore_errors=True)
    files = OutputFiles(out)
    files.folder("shards")
    files.put_many((shard_path(number, index.shard_bits), raw, "shard") for number, raw in shard_files(index))
    files.folder("common")
    files.put_many((f"common/{number}.bin", shard_bytes(index, [token]), "common") for number, token in enumerate(index.common))
    for start in range(0, len(index.docs), DOCS_PER_DIR):
        files.folder(f"docs/{start // DOCS_PER_DIR}")
        numbered = enumerate(index.docs[start : start + DOCS_PER_DIR], start)
        files.put_many((doc_path(number), doc_bytes(doc), "docs") for number, doc in numbered)
    files.folder("facets")
    manifest_facets, numbers = write_facets(files, facets(index.docs, public))
    data = manifest_bytes(index, files, manifest_facets)
    return Written(files, numbers, manifest_facets, data, finish(files, data))


def write_index(index: SearchIndex, out: Path, public: PublicCatalog | None = None) -> dict[str, int]:
    """Write the index under ``out`` (normally ``site/search``); return byte counts."""
    return write_all(index, out, public).stats
