"""One ``build.py import`` run: read each file, let the kinds make entries from it, write them."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..load.kind import KindSet
from ..sources.document import Document, Draft, Request, SourceError
from ..sources.read import read
from . import catalog_export, writer


@dataclass
class Outcome:
    """What a run wrote and what it could not do, for the command line to print."""

    written: list[Path] = field(default_factory=list)
    failed: int = 0
    """Inputs that gave no entry (unreadable, not recognised, already imported)."""


def importable(kinds: KindSet) -> list[str]:
    return [code for code in kinds if kinds[code].intake is not None]


def drafts_of(document: Document, kinds: KindSet, request: Request, kind: str | None) -> list[Draft] | None:
    """The entries ``document`` gives: by the named kind, else by the first kind that recognises it."""
    if kind is not None:
        intake = kinds[kind].intake
        return intake(document, Request(**{**request.__dict__, "forced": True})) if intake else None
    for code in importable(kinds):
        made = kinds[code].intake(document, request)  # type: ignore[misc]  # importable: intake is set
        if made is not None:
            return made
    return None


def run(paths: Iterable[Path], catalog_dir: Path, kinds: KindSet, request: Request, kind: str | None, say: Callable[[str], None], today: datetime.date | None = None) -> Outcome:
    """Import every path; ``say`` prints one line (Chinese) at a time."""
    today = today or datetime.date.today()
    outcome = Outcome()
    unknown = catalog_export.Unknown()
    seen: set[str] = set()
    for path in paths:
        try:
            document = read(path)
        except SourceError as exc:
            say(f"错误 {exc}")
            outcome.failed += 1
            continue
        for note in document.notes:
            say(f"提示 {path.name}：{note}")
        if catalog_export.claims(document):
            for draft in catalog_export.drafts(document, request, kind, unknown):
                index_no = str(draft.meta.get("index_no"))
                if index_no in seen:
                    say(f"跳过 {path.name} 中重复的索引号 {index_no}（{draft.meta.get('title', '')[:30]}）：同一索引号只写一个条目")
                    outcome.failed += 1
                    continue
                seen.add(index_no)
                _write(draft, catalog_dir, path, today, say, outcome, quiet=True)
            continue
        drafts = drafts_of(document, kinds, request, kind)
        if drafts is None:
            known = "、".join(f"{code}（{kinds[code].name}）" for code in importable(kinds))
            say(f"错误 看不出 {path.name} 是哪一类文件：用 --kind 指明类别（能导入的类别：{known}）")
            outcome.failed += 1
            continue
        if not drafts:
            say(f"错误 {path.name} 中没有找到可以导入的内容")
            outcome.failed += 1
            continue
        for draft in drafts:
            _write(draft, catalog_dir, path, today, say, outcome)
    for line in catalog_export.snippets(unknown):
        say(line)
    return outcome


def _write(draft: Draft, catalog_dir: Path, source: Path, today: datetime.date, say: Callable[[str], None], outcome: Outcome, quiet: bool = False) -> None:
    try:
        written = writer.write(draft, catalog_dir, source, today)
    except writer.Exists as exc:
        say(f"跳过 {_shown(Path(str(exc)))} 已存在，没有覆盖（要重新导入，先删除或改名这个文件）")
        outcome.failed += 1
        return
    outcome.written.append(written)
    say(_shown(written))
    for item in draft.unread:
        say(f"  待补 {item.place}：{item.what}")
    if not quiet:
        for note in draft.notes:
            say(f"  提示 {note}")


def _shown(path: Path) -> str:
    """A written file as the editor opens it: relative to the folder the command runs in (``catalog/…``), else whole."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except (ValueError, OSError):
        return str(path)
