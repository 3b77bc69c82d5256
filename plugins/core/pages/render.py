"""Turn the public view into page sources: entry pages and paginated listings.

Pure functions over a PublicCatalog; they never see a withheld entry. Listing
tables are raw HTML with URLs computed here, so a listing of 50 rows costs no
Markdown parsing. No MkDocs here.
"""

from __future__ import annotations

import posixpath
import re
import secrets
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from html import escape
from typing import Any

from . import attachments
from ..serve.changes import edits_by_ref
from ..serve.pagememo import PageMemo, Signature
from ..load.model import Entry
from ..load.facts import facts_of
from ..wall.sanitize import markdown_text
from ..load.schema import EntryBase
from ..wall.view import PublicCatalog

PAGE_SIZE = 50
CATALOG_ROOT = "catalog"


@dataclass
class Page:
    """One generated page: where it lives and its Markdown source."""

    src_uri: str
    markdown: str
    meta: dict[str, Any] = field(default_factory=dict)
    title: str = ""
    raw: list[str] = field(default_factory=list)
    """HTML set aside by ``hold``: the Markdown carries a mark where it goes back."""
    fresh: bool = True
    """Made in this build; False when a ``PageMemo`` handed back the previous build's page."""


NONCE = secrets.token_hex(6)
"""Part of every mark ``hold`` leaves, new in every process: text an editor types can never be a mark."""
RAW_MARK = re.compile(f"<!--gk-raw-{NONCE}-(\\d+)-->")
_MD_OPEN = f"\x00gk-md-{NONCE}:"
_MD_CLOSE = f"\x00gk-md-{NONCE}/\x00"
_MD_BLOCK = re.compile(re.escape(_MD_OPEN) + r"([\w -]*)\x00(.*?)" + re.escape(_MD_CLOSE), re.S)


def markdown_block(text: str, css_class: str) -> str:
    """Markdown inside generated HTML (a 年度报告 narrative, a section heading): ``hold`` leaves it to
    Markdown, in a ``<div class=css_class>`` unless that is empty, and the page's sanitiser cleans
    what Markdown makes of it."""
    return f"{_MD_OPEN}{css_class}\x00{text}{_MD_CLOSE}"


def without_blocks(html: str) -> str:
    """``html`` with each ``markdown_block`` replaced by its text (for search, which reads text only)."""
    return _MD_BLOCK.sub(lambda m: "\n" + m[2] + "\n", html) if _MD_OPEN in html else html


def hold(raw: list[str], html: str) -> str:
    """Keep generated HTML away from Python-Markdown; return the mark that stands for it.

    Markdown would re-parse every tag of our tables with its (slow, pure Python)
    HTML parser only to pass them through unchanged — the largest per-page cost
    of a build. The plugin puts the HTML back after conversion (``restore``).
    Held HTML is trusted: everything between the marks is what Markdown made of
    an editor's text, and the plugin sanitises it before putting the marks back.
    Editor Markdown inside generated HTML (``markdown_block``) stays outside the marks.
    """
    if _MD_OPEN in html:
        parts: list[str] = []
        last = 0
        for match in _MD_BLOCK.finditer(html):
            if match.start() > last:
                parts.append(hold(raw, html[last:match.start()]))
            text = "\n\n" + match[2].strip() + "\n\n"
            parts.append(hold(raw, f'<div class="{match[1]}">') + text + hold(raw, "</div>") if match[1] else text)
            last = match.end()
        if last < len(html):
            parts.append(hold(raw, html[last:]))
        return "".join(parts)
    raw.append(html)
    return f"\n\n<!--gk-raw-{NONCE}-{len(raw) - 1}-->\n\n"


def restore(html: str, raw: list[str], clean: Callable[[str], str] | None = None) -> str:
    """Put held HTML back into the page HTML Markdown produced.

    ``clean`` (the sanitiser) is applied to every piece between the marks first:
    those pieces are what Markdown made of text (titles, bodies, narratives).
    """
    if not raw:
        return clean(html) if clean is not None else html
    if clean is None:
        return RAW_MARK.sub(lambda m: raw[int(m[1])] if int(m[1]) < len(raw) else "", html)
    out: list[str] = []
    last = 0
    for match in RAW_MARK.finditer(html):
        piece = html[last:match.start()]
        out.append(clean(piece) if piece.strip() else piece)
        index = int(match[1])
        out.append(raw[index] if index < len(raw) else "")
        last = match.end()
    piece = html[last:]
    out.append(clean(piece) if piece.strip() else piece)
    return "".join(out)


