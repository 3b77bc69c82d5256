"""Everything an entry would publish, as text with a place: for the wall to inspect.

``texts(entry)`` lists every string an entry holds (every field, nested ones
too, and the body) with its key path; ``locate`` turns an offset inside one of
them into a line of the editor's file; ``attachment_text`` reads the text of a
text-like attachment. No MkDocs here.
"""

from __future__ import annotations

import datetime
import functools
import re
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .model import Entry
from .yamlpos import Path_

TEXT_SUFFIXES = (".txt", ".md", ".csv", ".tsv", ".json", ".xml", ".html", ".htm", ".yml", ".yaml")
OFFICE_SUFFIXES = {".docx": "word/", ".xlsx": "xl/", ".pptx": "ppt/", ".odt": "content.xml", ".ods": "content.xml", ".odp": "content.xml"}


def texts(entry: Entry) -> list[tuple[Path_, str]]:
    """(key path, text) for every string of the entry; the body once, under ``("body",)``."""
    out: list[tuple[Path_, str]] = []
    _walk_model(entry.meta, (), out, skip="body")
    if entry.body:
        out.append((("body",), entry.body))
    return out


_NOT_TEXT = frozenset({int, float, bool, datetime.date, datetime.datetime, type(None)})


@functools.lru_cache(maxsize=None)
def _field_names(model: type[BaseModel]) -> tuple[str, ...]:
    return tuple(model.model_fields)


def _walk_model(model: BaseModel, path: Path_, out: list[tuple[Path_, str]], skip: str = "") -> None:
    """The fields of one model in declaration order; plain strings and numbers without a call each."""
    values = model.__dict__
    for key in _field_names(type(model)):
        if key == skip:
            continue
        value = values[key] if key in values else getattr(model, key)
        cls = value.__class__
        if cls is str:
            if value:
                out.append(((*path, key), value))
        elif cls not in _NOT_TEXT:
            _walk(value, (*path, key), out)


def _walk(value: Any, path: Path_, out: list[tuple[Path_, str]]) -> None:
    if value is None:
        return
    if isinstance(value, str):
        if value:
            out.append((path, value))
    elif isinstance(value, (int, float, datetime.date)):
        return
    elif isinstance(value, BaseModel):
        _walk_model(value, path, out)
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            if item.__class__ is str:
                if item:
                    out.append(((*path, i), item))
            elif item.__class__ not in _NOT_TEXT:
                _walk(item, (*path, i), out)
    elif isinstance(value, dict):
        for key, item in value.items():
            _walk(item, (*path, key), out)


def locate(entry: Entry, path: Path_, text: str, start: int, source_text: str | None) -> tuple[int, int]:
    """Line and column, in the editor's file, of ``text[start]`` where ``text`` is the value at ``path``.

    A Markdown body maps directly. Elsewhere YAML may have folded or indented the
    value, so the matched characters are looked up in the file at or after the
    line where the value starts.
    """
    if path == ("body",) and entry.source.endswith(".md") and entry.body_line:
        line = entry.body_line + text.count("\n", 0, start)
        return line, start - text.rfind("\n", 0, start)
    line, col = entry.where(*path)
    if source_text is None:
        return line, col
    needle = text[start: start + 40].split("\n", 1)[0]
    lines = source_text.split("\n")
    offset = sum(len(x) + 1 for x in lines[: max(0, line - 1)])
    found = source_text.find(needle, offset) if needle else -1
    if found < 0:
        return line + text.count("\n", 0, start), col
    return source_text.count("\n", 0, found) + 1, found - source_text.rfind("\n", 0, found)


def attachment_text(path: Path) -> str | None:
    """Text of a text-like or Office attachment; None for other files (PDF, images)."""
    suffix = path.suffix.lower()
    try:
        if suffix in TEXT_SUFFIXES:
            raw = path.read_bytes()
            for encoding in ("utf-8-sig", "gb18030"):
                try:
                    return raw.decode(encoding)
                except UnicodeDecodeError:
                    continue
            return raw.decode("utf-8", errors="replace")
        if suffix in OFFICE_SUFFIXES:
            return _office_text(path, OFFICE_SUFFIXES[suffix])
    except (OSError, zipfile.BadZipFile):
        return None
    return None


_TAG = re.compile(r"<[^>]+>")
_PARAGRAPH_END = re.compile(r"</(?:w:p|a:p|text:p|text:h|row|si)>")


def _office_text(path: Path, prefix: str) -> str:
    """Office Open XML / OpenDocument text: one line per paragraph (or sheet row), tags removed."""
    import html

    parts: list[str] = []
    with zipfile.ZipFile(path) as archive:
        for name in sorted(archive.namelist()):
            if name.startswith(prefix) and name.endswith(".xml") or name == prefix:
                xml = archive.read(name).decode("utf-8", errors="replace")
                parts.append(html.unescape(_TAG.sub("", _PARAGRAPH_END.sub("\n", xml))))
    return "\n".join(parts)


def source_of(entry: Entry, root: Path) -> Path:
    return root / entry.source


def read_source(entry: Entry, root: Path) -> str | None:
    try:
        return source_of(entry, root).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        try:
            return source_of(entry, root).read_bytes().decode("gb18030", errors="replace")
        except OSError:
            return None


def attachment_paths(entry: Entry) -> Iterable[tuple[int, Path]]:
    if entry.abs_dir is None:
        return
    for i, attachment in enumerate(entry.meta.attachments):
        yield i, (entry.abs_dir / attachment.file)
