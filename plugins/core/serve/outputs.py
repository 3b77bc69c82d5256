"""The one writer of generated output files: compares, writes what changed, deletes what went. No MkDocs here.

Every step that writes files of its own into the site folder — the search
index, the feeds and data files, the sitemap — and the catalog plugin's
generated pages (which MkDocs writes, but which only we know to be gone) goes
through a ``SiteFiles``. Kept on the ServeState between ``serve`` rebuilds, it
knows what the last build wrote, so a rebuild touches only the files an edit
changed (their modification times tell the browser and rsync what is new).
Made afresh for a build from scratch, it writes everything and deletes nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path


def digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


class SiteFiles:
    """The files one step wrote under ``folder`` (``root``) last time (path → content digest)."""

    def __init__(self, folder: Path, where: Callable[[str], Path] | None = None):
        """``where(name)``: the file a name stands for, when names are not paths under ``folder`` (page sources)."""
        self.root = Path(folder)
        self.where = where
        self.digests: dict[str, bytes | None] = {}
        """Name → digest of what was written (None: written by someone else, e.g. MkDocs)."""
        self.written = 0
        self.deleted = 0

    def path(self, name: str) -> Path:
        return self.where(name) if self.where is not None else self.root / name

    def unchanged(self, name: str, file_digest: bytes) -> bool:
        return self.digests.get(name) == file_digest

    def write(self, name: str, data: bytes, file_digest: bytes | None = None) -> bool:
        """Write ``data`` unless the same content is there from the last build; True when written."""
        file_digest = file_digest if file_digest is not None else digest(data)
        if self.unchanged(name, file_digest):
            return False
        self.store(name, data, file_digest)
        return True

    def store(self, name: str, data: bytes, file_digest: bytes, *, make_folder: bool = True) -> None:
        """Write ``data`` now (the caller compared already; ``make_folder=False``: its folder exists)."""
        target = self.path(name)
        if make_folder:
            target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        self.digests[name] = file_digest
        self.written += 1

    def moved(self, source: str, target: str) -> None:
        """A file renamed with its content (the caller renamed it)."""
        self.digests[target] = self.digests.pop(source, None)

    def remove(self, name: str) -> bool:
        """Delete a file the last build wrote; True when there was one."""
        if name not in self.digests:
            return False
        del self.digests[name]
        self.path(name).unlink(missing_ok=True)
        self.deleted += 1
        return True

    def sync(self, files: Mapping[str, bytes]) -> None:
        """``files`` is everything this step makes now: write what changed, delete what went."""
        for name, data in files.items():
            self.write(name, data)
        self.retire(files)

    def retire(self, now: Iterable[str]) -> set[str]:
        """Delete the files of the last build that are not in ``now``; the names deleted."""
        keep = now if isinstance(now, (set, dict)) else set(now)
        gone = {name for name in self.digests if name not in keep}
        for name in gone:
            self.remove(name)
        return gone

    def listed(self, names: Iterable[str]) -> set[str]:
        """Files someone else wrote this build (MkDocs' pages): delete those of the last build that went; the names."""
        names = set(names)
        gone = self.retire(names)
        self.digests = dict.fromkeys(names)
        return gone
