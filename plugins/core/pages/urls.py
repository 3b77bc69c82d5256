"""Where generated pages live and how one links to another: the catalog root, the facets' listing paths, relative links.

Plain strings, no view of the catalog: the ``Site`` turns them into the URLs MkDocs gives.
"""

from __future__ import annotations


CATALOG_ROOT = "catalog"

FACETS = {"kind": "类别", "topic": "主题分类", "organ": "发布机构", "year": "年度"}
"""The facets a listing is by: key → label."""


def listing_src(facet: str, key: object, page: int = 1) -> str:
    base = f"{CATALOG_ROOT}/{facet}/{key}"
    return f"{base}/index.md" if page == 1 else f"{base}/{page}.md"


def archive_src(facet: str, key: object, page: int, pages: int) -> str:
    """Page ``page`` of a facet key's listing numbered from the oldest end (1 holds the oldest entries).

    The newest page, ``pages``, is the listing's front (``index.md``); every other page keeps its
    address and its entries while entries are added at the newest end, so a ``serve`` rebuild after
    an added entry remakes the front page, not every page after it.
    """
    return listing_src(facet, key) if page == pages else f"{CATALOG_ROOT}/{facet}/{key}/{page}.md"


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
