"""An entry's prose fields read for their figures, checked against a book, and each finding placed in the editor's file."""

from __future__ import annotations

import functools
import os

from ...load.figures_text import Figure, Text, read
from ...load.model import Entry
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
    """Line and column of a figure of field ``key`` (``body`` or ``summary``) in the editor's file."""
    path = (key,)
    source = None
    if not (key == "body" and entry.source.endswith(".md") and entry.body_line) and entry.abs_dir is not None:
        source = _source_text(os.path.join(entry.abs_dir, os.path.basename(entry.source)))
    return locate(entry, path, text, figure.start, source)


def texts_of(entry: Entry) -> list[tuple[str, str]]:
    """The prose an office writes its figures in: the body (说明) and the summary (摘要)."""
    found = [("body", entry.body or "")]
    if entry.meta.summary:
        found.append(("summary", entry.meta.summary))
    return [(k, t) for k, t in found if t.strip()]


FIELD_NAMES = {"body": "说明", "summary": "摘要", "change_reason": "增减变化原因"}
"""How a message names the text a figure is in."""
LABELS = {"body": "正文", "summary": "内容摘要", "change_reason": "增减变化原因"}


def check_text(entry: Entry, book: Book, fiscal_year: int, stage: str, fields: list[tuple[str, str]], subjects: list[Subject] | None = None, context: frozenset[str] = frozenset()) -> list[Diagnostic]:
    """Read each field's figures, check them, and return diagnostics at the figures."""
    subjects = subjects if subjects is not None else book.subjects(BUDGET_SUBJECTS)
    items: list[Statement] = []
    of_field: dict[int, tuple[str, str]] = {}
    for key, text in fields:
        read_text: Text = read(text)
        for _, figure in read_text.figures():
            of_field[id(figure)] = (key, text)
        items += statements(read_text, subjects, fiscal_year, stage, context)
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
        return f"{FIELD_NAMES.get(key, key)}第{position(figure)[0]}行"

    found = Checker(items, book, where).run()
    diagnostics = []
    for f in found:
        line, column = position(f.figure)
        key, _ = of_field[id(f.figure)]
        diagnostics.append(Diagnostic(entry.source, line, column, f.code, f.message, f.fix, field=key, label=LABELS.get(key, ""), severity=f.severity))
    return diagnostics


