"""Assign 索引号 to entries that have none, and write them back into the files.

The serial is the next free one for (organ prefix, year); an existing 索引号 is
never changed, because a published one is a permanent citation. No MkDocs here.

Two kinds of number:

* a *preview* number (``Entry.index_no_preview``): given in memory on every
  run, so a branch build or ``serve`` shows the page complete. It is not in the
  file, pages label it 索引号（预览）, and the entry's URL does not derive from it
  (``xxgk/draft/<ref>/``), so it can change from run to run without harm;
* a *written* number: only ``write_numbers`` puts one in a file — under an
  exclusive lock on the catalog (``.index-no.lock``, which also records the
  highest serial handed out, so two builds running at once never hand out the
  same serial), byte for byte (the file keeps every byte but the one inserted
  line), atomically (temporary file, fsync, rename) and verified (the result is
  parsed again; anything but "the same data plus index_no" is undone).

Which runs may write is decided by build.py (by default: on the default
branch, or outside git), so that two branches never write the same number:
see docs/catalog-format.md. ``base_collisions`` is the branch-side check.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path


from ..load import gitref
from ..problems.diagnostics import Diagnostic
from ..load.formats import INDEX_NO, LEGACY_INDEX_NO
from ..load.model import Catalog, Entry

LOCK_NAME = ".index-no.lock"
"""In the catalog folder; hidden (the loader skips it) and listed in .gitignore."""

LABEL = "索引号"
PREVIEW_LABEL = "索引号（预览）"


def next_serials(catalog: Catalog, *, skip: set[int] | None = None) -> dict[tuple[str, int], int]:
    """Highest serial in use per (prefix, year); entries whose ``id`` is in ``skip`` are not counted."""
    highest: dict[tuple[str, int], int] = defaultdict(int)
    for entry in catalog.entries:
        if skip and id(entry) in skip:
            continue
        match = INDEX_NO.match(entry.index_no or "")
        if match:
            key = (match["prefix"], int(match["year"]))
            highest[key] = max(highest[key], int(match["serial"]))
    return highest


def _prefix(catalog: Catalog, entry: Entry) -> str | None:
    organ = catalog.organs.get(entry.meta.organ)
    return None if organ is None else str(organ.data.get("uscc", ""))


def _number(prefix: str, year: int, serial: int) -> str:
    return f"{prefix}/{year}-{serial:05d}"


def assign(catalog: Catalog) -> list[Entry]:
    """Give each entry without 索引号 the next serial, in memory, as a preview. Returns those entries."""
    highest = next_serials(catalog)
    assigned = []
    for entry in catalog.entries:
        if entry.index_no:
            continue
        prefix = _prefix(catalog, entry)
        if prefix is None or entry.year is None:  # no year, no number (an undated entry keeps its legacy one)
            continue
        key = (prefix, entry.year)
        highest[key] += 1
        entry.meta = entry.meta.model_copy(update={"index_no": _number(prefix, entry.year, highest[key])})
        entry.index_no_preview = True
        assigned.append(entry)
    return assigned


# --- the lock and the ledger ---------------------------------------------------


@contextlib.contextmanager
def locked(catalog_dir: Path) -> Iterator[dict[str, int]]:
    """Hold the catalog's exclusive 索引号 lock; yields the ledger (``"prefix/year"`` → highest serial
    handed out here), saved back when the block ends. Blocks while another build holds it."""
    path = Path(catalog_dir) / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        _lock(fd)
        try:
            with os.fdopen(os.dup(fd), "r+b") as file:
                raw = file.read()
                try:
                    ledger = {str(k): int(v) for k, v in json.loads(raw.decode("utf-8")).items()} if raw.strip() else {}
                except (ValueError, AttributeError, TypeError):
                    ledger = {}  # a damaged ledger only loses the memory of numbers already written to files
                before = dict(ledger)
                yield ledger
                if ledger != before:
                    file.seek(0)
                    file.truncate()
                    file.write(json.dumps(ledger, sort_keys=True).encode("utf-8") + b"\n")
                    file.flush()
                    os.fsync(file.fileno())
        finally:
            _unlock(fd)
    finally:
        os.close(fd)


try:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)

except ImportError:  # pragma: no cover - Windows
    import msvcrt

    _FAR = 1 << 30  # lock a byte far past the ledger: Windows locks are mandatory, the ledger must stay readable

    def _lock(fd: int) -> None:
        while True:
            os.lseek(fd, _FAR, os.SEEK_SET)
            try:
                msvcrt.locking(fd, msvcrt.LK_LOCK, 1)  # type: ignore[attr-defined]
                return
            except OSError:  # LK_LOCK gives up after ten seconds; keep waiting
                continue
            finally:
                os.lseek(fd, 0, os.SEEK_SET)

    def _unlock(fd: int) -> None:
        os.lseek(fd, _FAR, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]


# --- reading a written number cheaply ------------------------------------------


def is_markdown(name: str) -> bool:
    """A Markdown entry (YAML front matter and a body), by its file name."""
    return name.lower().endswith((".md", ".markdown"))


_INDEX_LINE = re.compile(rb"^[ \t]*index_no[ \t]*:[ \t]*[\"']?([^\"'\s#]+)", re.M)


def number_in_text(raw: bytes, name: str = "") -> str | None:
    """The 索引号 written in a file's bytes, read cheaply (a regex, no YAML parse; front matter only for .md)."""
    if is_markdown(name):
        end = raw.find(b"\n---", 3)
        raw = raw[: end if end > 0 else len(raw)]
    match = _INDEX_LINE.search(raw)
    if not match:
        return None
    number = match.group(1).decode("utf-8", "replace")
    if INDEX_NO.match(number):
        return number
    # a number kept from another system (index_no_legacy): a collision with the base branch counts too
    return number if LEGACY_INDEX_NO.match(number) and number.lower() not in ("~", "null", "none") and re.search(rb"^[ \t]*index_no_legacy[ \t]*:[ \t]*true\b", raw, re.M) else None


