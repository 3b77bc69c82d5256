"""An entry's prose fields read for their figures, checked against a book, and each finding placed in the editor's file."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable

from ...load.figures_text import Figure, Text, read
from ...load.model import Entry
from ...load.schema import labels as field_labels
from ...problems.diagnostics import Diagnostic
from ...wall.exposure import locate
from .book import Book
from .checks import Checker
from .statements import Statement, statements
from .subjects import BUDGET_SUBJECTS, Subject


@functools.lru_cache(maxsize=8)
def _source_text(path: str) -> str | None:
    try:
        with open(path, encoding="utf-8-sig") as handle:
            return handle.read()
    except (OSError, UnicodeDecodeError):
        return None


def place(entry: Entry, key: str, text: str, figure: Figure) -> tuple[int, int]:
    """Line and column of a figure of field ``key`` (the body, or a YAML text field) in the editor's file.

    A Markdown body maps directly. A YAML value may be indented or folded, so the
    figure is found in the file by the words before it on its own line (the same
    figure may occur earlier in the value: “上年结转1件 … 行政诉讼1件”).
    """
    path = (key,)
    if (key == "body" and entry.source.endswith(".md") and entry.body_line) or entry.abs_dir is None:
        return locate(entry, path, text, figure.start, None)
    source = _source_text(os.path.join(entry.abs_dir, os.path.basename(entry.source)))
    if source is None:
        return locate(entry, path, text, figure.start, None)
    line_start = text.rfind("\n", 0, figure.start) + 1
    needle = text[line_start: figure.end]
    line, _ = entry.where(*path)
    offset = 0
    for _ in range(max(0, line - 1)):
        offset = source.find("\n", offset) + 1
        if offset <= 0:
            offset = 0
            break
    found = source.find(needle, offset) if needle.strip() else -1
    if found < 0:
        return locate(entry, path, text, figure.start, source)
    at = found + (figure.start - line_start)
    before = source.count("\n", 0, at)
    return before + 1, at - (source.rfind("\n", 0, at) + 1) + 1


def texts_of(entry: Entry) -> list[tuple[str, str]]:
    """The prose an office writes its figures in: the body (说明) and the summary (摘要)."""
    found = [("body", entry.body or "")]
    if entry.meta.summary:
        found.append(("summary", entry.meta.summary))
    return [(k, t) for k, t in found if t.strip()]


FIELD_NAMES = {"body": "说明", "summary": "内容概述", "change_reason": "增减变化原因"}
"""How a message names the text a figure is in."""
LABELS = {"body": "正文"}


Reader = Callable[[Text], list[Statement]]
"""Turns a text's figures into statements (``statements.statements`` with a kind's subjects, or a kind's own)."""


def budget_reader(book: Book, fiscal_year: int, stage: str, subjects: list[Subject] | None = None, context: frozenset[str] = frozenset()) -> Reader:
    """The 预决算 / “三公” reading: the fixed subjects, then the book's row names."""
    chosen = subjects if subjects is not None else book.subjects(BUDGET_SUBJECTS)
    return lambda text: statements(text, chosen, fiscal_year, stage, context)


def check_text(entry: Entry, book: Book, reader: Reader, fields: list[tuple[str, str]], names: dict[str, tuple[str, str]] | None = None) -> list[Diagnostic]:
    """Read each field's figures, check them, and return diagnostics at the figures.

    ``names``: field key → (how a message names the text, the field's Chinese label), beyond body/summary/change_reason.
    """
    field_names = {**FIELD_NAMES, **{k: v[0] for k, v in (names or {}).items()}}
    labels = {**LABELS, **field_labels(type(entry.meta)), **{k: v[1] for k, v in (names or {}).items()}}
    items: list[Statement] = []
    of_field: dict[int, tuple[str, str]] = {}
    for key, text in fields:
        read_text: Text = read(text)
        for _, figure in read_text.figures():
            of_field[id(figure)] = (key, text)
        items += reader(read_text)
    if not items:
        return []
    positions: dict[int, tuple[int, int]] = {}

    def position(figure: Figure) -> tuple[int, int]:
        if id(figure) not in positions:
            key, text = of_field[id(figure)]
            positions[id(figure)] = place(entry, key, text, figure)
        return positions[id(figure)]

    def where(figure: Figure) -> str:
        key, _ = of_field[id(figure)]
        return f"{field_names.get(key, key)}第{position(figure)[0]}行"

    found = Checker(items, book, where).run()
    diagnostics = []
    for f in found:
        line, column = position(f.figure)
        key, _ = of_field[id(f.figure)]
        diagnostics.append(Diagnostic(entry.source, line, column, f.code, f.message, f.fix, field=key, label=labels.get(key, ""), severity=f.severity))
    return diagnostics