def relpath(target: str, start_dir: str) -> str:
    """``posixpath.relpath`` for the clean relative URLs we generate (no ``.``/``..``), ~10× faster.

    Every listing row and metadata link needs one; with 100,000 entries the
    general function (which normalises and makes both paths absolute) was a
    hot spot of the build.
    """
    to = [p for p in target.split("/") if p]
    start = [p for p in start_dir.split("/") if p]
    common = 0
    for a, b in zip(to, start):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(start) - common) + to[common:]) or "."


class Site:
    """URLs and cross-references of the public view, computed once per build."""

    def __init__(self, public: PublicCatalog, *, use_directory_urls: bool = True, apply_page: str = "apply.md", settings: dict[str, Any] | None = None):
        self.public = public
        self.kinds = public.kinds
        """The kinds of this site: each kind's banner, section, downloads and extra pages."""
        self.memo: PageMemo | None = None
        """Pages of the previous build to reuse (``serve``, see ``reuse_from``); None makes every page afresh."""
        self.settings = dict(settings or {})
        """Site-wide options (site_url, site_name, plugin options such as ocid_prefix)."""
        self.use_directory_urls = use_directory_urls
        self.apply_page = apply_page
        self.by_ref = by_ref = public.lookup()
        self.interpretations: dict[str, list[Entry]] = defaultdict(list)
        self.replaced: dict[str, list[Entry]] = defaultdict(list)
        self.referring: list[Entry] = []
        """Entries that refer to another (``related`` and the fields whose facts say ``reference``)."""
        for entry in public.entries:  # fields read from __dict__: pydantic's getattr is slow for absent keys
            fields = entry.meta.__dict__
            interprets, repealed_by = fields.get("interprets"), fields.get("repealed_by")
            if fields["related"] or any(fields.get(key) for key in facts_of(type(entry.meta)).references):
                self.referring.append(entry)
                if interprets in by_ref:
                    self.interpretations[by_ref[interprets].ref].append(entry)
                if repealed_by in by_ref:
                    self.replaced[by_ref[repealed_by].ref].append(entry)

    def reuse_from(self, memo: PageMemo) -> None:
        """``serve``: start a build that may reuse the pages ``memo`` kept from the last one."""
        memo.begin(self.fingerprint)
        memo._site_now = self
        self.memo = memo

    @cached_property
    def edits(self) -> list[tuple[Entry, Entry]] | None:
        """(before, now) for each entry edited since the last completed build of this ``serve``.

        None when that can't be told cheaply — no such build, entries came or went,
        a 索引号 changed, many edits — and then everything is worked out afresh.
        """
        last = self.memo.site if self.memo is not None else None
        if last is None:
            return None
        return edits_by_ref(last.by_ref, len(last.public.entries), self.public.entries, _same_number)

    def _last_computed(self, name: str) -> Any:
        """The last build's value of a cached property, when it computed one and entries were only edited."""
        last = self.memo.site if self.memo is not None and self.edits is not None else None
        return last.__dict__.get(name) if last is not None else None

    @cached_property
    def newest_first(self) -> list[Entry]:
        """Every public entry, newest first (the order of listings and of the home page)."""
        last = self._last_computed("newest_first")
        if last is not None and all(_order_key(old) == _order_key(new) for old, new in self.edits or ()):
            return _substituted(last, self.edits or [])  # edits that keep their place: no sort of 100,000 entries
        return _sorted(self.public.entries)

    @cached_property
    def groups(self) -> dict[str, dict[str, list[Entry]]]:
        """Entries by facet (kind, topic, organ, year) and key, newest first."""
        last = self._last_computed("groups")
        if last is not None and all(_group_key(old) == _group_key(new) for old, new in self.edits or ()):
            return _regrouped(last, self.edits or [])
        return groups(self.public, self.newest_first)

    @cached_property
    def referred(self) -> dict[str, list[tuple[str, Entry]]]:
        """Entry ref → (label, entry) for the entries that name it through their kind's ``backlink`` key.

        Read from those kinds' groups only: no work per entry of any other kind.
        """
        found: dict[str, list[tuple[str, Entry]]] = defaultdict(list)
        for code, (key, why) in self.backlinks.items():
            for entry in reversed(self.groups["kind"].get(code, [])):  # oldest first
                target = self.by_ref.get(entry.meta.__dict__.get(key) or "")
                if target is not None:
                    found[target.ref].append((why, entry))
        return found

    @cached_property
    def backlinks(self) -> dict[str, tuple[str, str]]:
        """Kind code → (reference key, label) for the kinds that declare a ``backlink``."""
        return {code: kind.backlink for code, kind in self.kinds.items() if kind.backlink is not None}

    @cached_property
    def recheck(self) -> tuple[set[str], set[str]] | None:
        """Entries whose pages may differ from the last build's: (refs, kinds whose every entry may).

        An entry page reads the entry, the entries it refers to, those that refer back
        (interpretations, replacements) and, for some kinds, entries of the same kind
        (``Kind.depends``). None: check every entry's signature.
        """
        if self.edits is None:
            return None
        refs: set[str] = set()
        keys: set[str] = set()
        kinds: set[str] = set()
        for old, new in self.edits:
            refs.add(new.ref)
            keys.update(k for k in (new.ref, new.meta.index_no) if k)
            for entry in (old, new):
                fields = entry.meta.__dict__
                for key in ("interprets", "repealed_by", *(k for k, _ in self.backlinks.values())):  # the pages that list it back
                    target = self.by_ref.get(fields.get(key) or "")
                    if target is not None:
                        refs.add(target.ref)
                if self.kinds[fields["kind"]].depends is not None:
                    kinds.add(fields["kind"])
        for entry in self.referring:
            fields = entry.meta.__dict__
            if any(ref in keys for ref in (*fields["related"], *(fields.get(k) for k in facts_of(type(entry.meta)).references))):
                refs.add(entry.ref)
        return refs, kinds

    def unaffected(self, entry: Entry) -> bool:
        """``serve``: nothing an entry's page (or downloads, or search document) reads was edited since the last build."""
        recheck = self.recheck
        return recheck is not None and entry.ref not in recheck[0] and not (recheck[1] and entry.meta.kind in recheck[1])

    @cached_property
    def fingerprint(self) -> str:
        """What every page may read besides its own inputs: settings and registry names."""
        registries = [(k, v.name, v.data) for k, v in sorted(self.public.organs.items())]
        registries += [(k, v.name) for k, v in sorted(self.public.topics.items())]
        return repr((sorted(self.settings.items(), key=str), self.use_directory_urls, self.apply_page, registries))

    def cached_value(self, key: Any, signature: Signature, make: Callable[[], Any]) -> Any:
        """Like ``cached`` for any value computed from the public view (e.g. OCDS releases)."""
        return make() if self.memo is None else self.memo.value(key, signature, make)[0]

    def cached(self, key: Any, signature: Signature, make: Callable[[], Iterable[Page]]) -> list[Page]:
        """``make()``'s pages, or the previous build's when ``signature`` is unchanged."""
        if self.memo is None:
            return list(make())
        return self.memo.pages(key, signature, make)

    def untouched(self, *kinds: str) -> bool:
        """``serve``: no entry of these kinds, nor any entry one of them refers to, was edited since the last build."""
        recheck = self.recheck
        if recheck is None or any(old.meta.kind in kinds for old, _ in self.edits or ()):
            return False
        return not any(self.by_ref[ref].meta.kind in kinds for ref in recheck[0] if ref in self.by_ref)

    def cached_group(self, name: str, kinds: tuple[str, ...], make: Callable[[], Iterable[Page]]) -> list[Page]:
        """Pages made only from entries of ``kinds`` (and what those refer to): all kept while ``untouched(*kinds)``."""
        if self.memo is None:
            return list(make())
        return self.memo.group(name, self.untouched(*kinds), make)

    def cached_for_entry(self, key: Any, entry: Entry, make: Callable[[], Iterable[Page]]) -> list[Page]:
        """``cached`` for what is made from one entry (its page, its downloads): ``entry_signature``.

        After edits that ``recheck`` can follow, an entry none of them touch is
        taken over without even computing its signature.
        """
        if self.memo is None:
            return list(make())
        if self.unaffected(entry):
            kept = self.memo.reuse(key)
            if kept is not None:
                return kept
        return self.memo.pages(key, entry_signature(entry, self), make)

    # --- URLs -------------------------------------------------------------

    @staticmethod
    def entry_src(entry: Entry) -> str:
        return entry.url.rstrip("/") + ".md"

    def url_of(self, src_uri: str) -> str:
        """The page URL MkDocs will give ``src_uri``."""
        stem = src_uri[:-3]
        if stem == "index" or stem.endswith("/index"):
            return stem[:-5]
        return stem + "/" if self.use_directory_urls else stem + ".html"

    def href(self, from_src: str, to_src: str) -> str:
        """Relative link from one page to another, as a browser resolves it."""
        base = self.url_of(from_src)
        base_dir = base if base.endswith("/") or not base else posixpath.dirname(base) + "/"
        target = self.url_of(to_src)
        rel = relpath(target, base_dir)
        if target.endswith("/") and not rel.endswith("/"):
            rel += "/"
        if rel == "./":
            rel = "./"
        if not self.use_directory_urls and target.endswith("/"):
            rel += "index.html"
        return rel

    def organ_name(self, organ_id: str) -> str:
        item = self.public.organs.get(organ_id)
        return item.name if item else organ_id

    def topic_name(self, topic_id: str) -> str:
        item = self.public.topics.get(topic_id)
        return item.name if item else topic_id


