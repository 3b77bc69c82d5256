"""Parse each entry file once: in parallel on a cold run, from a cache afterwards. No MkDocs here.

Reading YAML with positions is three quarters of ``check`` (about 0.4 ms a
file; 100,000 files). So the parse — bytes → text → data, positions, body and
the decoding/syntax problems — is:

* kept in memory for the life of the process (``serve`` rebuilds re-parse only
  the files that changed), and on disk in ``.cache/gk-catalog/`` beside
  mkdocs.yml (a later ``check`` or ``build`` re-parses only changed files);
* spread over the CPU cores when many files need parsing.

A file is re-parsed when its size or modification time changes. The cache
holds only what the file itself says (plain values, via ``marshal``), never
validation results, so rules and the negative-list wall always run afresh.
Set ``GK_NO_CACHE=1`` to bypass the disk cache.
"""

from __future__ import annotations

import marshal
import os
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import Diagnostic, Severity
from .yamlpos import Document

def _code_version() -> str:
    """Changes whenever the code that reads a file changes, so a stale cache is never used."""
    import hashlib

    digest = hashlib.sha256(f"{sys.version_info[:2]} {yaml.__version__}".encode())
    for name in ("yamlpos.py", "loader.py", "parsecache.py"):
        digest.update((Path(__file__).parent / name).read_bytes())
    return digest.hexdigest()[:16]


CACHE_VERSION = _code_version()
CACHE_FILE = Path(".cache") / "gk-catalog" / f"parse-{CACHE_VERSION}.marshal"
PARALLEL_MIN = 4000
"""Below this many files to parse, starting a second process costs more than it saves."""
SAVE_MIN = 200
"""Rewrite the disk cache only when at least this many files (or 5 %) were parsed afresh."""

Stamp = tuple[int, int]
Payload = tuple[Any, ...]

_memo: dict[str, tuple[Stamp, Payload]] = {}
"""Absolute path → (stamp, payload), for the project root in ``_memo_root`` (messages name files relative to it)."""
_memo_root: list[str] = []
_loaded_from: set[str] = set()


def _stamp(path: Path) -> Stamp | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns)


def _pack(doc: Document | None, problems: list[Diagnostic]) -> Payload:
    diags = [(d.file, d.line, d.column, d.code, d.message, d.fix, d.field, d.label, d.severity.value) for d in problems]
    if doc is None:
        return (None, diags)
    return (doc.data, doc.positions, doc.body, doc.body_line, diags)


def _unpack(payload: Payload) -> tuple[Document | None, list[Diagnostic]]:
    problems = [Diagnostic(*d[:8], severity=Severity(d[8])) for d in payload[-1]]
    if len(payload) == 2:
        return None, problems
    data, positions, body, body_line, _ = payload
    return Document(data=data, positions=positions, body=body, body_line=body_line), problems


def _parse_one(path: str, root: str) -> Payload:
    from .loader import read_document  # the loader's own reading, so both paths behave alike

    doc, problems = read_document(Path(path), Path(root))
    return _pack(doc, problems)


def _parse_chunk(paths: list[str], root: str) -> bytes:
    """Worker: parse files, return ``marshal`` bytes of [(path, payload or None)]."""
    out = []
    for path in paths:
        payload = _parse_one(path, root)
        # An exotic YAML value (explicit !!timestamp …) can't travel: the parent parses that file itself.
        out.append((path, payload if _storable(payload) else None))
    return marshal.dumps(out)


def _cache_path(root: Path) -> Path:
    return root / CACHE_FILE


