"""Every generated page of the site, in one order: home, listings, entry pages, the kinds' own pages, downloads.

Pure functions over a PublicCatalog; they never see a withheld entry. No MkDocs here.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Literal, overload

from ..load.model import Entry
from ..wall.view import PublicCatalog
from .entries import download_pages, entry_page
from .listings import catalog_home, listing_pages
from .page import Later, Page
from .site import Site
from .sitemap_page import site_map


@overload
def all_pages(public: PublicCatalog, site: Site, later: Literal[False] = False) -> Iterable[Page]: ...
@overload
def all_pages(public: PublicCatalog, site: Site, later: bool) -> Iterable[Page | Later]: ...


def all_pages(public: PublicCatalog, site: Site, later: bool = False) -> Iterable[Page | Later]:
    """Every generated page; with ``site.memo`` the unchanged ones come from the last build.

    ``later``: entry pages as ``Later`` (made where they are rendered; not with ``site.memo``).
    """
    yield catalog_home(public, site)
    yield from listing_pages(public, site)
    for entry in public.entries:
        if site.memo is None and later:
            yield Later(site.entry_src(entry), functools.partial(entry_page, entry, site))
        elif site.memo is None:
            yield entry_page(entry, site)
        else:
            yield from site.cached_for_entry(("entry", entry.ref), entry, functools.partial(_as_list, entry, site))
    for kind in site.kinds.values():
        if kind.pages is not None:
            yield from kind.pages(public, site)
    yield from download_pages(public, site)
    yield site_map(public, site)


def _as_list(entry: Entry, site: Site) -> list[Page]:
    """One entry's page as the list ``Site.cached_for_entry`` keeps (bound with partial: no loop variable read late)."""
    return [entry_page(entry, site)]
