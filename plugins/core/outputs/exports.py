"""Machine-readable data of the public catalog: JSON and CSV per kind. No MkDocs here.

Everything here is computed from the PublicCatalog, never from the raw catalog:
a withheld entry cannot reach a data file. The columns are a stable, documented
schema (docs/data-schema.md, version ``SCHEMA_VERSION``): the common columns and
each kind's own columns are listed here explicitly, in order. Fields internal to
the review (不予公开依据/理由, 保密审查情况) and the text (正文) are never exported.
"""

from __future__ import annotations

import csv
import datetime
import functools
import io
import json
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from ..pages import attachments
from ..load.model import Entry
from ..wall.sanitize import csv_text
from ..load.facts import facts_of
from ..load.kind import Kind
from ..load.schema import NOT_STATED, date_key, labels
from ..wall.view import PublicCatalog

SCHEMA_VERSION = 1
LIST_SEPARATOR = "；"
"""Joins list values in a CSV cell (topics, keywords, attachment URLs)."""

COMMON: tuple[tuple[str, str], ...] = (
    ("index_no", "索引号"),
    ("title", "标题"),
    ("url", "网址"),
    ("kind", "类别代码"),
    ("kind_name", "类别"),
    ("organ", "发布机构代码"),
    ("organ_name", "发布机构"),
    ("organ_uscc", "发布机构统一社会信用代码"),
    ("doc_no", "文号"),
    ("written", "成文日期"),
    ("published", "发布日期"),
    ("topics", "主题分类"),
    ("disclosure", "公开属性"),
    ("validity", "有效性"),
    ("summary", "内容概述"),
    ("keywords", "主题词"),
    ("attachments", "附件"),
    ("related", "相关条目"),
)
"""Columns every kind has, in this order. Append only: never rename or reorder."""

# Each kind's own columns, after the common ones, are its ``Kind.export_columns``: an
# explicit list, not "every model field": a new field is published as data only when it
# is added there (and to docs/data-schema.md) on purpose — review records such as
# 保密审查情况 never leak into the data by accident. Append only.

@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind_specific: bool = False
    in_csv: bool = True


def _label(key: str, names: Mapping[str, str]) -> str:
    if "." in key:
        outer, inner = key.split(".", 1)
        return f"{names.get(outer, outer)}·{names.get(inner, inner)}"
    return names.get(key, key)


@functools.cache
def columns(kind: Kind) -> list[Column]:
    """The documented keys of a ``data/<kind>.json`` record (dotted = nested) and, where
    ``in_csv``, the columns of ``data/<kind>.csv``, in order (once per kind: do not modify)."""
    found = [Column(key, label) for key, label in COMMON]
    not_csv = facts_of(kind.model).not_csv  # tables and statistics that don't fit one CSV cell
    names = labels(kind.model)
    found += [Column(key, _label(key, names), True, key not in not_csv) for key in kind.export_columns]
    return found


def _plain(value: Any) -> Any:
    """JSON-ready value: dates as ISO strings, models as objects, whole floats as ints."""
    if isinstance(value, BaseModel):
        return {k: _plain(v) for k, v in value.model_dump(mode="python").items()}
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if value == NOT_STATED:  # the document does not give it: left out (null, an empty cell), never 0; ``not_stated`` names it
        return None
    return value


def not_stated(value: Any, path: str = "") -> list[str]:
    """Dotted keys of the values an entry marks 未说明 (not stated in the document), in field order.

    Fields and the fields of nested objects (``vehicles.purchase``); lists (budget tables) hold none and are not walked.
    """
    if isinstance(value, BaseModel):
        value = value.__dict__
    if isinstance(value, dict):
        return [found for k, v in value.items() for found in not_stated(v, f"{path}.{k}" if path else str(k))]
    return [path] if value == NOT_STATED else []


