"""What the wall decided for one entry, and what ``build.py allow`` needs of a finding.

Kept apart so the decision (public.py), the scan (scan.py) and the link check (links.py) share one record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..problems import detectors
from . import exposure
from ..serve import memo
from ..problems.diagnostics import Diagnostic
from ..load.model import Entry
from ..load.yamlpos import Path_


@dataclass(frozen=True)
class Finding:
    """One detector hit or unscanned attachment with what ``build.py allow`` needs to record it.

    ``value`` stays in memory: ``allow`` hashes it with a salt and prints only its length."""

    file: str
    line: int
    column: int
    detector: str
    value: str = field(repr=False)
    diagnostic: Diagnostic | None = field(default=None, repr=False)
    file_sha256: str = ""


@dataclass
class _Admission:
    """What the wall decided for one entry, with every count it took and note it made.

    Kept (memo.py) and replayed when the same entry comes back in the next run,
    so the counters come out as a fresh run would make them.
    """

    public: Entry | None = None
    """The entry's public form, or None when it is withheld."""
    strings: list[tuple[Path_, str]] | None = field(default_factory=list)
    """Every string of the public form (``exposure.texts``); dropped once scanned unless links need them."""
    hints: set[str] = field(default_factory=set)
    withheld: tuple[str, str, str] | None = None
    """(negative-list item id, basis, article) this entry is counted under when withheld."""
    keys: list[str] = field(default_factory=list)
    """Its ref and 索引号, when withheld: no public entry may point at them."""
    index_no: str | None = None
    files: list[str] = field(default_factory=list)
    """Real paths of its files no public entry may publish."""
    on_request: str | None = None
    redacted: list[tuple[str, int]] = field(default_factory=list)
    """(item id, values replaced), in the order they were counted."""
    problems: list[Diagnostic] = field(default_factory=list)
    attachments: tuple[Any, ...] = ()
    """Size and modification time of the attachments read to decide: a change decides again."""
    hits: list[tuple[Path_, detectors.Hit, int, int]] | None = None
    """Detector and pattern hits in the public text with their place in the file, once scanned."""
    mentions: list[tuple[Path_, str, int, str]] | None = None
    """Link targets and 索引号 the public text mentions, once looked for."""

    @property
    def counts_nothing(self) -> bool:
        """Published as it is: nothing to count, remember or report (almost every entry)."""
        return self.withheld is None and not self.files and self.on_request is None and not self.redacted and not self.problems


_ADMISSIONS: memo.EntryMemo[_Admission] = memo.EntryMemo("wall.admit")


def _attachment_stamps(entry: Entry) -> tuple[Any, ...]:
    """The attachments' size and modification time: the wall reads them to decide."""
    if entry.abs_dir is None or not entry.meta.attachments:
        return ()
    return tuple(memo.stamp(str(path)) for _, path in exposure.attachment_paths(entry))
