"""Parse each entry file once, then reuse the result while the file is unchanged. No MkDocs here.

Reading YAML with positions is most of ``check`` (about 0.4 ms a file;
100,000 files). So the parse — bytes → text → data, positions, body and the
decoding/syntax problems — is kept in a ``ParseMemo``: in memory on the serve
state (``serve`` rebuilds re-parse only the files that changed), and on disk in
``<cache_dir>/gk-catalog/`` beside mkdocs.yml (a later ``check`` or ``build``
re-parses only changed files).
Sending parsed values from a second process cost more than it saved (marshal
reads 100,000 parses in about 6 s). A forked cold run (loader.py) instead has each
process parse and validate its share and write its own shard of the disk cache;
the parent joins the shards into one file (``_save_disk``) without reading them.

A file is re-parsed when its size or modification time changes. The cache
holds only what the file itself says (plain values, via ``marshal``), never
validation results, so rules and the negative-list wall always run afresh.
``cache: false`` under gk-catalog in mkdocs.yml bypasses the disk cache; ``cache_dir`` moves it.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import shutil
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import yaml

from . import prefetch
from .files import read_document  # the loader's own reading, so both paths behave alike
from ..problems.diagnostics import Diagnostic, Severity
from .yamlpos import Document

def _code_version() -> str:
    """Changes whenever the code that reads a file changes, so a stale cache is never used."""
    import hashlib

    digest = hashlib.sha256(f"{sys.version_info[:2]} {yaml.__version__}".encode())
    for name in ("yamlpos.py", "files.py", "loader.py", "parsecache.py"):
        digest.update((Path(__file__).parent / name).read_bytes())
    return digest.hexdigest()[:16]


CACHE_VERSION = _code_version()
CACHE_DIR = Path(".cache")
"""The default ``cache_dir`` (relative to the project root)."""
CACHE_FILE = Path("gk-catalog") / f"parse-{CACHE_VERSION}.marshal"
"""The parse cache inside ``cache_dir``."""
SAVE_MIN = 200
"""Rewrite the disk cache only when at least this many files (or 5 %) were parsed afresh."""

Stamp = tuple[int, int]
Payload = tuple[Any, ...]



class ParseMemo:
    """Parses of unchanged files, for one project root; kept on the serve state between rebuilds."""

    def __init__(self, cache_dir: Path | None = CACHE_DIR) -> None:
        """``cache_dir``: the folder of the disk cache (relative to the project root), or None for no disk cache."""
        self.cache_dir = cache_dir
        self.items: dict[str, tuple[Stamp, Payload]] = {}
        """Absolute path → (stamp, payload), for the project root ``root`` (messages name files relative to it)."""
        self.root: str | None = None
        self.loaded = False
        """The disk cache was read into ``items``."""
        self.unsaved: Callable[[], None] | None = None
        """The disk cache's writing, left for later by a forked cold run (``flush``): a child of the rules can do it."""

    def cache_path(self, root: Path) -> Path | None:
        return root / self.cache_dir / CACHE_FILE if self.cache_dir is not None else None

    def start(self, root_text: str) -> None:
        if self.root != root_text:  # another project: its file names in messages differ
            self.items.clear()
            self.loaded = False
            self.root = root_text


def _stamp(path: str | Path) -> Stamp | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns)


def _absolute(path: str, abspath: Any = os.path.abspath) -> str:
    """``os.path.abspath``, skipped for the absolute, normal paths the loader lists."""
    if path[:1] == "/" and "/." not in path and "//" not in path:
        return path
    return abspath(path)


def _stamps(keys: Iterable[str]) -> dict[str, Stamp | None]:
    """Size and modification time of each file, or None when it can't be read.

    Grouped by folder and asked relative to it (``dir_fd``): 100,000 ``stat`` calls are
    most of a rebuild after one edit, and the kernel then walks only the last part of
    each path. The loader lists files folder by folder, so the order is kept.
    """
    stamps: dict[str, Stamp | None] = {}
    if os.stat not in os.supports_dir_fd:  # pragma: no cover - every POSIX system has it
        for key in keys:
            stamps[key] = _stamp(key)
        return stamps
    folders: dict[str, list[tuple[str, str]]] = {}
    for key in keys:
        folder, _, name = key.rpartition("/")
        if folder in folders:
            folders[folder].append((key, name))
        else:
            folders[folder] = [(key, name)]
    stat = os.stat
    for folder, names in folders.items():
        try:
            fd = os.open(folder or "/", os.O_RDONLY)
        except OSError:
            for key, _ in names:
                stamps[key] = None
            continue
        try:
            for key, name in names:
                try:
                    st = stat(name, dir_fd=fd)
                    stamps[key] = (st.st_size, st.st_mtime_ns)
                except OSError:
                    stamps[key] = None
        finally:
            os.close(fd)
    return stamps


