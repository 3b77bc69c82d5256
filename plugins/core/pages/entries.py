"""Entry pages: title, the kind's banner, the metadata table, body, attachments, related entries; and the files beside them.

Everything an entry page shows comes from the public view through the ``Site``;
the kind adds its banner, section and downloads (``Kind``).
"""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Callable, Iterable
from html import escape
from typing import Any

from . import attachments
from .asissued import notes_html, notes_of, placed
from ..load.facts import facts_of
from ..load.model import Entry
from ..load.schema import NOT_STATED, SHOWN_NOT_STATED, EntryBase, stated_date
from ..wall.sanitize import markdown_text
from ..wall.view import PublicCatalog
from .attachments import attachment_dest, attachment_href
from .crumbs import META_KEY, entry_trail
from .script import TRADITIONAL, language
from .numbers import amount
from .page import Page, hold
from .dates import date_html
from .site import Site
from .trees import topic_label
from .urls import listing_src


def value_html(key: str, value: Any, site: Site, src: str) -> str:
    if value == NOT_STATED:  # the document does not give it: said so, never a 0 or a blank
        return f'<span class="gk-not-stated">{SHOWN_NOT_STATED}</span>'
    if key == "organ":
        return f'<a href="{escape(site.href(src, listing_src("organ", value)))}">{escape(site.organ_name(value))}</a>'
    if key == "topics":
        return "、".join(
            f'<a href="{escape(site.href(src, listing_src("topic", t)))}">{escape(topic_label(site.topic_name(t)))}</a>' for t in value
        )
    if key == "kind":
        return f'<a href="{escape(site.href(src, listing_src("kind", value)))}">{escape(site.kinds.name(value))}</a>'
    if key == "published":
        return date_html(value)
    if isinstance(value, float):  # amounts: 1,980,000 rather than 1980000.0, with the decimals written (pages.numbers)
        return amount(value)
    if hasattr(value, "hour"):  # a deadline such as 2024-09-24 09:30
        return f'<time datetime="{value.isoformat()}">{value:%Y-%m-%d %H:%M}</time>'
    return escape(str(value))


def metadata_rows(entry: Entry, site: Site, src: str, marked: frozenset[str] = frozenset()) -> Iterable[tuple[str, str]]:
    """(label, html) pairs for the metadata table: the head rows every entry has first, then the kind's own scalars.

    ``marked``: keys with a 原文如此 note on the page; their row links to it.
    """
    meta = entry.meta
    facts = facts_of(type(meta))
    mark = ' <a class="gk-as-issued-mark" href="#as-issued">（原文如此）</a>'
    for key in facts.head:
        value = getattr(meta, key, None)
        if value in (None, "", []):
            continue
        if key == "index_no" and entry.index_no_preview:  # not in the file yet: may still change
            yield "索引号（预览）", value_html(key, value, site, src)
            continue
        yield facts[key].label, value_html(key, value, site, src) + (mark if key in marked else "")
    for label, html, key in _scalars(entry, site, src):
        yield label, html + (mark if key in marked else "")


def scalar_rows(entry: Entry, site: Site, src: str) -> Iterable[tuple[str, str]]:
    """(label, html) for the kind's own scalars (项目编号, 采购方式 …): the metadata table's rows after the head, and what search reads of it."""
    for label, html, _ in _scalars(entry, site, src):
        yield label, html


def _scalars(entry: Entry, site: Site, src: str) -> Iterable[tuple[str, str, str]]:
    meta = entry.meta
    facts = facts_of(type(meta))
    for key in facts.rows:  # not references or Markdown sections: the page shows those elsewhere
        value = getattr(meta, key)
        if value in (None, "", []) or isinstance(value, (list, dict, EntryBase)) or hasattr(value, "model_dump"):
            continue
        yield facts[key].label or key, value_html(key, value, site, src), key


