"""Atom feeds of newly published entries, from the PublicCatalog only. No MkDocs here.

One feed for the whole catalog (``feed.xml``) and one per kind
(``feeds/<kind>.xml``), newest first. Entry ids are derived from the 索引号, so
they never change once published, even if the site moves to another domain.
"""

from __future__ import annotations

import datetime
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from html import escape

from ..load.model import Entry
from ..load.schema import date_key
from ..pages.trees import topic_label
from ..wall.sanitize import xml_text
from ..wall.view import PublicCatalog

ATOM = "http://www.w3.org/2005/Atom"
FEED_SIZE = 50
TIMEZONE = datetime.timezone(datetime.timedelta(hours=8), "CST")
"""发布日期 carries no time of day: we publish it as midnight Beijing time."""
ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:gk-catalog:index-no")

ET.register_namespace("", ATOM)


def feed_path(kind: str | None = None) -> str:
    """Where a feed lives in the site: ``feed.xml`` or ``feeds/<kind>.xml``."""
    return "feed.xml" if kind is None else f"feeds/{kind}.xml"


def entry_id(entry: Entry) -> str:
    """A permanent Atom id: a name-based UUID of the 索引号 (globally unique via the organ's USCC)."""
    return "urn:uuid:" + str(uuid.uuid5(ID_NAMESPACE, entry.index_no or entry.ref))


def newest(entries: Iterable[Entry], limit: int = FEED_SIZE) -> list[Entry]:
    """The latest publications. An archive entry whose 发布日期 is 未说明 is none: Atom requires each entry's
    ``updated``, and a feed must not invent it, so such entries are left out of feeds (their pages and listings show them)."""
    dated = [e for e in entries if isinstance(e.meta.published, datetime.date)]
    return sorted(dated, key=lambda e: (date_key(e.meta.published), e.index_no or ""), reverse=True)[:limit]


def _stamp(day: datetime.date | str) -> str:
    assert isinstance(day, datetime.date), "feeds hold dated entries only (newest())"
    return datetime.datetime.combine(day, datetime.time(), TIMEZONE).isoformat()


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", {k: xml_text(v) for k, v in attrs.items()})
    if text is not None:
        element.text = xml_text(text)
    return element


def _content(entry: Entry, organ: str, topics: list[str]) -> str:
    """A short HTML card: the index fields a reader needs to cite the entry."""
    meta = entry.meta
    rows = [("索引号", meta.index_no or ""), ("发布机构", organ), ("文号", meta.doc_no or ""), ("发布日期", str(meta.published)), ("主题分类", "、".join(topic_label(t) for t in topics))]
    if meta.disclosure == "依申请公开":
        rows.append(("公开属性", "依申请公开（正文不在网上公开）"))
    table = "".join(f"<tr><th>{label}</th><td>{escape(value)}</td></tr>" for label, value in rows if value)
    summary = f"<p>{escape(meta.summary)}</p>" if meta.summary else ""
    return f"<table>{table}</table>{summary}"


def atom_feed(
    public: PublicCatalog,
    url_of: Mapping[str, str],
    *,
    site_name: str,
    site_url: str,
    kind: str | None = None,
    limit: int = FEED_SIZE,
    entries: list[Entry] | None = None,
) -> bytes:
    """The Atom document for ``kind`` (or every kind).

    ``url_of`` maps entry ref → absolute URL (or a path relative to the site root
    when the site has no ``site_url``; the feed then carries an ``xml:base``).
    ``site_url`` is the site root ('' when unknown). ``entries``, when given, are
    the feed's entries already chosen, newest first (``all_feeds`` passes them).
    """
    if entries is None:
        entries = newest((e for e in public.entries if kind is None or e.kind == kind), limit)
    path = feed_path(kind)
    title = site_name if kind is None else f"{site_name} · {public.kinds.name(kind)}"
    root = ET.Element(f"{{{ATOM}}}feed")
    root.set("{http://www.w3.org/XML/1998/namespace}lang", "zh-CN")
    if not site_url:
        root.set("{http://www.w3.org/XML/1998/namespace}base", "../" * path.count("/") or "./")
    _sub(root, "id", "urn:uuid:" + str(uuid.uuid5(ID_NAMESPACE, f"feed:{kind or '*'}:{site_name}")))
    _sub(root, "title", title)
    _sub(root, "subtitle", "最新发布的政府信息" + ("" if kind is None else f"（{public.kinds.name(kind)}）"))
    latest = entries[0].meta.published if entries else datetime.date(2000, 1, 1)
    _sub(root, "updated", _stamp(latest))
    _sub(root, "link", rel="self", type="application/atom+xml", href=(site_url + path) if site_url else path)
    _sub(root, "link", rel="alternate", type="text/html", href=site_url or "./")
    author = _sub(root, "author")
    _sub(author, "name", site_name)
    _sub(root, "generator", "gk-catalog")
    for entry in entries:
        meta = entry.meta
        organ = public.organs[meta.organ].name if meta.organ in public.organs else meta.organ
        topics = [public.topics[t].name if t in public.topics else t for t in meta.topics]
        item = _sub(root, "entry")
        _sub(item, "id", entry_id(entry))
        _sub(item, "title", meta.title)
        _sub(item, "link", rel="alternate", type="text/html", href=url_of[entry.ref])
        _sub(item, "published", _stamp(meta.published))
        _sub(item, "updated", _stamp(meta.published))
        who = _sub(item, "author")
        _sub(who, "name", organ)
        _sub(item, "category", term=entry.kind, label=public.kinds.name(entry.kind))
        for name in topics:
            _sub(item, "category", term=name, label=topic_label(name))
        _sub(item, "summary", meta.summary or meta.title)
        _sub(item, "content", _content(entry, organ, topics), type="html")
    ET.indent(root, space=" ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def all_feeds(
    public: PublicCatalog,
    url_of: Mapping[str, str],
    *,
    site_name: str,
    site_url: str,
    by_kind: Mapping[str, list[Entry]] | None = None,
    newest_first: list[Entry] | None = None,
    limit: int = FEED_SIZE,
) -> dict[str, bytes]:
    """Every feed by its path in the site: the catalog feed plus one per kind (empty kinds too, so URLs are stable).

    ``newest_first`` / ``by_kind``: the entries already sorted as ``newest`` sorts
    them (the site has them), which saves nine sorts of the whole catalog.
    """
    def chosen(entries: list[Entry] | None) -> list[Entry] | None:
        # undated archive entries sort last, so the first ``limit`` less those are the newest dated ones
        return None if entries is None else [e for e in entries[:limit] if isinstance(e.meta.published, datetime.date)]

    feeds = {feed_path(): atom_feed(public, url_of, site_name=site_name, site_url=site_url, limit=limit, entries=chosen(newest_first))}
    for kind in public.kinds:
        entries = None if by_kind is None else chosen(by_kind.get(kind, []))
        feeds[feed_path(kind)] = atom_feed(public, url_of, site_name=site_name, site_url=site_url, kind=kind, limit=limit, entries=entries)
    return feeds
