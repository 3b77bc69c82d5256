"""CSV downloads written beside entry pages, generated from the public view only.

Each kind registers a maker ``(entry, site) -> [(file name, bytes)]``; the files
reach the site through ``render.EXTRA_PAGES`` (the plugin adds them with
``File.generated``), so they exist only for entries the wall let through in full.
No MkDocs here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from ..load.model import Entry
from ..pages.render import EXTRA_PAGES, Page, Site, attachment_dest
from ..wall.view import PublicCatalog

FileMaker = Callable[[Entry, Any], list[tuple[str, bytes]]]
FILE_MAKERS: dict[str, FileMaker] = {}


def download_pages(public: PublicCatalog, site: Site) -> Iterable[Page]:
    for entry in public.entries:
        meta = entry.meta
        make = FILE_MAKERS.get(meta.kind)  # type: ignore[attr-defined]
        if make is None or meta.disclosure != "主动公开":
            continue
        yield from site.cached_for_entry(("downloads", entry.ref), entry, lambda: _files(entry, site, make))


def _files(entry: Entry, site: Site, make: FileMaker) -> list[Page]:
    return [Page(attachment_dest(entry, name), data.decode("utf-8")) for name, data in make(entry, site)]


EXTRA_PAGES.append(download_pages)
