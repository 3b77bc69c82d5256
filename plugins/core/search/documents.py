"""What the search index may contain: the public view only, as the pages show it.

One SearchDoc per public entry, built from the PublicCatalog and the Site that
renders it. Nothing else reaches the index, so nothing the negative list
withheld can be found. No MkDocs here.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from ..model import Entry
from ..render import KIND_RENDERERS, Site, metadata_rows
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


def documents(public: PublicCatalog, site: Site) -> list[SearchDoc]:
    """Search documents newest first — the order is the document number, so ties rank by date."""
    entries = sorted(public.entries, key=lambda e: (e.meta.published, e.index_no or ""), reverse=True)
    return [search_doc(entry, site) for entry in entries]
