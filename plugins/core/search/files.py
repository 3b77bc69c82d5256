"""The index files on disk: write only what changed, remember what is there. No MkDocs here.

Every ``.bin`` file is gzip-compressed with a fixed header (``mtime=0``), so the
same content always gives the same bytes. ``OutputFiles`` keeps a digest of each
file it wrote; a rebuild in the same process writes a file only when its digest
changed, moves document files instead of rewriting them when only their number
changed, and deletes what the new index no longer has.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import os
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..serve.outputs import SiteFiles

GROUPS = ("shard", "common", "docs", "facet")


LEVEL = 6
"""zlib level: 9 makes these files (varints, short JSON) no smaller, only slower."""


def gz(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=LEVEL, mtime=0)


@functools.cache
def _pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=2, thread_name_prefix="gk-search-gzip")


def digest(raw: bytes) -> bytes:
    return hashlib.blake2b(raw, digest_size=16).digest()


def _mix(path: str, file_digest: bytes) -> int:
    """One file's share of the build id (XOR-combined, so it can be updated file by file)."""
    return int.from_bytes(hashlib.blake2b(path.encode() + b"\0" + file_digest, digest_size=8).digest(), "big")


class OutputFiles(SiteFiles):
    """The files of one index folder as last written: path → (digest, group, raw size, gzip size).

    Written through the site's one writer (serve/outputs.py); kept here besides: each file's
    group and sizes, for the statistics and the build id in the manifest.
    """

    def __init__(self, out: Path):
        super().__init__(out)
        self.out = out
        self.files: dict[str, tuple[bytes, str, int, int]] = {}
        self.mix = 0
        self.totals: Counter[str] = Counter()
        self.folders: set[str] = set()
        self.renamed = 0

    @property
    def build(self) -> str:
        """A hash of every file's path and content."""
        return f"{self.mix:016x}"[:12]

    def _add(self, path: str, record: tuple[bytes, str, int, int]) -> None:
        self.files[path] = record
        self.mix ^= _mix(path, record[0])
        self.totals["files"] += 1
        self.totals["raw_bytes"] += record[2]
        self.totals["gzip_bytes"] += record[3]
        self.totals[f"{record[1]}_gzip_bytes"] += record[3]

    def _drop(self, path: str) -> tuple[bytes, str, int, int] | None:
        record = self.files.pop(path, None)
        if record is not None:
            self.mix ^= _mix(path, record[0])
            self.totals["files"] -= 1
            self.totals["raw_bytes"] -= record[2]
            self.totals["gzip_bytes"] -= record[3]
            self.totals[f"{record[1]}_gzip_bytes"] -= record[3]
        return record

    def folder(self, name: str) -> None:
        if name not in self.folders:
            (self.out / name).mkdir(parents=True, exist_ok=True)
            self.folders.add(name)

    def put(self, path: str, raw: bytes, group: str) -> bool:
        """Write ``raw`` (gzip) at ``path`` unless the same content is there; True when written."""
        file_digest = digest(raw)
        old = self.files.get(path)
        if old is not None and old[0] == file_digest and old[1] == group:
            return False
        data = gz(raw)
        self.store(path, data, file_digest, make_folder=False)
        self._drop(path)
        self._add(path, (file_digest, group, len(raw), len(data)))
        return True

    def put_many(self, items: Iterable[tuple[str, bytes, str]]) -> int:
        """``put`` for many files, compressed on two threads (zlib lets go of the GIL); the number written."""
        todo: list[tuple[str, bytes, str, bytes]] = []
        for path, raw, group in items:
            file_digest = digest(raw)
            old = self.files.get(path)
            if old is None or old[0] != file_digest or old[1] != group:
                todo.append((path, raw, group, file_digest))
        if len(todo) < 64:
            compressed: Iterable[bytes] = (gz(item[1]) for item in todo)
        else:
            compressed = _pool().map(gz, (item[1] for item in todo), chunksize=16)
        for (path, raw, group, file_digest), data in zip(todo, compressed):
            self.store(path, data, file_digest, make_folder=False)
            self._drop(path)
            self._add(path, (file_digest, group, len(raw), len(data)))
        return len(todo)

    def move(self, source: str, target: str) -> None:
        """Rename a file whose content stays (a document whose number changed)."""
        record = self._drop(source)
        assert record is not None, source
        os.replace(self.out / source, self.out / target)
        self.moved(source, target)
        self._drop(target)
        self._add(target, record)
        self.renamed += 1

    def remove(self, path: str) -> bool:
        self._drop(path)
        return super().remove(path)

    def remove_folder_if_empty(self, name: str) -> None:
        if name in self.folders:
            try:
                (self.out / name).rmdir()
            except OSError:
                return
            self.folders.discard(name)

    def stats(self) -> dict[str, int]:
        out = {key: value for key, value in self.totals.items()}
        for group in GROUPS:
            out.setdefault(f"{group}_gzip_bytes", 0)
        out["max_shard_gzip"] = max((r[3] for r in self.files.values() if r[1] == "shard"), default=0)
        out["written"], out["deleted"], out["moved"] = self.written, self.deleted, self.renamed
        return out
