"""What the search index may contain: the public view only, as the pages show it.

One SearchDoc per public entry, built from the PublicCatalog and the Site that
renders it. Nothing else reaches the index, so nothing the negative list
withheld can be found. No MkDocs here.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from ..load.model import Entry
from ..pages.entries import scalar_rows
from ..pages.page import without_blocks
from ..pages.site import Site
from ..load.facts import facts_of
from ..load.schema import KIND_FACTS, EntryBase
from ..wall.view import PublicCatalog

# Rows of the metadata table that every entry has (or that say nothing a reader
# would search for); the rest (项目编号, 采购方式 …) are searchable text.
_SKIP_ROWS = {*(facts.label for facts in facts_of(EntryBase).values() if facts.head), KIND_FACTS.label}

_TAG = re.compile(r"<[^>]*>")
_HIDDEN = re.compile(r"<!--.*?(?:-->|\Z)|<(script|style|template|textarea)\b.*?(?:</\1\s*>|\Z)", re.S | re.I)
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKUP = re.compile(r"(?m)^\s{0,3}(?:#{1,6}|>|[-+*]|\d+\.)\s+|[*`|~]+|:?-{3,}:?|\{[:#.][^}]*\}")
_SPACE = re.compile(r"\s+")


def plain_text(markup: str) -> str:
    """Readable text of Markdown/HTML: tags, link targets and markup characters removed.

    Comments and the content of script and style elements go first: the page never shows them.
    """
    if "<" in markup and ("<!--" in markup or "<s" in markup.lower()):
        markup = _HIDDEN.sub(" ", markup)
    text = _LINK.sub(r"\1", markup) if "](" in markup else markup
    text = _TAG.sub(" ", text) if "<" in text else text
    text = _MARKUP.sub(" ", text)
    return _SPACE.sub(" ", html.unescape(text)).strip()


@dataclass
class SearchDoc:
    """One public entry as search sees it."""

    url: str
    """Page URL relative to the site root, e.g. ``xxgk/1144…/2016-00047/``."""
    title: str
    index_no: str
    published: str
    year: int
    kind: str
    organ: str
    """Organ id (a facet); its name is in ``organ_name``."""
    organ_name: str
    doc_no: str
    heading: str
    """Title-field text: title, 文号, 主题词, one a line — a hit here ranks first.
    The 索引号 is not text: a query that looks like one finds it (match.py)."""
    text: str
    """Body-field text, one field a line: 内容概述, the body, the kind's own sections and fields."""
    kind_name: str = ""
    """The kind's Chinese name, as results and the kind filter show it."""


def kind_rows(entry: Entry, site: Site, src: str) -> Iterator[tuple[str, str]]:
    """The rows of ``metadata_rows`` a document keeps: the kind's own scalars (``scalar_rows``).

    ``metadata_rows`` starts with the rows every entry has (索引号, 发布机构 …),
    which search leaves out; making their links cost more than the rest of the
    document, so they are not made here. tests/test_search_incremental.py checks
    that this stays ``metadata_rows`` without those rows.
    """
    for label, value in scalar_rows(entry, site, src):
        if label not in _SKIP_ROWS:
            yield label, value


def section_text(html_text: str) -> str:
    """The words of a kind's page section, as the page shows them (for a kind without its own ``search_text``)."""
    return plain_text(without_blocks(html_text))


def search_doc(entry: Entry, site: Site) -> SearchDoc:
    meta = entry.meta
    src = site.entry_src(entry)
    heading = "\n".join(p for p in [meta.title, meta.doc_no or "", *meta.keywords] if p)
    parts = [meta.summary or ""]
    if entry.body.strip():
        parts.append(plain_text(entry.body))
    kind = site.kinds[entry.kind]
    if meta.disclosure == "主动公开":
        if kind.search_text is not None:
            parts.append(kind.search_text(entry, site))
        elif kind.section is not None:
            parts.append(section_text(kind.section(entry, site)))
    parts += [plain_text(value) for _label, value in kind_rows(entry, site, src)]
    # The organ, kind and topic names are facets (filters), not the entry's words: 政府采购 must not
    # match every procurement entry by its kind's name (docs/search.md, "搜索的含义").
    return SearchDoc(
        url=site.url_of(src),
        title=meta.title,
        index_no=meta.index_no or "",
        published=str(meta.published) if entry.year is not None else "",  # 未说明: "" sorts it oldest, in no year
        year=entry.year or 0,
        kind=entry.kind,
        organ=meta.organ,
        organ_name=site.organ_name(meta.organ),
        doc_no=meta.doc_no or "",
        heading=heading,
        text="\n".join(p for p in parts if p),
        kind_name=kind.name,
    )


