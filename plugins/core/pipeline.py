"""load → validate → assign 索引号 → filter: the build up to rendering. No MkDocs here."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import allowlist, gcpause, indexno, negative_list
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
def run(catalog_dir: Path, root: Path | None = None, *, write_index_no: bool = False) -> Result:
    """Load and check the catalog; build the public view only when it is clean."""
    catalog, diagnostics = load_catalog(Path(catalog_dir), root=root)
    diagnostics += negative_list.check(Path(catalog_dir) / "negative-list.yml", catalog.root, catalog)
    allowed, found = allowlist.load(Path(catalog_dir) / allowlist.FILE_NAME, catalog.root, catalog.negative_list)
    diagnostics += found
    diagnostics += check_catalog(catalog, RULES + KIND_RULES)
    result = Result(catalog, diagnostics)
    if result.errors:
        # Still list what the detectors find, so the editor sees every error at once.
        _, wall_problems = public_view(catalog, allowed)
        result.diagnostics += [d for d in wall_problems if d.code != "allowlist-stale"]
        return result
    result.assigned = indexno.assign(catalog)
    if write_index_no:
        for entry in result.assigned:
            indexno.write_back(entry, catalog.root)
    result.public, wall_problems = public_view(catalog, allowed)
    result.diagnostics += wall_problems
    if result.errors:
        result.public = None
    return result