def _pack(doc: Document | None, problems: list[Diagnostic]) -> Payload:
    diags = [(d.file, d.line, d.column, d.code, d.message, d.fix, d.field, d.label, d.severity.value) for d in problems]
    if doc is None:
        return (None, diags)
    return (doc.data, doc.positions, doc.body, doc.body_line, doc.plain, diags)


def _unpack(payload: Payload) -> tuple[Document | None, list[Diagnostic]]:
    problems = [Diagnostic(*d[:8], severity=Severity(d[8])) for d in payload[-1]]  # type: ignore[misc]  # d[:8]: the eight fields before severity
    if len(payload) == 2:
        return None, problems
    data, positions, body, body_line, plain, _ = payload
    return Document(data=data, positions=positions, body=body, body_line=body_line, plain=plain), problems


def _parse_one(path: str, root: str, raw: bytes | None = None) -> Payload:
    doc, problems = read_document(path, root, raw)
    return _pack(doc, problems)


def _load_disk(cache: ParseMemo, root: Path) -> None:
    path = cache.cache_path(root)
    if cache.loaded or path is None:
        return
    cache.loaded = True
    try:
        raw = path.read_bytes()
    except OSError:
        return
    try:
        shards = [marshal.loads(blob) for blob in _shards(raw)]
    except (EOFError, ValueError, TypeError):
        return
    for stored in shards:
        if isinstance(stored, dict):
            for name, item in stored.items():
                cache.items.setdefault(name, item)


_TRAILER = b"GKSHARDS"
"""The disk cache's last bytes when it holds several shards (one per process of a forked cold run)."""


def _shards(raw: bytes) -> list[memoryview]:
    """The marshalled dicts in a cache file: one (the whole file), or several listed in its trailer."""
    view = memoryview(raw)
    if not raw.endswith(_TRAILER) or len(raw) < 16:
        return [view]
    size = int.from_bytes(raw[-16:-8], "little")
    lengths = marshal.loads(view[len(raw) - 16 - size: len(raw) - 16])
    if not isinstance(lengths, tuple) or sum(lengths) + size + 16 != len(raw):
        raise ValueError("not a cache file")
    found, start = [], 0
    for length in lengths:
        found.append(view[start: start + length])
        start += length
    return found


def _dump(memo: dict[str, tuple[Stamp, Payload]], paths: Iterable[str]) -> bytes:
    """The cache's marshalled dict for ``paths``."""
    chosen = {p: memo[p] for p in paths if p in memo}
    try:
        return marshal.dumps(chosen)
    except ValueError:  # rare: a value marshal can't store (an explicit !!timestamp); leave those files out
        return marshal.dumps({p: item for p, item in chosen.items() if _storable(item[1])})


def _save_disk(cache: ParseMemo, root: Path, paths: Iterable[str], parts: Iterable[str] = ()) -> None:
    """Write the disk cache: the parses of ``paths`` in ``cache``, then each part another process wrote (``write_part``)."""
    target = cache.cache_path(root)
    parts = list(parts)
    if target is None:
        return
    temp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    try:
        data = _dump(cache.items, paths)
        target.parent.mkdir(parents=True, exist_ok=True)
        (target.parent / ".gitignore").write_text("*\n", encoding="utf-8")
        with open(temp, "wb") as file:
            file.write(data)
            lengths = [len(data)]
            for part in parts:
                with open(part, "rb") as shard:
                    lengths.append(os.fstat(shard.fileno()).st_size)
                    shutil.copyfileobj(shard, file, 1 << 22)
            if parts:
                trailer = marshal.dumps(tuple(lengths))
                file.write(trailer + len(trailer).to_bytes(8, "little") + _TRAILER)
        os.replace(temp, target)
    except (OSError, ValueError):
        with contextlib.suppress(OSError):
            os.unlink(temp)
        # a cache that can't be written only costs time next run
    finally:
        for part in parts:
            with contextlib.suppress(OSError):
                os.unlink(part)


