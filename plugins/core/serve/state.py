"""What one ``build.py serve`` process keeps between rebuilds of one site folder. No MkDocs here.

MkDocs keeps a plugin object for the whole process when it defines
``on_startup`` (ours does), so the ``gk-catalog`` plugin owns one ServeState
per site folder and hands it to the stages that reuse work: the pipeline
(memos, parse cache, file journal), the renderer (``pages``), search, the
exports and the writers of output files (``keep``, outputs.py). Nothing of
it lives at module level, and a run without a ServeState (``check``,
``build``, ``review``, tests) starts from nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from . import journal
from .memo import Store
from .outputs import SiteFiles
from .pagememo import PageMemo

T = TypeVar("T")


class ServeState:
    """The work of the last rebuild, kept for the next one.

    What may be reused is decided here (``start``) and by what each part is keyed on:

    - other settings (mkdocs.yml): nothing is reused but the writers' record of what is on disk;
    - the shared inputs (registries, negative list, allowlist, date, code) changed: the memos are
      emptied (memo.session) and, as registry names change the site fingerprint, the pages;
    - the last rebuild failed half-way: the memos of that run, the pages and the search state
      are dropped (memo.session, PageMemo.begin, search ``Builder``);
    - the first build: there is nothing yet.
    """

    def __init__(self, site_dir: str = "") -> None:
        self.site_dir = site_dir
        self.settings: Any = None
        """The site settings of the last rebuild."""
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

    def start(self, settings: Any) -> None:
        """A rebuild begins with these site settings: with other settings than the last, start afresh."""
        if settings != self.settings:
            self.afresh()
            self.settings = settings

    def afresh(self) -> None:
        """Forget every piece of work; keep only the writers' record of the files on disk (so gone ones are still deleted)."""
        self.memos = Store()
        self.pages = PageMemo()
        self._kept = {key: value for key, value in self._kept.items() if isinstance(value, SiteFiles)}

    def keep(self, key: Any, make: Callable[[], T]) -> T:
        """What a stage keeps under its own ``key`` (the parse cache, the search index, the exports), made once."""
        found = self._kept.get(key)
        if found is None:
            found = self._kept[key] = make()
        return found

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
