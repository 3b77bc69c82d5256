"""The catalog of problem codes: each code declared once, with its severity, Chinese texts and docs anchor.

A diagnostic takes its severity from here (``severity_of``) unless its call site names one of the
code's ``levels``; docs/problem-codes.md is generated from these tables (``python -m plugins.core.check.codes --write``);
mkdocs.yml's ``validation:`` may raise or silence the adjustable warnings (validation.py). No MkDocs here.
"""

from __future__ import annotations

from collections.abc import Mapping

from . import check, kinds, load, wall
from .code import ERROR, PROTECTED, WARNING, Code, Section, Severity

SECTIONS: tuple[Section, ...] = load.SECTIONS + check.SECTIONS + wall.SECTIONS + kinds.SECTIONS
"""In the order docs/problem-codes.md shows them: reading, checking, the wall, then each kind."""


def _index(sections: tuple[Section, ...]) -> dict[str, Code]:
    found: dict[str, Code] = {}
    for section in sections:
        for code in section.codes:
            if code.name in found:
                raise ValueError(f"problem code declared twice: {code.name}")
            found[code.name] = code
    return found


CODES: Mapping[str, Code] = _index(SECTIONS)
SECTION_OF: Mapping[str, Section] = {code.name: section for section in SECTIONS for code in section.codes}


def severity_of(name: str) -> Severity:
    """The declared severity of a code; an undeclared one (a test fails on it) is an error."""
    code = CODES.get(name)
    return code.severity if code is not None else Severity.ERROR


def anchor(name: str) -> str:
    """``problem-codes.md#<section>`` for a code, for links from other docs and messages."""
    return f"problem-codes.md#{SECTION_OF[name].id}"


__all__ = ["CODES", "ERROR", "PROTECTED", "SECTIONS", "SECTION_OF", "WARNING", "Code", "Section", "Severity", "anchor", "severity_of"]
