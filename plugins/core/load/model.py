"""The loaded catalog: entries, registries and lookups. No MkDocs here."""

from __future__ import annotations

import contextlib
import hashlib
import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .formats import URL_SAFE_INDEX_NO
from .kind import KindSet
from .schema import EntryBase
from .yamlpos import Path_


@dataclass
class Entry:
    """One catalog entry after loading and structural validation."""

    meta: EntryBase
    """The validated fields (title, organ, published …)."""
    source: str
    """Path relative to the project root, e.g. ``catalog/policy/2016/dongfu-47.yml``."""
    ref: str
    """Path under catalog/ without extension, e.g. ``policy/2016/dongfu-47``; usable in references."""
    body: str = ""
    """Markdown body (front-matter body or the ``body`` key)."""
    body_line: int = 0
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict, repr=False)
    abs_dir: Path | None = None
    """Folder of the entry file, for resolving attachments."""
    redactions: dict[str, str] = field(default_factory=dict)
    """Field key -> negative-list item id, for fields the wall replaced with a mark."""
    index_no_preview: bool = False
    """The 索引号 was given in memory for this run only (indexno.assign): not in the file, may change."""

    @property
    def kind(self) -> str:
        return self.meta.kind

    @property
    def index_no(self) -> str | None:
        return self.meta.index_no

    @property
    def year(self) -> int | None:
        """The 发布日期's year; None for an archive entry whose 发布日期 is 未说明."""
        published = self.meta.published
        return published.year if isinstance(published, datetime.date) else None

    @property
    def url(self) -> str:
        """Stable permalink derived from 索引号: ``xxgk/<prefix>/<year>-<serial>/``.

        An entry whose number is only a preview keeps ``xxgk/draft/<ref>/``: a
        preview number can change from one build to the next, the path cannot.
        """
        if self.index_no_preview or not self.meta.index_no:
            return f"xxgk/draft/{self.ref}/"
        if self.meta.index_no_legacy and (not URL_SAFE_INDEX_NO.match(self.meta.index_no) or self.meta.index_no.startswith(("draft/", "legacy/"))):
            # another system's number with characters a web address would have to escape (汉字, 〔〕), or one that
            # would land among the preview addresses: a stable address derived from it; the page shows the number as published
            return f"xxgk/legacy/{hashlib.sha1(self.meta.index_no.encode('utf-8')).hexdigest()[:16]}/"
        return f"xxgk/{self.meta.index_no}/"

    def where(self, *path: Any) -> tuple[int, int]:
        key: Path_ = tuple(path)
        while key not in self.positions and key:
            key = key[:-1]
        return self.positions.get(key, (1, 1))

    def with_meta(self, **changes: Any) -> Entry:
        """A copy with some fields changed; the original is left untouched."""
        return replace(self, meta=self.meta.model_copy(update=changes))


@dataclass
class RegistryItem:
    id: str
    name: str
    data: dict[str, Any]
    source: str
    line: int


@dataclass
class Catalog:
    """Every entry and registry that loaded, whatever its 公开属性."""

    root: Path
    kinds: KindSet = field(default_factory=KindSet)
    """The kinds of this site (code → Kind), in declared order; handed down by the pipeline."""
    entries: list[Entry] = field(default_factory=list)
    organs: dict[str, RegistryItem] = field(default_factory=dict)
    topics: dict[str, RegistryItem] = field(default_factory=dict)
    negative_list: dict[str, RegistryItem] = field(default_factory=dict)
    counted: dict[tuple[str, int, str], int] = field(default_factory=dict)
    """不予公开 entries known by their numbers only (the private folder's withheld-counts.yml):
    (organ, year, negative-list id) → count. Never titles or files."""
    catalog_dir: Path | None = None
    attachments_dir: Path | None = None
    """The declared attachments folder (mkdocs.yml ``attachments_dir``), absolute; None: attachments live beside their entries."""
    incomplete: list[tuple[Entry, frozenset[str]]] = field(default_factory=list)
    """Entries with schema errors, their fields in error left out (load/salvage.py): checked by the rules, never published."""

    _fixed_lookup: dict[str, Entry] | None = field(default=None, init=False, repr=False, compare=False)
    _fixed_kinds: dict[str, list[Entry]] | None = field(default=None, init=False, repr=False, compare=False)

    def of_kind(self, kind: str) -> list[Entry]:
        """Entries of one kind, in catalog order (do not modify the list)."""
        if self._fixed_kinds is not None:
            return self._fixed_kinds.get(kind, [])
        return [entry for entry in self.entries if entry.meta.kind == kind]

    def lookup(self) -> dict[str, Entry]:
        """Entries by 索引号 and by ref, for resolving references."""
        if self._fixed_lookup is not None:
            return self._fixed_lookup
        table: dict[str, Entry] = {}
        for entry in self.entries:
            table[entry.ref] = entry
            index_no = entry.meta.index_no
            if index_no:
                table[index_no] = entry
        return table

    @contextlib.contextmanager
    def entries_fixed(self) -> Iterator[None]:
        """While the rules run nothing changes the entries: build ``lookup()`` and ``of_kind()`` once for all of them."""
        if self._fixed_lookup is not None:
            yield
            return
        kinds: dict[str, list[Entry]] = {}
        table: dict[str, Entry] = {}
        for entry in self.entries:  # as lookup(), and the entries by kind, in one pass
            meta = entry.meta
            table[entry.ref] = entry
            if meta.index_no:
                table[meta.index_no] = entry
            kind = meta.kind
            if kind in kinds:
                kinds[kind].append(entry)
            else:
                kinds[kind] = [entry]
        self._fixed_lookup = table
        self._fixed_kinds = kinds
        try:
            yield
        finally:
            self._fixed_lookup = None
            self._fixed_kinds = None
