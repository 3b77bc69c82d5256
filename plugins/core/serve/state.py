"""What one ``build.py serve`` process keeps between rebuilds of one site folder. No MkDocs here.

MkDocs keeps a plugin object for the whole process when it defines
``on_startup`` (ours does), so the ``gk-catalog`` plugin owns one ServeState
per site folder and hands it to the stages that reuse work: the pipeline
(memos, parse cache, file journal), the renderer (``pages``), search, the
exports and the writers of output files (``keep``, outputs.py). Nothing of it lives at module level, and a run without a
ServeState (``check``, ``build``, ``review``, tests) starts from nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from . import journal
from .memo import Store
from .pagememo import PageMemo

T = TypeVar("T")


class ServeState:
    """The work of the last rebuild, kept for the next one."""

    def __init__(self, site_dir: str = "") -> None:
        self.site_dir = site_dir
        self.memos = Store()
        """Per-entry memos of load, check, the wall and the kinds (memo.py)."""
        self.pages = PageMemo()
        """Generated pages of the last completed build (pagememo.py)."""
        self.settled = False
        """The first build's survivors are frozen out of the garbage collector's way."""
        self.warnings: set[str] = set()
        """Warnings the last rebuild listed: a rebuild lists only new ones."""
        self._kept: dict[Any, Any] = {}
        self._journal: tuple[str, journal.Journal | None] | None = None

    def keep(self, key: Any, make: Callable[[], T]) -> T:
        """What a stage keeps under its own ``key`` (the parse cache, the search index, the exports), made once."""
        found = self._kept.get(key)
        if found is None:
            found = self._kept[key] = make()
        return found  # type: ignore[no-any-return]

    def written(self, catalog_dir: str, walked: Callable[[Any], bool]) -> set[str] | None:
        """Files written under the catalog since the last rebuild; None when only a full listing can tell.

        The first call opens the journal (before the listing, so nothing written during it is missed).
        """
        if self._journal is not None and self._journal[0] == catalog_dir:
            found = self._journal[1]
            return found.take() if found is not None else None
        self.close()
        self._journal = (catalog_dir, journal.open_journal(catalog_dir, walked))
        return None

    def close(self) -> None:
        """Let go of the kernel handle of the journal."""
        if self._journal is not None and self._journal[1] is not None:
            self._journal[1].close()
        self._journal = None
