"""One side of the comparison (the base ref or the working tree): its public view, its public text, its attachments."""

from __future__ import annotations

import difflib
import mimetypes
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import pipeline
from ..wall import allowlist
from ..wall import exposure
from ..check import indexno
from ..problems.diagnostics import Diagnostic
from .record import AttachmentChange, Finding
from ..load.model import Entry, RegistryItem
from ..load.facts import facts_of
from ..load.schema import labels
from ..wall.public import public_view
from ..wall.view import PublicCatalog


# --- one side of the comparison ---------------------------------------------------


@dataclass
class Side:
    result: pipeline.Result
    public: PublicCatalog
    diagnostics: list[Diagnostic]
    """The pipeline's diagnostics plus the wall's, even when other errors stopped the pipeline."""
    entries: dict[str, Entry]
    """Every loaded entry by ref (whatever its 公开属性)."""
    shown: dict[str, Entry]
    """The public form of each public entry, by ref."""
    pending: set[str]
    """Refs whose 索引号 was assigned in memory (not written in the file)."""
    allowlisted: list[Finding]
    root: Path

    @classmethod
    def of(cls, result: pipeline.Result, catalog_dir: Path, root: Path) -> Side:
        """The public view even of a catalog with errors, so a broken side can still be compared
        and its detector findings still listed."""
        assigned = list(result.assigned) or indexno.assign(result.catalog)
        public = result.public
        diagnostics = list(result.diagnostics)
        if public is None:
            allowed, _ = allowlist.load(catalog_dir / allowlist.FILE_NAME, result.catalog.root, result.catalog.negative_list)
            public, wall_problems = public_view(result.catalog, allowed)
            known = set(diagnostics)
            diagnostics += [d for d in wall_problems if d not in known]
        return cls(
            result, public, diagnostics,
            {e.ref: e for e in result.catalog.entries},
            {e.ref: e for e in public.entries},
            {e.ref for e in assigned},
            [Finding.of(d, allowlisted=True, reason=reason) for d, reason in getattr(public, "allowlisted", [])],
            root,
        )

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]


# --- public text ----------------------------------------------------------------------


def _flatten(value: Any, key: str, label: str, out: dict[str, tuple[str, str]], names: Mapping[str, str]) -> None:
    if isinstance(value, dict):
        for sub, item in value.items():
            _flatten(item, f"{key}.{sub}", f"{label}·{names.get(sub, sub)}", out, names)
    elif isinstance(value, list) and value and any(isinstance(v, (dict, list)) for v in value):
        for i, item in enumerate(value, 1):
            _flatten(item, f"{key}[{i}]", f"{label}第{i}项", out, names)
    elif isinstance(value, list):
        if value:
            out[key] = (label, "、".join(str(v) for v in value))
    elif value not in (None, ""):
        out[key] = (label, str(value))


def public_fields(entry: Entry, registries: PublicCatalog | Any) -> dict[str, tuple[str, str]]:
    """Every published field of a public entry as key → (中文标签, text), names instead of ids."""
    data = entry.meta.model_dump(mode="json", exclude_none=True)
    out: dict[str, tuple[str, str]] = {}
    not_public = facts_of(type(entry.meta)).not_public  # the reason is shown to reviewers in the record instead
    names = labels(type(entry.meta))
    for key, value in data.items():
        if key in not_public:
            continue
        if key == "organ":
            value = _name(registries.organs, value)
        elif key == "topics":
            value = [_name(registries.topics, t) for t in value]
        elif key == "kind":
            value = registries.kinds.name(value)
        _flatten(value, key, names.get(key, key), out, names)
    return out


def _name(registry: dict[str, RegistryItem], ident: str) -> str:
    item = registry.get(ident)
    return item.name if item else ident


def _same_entry(a: Entry, b: Entry, pending: bool) -> bool:
    if a.body != b.body:
        return False
    if pending:  # an in-memory 索引号 may differ between the two runs; it is not a change
        return a.meta.model_copy(update={"index_no": None}) == b.meta.model_copy(update={"index_no": None})
    return a.meta == b.meta


def _diff(old: str, new: str) -> str:
    lines = difflib.unified_diff(old.splitlines(), new.splitlines(), "基准版本", "本次修改", n=2, lineterm="")
    return "\n".join(lines)


# --- attachments -------------------------------------------------------------------------------


def _mime(path: Path) -> tuple[str, str]:
    """(MIME type, note): the type is sniffed from the content, not trusted from the extension."""
    import filetype

    by_name = mimetypes.guess_type(path.name)[0] or ""
    try:
        kind = filetype.guess(str(path))
    except OSError:
        kind = None
    if kind is None:
        return by_name or "未知类型", ""
    if by_name and kind.mime != by_name and not (kind.mime == "application/zip" and path.suffix.lower() in (".docx", ".xlsx", ".pptx", ".ofd", ".zip")):
        return kind.mime, f"扩展名 {path.suffix} 与文件内容（{kind.mime}）不符"
    return kind.mime, ""


def _scanned(path: Path) -> bool:
    """Whether the wall's detectors read this attachment's text (text and Office files)."""
    suffix = path.suffix.lower()
    return suffix in getattr(exposure, "TEXT_SUFFIXES", ()) or suffix in getattr(exposure, "OFFICE_SUFFIXES", {})


def _attachments(base: Entry | None, head: Entry | None, published: bool, changed: set[str], root: Path) -> list[AttachmentChange]:
    def files(entry: Entry | None) -> dict[str, str]:
        if entry is None or entry.abs_dir is None:
            return {}
        folder = Path(entry.source).parent
        return {(folder / a.file).as_posix(): a.title or Path(a.file).name for a in entry.meta.attachments}

    before, after = files(base), files(head)
    out = []
    for path in sorted(set(before) | set(after)):
        if path not in after:
            status = "删除"
        elif path not in before:
            status = "新增"
        else:
            status = "变更" if path in changed else "未变"
        size, mime, note = None, "", ""
        local = root / path
        if status != "删除" and local.is_file():
            size = local.stat().st_size
            mime, note = _mime(local)
            if published and status != "未变" and not _scanned(local):
                note = "；".join(filter(None, [note, "检测器读不出这种文件的文字（如 PDF、图片），请人工检查其中有无个人信息和密级标志"]))
        out.append(AttachmentChange(path, after.get(path) or before.get(path, ""), status, size, mime, published and status != "删除", note))
    return out
