"""load → validate → assign 索引号 → filter: the build up to rendering. No MkDocs here.

Run again with the same ``ServeState`` (``serve``), unchanged files give the same Entry
objects and the per-entry work done for them last time is reused (serve/memo.py);
the whole catalog still goes through the same steps, so the result is the one
a cold run would give.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import os
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Callable, Iterator
from typing import Any

from .wall import allowlist
from .check import asissued
from .serve import gcpause
from .check import indexno
from .check import writeback
from .serve import memo
from .serve.changes import ChangeSet
from .serve.state import ServeState
from .wall import negative_list
from .load import forked
from .load import parsecache
from .load import private
from .load import salvage
from .wall import markup_check
from .wall import notes
from .check.validation import NONE, Validation
from .problems.codes import index as code_index, sections_with
from .problems.diagnostics import Diagnostic, errors_of
from .kinds import KINDS
from .load.kind import Kind, KindSet
from .load.listing import is_walked_dir
from .load.loader import load_catalog
from .load.model import Catalog, Entry
from .check.rules import RULES, check_catalog, each_rule
from .wall.counts import add_counts
from .wall.public import public_view
from .wall.public import shown as wall_shown
from .wall.view import PublicCatalog


@dataclass
class Result:
    catalog: Catalog
    diagnostics: list[Diagnostic]
    public: PublicCatalog | None = None
    """None when there are errors: nothing is rendered from a catalog with errors."""
    assigned: list[Entry] = field(default_factory=list)
    """Entries without a 索引号 in their file: numbered in memory in this run (a preview unless written)."""
    written: list[Entry] = field(default_factory=list)
    """Those of ``assigned`` whose number this run wrote into the file (``write_index_no=True``)."""
    counts_source: str = ""
    """Where the 不予公开 numbers came from when a private folder is configured (for ``check``)."""
    private_dirs: tuple[str, ...] = ()
    """The private folder, as Diagnostic.file prefixes: every file there is withheld."""
    changes: ChangeSet = field(default_factory=ChangeSet)
    """What changed since the last run with the same ServeState (``serve``); ``fresh`` otherwise."""
    acknowledged: list[asissued.Acknowledged] = field(default_factory=list)
    """Findings a person checked against the original and recorded as issued (原文如此): not in ``diagnostics``,
    never blocking; ``check`` prints them, the review report lists them, the page notes them."""

    @property
    def errors(self) -> list[Diagnostic]:
        return errors_of(self.diagnostics)


@gcpause.paused  # a third of a 100,000-entry check was the cyclic GC walking the growing heap
def run(catalog_dir: Path, root: Path | None = None, *, write_index_no: bool = False, check_write_back: bool = False, reuse: bool = True, watch: bool = False,
        private_dir: Path | None = None, attachments_dir: Path | None = None, state: ServeState | None = None,
        cache_dir: Path | None = parsecache.CACHE_DIR, kinds: tuple[Kind, ...] = KINDS, validation: Validation = NONE, workers: int = 1) -> Result:
    """Load and check the catalog; build the public view only when it is clean.

    ``write_index_no=True`` writes the new 索引号 into the files (locked, atomic; see indexno.py);
    ``check_write_back=True`` (``check``) reports entries whose file a later write could not take.
    ``state`` (``serve``): what the last run with it left, reused where its inputs are the same;
    without one every run starts from nothing. ``reuse=False`` does every step afresh, without memos.
    ``watch=True`` (``serve``, with ``state``): later runs learn which files changed from the kernel (journal.py).
    ``cache_dir``: the disk cache's folder, relative to ``root`` (the plugin's ``cache_dir``); None: none.
    ``private_dir``: the private folder of withheld entries (private.py), or None.
    ``attachments_dir``: the attachments folder declared in mkdocs.yml (absolute), if any.
    ``kinds``: the kinds of entry (``kinds.KINDS``); every later stage asks these, never the kinds package.
    ``validation``: mkdocs.yml's ``validation:`` (the office's raised and silenced warnings).
    ``workers`` (``check``, ``build``; without ``state``): processes that share loading and the rules (load/forked.py); 1: this one only.
    """
    options: dict[str, Any] = {"write_index_no": write_index_no, "check_write_back": check_write_back, "private_dir": private_dir, "attachments_dir": attachments_dir,
               "validation": validation, "workers": workers if state is None else 1}
    if not reuse:
        return _run(catalog_dir, root, kinds=_kind_set(kinds), parse=parsecache.ParseMemo(cache_dir), **options)
    # The change set of this run, taken once: the files written since the last one (None: list them all).
    written = state.written(str(Path(catalog_dir)), is_walked_dir) if watch and state is not None else None
    state = state if state is not None else ServeState()
    parse = state.keep(("parse", cache_dir), lambda: parsecache.ParseMemo(cache_dir))
    with memo.session(state.memos, _shared_inputs(Path(catalog_dir), root)):
        return _run(catalog_dir, root, kinds=_kind_set(kinds), written=written, parse=parse, **options)


_ENTRIES: memo.LastRun[list[Entry]] = memo.LastRun("pipeline.entries")
"""The last run's entries, loaded and before any check: what ``ChangeSet`` compares with."""