# --- entry pages ------------------------------------------------------------


def _value(key: str, value: Any, site: Site, src: str) -> str:
    if key == "organ":
        return f'<a href="{escape(site.href(src, listing_src("organ", value)))}">{escape(site.organ_name(value))}</a>'
    if key == "topics":
        return "、".join(
            f'<a href="{escape(site.href(src, listing_src("topic", t)))}">{escape(site.topic_name(t))}</a>' for t in value
        )
    if key == "kind":
        return f'<a href="{escape(site.href(src, listing_src("kind", value)))}">{escape(site.kinds.name(value))}</a>'
    if key == "published":
        return f'<time datetime="{value.isoformat()}">{value.isoformat()}</time>'
    if isinstance(value, float):  # amounts: 1,980,000 rather than 1980000.0
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    if hasattr(value, "hour"):  # a deadline such as 2024-09-24 09:30
        return f'<time datetime="{value.isoformat()}">{value:%Y-%m-%d %H:%M}</time>'
    return escape(str(value))


def metadata_rows(entry: Entry, site: Site, src: str) -> Iterable[tuple[str, str]]:
    """(label, html) pairs for the metadata table: the head rows every entry has first, then the kind's own scalars."""
    meta = entry.meta
    facts = facts_of(type(meta))
    for key in facts.head:
        value = getattr(meta, key, None)
        if value in (None, "", []):
            continue
        if key == "index_no" and entry.index_no_preview:  # not in the file yet: may still change
            yield "索引号（预览）", _value(key, value, site, src)
            continue
        yield facts[key].label, _value(key, value, site, src)
    for key in facts.rows:  # not references or Markdown sections: the page shows those elsewhere
        value = getattr(meta, key)
        if value in (None, "", []) or isinstance(value, (list, dict, EntryBase)) or hasattr(value, "model_dump"):
            continue
        yield facts[key].label or key, _value(key, value, site, src)


