"""Which entry files changed since the last look, from the kernel (inotify). No MkDocs here.

``serve`` loads the catalog again after every save. Finding the one file that
changed by asking the size and time of all of them costs about half a second
at 100,000 entries; the kernel can simply say which ones were written.

Events are queued by the kernel before the editor's write returns, and the
queue is read without waiting at the start of a run, so a run sees every
change made before it began: no race with the watcher that started it.
When the journal can't be sure — a file or folder created, deleted or moved,
the queue overflowed, no inotify on this system — it says so (``None``) and
the loader lists and checks every file as before.
"""

from __future__ import annotations

import os
from typing import Any

try:  # Linux only; elsewhere every run lists the catalog
    from inotify_simple import INotify, flags
except ImportError:  # pragma: no cover
    INotify = None

_WATCHED = ("MODIFY", "CLOSE_WRITE", "ATTRIB", "CREATE", "DELETE", "MOVED_FROM", "MOVED_TO", "DELETE_SELF", "MOVE_SELF")


class Journal:
    """Files written under ``folder`` (and its walked sub-folders) since the last :meth:`take`."""

    def __init__(self, folder: str, walked: Any):
        """``walked(entry)`` says whether the loader walks into a sub-folder (``os.DirEntry``)."""
        self.folder = folder
        self._walked = walked
        self._inotify = INotify(nonblocking=True)
        self._mask = 0
        for name in _WATCHED:
            self._mask |= getattr(flags, name)
        self._folders: dict[int, str] = {}
        self._watch_all()

    def _watch_all(self) -> None:
        """A watch on the catalog folder and every folder the loader walks (inotify is not recursive)."""
        todo = [self.folder]
        while todo:
            folder = todo.pop()
            self._folders[self._inotify.add_watch(folder, self._mask)] = folder
            try:
                with os.scandir(folder) as listing:
                    todo += [entry.path for entry in listing if self._walked(entry)]
            except OSError:
                continue

    def take(self) -> set[str] | None:
        """Paths of files written since the last call, or None when only a full listing can tell."""
        events = self._inotify.read(timeout=0)
        written: set[str] = set()
        sure = True
        for event in events:
            mask = event.mask
            if mask & (flags.Q_OVERFLOW | flags.IGNORED | flags.DELETE_SELF | flags.MOVE_SELF):
                sure = False  # events were lost, or a watched folder went away
                continue
            folder = self._folders.get(event.wd)
            if folder is None:
                sure = False
                continue
            if mask & flags.ISDIR:
                if mask & (flags.CREATE | flags.DELETE | flags.MOVED_FROM | flags.MOVED_TO):
                    sure = False  # a folder of entries came or went
                continue
            if event.name:
                written.add(f"{folder}/{event.name}")
        if not sure:
            self._watch_all()  # new folders get their watch (adding one twice is harmless)
            return None
        return written

    def close(self) -> None:
        self._inotify.close()


def open_journal(folder: str, walked: Any) -> Journal | None:
    """A journal for ``folder``, or None where inotify is missing or out of watches."""
    if INotify is None:
        return None
    try:
        return Journal(folder, walked)
    except OSError:  # ENOSPC: the system's inotify watch limit is used up
        return None
