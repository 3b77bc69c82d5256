"""The catalog's home, the facet hubs and the paginated listings (raw HTML tables: no Markdown parsing per row)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import Any
from html import escape

from ..load.model import Entry
from ..wall.sanitize import markdown_text
from ..wall.view import PublicCatalog
from .crumbs import META_KEY, hub_trail, listing_trail, top_trail
from .numbers import year
from .page import Page, hold
from .site import Site
from .trees import hub_list, hub_order, topic_label
from .urls import CATALOG_ROOT, FACETS, listing_src


PAGE_SIZE = 50


def facet_name(site: Site, facet: str, key: str) -> str:
    if facet == "kind":
        return site.kinds.name(key)
    if facet == "organ":
        return site.organ_name(key)
    if facet == "topic":
        return topic_label(site.topic_name(key))
    return year(key)


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
        ordered = hub_order(site, facet, keyed)
        hub_src = f"{CATALOG_ROOT}/{facet}/index.md"
        counts = tuple((key, len(keyed[key])) for key in ordered)
        yield from site.cached(hub_src, counts, functools.partial(_listed, facet_hub, site, facet, label, hub_src, counts))
        for key in ordered:
            entries = keyed[key]
            pages = max(1, -(-len(entries) // page_size))
            name = facet_name(site, facet, key)
            for page in range(1, pages + 1):
                src = listing_src(facet, key, page)
                chunk = entries[(page - 1) * page_size : page * page_size]
                signature = (name, len(entries), pages, tuple(chunk))
                yield from site.cached(src, signature, functools.partial(_listed, listing_page, site, facet, label, key, name, page, pages, entries, chunk))


def facet_hub(site: Site, facet: str, label: str, hub_src: str, counts: tuple[tuple[str, int], ...]) -> Page:
    """按类别浏览 …: every key of one facet with its count."""
    raw: list[str] = []
    md = f"# 按{label}浏览\n" + hold(raw, hub_list(site, facet, hub_src, counts))
    return Page(hub_src, md, {META_KEY: hub_trail(site, hub_src, facet)}, title=f"按{label}浏览", raw=raw)


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
    return Page(src, md, {META_KEY: listing_trail(site, src, facet, key, name, page)}, title=title, raw=raw)


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
    return Page(src, md, {META_KEY: top_trail(site, src, "政府信息公开目录")}, title="政府信息公开目录", raw=raw)


def _listed(make: Callable[..., Page], *args: Any) -> list[Page]:
    """``make(*args)`` as the one-page list ``Site.cached`` keeps (bound with partial: no loop variable read late)."""
    return [make(*args)]
