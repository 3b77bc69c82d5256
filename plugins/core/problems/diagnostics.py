"""One value type for every problem found in an editor's file. No MkDocs here.

Loaders and rules *return* diagnostics; they never raise for problems in
editors' files, so a build can collect every problem and fail once.
"""

from __future__ import annotations

from dataclasses import dataclass

from .detectors import scrub
from .codes import CODES, Severity


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem in one editor-owned file.

    Printed as ``path:line:col: key(中文标签): what is wrong — how to fix [code]``.
    """

    file: str
    """Path relative to the project root, ``/``-separated."""
    line: int
    column: int
    code: str
    """Stable identifier such as ``doc-no-brackets``, declared once in codes/ (docs/problem-codes.md is made from it)."""
    message: str
    """What is wrong, in Chinese."""
    fix: str = ""
    """How to fix it, in Chinese."""
    field: str = ""
    """Dotted key path, e.g. ``attachments[0].file``."""
    label: str = ""
    """Chinese label of the field, e.g. 文号."""
    severity: Severity = None  # type: ignore[assignment]
    """None when made: the catalog's severity for ``code`` (codes/); a call site names one only where the code has ``levels``.
    A kind's code stays None here until ``check_catalog`` sets the severity that kind declares (``Kind.codes``)."""

    def __post_init__(self) -> None:
        if self.severity is None:
            code = CODES.get(self.code)
            if code is not None:
                object.__setattr__(self, "severity", code.severity)

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        what = self.message
        if self.fix:
            what = f"{what} — {self.fix}"
        if self.field:
            what = f"{self.field}({self.label}): {what}" if self.label else f"{self.field}: {what}"
        return scrub(f"{where}: {what} [{self.code}]")  # a quoted value may hold a personal number: never printed

    @property
    def is_error(self) -> bool:
        return self.severity is not Severity.WARNING  # a severity not yet settled counts as an error


def errors_of(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.is_error]


def summary(diagnostics: list[Diagnostic]) -> str:
    """A one-line Chinese summary such as ``3 个错误（2 个文件），1 个警告``."""
    errors = errors_of(diagnostics)
    warnings = len(diagnostics) - len(errors)
    files = len({d.file for d in errors})
    text = f"{len(errors)} 个错误（{files} 个文件）"
    if warnings:
        text += f"，{warnings} 个警告"
    return text
