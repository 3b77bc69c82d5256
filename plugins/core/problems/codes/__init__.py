"""The catalog of problem codes: each code declared once, with its severity, Chinese texts and docs anchor.

The codes of reading, checking and the wall are declared here; each kind declares the codes of its own
rules in its package (``Kind.codes``), so a caller that needs every code joins the two with
``sections_with`` / ``index`` over the kinds it is handed. A diagnostic takes its severity from here
(``severity_of``) unless its call site names one of the code's ``levels``; docs/problem-codes.md is
generated from these tables (``python build.py codes --write``); mkdocs.yml's ``validation:`` may raise
or silence the adjustable warnings (validation.py). No MkDocs here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from . import check, load, wall
from .code import ERROR, PROTECTED, WARNING, Code, Section, Severity

SECTIONS: tuple[Section, ...] = load.SECTIONS + check.SECTIONS + wall.SECTIONS
"""The generic codes, in the order docs/problem-codes.md shows them: reading, checking, the wall."""


def sections_with(kind_sections: Iterable[tuple[Section, ...]]) -> tuple[Section, ...]:
    """The generic sections, then each kind's (``Kind.codes``, in the kinds' order; a shared one once)."""
    found = list(SECTIONS)
    for sections in kind_sections:
        found += [section for section in sections if section not in found]
    return tuple(found)


def index(sections: tuple[Section, ...]) -> dict[str, Code]:
    """Code name → Code over ``sections``; a name declared twice is a mistake in the tables."""
    found: dict[str, Code] = {}
    for section in sections:
        for code in section.codes:
            if code.name in found:
                raise ValueError(f"problem code declared twice: {code.name}")
            found[code.name] = code
    return found


CODES: Mapping[str, Code] = index(SECTIONS)
"""The generic codes only: a kind's are on its ``Kind``."""


def severity_of(name: str, codes: Mapping[str, Code] = CODES) -> Severity:
    """The declared severity of a code; an undeclared one (a test fails on it) is an error."""
    code = codes.get(name)
    return code.severity if code is not None else Severity.ERROR


def anchor(name: str, sections: tuple[Section, ...] = SECTIONS) -> str:
    """``problem-codes.md#<section>`` for a code, for links from other docs and messages."""
    return next(f"problem-codes.md#{s.id}" for s in sections if any(c.name == name for c in s.codes))


__all__ = ["CODES", "ERROR", "PROTECTED", "SECTIONS", "WARNING", "Code", "Section", "Severity", "anchor", "index", "sections_with", "severity_of"]