def entry_page(entry: Entry, site: Site) -> Page:
    src = site.entry_src(entry)
    meta = entry.meta
    raw: list[str] = []
    parts = [f"# {markdown_text(meta.title)}\n"]
    kind = site.kinds[entry.kind]
    if kind.banner is not None:
        parts.append(hold(raw, kind.banner(entry, site)))
    rows = "".join(f'<tr><th scope="row">{label}</th><td>{html}</td></tr>' for label, html in metadata_rows(entry, site, src))
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
    if kind.section is not None and meta.disclosure == "主动公开":
        parts.append(hold(raw, kind.section(entry, site)))
    if entry.body.strip():
        # The body is Markdown; only its wrapper is held, so no md_in_html pass is needed.
        parts.append(hold(raw, '<div class="gk-body">') + entry.body.strip() + hold(raw, "</div>"))
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
            "published": meta.published.isoformat(),
            "kind": kind.name,
            "kind_code": entry.kind,
            "doc_no": meta.doc_no or "",
            "topics": [site.topic_name(t) for t in meta.topics],
            "keywords": list(meta.keywords),
        },
    }
    return Page(src, "\n".join(parts), page_meta, meta.title, raw)


_NO_ENTRIES: list[Entry] = []


def entry_signature(entry: Entry, site: Site) -> Signature:
    """Everything an entry's page and downloads are made from, for ``PageMemo``.

    The entry, the entries it links to (``related_entries`` reads no others), the
    entries linking back to it, and what its kind's sections read. Computed for
    every entry on every ``serve`` rebuild, so field values are read straight
    from the model's ``__dict__``.
    """
    fields = entry.meta.__dict__
    by_ref = site.by_ref
    targets = [by_ref.get(ref) for ref in fields["related"]]
    for key in facts_of(type(entry.meta)).references:
        ref = fields.get(key)
        if ref:
            targets.append(by_ref.get(ref))
    back = (tuple(site.interpretations.get(entry.ref, _NO_ENTRIES)), tuple(site.replaced.get(entry.ref, _NO_ENTRIES)), tuple(site.referred.get(entry.ref, ())))
    depends = site.kinds[fields["kind"]].depends
    return (entry, tuple(targets), back, depends(entry, site) if depends else ())


