"""load → validate → assign 索引号 → filter: the build up to rendering. No MkDocs here.

Run again in the same process (``serve``), unchanged files give the same Entry
objects and the per-entry work done for them last time is reused (see memo.py);
the whole catalog still goes through the same steps, so the result is the one
a cold run would give.
"""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass, field
from pathlib import Path

from . import allowlist, gcpause, indexno, memo, negative_list, parsecache, sanitize
from .diagnostics import Diagnostic, errors_of
from .kinds import KIND_RULES
from .loader import load_catalog
from .model import Catalog, Entry
from .rules import RULES, check_catalog
from .wall import PublicCatalog, public_view


@dataclass
class Result:
    catalog: Catalog
    diagnostics: list[Diagnostic]
    public: PublicCatalog | None = None
    """None when there are errors: nothing is rendered from a catalog with errors."""
    assigned: list[Entry] = field(default_factory=list)
    """Entries that got a 索引号 in this run (not yet written back)."""

    @property
    def errors(self) -> list[Diagnostic]:
        return errors_of(self.diagnostics)


@gcpause.paused  # a third of a 100,000-entry check was the cyclic GC walking the growing heap
def run(catalog_dir: Path, root: Path | None = None, *, write_index_no: bool = False, reuse: bool = True, watch: bool = False) -> Result:
    """Load and check the catalog; build the public view only when it is clean.

    ``reuse=False`` does every step afresh, without reading or filling the in-process memos.
    ``watch=True`` (``serve``): later runs learn which files changed from the kernel (journal.py).
    """
    if not reuse:
        return _run(catalog_dir, root, write_index_no=write_index_no)
    with memo.session(_shared_inputs(Path(catalog_dir), root)):
        return _run(catalog_dir, root, write_index_no=write_index_no, watch=watch)


SHARED_FILES = ("organs.yml", "topics.yml", "negative-list.yml", allowlist.FILE_NAME)
"""Files every entry's checks may read: a change to one empties every memo."""


def _shared_inputs(catalog_dir: Path, root: Path | None) -> str:
    """Fingerprint of what all per-entry results depend on besides the entry itself."""
    parts: list[bytes | str] = [str(catalog_dir.resolve()), str(Path(root).resolve() if root else ""), str(datetime.date.today()), parsecache.CACHE_VERSION]
    for name in SHARED_FILES:
        try:
            with open(os.path.join(catalog_dir, name), "rb") as file:
                parts.append(file.read())
        except OSError:
            parts.append("-")
    return memo.fingerprint(*parts)


def _run(catalog_dir: Path, root: Path | None = None, *, write_index_no: bool = False, watch: bool = False) -> Result:
    catalog, diagnostics = load_catalog(Path(catalog_dir), root=root, watch=watch)
    diagnostics += negative_list.check(Path(catalog_dir) / "negative-list.yml", catalog.root, catalog)
    allowed, found = allowlist.load(Path(catalog_dir) / allowlist.FILE_NAME, catalog.root, catalog.negative_list)
    diagnostics += found
    diagnostics += check_catalog(catalog, RULES + KIND_RULES)
    result = Result(catalog, diagnostics)
    if result.errors:
        # Still list what the detectors find, so the editor sees every error at once.
        public, wall_problems = public_view(catalog, allowed)
        result.diagnostics += [d for d in wall_problems if d.code != "allowlist-stale"]
        result.diagnostics += sanitize.check_public(public.entries, catalog.root)
        return result
    if any(not entry.meta.index_no for entry in catalog.entries):  # reading every 索引号 is slow; usually all are there
        result.assigned = indexno.assign(catalog)
    if write_index_no:
        for entry in result.assigned:
            indexno.write_back(entry, catalog.root)
    result.public, wall_problems = public_view(catalog, allowed)
    result.diagnostics += wall_problems
    result.diagnostics += sanitize.check_public(result.public.entries, catalog.root)  # markup the site will not show
    if result.errors:
        result.public = None
    return result