THOROUGH_WRITE_CHECKS = 1000
"""``check`` verifies the write-back of at most this many entries without 索引号 in full; past that, a cheap look."""

SHARED_FILES = ("organs.yml", "topics.yml", "negative-list.yml", allowlist.FILE_NAME, asissued.FILE_NAME)
"""Files every entry's checks may read: a change to one empties every memo."""


def _shared_inputs(catalog_dir: Path, root: Path | None) -> str:
    """Fingerprint of what all per-entry results depend on besides the entry itself."""
    parts: list[bytes | str] = [str(catalog_dir.resolve()), str(Path(root).resolve() if root else ""), str(datetime.date.today()), parsecache.CACHE_VERSION]
    for name in SHARED_FILES:
        try:
            with open(os.path.join(catalog_dir, name), "rb") as file:
                parts.append(file.read())
        except OSError:
            parts.append("-")
    return memo.fingerprint(*parts)


KIND_RULES = [rule for kind in KINDS for rule in kind.rules]
"""The rules of ``kinds.KINDS`` in their order, run after the generic ``RULES``."""

_KIND_SETS: dict[tuple[Kind, ...], KindSet] = {}


def _kind_set(kinds: tuple[Kind, ...]) -> KindSet:
    """One KindSet per tuple of kinds in a process: the caches keyed by it (per-kind columns …) stay warm."""
    found = _KIND_SETS.get(kinds)
    if found is None:
        found = _KIND_SETS[kinds] = KindSet(kinds)
    return found


def _run(catalog_dir: Path, root: Path | None = None, *, validation: Validation = NONE, **options: Any) -> Result:
    result = _checked(catalog_dir, root, validation=validation, **options)
    result.diagnostics = validation.apply(result.diagnostics)
    if result.errors:  # a warning raised to an error found past the wall
        result.public = None
    return result


