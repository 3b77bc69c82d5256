"""What a reader hands on: text lines and table grids, each piece with the place it came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class SourceError(Exception):
    """A file that cannot be read at all; ``str()`` is one Chinese sentence for the editor."""


@dataclass(frozen=True)
class Cell:
    text: str
    """The cell's text as printed, whitespace-normalised; "" for an empty cell."""
    place: str
    """Where it is, in the editor's words: ``第3页 表2 第5行第2列`` or ``Sheet1!B5``."""


@dataclass
class Grid:
    """One printed table: rows of cells (merged cells repeated into every position they cover)."""

    rows: list[list[Cell]]
    place: str
    """Where the table is: ``第3页 表2`` or ``工作表“Sheet1”``."""
    caption: list[str] = field(default_factory=list)
    """Text lines printed just above the table (its title, ``单位：万元``), top to bottom."""
    after: list[str] = field(default_factory=list)
    """Text lines printed just below it (注：…), top to bottom."""

    def texts(self) -> list[list[str]]:
        return [[cell.text for cell in row] for row in self.rows]


@dataclass(frozen=True)
class Line:
    text: str
    place: str


@dataclass
class Document:
    """A file read into its narrative lines and its tables, in reading order."""

    path: Path
    form: str
    """``pdf``, ``xlsx``, ``csv`` or ``text``."""
    lines: list[Line] = field(default_factory=list)
    """Text outside the tables (titles, 说明, 名词解释), in reading order."""
    grids: list[Grid] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """What the reader noticed about the file as a whole (a page without a text layer …), in Chinese."""

    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


@dataclass(frozen=True)
class Unread:
    """A value an importer could not read: left unfilled in the entry and listed for the editor."""

    place: str
    """Where in the source (``第3页 表2 第5行第2列``)."""
    what: str
    """What should be there, in Chinese (``支出决算表“行政运行”的“基本支出”``)."""


@dataclass
class Draft:
    """One entry an importer made from a document, before it is written.

    ``meta`` is the entry's fields in the order they are written; a value that could not be read
    is ``unfilled(place)`` (load/unfilled.py), never a guess.
    """

    kind: str
    year: int | None
    stem: str
    """File name without suffix, by the convention review routing relies on: ``<organ-id>-…``."""
    meta: dict[str, Any]
    body: str | None = None
    """Markdown body (the narrative); written as a ``.md`` entry when present."""
    unread: list[Unread] = field(default_factory=list)
    attachment: Path | None = None
    """The source file, copied beside the entry and listed as its attachment."""
    notes: list[str] = field(default_factory=list)
    """What the editor should know about this entry (Chinese), printed after the path."""
    origins: list[tuple[str, str]] = field(default_factory=list)
    """(key path such as ``vehicles.purchase``, place in the source) of each figure written, for checking it against the original."""


@dataclass(frozen=True)
class Request:
    """What the editor said on the command line, and what an importer may look names up in."""

    organ: str | None = None
    """``--organ``: the 发布机构 id for every entry; None: recognised from the document's text."""
    year: int | None = None
    """``--year``: the year the entry is about (预决算年度 …); None: read from the document."""
    forced: bool = False
    """``--kind`` named this kind: make an entry even when the document does not look like one."""
    organs: dict[str, str] = field(default_factory=dict)
    """Registry id → full name (catalog/organs.yml), to recognise the organ printed in a document."""
    topics: dict[str, str] = field(default_factory=dict)
    """Registry id → name (catalog/topics.yml)."""
    usccs: dict[str, str] = field(default_factory=dict)
    """Registry id → 统一社会信用代码 (catalog/organs.yml), to tell this catalog's 索引号 from another system's."""

    def organ_in(self, text: str) -> str | None:
        """The id of the registered organ whose full name appears in ``text`` (the longest name wins)."""
        if self.organ:
            return self.organ
        found = [(len(name), oid) for oid, name in self.organs.items() if name and name in text]
        return max(found)[1] if found else None