def _load_disk(root: Path) -> None:
    key = str(root)
    if key in _loaded_from or os.environ.get("GK_NO_CACHE"):
        return
    _loaded_from.add(key)
    try:
        stored = marshal.loads(_cache_path(root).read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return
    if isinstance(stored, dict):
        for path, item in stored.items():
            _memo.setdefault(path, item)


def _save_disk(root: Path, paths: Iterable[str]) -> None:
    if os.environ.get("GK_NO_CACHE"):
        return
    target = _cache_path(root)
    try:
        data = marshal.dumps({p: _memo[p] for p in paths if p in _memo})
        target.parent.mkdir(parents=True, exist_ok=True)
        (target.parent / ".gitignore").write_text("*\n", encoding="utf-8")
        temp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
        temp.write_bytes(data)
        os.replace(temp, target)
    except (OSError, ValueError):
        pass  # a cache that can't be written only costs time next run


def _cores() -> int:
    return min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1), 4)


PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])


def _parse_parallel(paths: list[str], root: str) -> Iterable[tuple[str, Payload | None]]:
    """Parse in ``cores - 1`` child processes plus this one.

    Children are plain ``python -m plugins.core.parsecache`` processes fed and
    read with ``marshal`` over pipes — not multiprocessing, which would re-run the
    caller's main script (build.py, mkdocs, a test) in every worker.
    """
    share = len(paths) // _cores()
    mine, rest = paths[:share], paths[share:]
    children = max(1, _cores() - 1)
    chunks = [rest[i::children] for i in range(children)]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [PACKAGE_ROOT, os.environ.get("PYTHONPATH")]))}
    procs = []
    for chunk in chunks:
        proc = subprocess.Popen([sys.executable, "-m", "plugins.core.parsecache", root], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
        assert proc.stdin is not None
        proc.stdin.write(marshal.dumps(chunk))  # the child reads all of it before it writes anything
        proc.stdin.close()
        procs.append((proc, chunk))
    yield from marshal.loads(_parse_chunk(mine, root))
    for proc, chunk in procs:
        assert proc.stdout is not None
        blob = proc.stdout.read()
        if proc.wait() == 0 and blob:
            yield from marshal.loads(blob)
        else:  # a child that failed: parse its share here
            yield from ((path, _parse_one(path, root)) for path in chunk)


def _storable(payload: Payload) -> bool:
    try:
        marshal.dumps(payload)
    except ValueError:
        return False
    return True


def read_documents(paths: list[Path], root: Path) -> dict[Path, tuple[Document | None, list[Diagnostic]]]:
    """``loader.read_document`` for many files, reusing earlier parses of unchanged files."""
    root = Path(root).resolve()
    if _memo_root != [str(root)]:  # another project: its file names in messages differ
        _memo.clear()
        _loaded_from.clear()
        _memo_root[:] = [str(root)]
    _load_disk(root)
    keys = {path: os.path.abspath(path) for path in paths}
    stamps = {keys[path]: _stamp(path) for path in paths}
    todo = [key for key, stamp in stamps.items() if stamp is None or _memo.get(key, (None,))[0] != stamp]
    if todo:
        parsed: Iterable[tuple[str, Payload | None]]
        if len(todo) >= PARALLEL_MIN and _cores() > 1:
            parsed = _parse_parallel(todo, str(root))
        else:
            parsed = ((key, _parse_one(key, str(root))) for key in todo)
        for key, payload in parsed:
            stamp = stamps[key]
            if payload is not None and stamp is not None and _storable(payload):
                _memo[key] = (stamp, payload)
            else:
                _memo.pop(key, None)
        if len(todo) >= max(SAVE_MIN, len(paths) // 20) or not _cache_path(root).exists():
            _save_disk(root, stamps)  # rewriting a big cache for a handful of edits would cost more than it saves
    out: dict[Path, tuple[Document | None, list[Diagnostic]]] = {}
    for path in paths:
        key = keys[path]
        item = _memo.get(key)
        if item is None or item[0] != stamps[key]:
            from .loader import read_document

            out[path] = read_document(Path(key), root)
        else:
            out[path] = _unpack(item[1])
    return out


if __name__ == "__main__":  # a parsing child: marshal list of paths on stdin → marshal results on stdout
    sys.stdout.buffer.write(_parse_chunk(marshal.loads(sys.stdin.buffer.read()), sys.argv[1]))
