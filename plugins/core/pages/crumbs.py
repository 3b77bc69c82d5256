"""当前位置 (breadcrumbs): where a generated page sits, 首页 › 政府信息公开 › 类别 › 年度 › 本页.

A page generator names its trail; the theme prints it as ``<nav aria-label="当前位置">``
with an ordered list and as BreadcrumbList JSON-LD (``partials/gk-crumbs.html``).
Pages that name none (hand-written ones) get 首页 › their title there. No MkDocs here.
"""

from __future__ import annotations

from typing import Any

from ..load.model import Entry
from .site import Site
from .urls import CATALOG_ROOT, FACETS, listing_src

HOME = "index.md"
CATALOG = f"{CATALOG_ROOT}/index.md"
CATALOG_LABEL = "政府信息公开"
META_KEY = "gk_crumbs"
"""Page meta key the theme reads."""


def trail(site: Site, src: str, steps: list[tuple[str, str | None]]) -> list[dict[str, Any]]:
    """Each step as ``{name, href, url}``: ``href`` relative to the page ``src`` (None for the page itself),
    ``url`` absolute when ``site_url`` is set (for JSON-LD), else site-relative."""
    base = str(site.settings.get("site_url") or "")
    if base and not base.endswith("/"):
        base += "/"
    out: list[dict[str, Any]] = []
    for name, to in steps:
        target = to if to is not None else src
        href = None if to is None else site.href(src, to)
        if href is not None and (href == "." or href.endswith("..")):  # the home page: a folder link, not "../.."
            href += "/" if site.use_directory_urls else "/index.html"
        out.append({"name": name, "href": href, "url": base + site.url_of(target)})
    return out


def entry_trail(entry: Entry, site: Site) -> list[dict[str, Any]]:
    """首页 › 政府信息公开 › 类别 › 年度 › 标题."""
    year = None if entry.year is None else str(entry.year)  # an undated archive entry is in no year listing
    return trail(site, site.entry_src(entry), [
        ("首页", HOME),
        (CATALOG_LABEL, CATALOG),
        (site.kinds.name(entry.kind), listing_src("kind", entry.kind)),
        *([(f"{year}年", listing_src("year", year))] if year else []),
        (entry.meta.title, None),
    ])


def listing_trail(site: Site, src: str, facet: str, key: str, name: str, page: int = 0) -> list[dict[str, Any]]:
    """首页 › 政府信息公开 › 按X浏览 › 名称 (› 第n页 for an older page); ``name`` as the listing shows it, 0 for its front page."""
    steps: list[tuple[str, str | None]] = [("首页", HOME), (CATALOG_LABEL, CATALOG), (f"按{FACETS[facet]}浏览", f"{CATALOG_ROOT}/{facet}/index.md")]
    steps += [(name, listing_src(facet, key)), (f"第{page}页", None)] if page else [(name, None)]
    return trail(site, src, steps)


def hub_trail(site: Site, src: str, facet: str) -> list[dict[str, Any]]:
    """首页 › 政府信息公开 › 按X浏览."""
    return trail(site, src, [("首页", HOME), (CATALOG_LABEL, CATALOG), (f"按{FACETS[facet]}浏览", None)])


def top_trail(site: Site, src: str, title: str) -> list[dict[str, Any]]:
    """首页 › 本页 (the catalog home, the site map, a kind's own pages)."""
    return trail(site, src, [("首页", HOME), (title, None)])
