"""The shape of one problem code and of one section of codes. No MkDocs here."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"


ERROR = Severity.ERROR
WARNING = Severity.WARNING

PROTECTED = ("wall-", "detect-", "negative-list-", "allowlist-", "private-", "withheld-", "link-to-withheld",
             "attachment", "file-", "folder-", "yaml-", "hidden-file", "config-", "body-", "field-markup", "index-no-write", "index-no-lock", "as-issued-")
"""Prefixes of codes no office may adjust: the wall, the detectors, the private folder, confidentiality,
files that could not be read as written. A warning there is said to every office alike."""


@dataclass(frozen=True)
class Code:
    """One problem code, declared once: what ``check`` prints as ``[code]`` and docs/problem-codes.md lists."""

    name: str
    severity: Severity
    """The severity a diagnostic of this code has unless its call site says otherwise (see ``levels``)."""
    meaning: str
    """What the problem is, in Chinese (the docs' 含义 column)."""
    fix: str = ""
    """How to fix it, in Chinese (the docs' 改法 column)."""
    levels: str = ""
    """Set when the code is an error in some cases and a warning in others: the docs' 级别 text, e.g. 错误/警告."""
    adjustable: bool | None = None
    """May mkdocs.yml's ``validation:`` raise or silence its warnings? None: yes for a warning outside PROTECTED."""
    as_issued: bool = False
    """A finding about the document's own content (its figures, its 文号 or dates as printed): a person who
    checked it against the original may acknowledge it as issued (原文如此, check/asissued.py). Never a
    code of the wall, the detectors or a format the site cannot be built from."""

    @property
    def can_warn(self) -> bool:
        return self.severity is Severity.WARNING or bool(self.levels)

    @property
    def may_adjust(self) -> bool:
        if self.adjustable is not None:
            return self.adjustable and self.can_warn
        return self.can_warn and not self.name.startswith(PROTECTED)

    @property
    def level_text(self) -> str:
        return self.levels or ("错误" if self.severity is Severity.ERROR else "警告")


@dataclass(frozen=True)
class Section:
    """A group of codes: one table in docs/problem-codes.md, under a stable anchor ``#<id>``."""

    id: str
    title: str
    codes: tuple[Code, ...]
    intro: str = ""
    """Markdown said before the table."""
    outro: str = ""
    """Markdown said after the table."""