class Exporter:
    """Turns public entries into records; URLs and names come from the caller's site."""

    def __init__(
        self,
        public: PublicCatalog,
        url_of: Callable[[Entry], str],
        attachment_url: Callable[[Entry, str], str],
        *,
        by_ref: dict[str, Entry] | None = None,
        by_kind: dict[str, list[Entry]] | None = None,
        referring: list[Entry] | None = None,
        encoded: dict[str, tuple[Any, str, str]] | None = None,
    ):
        """``by_ref``, ``by_kind`` (entries newest first) and ``referring`` (the entries
        that refer to others, ``Site.referring``), when the caller has them, save work.

        ``encoded``: entry ref → (what the record was made from, JSON line, CSV row),
        kept by ``serve`` between rebuilds so an unchanged entry is not encoded again.
        """
        self.encoded_cache = encoded
        self.public = public
        self.url_of = url_of
        self.attachment_url = attachment_url
        self.by_ref = by_ref if by_ref is not None else public.lookup()
        self.by_kind = by_kind
        self.referring = referring

    def _ref(self, ref: str | None) -> str | None:
        """A reference as the target's 索引号; None when the target is not public."""
        target = self.by_ref.get(ref or "")
        return target.index_no if target else None

    def record(self, entry: Entry) -> dict[str, Any]:
        """One entry as a JSON object with the documented keys (nested values kept nested)."""
        meta = entry.meta
        kind = self.public.kinds[entry.kind]
        organ = self.public.organs.get(meta.organ)
        record: dict[str, Any] = {
            "index_no": meta.index_no,
            "title": meta.title,
            "url": self.url_of(entry),
            "kind": entry.kind,
            "kind_name": kind.name,
            "organ": meta.organ,
            "organ_name": organ.name if organ else meta.organ,
            "organ_uscc": str(organ.data.get("uscc", "")) if organ else "",
            "doc_no": meta.doc_no,
            "written": _plain(meta.written),
            "published": _plain(meta.published),  # 未说明 (undated archive entry): null, listed in not_stated
            "topics": [self.public.topics[t].name if t in self.public.topics else t for t in meta.topics],
            "disclosure": meta.disclosure,
            "validity": meta.validity,
            "summary": meta.summary,
            "keywords": list(meta.keywords),
            "attachments": [{"title": a.title or a.file, "url": self.attachment_url(entry, path)} for a, path in zip(meta.attachments, attachments.published_paths(entry))],
            "related": [i for i in (self._ref(r) for r in meta.related) if i],
        }
        references = facts_of(type(meta)).references
        for column in columns(kind):
            if not column.kind_specific:
                continue
            if "." in column.key:  # a documented member of a nested object, e.g. outbound.amount
                outer, inner = column.key.split(".", 1)
                record.setdefault(outer, {})[inner] = _plain(getattr(getattr(meta, outer, None), inner, None))
                continue
            value = getattr(meta, column.key, None)
            # a key naming another entry is exported as that entry's 索引号
            record[column.key] = self._ref(value) if column.key in references else _plain(value)
        missing = not_stated(meta)
        if missing:  # JSON only (not a CSV column): which empty values the document itself does not give
            record["not_stated"] = missing
        return record

    def entries(self, kind: str) -> list[Entry]:
        if self.by_kind is not None:
            return self.by_kind.get(kind, [])
        entries = [e for e in self.public.entries if e.kind == kind]
        entries.sort(key=lambda e: (date_key(e.meta.published), e.index_no or ""), reverse=True)  # undated last
        return entries

    def records(self, kind: str) -> list[dict[str, Any]]:
        return [self.record(e) for e in self.entries(kind)]

    def encoded(self, kind: str) -> tuple[list[str], list[str]]:
        """The JSON lines and CSV lines of one kind's dataset, newest first.

        With ``encoded`` (serve) an entry is encoded again only when it or what its
        references resolve to changed; the caller drops the cache when site
        settings or registries change (URLs, organ and topic names).
        """
        cols = csv_columns(self.public.kinds[kind])
        lines: list[str] = []
        rows: list[str] = []
        cache = self.encoded_cache
        for entry in self.entries(kind):
            made_from = (entry, self._resolved(entry))
            hit = cache.get(entry.ref) if cache is not None else None
            if hit is not None and hit[0] == made_from:
                line, row = hit[1], hit[2]
            else:
                record = self.record(entry)
                line, row = json_line(record), csv_line(csv_row(cols, record))
                if cache is not None:
                    cache[entry.ref] = (made_from, line, row)
            lines.append(line)
            rows.append(row)
        return lines, rows

    def _resolved(self, entry: Entry) -> tuple[str | None, ...]:
        """The 索引号 that the entry's references resolve to (a target may become non-public)."""
        fields = entry.meta.__dict__
        refs = [*fields["related"], *(fields[k] for k in facts_of(type(entry.meta)).references if fields.get(k))]
        return tuple(self._ref(r) for r in refs) if refs else ()

    def signature(self, kind: str) -> tuple[Any, ...]:
        """What ``data/<kind>.*`` is made from: the entries and the 索引号 their references resolve to."""
        return (tuple(self.entries(kind)), self._resolutions)

    @functools.cached_property
    def _resolutions(self) -> tuple[tuple[str, tuple[str | None, ...]], ...]:
        """Every reference in the catalog as the 索引号 it resolves to: one pass over the few entries that refer."""
        referring = self.referring
        if referring is None:
            referring = [e for e in self.public.entries if self._resolved(e)]
        return tuple((entry.ref, self._resolved(entry)) for entry in referring)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(_cell(_list_item(v)) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _list_item(value: Any) -> Any:
    """How one element of a list shows in a CSV cell: its URL, name or title."""
    if isinstance(value, dict):
        for key in ("url", "name", "title"):
            if value.get(key):
                return value[key]
    return value


def csv_row(cols: list[Column], record: dict[str, Any]) -> list[str]:
    row = []
    for column in cols:
        if "." in column.key:
            key, sub = column.key.split(".", 1)
            row.append(csv_text(_cell((record.get(key) or {}).get(sub))))
        else:
            row.append(csv_text(_cell(record.get(column.key))))  # a text cell is never a formula
    return row


def csv_columns(kind: Kind) -> list[Column]:
    return [c for c in columns(kind) if c.in_csv]


def csv_line(row: list[str]) -> str:
    """One CSV line (RFC 4180 quoting, CRLF), so ``serve`` can keep it per entry."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(row)
    return out.getvalue()


def csv_from_lines(kind: Kind, lines: Iterable[str]) -> bytes:
    """CSV with a UTF-8 BOM (so Excel reads Chinese), CRLF lines, Chinese labels in the header row."""
    header = csv_line([c.label for c in csv_columns(kind)])
    return ("\ufeff" + header + "".join(lines)).encode("utf-8")


def csv_bytes(kind: Kind, records: Iterable[dict[str, Any]]) -> bytes:
    cols = csv_columns(kind)
    return csv_from_lines(kind, (csv_line(csv_row(cols, record)) for record in records))


def json_line(record: dict[str, Any]) -> str:
    """One record on one line (json's C encoder: the indenting one is pure Python)."""
    return json.dumps(record, ensure_ascii=False)


def json_from_lines(kind: Kind, lines: list[str]) -> bytes:
    """The dataset document: a readable header, then one entry per line."""
    header = {
        "schema_version": SCHEMA_VERSION,
        "kind": kind.code,
        "kind_name": kind.name,
        "count": len(lines),
        "fields": {c.key: c.label for c in columns(kind)},
    }
    head = json.dumps(header, ensure_ascii=False, indent=1)[:-2]  # without the closing "\n}"
    entries = "[\n" + ",\n".join(lines) + "\n ]" if lines else "[]"
    return f'{head},\n "entries": {entries}\n}}\n'.encode()


def json_bytes(kind: Kind, records: list[dict[str, Any]]) -> bytes:
    return json_from_lines(kind, [json_line(record) for record in records])


def kind_files(exporter: Exporter, kind: Kind) -> dict[str, bytes]:
    lines, rows = exporter.encoded(kind.code)
    return {f"data/{kind.code}.json": json_from_lines(kind, lines), f"data/{kind.code}.csv": csv_from_lines(kind, rows)}


def data_files(exporter: Exporter, site_name: str = "", cached: Callable[[Any, tuple[Any, ...], Callable[[], Any]], Any] | None = None) -> dict[str, bytes]:
    """``data/<kind>.json`` and ``data/<kind>.csv`` for every kind (empty kinds too: stable URLs), plus ``data/index.json``.

    ``cached(key, signature, make)`` lets ``serve`` keep a kind's files while its entries are unchanged.
    """
    files: dict[str, bytes] = {}
    manifest = []
    kinds = exporter.public.kinds
    counts = {code: len(exporter.entries(code)) for code in kinds} if exporter.by_kind is not None else Counter(e.kind for e in exporter.public.entries)
    for code, kind in kinds.items():
        if cached is None:
            made = kind_files(exporter, kind)
        else:
            made = cached(("data", code), exporter.signature(code), functools.partial(kind_files, exporter, kind))
        files.update(made)
        manifest.append({"kind": code, "kind_name": kind.name, "count": counts[code], "json": f"{code}.json", "csv": f"{code}.csv"})
    index = {"schema_version": SCHEMA_VERSION, "site_name": site_name, "datasets": manifest}
    files["data/index.json"] = json.dumps(index, ensure_ascii=False, indent=1).encode("utf-8") + b"\n"
    return files