def _checked(catalog_dir: Path, root: Path | None = None, *, kinds: KindSet, write_index_no: bool = False, check_write_back: bool = False, written: set[str] | None = None,
             private_dir: Path | None = None, attachments_dir: Path | None = None, parse: parsecache.ParseMemo | None = None, validation: Validation = NONE,
             workers: int = 1) -> Result:
    catalog, diagnostics = load_catalog(Path(catalog_dir), kinds=kinds, root=root, written=written, attachments_dir=attachments_dir, parse=parse, workers=workers)
    counts_source, counts = "", None
    private_dirs: tuple[Any, ...] = ()
    if private_dir is not None:
        counts_source, private_dirs, counts = _private(Path(catalog_dir), Path(private_dir), catalog, diagnostics)
    elif os.path.lexists(os.path.join(catalog_dir, private.COUNTS_FILE)):  # listed as a registry, so said here: not read
        diagnostics.append(Diagnostic(private.rel(Path(catalog_dir) / private.COUNTS_FILE, catalog.root), 0, 0, "withheld-counts-unused",
                                      "有不予公开条目的数量文件，但 mkdocs.yml 没有设置私有文件夹（gk-catalog 的 private_dir），这个文件没有读取，其中的数字不计入统计",
                                      "在 mkdocs.yml 中写 - gk-catalog: {private_dir: ../gk-private}（私有文件夹的路径）；不用私有文件夹就删除这个文件"))
    diagnostics += negative_list.check(Path(catalog_dir) / "negative-list.yml", catalog.root, catalog)
    allowed, found = allowlist.load(Path(catalog_dir) / allowlist.FILE_NAME, catalog.root, catalog.negative_list)
    diagnostics += found
    kind_rules = KIND_RULES if tuple(kinds.values()) == KINDS else [rule for kind in kinds.values() for rule in kind.rules]
    # The change set of this run, found once: the stages after loading read it instead of comparing again.
    changes = ChangeSet.between(_ENTRIES.previous(), catalog.entries, written)
    _ENTRIES.replace(list(catalog.entries))
    early: list[tuple[PublicCatalog, list[Diagnostic], list[Diagnostic]]] = []

    def wall_early() -> None:
        """The wall while forked children run the rules: its input is final once no entry is waiting for a 索引号."""
        if all(entry.meta.index_no for entry in catalog.entries):
            public, problems = public_view(catalog, allowed)
            early.append((public, problems, markup_check.check_public(public.entries, catalog.root)))
        else:  # the entries numbered later are decided again; the others' decisions are kept (serve/memo.py)
            for entry in catalog.entries:
                wall_shown(catalog, entry)

    def wall() -> tuple[PublicCatalog, list[Diagnostic], list[Diagnostic]]:
        """``public_view`` and what the markup check finds in it; run at most once (the wall counts what it is asked)."""
        if early:
            return early.pop()
        public, problems = public_view(catalog, allowed)
        return public, problems, markup_check.check_public(public.entries, catalog.root)

    diagnostics += _rules(catalog, RULES + kind_rules, changes, workers, meanwhile=wall_early, cache=parse)
    parsecache.flush(parse)  # unless a child of the rules wrote it
    diagnostics = validation.apply(diagnostics)  # a raised warning stops the build like any error
    diagnostics, acknowledged = _as_issued(Path(catalog_dir), private_dir, catalog, kinds, diagnostics)
    result = Result(catalog, diagnostics, counts_source=counts_source, private_dirs=private_dirs, changes=changes, acknowledged=acknowledged)
    if result.errors:
        # Still list what the detectors find, so the editor sees every error at once.
        public, wall_problems, markup = wall()
        result.diagnostics += [d for d in wall_problems if d.code != "allowlist-stale"]
        result.diagnostics += markup
        return result
    if any(not entry.meta.index_no for entry in catalog.entries):  # reading every 索引号 is slow; usually all are there
        result.assigned = indexno.assign(catalog)
    if write_index_no and result.assigned:
        # The files change on disk here: the parse cache re-reads them next run (their size changed),
        # and the loader makes new Entry objects for them (their meta was replaced).
        result.written, problems = writeback.write_numbers(catalog, Path(catalog_dir), result.assigned)
        result.diagnostics += problems
    elif check_write_back:
        for i, entry in enumerate(result.assigned):  # only the files without a number are read again
            unwritable = writeback.check_writable(entry, catalog.root, thorough=i < THOROUGH_WRITE_CHECKS)
            if unwritable is not None:
                result.diagnostics.append(unwritable)
    if result.errors:
        return result
    if result.assigned:
        early.clear()  # entries were numbered since: the wall decides again
    result.public, wall_problems, markup = wall()
    if counts is not None:
        add_counts(result.public, counts, catalog)
    result.diagnostics += wall_problems
    result.diagnostics += markup  # markup the site will not show
    result.public.as_issued = notes.public_notes(acknowledged, result.public.entries, catalog, result.diagnostics, result.private_dirs)
    if result.errors:
        result.public = None
    return result


