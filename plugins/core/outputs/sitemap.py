"""sitemap.xml for the built pages, with 发布日期 as lastmod. No MkDocs here.

MkDocs' own sitemap is empty without ``site_url``, stamps every page with the
build date, and ignores the protocol's limit of 50,000 URLs per file (a
100,000-entry catalog has more pages than that). This one is written from the
pages actually built (all public: they come from content/ and the
PublicCatalog), gives an entry its 发布日期, and splits into a sitemap index
with ``sitemaps/sitemap-<n>.xml`` parts when needed.
"""

from __future__ import annotations

import datetime
import gzip
from collections.abc import Iterable
from xml.sax.saxutils import escape

MAX_URLS = 50_000
NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def _urlset(items: Iterable[tuple[str, datetime.date | None]]) -> bytes:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<urlset xmlns="{NS}">']
    for loc, lastmod in items:
        stamp = f"<lastmod>{lastmod.isoformat()}</lastmod>" if lastmod else ""
        lines.append(f"<url><loc>{escape(loc)}</loc>{stamp}</url>")
    lines.append("</urlset>\n")
    return "\n".join(lines).encode("utf-8")


def sitemap_files(site_url: str, pages: Iterable[tuple[str, datetime.date | None]], max_urls: int = MAX_URLS) -> dict[str, bytes]:
    """Files by path in the site. ``pages`` are (URL relative to the site root, lastmod or None).

    Returns ``{}`` without a ``site_url``: the protocol requires absolute URLs.
    """
    if not site_url:
        return {}
    base = site_url if site_url.endswith("/") else site_url + "/"
    items = sorted((base + ("" if url in (".", "./") else url.removeprefix("./")), lastmod) for url, lastmod in pages)
    if len(items) <= max_urls:
        body = _urlset(items)
        return {"sitemap.xml": body, "sitemap.xml.gz": gzip.compress(body, mtime=0)}
    files: dict[str, bytes] = {}
    index = ['<?xml version="1.0" encoding="UTF-8"?>', f'<sitemapindex xmlns="{NS}">']
    for n, start in enumerate(range(0, len(items), max_urls), 1):
        chunk = items[start : start + max_urls]
        path = f"sitemaps/sitemap-{n}.xml"
        files[path] = _urlset(chunk)
        newest = max((d for _, d in chunk if d), default=None)
        stamp = f"<lastmod>{newest.isoformat()}</lastmod>" if newest else ""
        index.append(f"<sitemap><loc>{escape(base + path)}</loc>{stamp}</sitemap>")
    index.append("</sitemapindex>\n")
    body = "\n".join(index).encode("utf-8")
    files["sitemap.xml"] = body
    files["sitemap.xml.gz"] = gzip.compress(body, mtime=0)
    return files
