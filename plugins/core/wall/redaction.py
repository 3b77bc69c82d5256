"""Replacing text with ■■■ (step 4 of the wall): a value, a pattern's match, a field left empty.

Kept apart from the decisions so the rewriting of Markdown, models and lists reads on its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel

from ..problems import textview
from . import screen
from .negative_list import empty_value
from ..load.yamlpos import Path_


_SYNTAX = re.compile(r"<[^<>\n]*>|[\[\]\"'|`*<>\n]")
"""Markdown and HTML a redacted value must not swallow: a tag, link and image brackets, a title's quote,
a table bar, code and emphasis marks, a line break."""


def _redacted(value: str, mark: str, markup: bool) -> str:
    """What replaces ``value``: the mark; in a Markdown body the syntax inside it stays.

    ``[张某](url "家庭住址：翠竹路9号")`` keeps its closing ``")``; ``<b>翠竹路</b>9号`` becomes
    ``<b>■■■</b>``: the page is still well formed, and no text of the value is left.
    """
    if not markup or _SYNTAX.search(value) is None:
        return mark
    out: list[str] = []
    marked = False
    pos = 0
    for match in _SYNTAX.finditer(value):
        piece = value[pos: match.start()]
        if piece.strip():
            if not marked:
                out.append(mark)
                marked = True
        else:
            out.append(piece)
        token = match.group()
        if marked and not (token.startswith("<") and len(token) > 1):
            out.append(value[match.start():])  # the syntax closes the value: the rest is the editor's markup
            return "".join(out)
        out.append(token)
        pos = match.end()
    piece = value[pos:]
    if piece.strip():
        if not marked:
            out.append(mark)
    else:
        out.append(piece)
    return "".join(out)


def _subn(pattern: re.Pattern[str], text: str, mark: str, *, markup: bool) -> tuple[str, int]:
    """Redact every match of ``pattern`` in ``text`` (or only its ``value`` group), as a person reads the text.

    The pattern sees the text with spaces unified and zero-width characters removed
    (``家\u200b庭住址``), and the original characters are replaced.
    """
    norm = textview.normalise(text, nfkc=False)
    spans = []
    for match in screen.finditer(pattern, norm.text):
        start, end = match.span("value") if "value" in pattern.groupindex and match.group("value") is not None else match.span()
        if end > start:
            spans.append((norm.original(start), norm.original(end)))
    if not spans:
        return text, 0
    parts, pos = [], 0
    for start, end in spans:
        if start < pos:
            continue
        parts.append(text[pos:start])
        parts.append(_redacted(text[start:end], mark, markup))
        pos = end
    parts.append(text[pos:])
    return "".join(parts), len(spans)


_EMPTY = object()
"""A removed non-text field: it becomes the field's default (``[]`` for a list, None for an optional value)."""


def _replace(obj: Any, path: Path_, value: Any) -> Any:
    """A copy of ``obj`` with the value at ``path`` replaced; ``obj`` is left untouched."""
    if not path:
        return None if value is _EMPTY else value
    head, rest = path[0], path[1:]
    if isinstance(obj, BaseModel) and not rest and value is _EMPTY:
        return obj.model_copy(update={head: empty_value(type(obj), head)})
    if isinstance(obj, BaseModel):
        return obj.model_copy(update={head: _replace(getattr(obj, head), rest, value)})
    if isinstance(obj, list):
        copy = list(obj)
        copy[head] = _replace(obj[head], rest, value)
        return copy
    if isinstance(obj, dict):
        copy_d = dict(obj)
        copy_d[head] = _replace(obj[head], rest, value)
        return copy_d
    return obj


def _paths_of(obj: Any, keys: list[str], path: Path_ = ()) -> Iterable[Path_]:
    """Paths of the non-empty values named by a dotted field spec (list indices implied).

    A list of records named as a whole (``attachments``, ``suppliers``) is one path: it is left out whole."""
    if not keys and isinstance(obj, list) and any(isinstance(item, BaseModel) for item in obj):
        yield path
        return
    if isinstance(obj, list):
        for i, item in enumerate(obj):
            yield from _paths_of(item, keys, (*path, i))
        return
    if not keys:
        if obj not in (None, "", []):
            yield path
        return
    if isinstance(obj, BaseModel) and keys[0] in type(obj).model_fields:
        yield from _paths_of(getattr(obj, keys[0]), keys[1:], (*path, keys[0]))
