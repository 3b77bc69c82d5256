"""Every generated page of the site, in one order: home, listings, entry pages, the kinds' own pages, downloads.

Pure functions over a PublicCatalog; they never see a withheld entry. No MkDocs here.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..wall.view import PublicCatalog
from .entries import download_pages, entry_page
from .listings import catalog_home, listing_pages
from .page import Page
from .site import Site


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