def _rules(catalog: Catalog, rules: list[Any], changes: ChangeSet, workers: int = 1, meanwhile: Callable[[], None] | None = None,
           cache: parsecache.ParseMemo | None = None) -> list[Diagnostic]:
    """Every rule over the catalog; entries with schema errors take part too (load/salvage.py), minus what their errors explain.

    With ``workers`` > 1 on a fresh run of a large catalog the rules run in forked children (rule i in
    child i mod n), each sending back every rule's diagnostics, joined in rule order: the list one
    process makes. Meanwhile this process runs ``meanwhile`` (the wall) over the loaded entries, and
    the first child writes the parse cache a forked load left unwritten (``cache``), having less to do.
    """
    incomplete = [entry for entry, _ in catalog.incomplete]
    if workers < 2 or not changes.fresh or len(catalog.entries) < FORK_MIN or len(rules) < 2 or not forked.can_fork():
        with _salvaged(catalog, incomplete):
            found = check_catalog(catalog, rules, ChangeSet() if incomplete else changes, wall_shown=wall_shown)  # salvaged: afresh
    else:
        count = min(workers - 1, len(rules))
        groups = [[rules[i] for i in range(first, len(rules), count)] for first in range(count)]
        with _salvaged(catalog, incomplete):  # the children see the salvaged entries too
            children = [forked.Child(functools.partial(_rules_share, catalog, group, cache if i == 0 else None)) for i, group in enumerate(groups)]
        shares: list[list[list[Diagnostic]]] = []
        try:
            if meanwhile is not None:
                meanwhile()
            for child, group in zip(children, groups):
                ok, value = child.result()
                if ok and child is children[0] and cache is not None:
                    cache.unsaved = None  # written by that child
                if not ok:  # the child failed: its rules run here
                    with _salvaged(catalog, incomplete):
                        value = each_rule(catalog, group, wall_shown=wall_shown)
                shares.append(value)
        except BaseException:
            for child in children:
                child.cancel()
            raise
        by_rule = [shares[i % count][i // count] for i in range(len(rules))]
        found = [d for result in by_rule for d in result]
    return salvage.keep(found, {entry.source: keys for entry, keys in catalog.incomplete}) if incomplete else found


def _rules_share(catalog: Catalog, rules: list[Any], cache: parsecache.ParseMemo | None) -> list[list[Diagnostic]]:
    """A child's rules, then the parse cache's writing if it was handed this."""
    found = each_rule(catalog, rules, wall_shown=wall_shown)
    parsecache.flush(cache)
    return found


@contextlib.contextmanager
def _salvaged(catalog: Catalog, incomplete: list[Entry]) -> Iterator[None]:
    """While the rules run: the entries with schema errors among the others (they are never published)."""
    if not incomplete:
        yield
        return
    loaded = catalog.entries
    catalog.entries = loaded + incomplete
    try:
        yield
    finally:
        catalog.entries = loaded


FORK_MIN = 2000
"""Fewer entries than this: the rules run in this process (a fork would cost more than it saves)."""


def _as_issued(catalog_dir: Path, private_dir: Path | None, catalog: Catalog, kinds: KindSet, diagnostics: list[Diagnostic]) -> tuple[list[Diagnostic], list[asissued.Acknowledged]]:
    """The findings the 原文如此 records cover taken out of ``diagnostics``; the records' own problems put in.

    The public file (catalog/as-issued.yml) and, with a private folder, the private one (for withheld entries).
    """
    codes = code_index(sections_with(kind.codes for kind in kinds.values()))
    records, found = asissued.load(catalog_dir / asissued.FILE_NAME, catalog.root, codes)
    if private_dir is not None and Path(private_dir).is_dir():
        more, found_private = asissued.load(Path(private_dir) / asissued.FILE_NAME, catalog.root, codes, private=True)
        records, found = records + more, found + found_private
    if not records:
        return diagnostics + found, []
    kept, acknowledged = asissued.apply(diagnostics, records, catalog, codes, public_repository=private_dir is not None)
    return kept + found, acknowledged


def _private(catalog_dir: Path, private_dir: Path, catalog: Catalog, diagnostics: list[Diagnostic]) -> tuple[str, tuple[str, ...], private.Counts | None]:
    """Load the private folder (or, where it is absent, its counts); what ``check`` says about the source."""
    root = catalog.root
    private_rel = private.rel(private_dir, root)
    counts_path = catalog_dir / private.COUNTS_FILE
    counts_rel = private.rel(counts_path, root)
    try:
        private_dir.resolve().relative_to(catalog_dir.resolve())
        diagnostics.append(Diagnostic(private_rel, 0, 0, "private-dir-inside", "私有文件夹 private_dir 在 catalog/ 里面，它的条目会随目录一起被读到",
                                      "把私有文件夹放在仓库之外（如 ../gk-private，或单独的私有仓库），在 mkdocs.yml 中写它的路径"))
        return "", (private_rel,), None
    except ValueError:
        pass
    written, found = private.load_counts(counts_path, root, catalog)
    diagnostics += found
    if private_dir.is_dir():
        diagnostics += private.load_entries(private_dir, root, catalog)
        diagnostics += private.withheld_in_public_folder(catalog, private_rel)
        actual = private.count_entries(catalog.entries, private_rel + "/")
        if written is not None:
            diagnostics += private.stale(written, actual, counts_path, root)
        else:
            diagnostics.append(Diagnostic(counts_rel, 0, 0, "withheld-counts-missing", "还没有不予公开条目的数量文件：公开仓库的 CI 读不到私有文件夹时，统计会不完整",
                                          "运行 python build.py counts 生成它并提交（只有数字）"))
        return f"不予公开条目的数字来自私有文件夹 {private_rel}（{actual.total} 个条目）。", (private_rel,), None
    diagnostics += private.withheld_in_public_folder(catalog, private_rel)
    if written is None:
        if not found:
            diagnostics.append(Diagnostic(counts_rel, 0, 0, "withheld-counts-missing",
                                          f"找不到私有文件夹 {private_rel}，也没有不予公开条目的数量文件：不予公开的数字不完整",
                                          "在能读到私有文件夹的电脑上运行 python build.py counts，提交生成的文件（只有数字）"))
        return f"私有文件夹 {private_rel} 不在本机，也没有可用的 {counts_rel}：不予公开条目的数字不含私有文件夹。", (private_rel,), None
    catalog.counted = dict(written.rows)
    return f"不予公开条目的数字来自 {counts_rel}（私有文件夹 {private_rel} 不在本机；文件中 {written.total} 个）。", (private_rel,), written