def entry_page(entry: Entry, site: Site) -> Page:
    src = site.entry_src(entry)
    meta = entry.meta
    raw: list[str] = []
    parts = [f"# {markdown_text(meta.title)}\n"]
    kind = site.kinds[entry.kind]
    if kind.banner is not None:
        parts.append(hold(raw, kind.banner(entry, site)))
    places = kind.note_places if kind.section is not None else ()
    notes = [n for n in notes_of(site, entry.source) if not placed(n, places)] if meta.disclosure == "主动公开" else []
    marked = frozenset(re.split(r"[.\[]", n.field, maxsplit=1)[0] for n in notes if n.field)
    rows = "".join(f'<tr><th scope="row">{label}</th><td>{html}</td></tr>' for label, html in metadata_rows(entry, site, src, marked))
    parts.append(hold(raw, f'<table class="gk-meta">\n<caption>信息索引</caption>\n<tbody>{rows}</tbody>\n</table>\n'))
    if meta.summary:
        parts.append(hold(raw, f'<p class="gk-summary"><strong>内容概述：</strong>{escape(meta.summary)}</p>\n'))
    if meta.disclosure == "依申请公开":
        apply_href = site.href(src, site.apply_page)
        parts.append(hold(raw,
            '<div class="admonition info gk-on-request"><p class="admonition-title">依申请公开</p>'
            "<p>本信息属于依申请公开的政府信息，正文不在网上公开。公民、法人或者其他组织可以向发布机构提出政府信息公开申请，"
            f'写明信息名称和索引号 <strong>{escape(meta.index_no or "")}</strong>。'
            f'<a href="{apply_href}">查看依申请公开指南</a></p></div>\n'
        ))
    if notes:
        parts.append(hold(raw, notes_html(notes, anchor="as-issued")))
    section = hold(raw, kind.section(entry, site)) if kind.section is not None and meta.disclosure == "主动公开" else ""
    # The body is Markdown; only its wrapper is held, so no md_in_html pass is needed.
    body = hold(raw, '<div class="gk-body">') + entry.body.strip() + hold(raw, "</div>") if entry.body.strip() else ""
    parts += [body, section] if kind.body_first else [section, body]
    if meta.attachments:
        items = "".join(
            f'<li><a href="{escape(attachment_href(entry, path, site))}" download>{escape(a.title or posixpath.basename(a.file))}</a></li>'
            for a, path in zip(meta.attachments, attachments.published_paths(entry))
        )
        parts.append(hold(raw, f'\n<h2 id="attachments">附件</h2>\n<ul class="gk-attachments">{items}</ul>\n'))
    related = list(related_entries(entry, site))
    if related:
        items = "".join(
            f'<li><span class="gk-rel">{escape(why)}</span> <a href="{escape(site.href(src, site.entry_src(other)))}">{escape(other.meta.title)}</a></li>'
            for why, other in related
        )
        parts.append(hold(raw, f'\n<h2 id="related">相关条目</h2>\n<ul class="gk-related">{items}</ul>\n'))
    page_meta = {
        "description": escape(meta.summary or meta.title),  # Material prints it into an attribute as it is
        "gk": {
            "index_no": meta.index_no,
            "organ": site.organ_name(meta.organ),
            "published": str(meta.published) if stated_date(meta.published) else "",  # undated archive entry: no PubDate, no sitemap lastmod
            "kind": kind.name,
            "kind_code": entry.kind,
            "doc_no": meta.doc_no or "",
            "topics": [topic_label(site.topic_name(t)) for t in meta.topics],
            "keywords": list(meta.keywords),
        },
        META_KEY: entry_trail(entry, site),
    }
    if language(meta.title, entry.body, *(getattr(meta, key, None) for key in facts_of(type(meta)).markdown)) == TRADITIONAL:
        page_meta["gk_lang"] = TRADITIONAL  # the theme marks the content lang="zh-Hant" (main.html)
    return Page(src, "\n".join(parts), page_meta, meta.title, raw)


def related_entries(entry: Entry, site: Site) -> Iterable[tuple[str, Entry]]:
    meta = entry.meta
    seen: set[str] = {entry.ref}

    def once(why: str, other: Entry | None) -> Iterable[tuple[str, Entry]]:
        if other is not None and other.ref not in seen:
            seen.add(other.ref)
            yield why, other

    for key, why in (("interprets", "解读的政策"), ("repealed_by", "废止依据"), ("corrects", "更正的公告")):
        ref = getattr(meta, key, None)
        if ref:
            yield from once(why, site.by_ref.get(ref))
    for other in site.interpretations.get(entry.ref, []):
        yield from once("政策解读", other)
    for other in site.replaced.get(entry.ref, []):
        yield from once("被本文件废止", other)
    for why, other in site.referred.get(entry.ref, ()):
        yield from once(why, other)
    for ref in meta.related:
        yield from once("相关", site.by_ref.get(ref))


def download_pages(public: PublicCatalog, site: Site) -> Iterable[Page]:
    """Files beside the entry pages (CSV of the tables), from the public view only: only for entries shown in full."""
    kinds = site.kinds
    for entry in public.entries:
        meta = entry.meta
        make = kinds[entry.kind].downloads
        if make is None or meta.disclosure != "主动公开":
            continue
        yield from site.cached_for_entry(("downloads", entry.ref), entry, functools.partial(_files, entry, site, make))


def _files(entry: Entry, site: Site, make: Callable[[Entry, Any], list[tuple[str, bytes]]]) -> list[Page]:
    return [Page(attachment_dest(entry, name), data.decode("utf-8")) for name, data in make(entry, site)]
