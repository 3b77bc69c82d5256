"""What changed since the last run: found once per rebuild and handed to the stages. No MkDocs here.

The loader hands back the same Entry object for every unchanged file, so an
edit is an entry that is another object at the same place. ``ChangeSet`` is
worked out by the pipeline right after loading (from the journal's list of
written files and the entries of the last run) and travels on the Result; the
rules read it instead of comparing the catalog again. The renderer compares
with the last *completed* build (a run with errors builds no pages), with the
same function (``edits_by_ref``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

MANY_EDITS = 50
"""More entries edited at once than this (a git pull): ``serve`` works everything out afresh."""

Edits = list[tuple[Any, Any]]


@dataclass(frozen=True)
class ChangeSet:
    """The difference between this run's entries and the last run's."""

    written: frozenset[str] | None = None
    """Files the kernel saw written since the last run; None: unknown (every file was listed and checked)."""
    edited: Edits | None = None
    """(before, now) for each entry that is another object at the same place; None when that can't be told
    cheaply — no last run (the first, or settings or registries changed), entries came or went, many edits."""

    @property
    def fresh(self) -> bool:
        """Nothing of the last run can be compared: every stage works everything out afresh."""
        return self.edited is None

    @classmethod
    def between(cls, before: Sequence[Any] | None, now: Sequence[Any], written: set[str] | None = None) -> ChangeSet:
        """From the last run's entries (None: there is none) to this run's, place by place."""
        frozen = frozenset(written) if written is not None else None
        if before is None or len(before) != len(now):
            return cls(frozen, None)  # files came or went
        edited = [(old, new) for old, new in zip(before, now) if old is not new]
        return cls(frozen, edited if len(edited) <= MANY_EDITS else None)


def edits_by_ref(before: Mapping[str, Any] | None, count: int, now: Sequence[Any], same: Callable[[Any, Any], bool]) -> Edits | None:
    """(before, now) for each entry of ``now`` that is another object than the one under its ref in ``before``.

    None when that can't be told cheaply: no ``before``, entries came or went (``count`` differs),
    an entry is new, ``same(old, new)`` says its identity changed, or more than ``MANY_EDITS``.
    """
    if before is None or count != len(now):
        return None
    edits: Edits = []
    for entry in now:
        old = before.get(entry.ref)
        if old is not entry:
            if old is None or not same(old, entry) or len(edits) == MANY_EDITS:
                return None
            edits.append((old, entry))
    return edits