def flush(cache: ParseMemo | None) -> None:
    """Write the disk cache if its writing was left for later (``ParseMemo.unsaved``); once."""
    if cache is not None and cache.unsaved is not None:
        save, cache.unsaved = cache.unsaved, None
        save()


def write_part(cache: ParseMemo, root: Path, paths: Iterable[str]) -> str | None:
    """In a forked process: its share of the disk cache, written beside it for the parent's ``_save_disk``; None: none."""
    target = cache.cache_path(root)
    if target is None:
        return None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        part = target.with_name(f"{target.name}.{os.getpid()}.part")
        part.write_bytes(_dump(cache.items, paths))
    except (OSError, ValueError):
        return None
    return str(part)


def cold(cache: ParseMemo | None, root: Path) -> bool:
    """Nothing parsed yet, in memory or on disk: every file will be parsed afresh (so the work can be shared out)."""
    if cache is None:
        cache = ParseMemo()
    if cache.items:
        return False
    path = cache.cache_path(Path(root).resolve())
    return path is None or not path.exists()


def _storable(payload: Payload) -> bool:
    try:
        marshal.dumps(payload)
    except ValueError:
        return False
    return True


class Parsed(Mapping[Any, tuple[Document | None, list[Diagnostic]]]):
    """``read_document`` results by path, unpacked only when asked for.

    ``token(path)`` is the cached parse itself: the same object for as long as
    the file is unchanged (size and modification time), so the loader can
    reuse what it built from it last time without unpacking it again.
    """

    def __init__(self, paths: list[Any], keys: dict[Any, str], fresh: dict[str, tuple[Document | None, list[Diagnostic]]], stamps: dict[str, Stamp | None],
                 memo: dict[str, tuple[Stamp, Payload]]):
        self._memo = memo
        self._paths = paths
        self._keys = keys
        self._fresh = fresh
        self._stamps = stamps

    def tokens(self) -> dict[Any, Payload]:
        """Path → the cached parse it was read from (files read afresh have none)."""
        memo, fresh = self._memo, self._fresh
        return {path: memo[key][1] for path, key in self._keys.items() if key not in fresh}

    def __getitem__(self, path: Any) -> tuple[Document | None, list[Diagnostic]]:
        key = self._keys[path]
        if key in self._fresh:
            return self._fresh[key]
        return _unpack(self._memo[key][1])

    def __iter__(self) -> Iterator[Any]:
        return iter(self._paths)

    def __len__(self) -> int:
        return len(self._paths)


def read_documents(paths: list[Any], root: Path, *, written: set[str] | None = None, cache: ParseMemo | None = None, save: bool = True) -> Parsed:
    """``loader.read_document`` for many files (str or Path), reusing earlier parses of unchanged files.

    ``written``: the only files that may have changed since ``cache`` last read
    them (``serve``'s journal); they are read again, the others are not even checked.
    ``cache``: the parses kept so far (``serve``), or None for a fresh one over the default disk cache.
    ``save=False``: the disk cache is neither read nor written (one share of a forked cold run; see loader.py).
    """
    cache = cache if cache is not None else ParseMemo()
    root = Path(root).resolve()
    root_text = str(root)
    cache.start(root_text)
    if save:
        _load_disk(cache, root)
    keys = {path: _absolute(str(path)) for path in paths}
    memo = cache.items
    if written is None:
        stamps = _stamps(keys.values())
        todo = [key for key, stamp in stamps.items() if stamp is None or key not in memo or memo[key][0] != stamp]
    else:
        again = {keys[path] for path in written}
        stamps = {key: memo[key][0] if key in memo and key not in again else None for key in keys.values()}
        todo = [key for key, stamp in stamps.items() if stamp is None]
        stamps.update(_stamps(todo))
    fresh: dict[str, tuple[Document | None, list[Diagnostic]]] = {}
    if todo:
        for key, raw in prefetch.read_ahead(todo):
            payload = _parse_one(key, root_text, raw)
            stamp = stamps[key]
            if stamp is not None:
                memo[key] = (stamp, payload)
            else:
                memo.pop(key, None)
                fresh[key] = _unpack(payload)
        disk = cache.cache_path(root)
        if save and disk is not None and (len(todo) >= max(SAVE_MIN, len(paths) // 20) or not disk.exists()):
            _save_disk(cache, root, stamps)  # rewriting a big cache for a handful of edits would cost more than it saves
    return Parsed(list(paths), keys, fresh, stamps, memo)