def _number_in_file(path: Path) -> str | None:
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    return number_in_text(raw, path.name)


# --- collisions with the base branch -------------------------------------------


def base_collisions(catalog: Catalog, catalog_dir: Path, project_root: Path, ref: str) -> list[Diagnostic]:
    """索引号 this branch wrote (added or changed) that ``ref`` already gives to another entry file.

    Reads the base tree through git without checking it out, and only the blobs
    that can differ from the working tree: a file whose blob is the same at the
    base as in the index (and not modified since) has the same 索引号 here.
    The base entry is never named: it may be withheld (不予公开).
    """
    ours: dict[str, Entry] = {}
    for entry in catalog.entries:
        if entry.index_no and not entry.index_no_preview:
            ours.setdefault(entry.index_no, entry)
    if not ours:
        return []
    catalog_rel = os.path.relpath(Path(catalog_dir).resolve(), Path(project_root).resolve()).replace(os.sep, "/")
    base = gitref.numbers_at(Path(project_root), ref, catalog_rel, number_in_text)
    by_number: dict[str, list[str]] = defaultdict(list)
    for path, number in base.numbers.items():
        by_number[number].append(path)
    candidates: list[tuple[str, Entry, list[str]]] = []
    for number, entry in ours.items():
        if entry.source in base.unchanged or base.numbers.get(entry.source) == number:
            continue  # this file had this number at the base too: not this branch's doing
        others = [p for p in by_number.get(number, []) if p != entry.source]
        if others:
            candidates.append((number, entry, others))
    here = {e.source for e in catalog.entries}
    gone = sorted({p for _, _, others in candidates for p in others if p not in here})
    at_fork = gitref.files_at_fork(Path(project_root), ref, gone) if gone else {}
    problems = []
    for number, entry, others in candidates:
        # a file this branch moved or renamed takes its number along: the old path had it where the branch began
        if all(p not in here and number_in_text(at_fork.get(p, b""), p) == number for p in others):
            continue
        line, column = entry.where("index_no")
        problems.append(
            Diagnostic(
                entry.source, line, column, "index-no-taken",
                f"索引号 {number} 在基准分支 {ref} 中已有条目使用（两个分支各自分配了同一个号码，合并后会重复）",
                "删去本条的 index_no 行：合并到默认分支后由 CI 或 python build.py build 分配新的索引号",
                field="index_no", label=LABEL,
            )
        )
    return problems


def default_base(project_root: Path) -> str | None:
    """The ref ``check`` compares with when none is given: origin/HEAD, origin/main, main, master —
    unless HEAD is that very commit (checking the default branch itself)."""
    return gitref.default_base(project_root)


def may_write(project_root: Path) -> tuple[bool, str]:
    """Whether ``build`` writes numbers by default, and why (Chinese, for the log)."""
    return gitref.may_write_index_no(project_root)
