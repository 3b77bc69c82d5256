"""What the search index may contain: the public view only, as the pages show it.

One SearchDoc per public entry, built from the PublicCatalog and the Site that
renders it. Nothing else reaches the index, so nothing the negative list
withheld can be found. No MkDocs here.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

from ..model import Entry
from ..render import KIND_DEPENDENCIES, KIND_RENDERERS, Site, metadata_rows
from ..schema import KINDS, LABELS
from ..wall import PublicCatalog

# Rows of the metadata table that every entry has (or that say nothing a reader
# would search for); the rest (项目编号, 采购方式 …) are searchable text.
_SKIP_ROWS = {LABELS[k] for k in ("index_no", "organ", "topics", "doc_no", "written", "published", "validity", "disclosure", "kind")}

_TAG = re.compile(r"<[^>]*>")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKUP = re.compile(r"(?m)^\s{0,3}(?:#{1,6}|>|[-+*]|\d+\.)\s+|[*`|~]+|:?-{3,}:?|\{[:#.][^}]*\}")
_SPACE = re.compile(r"\s+")


def plain_text(markup: str) -> str:
    """Readable text of Markdown/HTML: tags, link targets and markup characters removed."""
    text = _LINK.sub(r"\1", markup)
    text = _TAG.sub(" ", text)
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
    """Title-field text: title, 文号, 索引号, 主题词 — a hit here ranks first."""
    text: str
    """Body-field text: 内容概述, the body, the kind's own sections and fields, organ and topic names."""


def search_doc(entry: Entry, site: Site) -> SearchDoc:
    meta = entry.meta
    src = site.entry_src(entry)
    heading = " ".join([meta.title, meta.doc_no or "", meta.index_no or "", *meta.keywords])
    parts = [meta.summary or ""]
    if entry.body.strip():
        parts.append(plain_text(entry.body))
    renderer = KIND_RENDERERS.get(entry.kind)
    if renderer and meta.disclosure == "主动公开":
        parts.append(plain_text(renderer(entry, site)))
    parts += [plain_text(value) for label, value in metadata_rows(entry, site, src) if label not in _SKIP_ROWS]
    parts += [site.organ_name(meta.organ), KINDS[entry.kind], *(site.topic_name(t) for t in meta.topics)]
    return SearchDoc(
        url=site.url_of(src),
        title=meta.title,
        index_no=meta.index_no or "",
        published=meta.published.isoformat(),
        year=meta.published.year,
        kind=entry.kind,
        organ=meta.organ,
        organ_name=site.organ_name(meta.organ),
        doc_no=meta.doc_no or "",
        heading=heading,
        text="\n".join(p for p in parts if p),
    )


def ordered(public: PublicCatalog) -> list[Entry]:
    """Public entries oldest first: the place is the document number (ties rank by it, newest first)."""
    return sorted(public.entries, key=lambda e: (e.meta.published, e.index_no or ""))


def documents(public: PublicCatalog, site: Site) -> list[SearchDoc]:
    """Search documents oldest first — the order is the document number."""
    return [search_doc(entry, site) for entry in ordered(public)]


def site_fingerprint(site: Site) -> Any:
    """What every document may read besides its entry: site settings and registry names."""
    return site.fingerprint()


def _dependencies(entry: Entry, site: Site) -> Any:
    """The other entries a document is made from: what its kind's section lists.

    ``search_doc`` reads the entry, the registries (``site_fingerprint``) and the
    kind's section (``KIND_RENDERERS``): a policy lists the policies it repealed
    and its interpretations; other kinds declare what they read in
    ``KIND_DEPENDENCIES``. Cheaper than ``render.entry_signature`` (which also
    covers related links a document does not contain): this runs for every
    entry on every rebuild.
    """
    ref = entry.ref
    depends = KIND_DEPENDENCIES.get(entry.kind)
    return (site.replaced.get(ref), site.interpretations.get(ref), depends(entry, site) if depends else None)


class DocumentMemo:
    """Search documents of the last build, reused for the same Entry objects.

    ``build.py serve`` hands back the *same* Entry object for every unchanged
    file, so a document is remade only for an entry that changed or whose
    dependencies (other entries its kind section reads) changed. The entry is
    kept next to its document: an ``id`` reused by a new object never matches.
    A new site fingerprint (settings, organ or topic names) forgets everything.
    """

    def __init__(self) -> None:
        self.fingerprint: Any = None
        self.memo: dict[int, tuple[Entry, Any, SearchDoc]] = {}
        self.made = 0

    def documents(self, public: PublicCatalog, site: Site) -> list[SearchDoc]:
        fingerprint = site_fingerprint(site)
        old = self.memo if fingerprint == self.fingerprint else {}
        self.fingerprint = fingerprint
        new: dict[int, tuple[Entry, Any, SearchDoc]] = {}
        out: list[SearchDoc] = []
        self.made = 0
        for entry in ordered(public):
            depends = _dependencies(entry, site)
            hit = old.get(id(entry))
            if hit is not None and hit[0] is entry and hit[1] == depends:
                doc = hit[2]
            else:
                doc = search_doc(entry, site)
                self.made += 1
            new[id(entry)] = (entry, depends, doc)
            out.append(doc)
        self.memo = new
        return out