def attachment_href(entry: Entry, path: str, site: Site) -> str:
    """Link from the entry's page to a file in its folder, URL-encoded (``path`` from attachments.published_paths, or a generated name)."""
    if site.use_directory_urls:
        return attachments.href(path)
    return attachments.href(posixpath.basename(entry.url.rstrip("/")) + "/" + path)


def attachment_dest(entry: Entry, path: str) -> str:
    """Where a file of the entry is written in the site: ``<entry url><path>`` (not encoded)."""
    return entry.url + path


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


# --- listings ---------------------------------------------------------------

FACETS = {"kind": "类别", "topic": "主题分类", "organ": "发布机构", "year": "年度"}


def listing_src(facet: str, key: object, page: int = 1) -> str:
    base = f"{CATALOG_ROOT}/{facet}/{key}"
    return f"{base}/index.md" if page == 1 else f"{base}/{page}.md"


def _same_number(old: Entry, new: Entry) -> bool:
    return old.meta.index_no == new.meta.index_no


def _order_key(entry: Entry) -> tuple[Any, str]:
    return (entry.meta.published, entry.meta.index_no or "")


def _sorted(entries: Iterable[Entry]) -> list[Entry]:
    return sorted(entries, key=_order_key, reverse=True)


def _group_key(entry: Entry) -> tuple[Any, ...]:
    meta = entry.meta
    return (meta.published, meta.index_no, meta.kind, meta.organ, tuple(meta.topics))


def _at(entries: list[Entry], entry: Entry) -> int:
    """Where ``entry`` itself is in ``entries`` (list.index compares by value)."""
    for i, other in enumerate(entries):
        if other is entry:
            return i
    raise ValueError(entry.ref)


def _substituted(entries: list[Entry], edits: list[tuple[Entry, Entry]]) -> list[Entry]:
    """A copy of ``entries`` with each edited entry in its old one's place."""
    out = list(entries)
    for old, new in edits:
        out[_at(out, old)] = new
    return out


def _regrouped(last: dict[str, dict[str, list[Entry]]], edits: list[tuple[Entry, Entry]]) -> dict[str, dict[str, list[Entry]]]:
    """The last build's groups with each edited entry in its old one's place (only those lists are copied)."""
    out = {facet: dict(keyed) for facet, keyed in last.items()}
    for old, new in edits:
        meta = new.meta
        for facet, keys in (("kind", [meta.kind]), ("organ", [meta.organ]), ("year", [str(meta.published.year)]), ("topic", meta.topics)):
            for key in keys:
                if out[facet][key] is last[facet][key]:
                    out[facet][key] = list(last[facet][key])
                entries = out[facet][key]
                entries[_at(entries, old)] = new
    return out


