"""Where an entry's attachments are published (the policy of where they may come from: load/attachment_policy.py).

Published files go into the entry's URL folder under their own name; a name
that another attachment of the entry already takes (compared case-blind, as
Windows and macOS servers do) or that a generated file uses (``index.html``,
the CSV downloads) goes into a numbered sub-folder instead, so nothing is ever
overwritten. Links are URL-encoded; the file keeps its name.
"""
from __future__ import annotations

import posixpath
import re
import unicodedata
from pathlib import Path
from urllib.parse import quote

from ..load.attachment_policy import allowed
from ..load.model import Catalog, Entry
from .site import Site

GENERATED = re.compile(r"(?:index\.(?:html?|md)|404\.html|sitemap\.xml(?:\.gz)?|search.*\.json|robots\.txt|feed.*\.xml|three-public\.csv|table-\d+\.csv)", re.I)
"""Names the build writes into an entry's folder (or the site root): an attachment never takes them."""



# --- where they are published --------------------------------------------------------------


def published_paths(entry: Entry) -> list[str]:
    """Path of each attachment under the entry's URL folder: unique, case-blind, never a generated name."""
    taken: set[str] = set()
    out = []
    for attachment in entry.meta.attachments:
        name = posixpath.basename(attachment.file.replace("\\", "/")) or "attachment"
        path, n = name, 1
        while _same(path) in taken or (n == 1 and GENERATED.fullmatch(name)):
            n += 1
            path = f"{n}/{name}"
        taken.add(_same(path))
        out.append(path)
    return out


def _same(path: str) -> str:
    """What two names share when a server's file system takes them for one (case, composed accents)."""
    return unicodedata.normalize("NFC", path).casefold()


def href(path: str) -> str:
    """A published path as a link: every character that means something in a URL encoded."""
    return quote(path, safe="/")


def copies(entry: Entry, catalog_root: Path, catalog: Catalog | None) -> list[tuple[str, str]]:
    """(real source path, path under the entry folder) for each attachment the policy allows."""
    out = []
    for i, path in enumerate(published_paths(entry)):
        if catalog is None:
            continue
        real = allowed(entry, i, catalog)
        if real is not None:
            out.append((real, path))
    return out


# --- links to them ------------------------------------------------------------------


def attachment_href(entry: Entry, path: str, site: Site) -> str:
    """Link from the entry's page to a file in its folder, URL-encoded (``path`` from attachments.published_paths, or a generated name)."""
    if site.use_directory_urls:
        return href(path)
    return href(posixpath.basename(entry.url.rstrip("/")) + "/" + path)


def attachment_dest(entry: Entry, path: str) -> str:
    """Where a file of the entry is written in the site: ``<entry url><path>`` (not encoded)."""
    return entry.url + path
