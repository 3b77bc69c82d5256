"""Pages of the previous ``serve`` build, reused when nothing they read changed. No MkDocs here.

Kept on the serve state (``state.ServeState.pages``); the page generators' ``Site`` (pages/site.py)
asks it through ``Site.cached*``. A page is any object with a ``fresh`` flag.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

Signature = tuple[Any, ...]


class PageMemo:
    """Pages of the previous build in this process, reused when nothing they read changed.

    ``build.py serve`` rebuilds after every save; at 100,000 entries making every
    page source again costs half a minute. Each page (or group of pages) is kept
    under a key with a *signature*: the objects it was made from (the entry, the
    entries its links and tables read, its rows in a listing). The pipeline hands
    back the same Entry objects for unchanged files, so comparing signatures is
    mostly identity checks; equal content compares equal too, and the same inputs
    always make the same page. Anything every page reads (registries, site
    settings) is the *fingerprint*: when it changes, nothing is reused.
    """

    def __init__(self) -> None:
        self.fingerprint: Any = None
        self.committed: dict[Any, tuple[Signature, Any]] = {}
        """What the last *completed* build made: only that is on disk."""
        self.previous: dict[Any, tuple[Signature, Any]] = {}
        self.current: dict[Any, tuple[Signature, Any]] = {}
        self.open = False
        """A build started and has not completed."""
        self.site: Any = None
        """The Site of the last completed build, to tell which entries changed since (``Site.edits``)."""
        self._site_now: Any = None
        self._recording: list[tuple[Any, bool]] | None = None
        """Keys used while a ``group`` is made: (key, holds pages)."""

    @property
    def warm(self) -> bool:
        """True when this build may reuse pages (a completed build with the same fingerprint)."""
        return bool(self.previous)

    def begin(self, fingerprint: Any) -> None:
        """Start a build: what the last completed build made becomes what this one may reuse.

        After a build that did not complete (or with other settings) nothing is reused:
        pages on disk may be from either build.
        """
        if fingerprint != self.fingerprint or self.open:
            self.committed = {}
            self.site = None
        self.previous, self.current = self.committed, {}
        self.fingerprint = fingerprint
        self.open = True

    def commit(self) -> None:
        """The build completed: its pages are on disk and may be reused next time."""
        self.committed, self.previous = self.current, {}
        self.site, self._site_now = self._site_now, None
        self.open = False

    def reuse(self, key: Any) -> list[Any] | None:
        """The last build's pages under ``key``, taken over unchecked: the caller knows nothing they read changed."""
        old = self.previous.get(key)
        if old is None:
            return None
        if self._recording is not None:
            self._recording.append((key, True))
        self.current[key] = old
        for page in old[1]:
            page.fresh = False
        return old[1]

    def value(self, key: Any, signature: Signature, make: Callable[[], Any], *, pages: bool = False) -> tuple[Any, bool]:
        """``make()``, or what it gave last build for the same signature; and whether it was made now."""
        if self._recording is not None:
            self._recording.append((key, pages))
        old = self.previous.get(key)
        if old is not None and old[0] == signature:
            self.current[key] = old
            return old[1], False
        made = make()
        self.current[key] = (signature, made)
        return made, True

    def pages(self, key: Any, signature: Signature, make: Callable[[], Iterable[Any]]) -> list[Any]:
        pages, made = self.value(key, signature, lambda: list(make()), pages=True)
        if not made:
            for page in pages:
                page.fresh = False
        return pages

    def group(self, name: str, untouched: bool, make: Callable[[], Iterable[Any]]) -> list[Any]:
        """The pages ``make`` yields (made through this memo); when ``untouched`` (nothing they
        read was edited) the last build's are taken over whole, without running ``make``."""
        key = ("group", name)
        last = self.previous.get(key)
        if untouched and last is not None and all(item in self.previous for item, _ in last[1]):
            self.current[key] = last
            pages: list[Any] = []
            for item, holds_pages in last[1]:
                if holds_pages:
                    pages += self.reuse(item) or []
                else:
                    self.current[item] = self.previous[item]
            return pages
        assert self._recording is None, "groups do not nest"
        self._recording = []
        try:
            pages = list(make())
            self.current[key] = ((), self._recording)
        finally:
            self._recording = None
        return pages