def groups(public: PublicCatalog, newest_first: list[Entry] | None = None) -> dict[str, dict[str, list[Entry]]]:
    """Entries by facet and key, newest first: one sort, then each group keeps that order."""
    by: dict[str, dict[str, list[Entry]]] = {facet: defaultdict(list) for facet in FACETS}
    kinds, organs, years, topics = by["kind"], by["organ"], by["year"], by["topic"]
    for entry in newest_first if newest_first is not None else _sorted(public.entries):
        meta = entry.meta
        kinds[meta.kind].append(entry)
        organs[meta.organ].append(entry)
        years[str(meta.published.year)].append(entry)
        for topic in meta.topics:
            topics[topic].append(entry)
    return {facet: dict(keyed) for facet, keyed in by.items()}


def facet_name(site: Site, facet: str, key: str) -> str:
    if facet == "kind":
        return site.kinds.name(key)
    if facet == "organ":
        return site.organ_name(key)
    if facet == "topic":
        return site.topic_name(key)
    return f"{key} 年"


def listing_table(entries: list[Entry], site: Site, src: str, caption: str) -> str:
    rows = []
    for entry in entries:
        meta = entry.meta
        href = escape(site.href(src, site.entry_src(entry)))
        tag = ' <span class="gk-tag">依申请公开</span>' if meta.disclosure == "依申请公开" else ""
        if meta.validity in ("失效", "废止"):
            tag += f' <span class="gk-tag gk-invalid">已{meta.validity}</span>'
        index_no = escape(meta.index_no or "").replace("/", "/<wbr>")
        rows.append(
            f'<tr><td><a href="{href}">{escape(meta.title)}</a>{tag}</td>'
            f"<td>{escape(meta.doc_no or '')}</td>"
            f"<td>{escape(site.organ_name(meta.organ))}</td>"
            f'<td><time datetime="{meta.published}">{meta.published}</time></td>'
            f'<td class="gk-index-no">{index_no}</td></tr>'
        )
    head = '<tr><th scope="col">标题</th><th scope="col">文号</th><th scope="col">发布机构</th><th scope="col">发布日期</th><th scope="col">索引号</th></tr>'
    return (
        f'<div class="gk-listing-wrap"><table class="gk-listing">\n<caption>{escape(caption)}</caption>\n'
        f"<thead>{head}</thead>\n<tbody>{''.join(rows)}</tbody>\n</table></div>\n"
    )


def pager(facet: str, key: str, page: int, pages: int, site: Site, src: str) -> str:
    if pages <= 1:
        return ""
    links = []
    if page > 1:
        links.append(f'<a href="{escape(site.href(src, listing_src(facet, key, page - 1)))}" rel="prev">上一页</a>')
    for n in range(1, pages + 1):
        if n == page:
            links.append(f'<span aria-current="page">{n}</span>')
        elif n in (1, pages) or abs(n - page) <= 2:
            links.append(f'<a href="{escape(site.href(src, listing_src(facet, key, n)))}">{n}</a>')
        elif links[-1] != "…":
            links.append("…")
    if page < pages:
        links.append(f'<a href="{escape(site.href(src, listing_src(facet, key, page + 1)))}" rel="next">下一页</a>')
    return f'<nav class="gk-pager" aria-label="分页">{" ".join(links)}</nav>\n'