_NUMBER_ORDER = attrgetter("published", "index_no", "url")
"""Documents oldest first: the place is the document number (ties rank by it, newest first).
The URL makes the order total, so it never depends on the order entries were loaded in."""


def documents(public: PublicCatalog, site: Site) -> list[SearchDoc]:
    """Search documents oldest first — the order is the document number."""
    return sorted((search_doc(entry, site) for entry in public.entries), key=_NUMBER_ORDER)


def in_order(docs: list[SearchDoc], previous: list[SearchDoc]) -> list[SearchDoc]:
    """``docs`` sorted into number order, starting from the last build's order.

    Sorting 100,000 documents from load order takes a fifth of a second; the
    last order without the documents that went is still sorted, and the new ones
    are put in place by binary search. The key is total, so the result is the
    same as sorting (two documents with the same key: sorted in load order).
    """
    present = {id(doc) for doc in docs}
    out = [doc for doc in previous if id(doc) in present]
    if not out:
        return sorted(docs, key=_NUMBER_ORDER)
    kept = {id(doc) for doc in out}
    for doc in docs:
        if id(doc) not in kept:
            at = bisect_right(out, _NUMBER_ORDER(doc), key=_NUMBER_ORDER)
            if (at and _NUMBER_ORDER(out[at - 1]) == _NUMBER_ORDER(doc)) or (at < len(out) and _NUMBER_ORDER(out[at]) == _NUMBER_ORDER(doc)):
                return sorted(docs, key=_NUMBER_ORDER)
            out.insert(at, doc)
    return out


class DocumentMemo:
    """Search documents of the last build, reused for the same Entry objects.

    ``build.py serve`` hands back the *same* Entry object for every unchanged
    file, so a document is remade only for an entry that changed or whose
    dependencies changed. The entry is kept next to its document: an ``id``
    reused by a new object never matches. A new site fingerprint (settings,
    organ or topic names) forgets everything.

    Dependencies are the other entries a document is made from: ``search_doc``
    reads the entry, the registries and the kind's section (``Kind.section``):
    a policy lists the policies it repealed and its interpretations; other kinds
    declare what they read in ``Kind.depends``. After edits that
    ``Site.recheck`` follows, an entry it does not name (``Site.unaffected``)
    keeps its document without even that comparison.
    """

    def __init__(self) -> None:
        self.fingerprint: Any = None
        self.memo: dict[int, tuple[Entry, Any, SearchDoc]] = {}
        self.order: list[SearchDoc] = []
        """The last build's documents in number order."""
        self.made = 0

    def documents(self, public: PublicCatalog, site: Site) -> list[SearchDoc]:
        fingerprint = site.fingerprint  # settings and registry names, which every document may read
        old = self.memo if fingerprint == self.fingerprint else {}
        self.fingerprint = fingerprint
        new: dict[int, tuple[Entry, Any, SearchDoc]] = {}
        out: list[SearchDoc] = []
        self.made = 0
        replaced, readings, kinds = site.replaced, site.interpretations, site.kinds
        for entry in public.entries:
            # Compared piece by piece: this loop runs for every entry on every
            # rebuild, and allocates nothing for an unchanged one (fewer GC passes).
            hit = old.get(id(entry))
            same = hit is not None and hit[0] is entry
            if same and site.unaffected(entry):  # the page reads all the document does: nothing to compare
                new[id(entry)] = hit  # type: ignore[assignment]
                out.append(hit[2])  # type: ignore[index]
                continue
            kind = hit[2].kind if same else entry.kind  # type: ignore[index]
            ref = entry.ref
            depends = kinds[kind].depends
            repealed, readings_of, others = replaced.get(ref), readings.get(ref), depends(entry, site) if depends else None
            if same and hit[1][0] == repealed and hit[1][1] == readings_of and hit[1][2] == others:  # type: ignore[index]
                new[id(entry)] = hit  # type: ignore[assignment]
                out.append(hit[2])  # type: ignore[index]
                continue
            doc = search_doc(entry, site)
            self.made += 1
            new[id(entry)] = (entry, (repealed, readings_of, others), doc)
            out.append(doc)
        self.memo = new
        self.order = in_order(out, self.order)
        return self.order