def listing_pages(public: PublicCatalog, site: Site, page_size: int = PAGE_SIZE) -> Iterable[Page]:
    by = site.groups
    for facet, label in FACETS.items():
        keyed = by[facet]
        ordered = sorted(keyed, reverse=facet == "year")
        hub_src = f"{CATALOG_ROOT}/{facet}/index.md"
        counts = tuple((key, len(keyed[key])) for key in ordered)
        yield from site.cached(hub_src, counts, lambda: [facet_hub(site, facet, label, hub_src, counts)])
        for key in ordered:
            entries = keyed[key]
            pages = max(1, -(-len(entries) // page_size))
            name = facet_name(site, facet, key)
            for page in range(1, pages + 1):
                src = listing_src(facet, key, page)
                chunk = entries[(page - 1) * page_size : page * page_size]
                signature = (name, len(entries), pages, tuple(chunk))
                yield from site.cached(src, signature, lambda: [listing_page(site, facet, label, key, name, page, pages, entries, chunk)])


def facet_hub(site: Site, facet: str, label: str, hub_src: str, counts: tuple[tuple[str, int], ...]) -> Page:
    """按类别浏览 …: every key of one facet with its count."""
    items = "".join(
        f'<li><a href="{escape(site.href(hub_src, listing_src(facet, key)))}">{escape(facet_name(site, facet, key))}</a> '
        f'<span class="gk-count">（{count} 条）</span></li>'
        for key, count in counts
    )
    raw: list[str] = []
    return Page(hub_src, f"# 按{label}浏览\n" + hold(raw, f'<ul class="gk-facets">{items}</ul>'), title=f"按{label}浏览", raw=raw)


def listing_page(site: Site, facet: str, label: str, key: str, name: str, page: int, pages: int, entries: list[Entry], chunk: list[Entry]) -> Page:
    """One page of one facet key's listing, newest first."""
    src = listing_src(facet, key, page)
    title = f"{label}：{name}" + (f"（第 {page} 页）" if page > 1 else "")
    raw: list[str] = []
    md = f"# {markdown_text(title)}\n" + hold(
        raw,
        f'<p class="gk-total">共 {len(entries)} 条</p>\n'
        + listing_table(chunk, site, src, f"{name}，第 {page} 页，共 {pages} 页")
        + pager(facet, key, page, pages, site, src),
    )
    return Page(src, md, title=title, raw=raw)


def catalog_home(public: PublicCatalog, site: Site) -> Page:
    src = f"{CATALOG_ROOT}/index.md"
    by = site.groups
    kinds = "".join(
        f'<li><a href="{escape(site.href(src, listing_src("kind", k)))}">{escape(name)}</a> <span class="gk-count">（{len(by["kind"].get(k, []))} 条）</span></li>'
        for k, name in site.kinds.names.items()
        if k in by["kind"]
    )
    facets = "".join(
        f'<li><a href="{escape(site.href(src, f"{CATALOG_ROOT}/{facet}/index.md"))}">按{label}浏览</a></li>' for facet, label in FACETS.items()
    )
    latest = site.newest_first[:20]
    raw: list[str] = []
    md = "# 政府信息公开目录\n" + hold(
        raw,
        f"<p class=\"gk-total\">目录共收录公开信息 {len(public.entries)} 条。</p>\n"
        f'<h2 id="by-kind">信息类别</h2>\n<ul class="gk-facets">{kinds}</ul>\n'
        f'<h2 id="browse">浏览方式</h2>\n<ul class="gk-facets">{facets}</ul>\n'
        f'<h2 id="latest">最新发布</h2>\n' + listing_table(latest, site, src, "最新发布的 20 条信息"),
    )
    return Page(src, md, title="政府信息公开目录", raw=raw)


def all_pages(public: PublicCatalog, site: Site) -> Iterable[Page]:
    """Every generated page; with ``site.memo`` the unchanged ones come from the last build."""
    yield catalog_home(public, site)
    yield from listing_pages(public, site)
    for entry in public.entries:
        if site.memo is None:
            yield entry_page(entry, site)
        else:
            yield from site.cached_for_entry(("entry", entry.ref), entry, lambda: [entry_page(entry, site)])
    for kind in site.kinds.values():
        if kind.pages is not None:
            yield from kind.pages(public, site)
    yield from download_pages(public, site)


def download_pages(public: PublicCatalog, site: Site) -> Iterable[Page]:
    """Files beside the entry pages (CSV of the tables), from the public view only: only for entries shown in full."""
    kinds = site.kinds
    for entry in public.entries:
        meta = entry.meta
        make = kinds[entry.kind].downloads
        if make is None or meta.disclosure != "主动公开":
            continue
        yield from site.cached_for_entry(("downloads", entry.ref), entry, lambda: _files(entry, site, make))


def _files(entry: Entry, site: Site, make: Callable[[Entry, Any], list[tuple[str, bytes]]]) -> list[Page]:
    return [Page(attachment_dest(entry, name), data.decode("utf-8")) for name, data in make(entry, site)]
