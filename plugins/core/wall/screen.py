"""Search an office's text rules quickly: try a rule only where its first character occurs.

Python's ``re`` scans fast only when a pattern starts with a literal or a plain character
class; a rule such as ``(?:(?:家庭|现)?住址|家住)…`` (the negative list's address rule) starts
with a nested group, so ``search`` tries the whole rule at every position of every entry
(≈ 130 µs for a 3,000-character entry, the largest single cost of ``check`` at 100,000
entries). Here the set of characters a match can start with is read from the parsed pattern;
``search`` then jumps between those characters (a plain character-class scan) and tries the
rule only there. The result is the same match ``pattern.search`` finds: the leftmost
position where the rule matches. Patterns whose start cannot be bounded (``.``, ``\\w``,
negated classes, anchors, look-arounds, ignore-case, a rule that can match nothing) keep
plain ``search``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

try:  # Python ≥ 3.11
    from re import _constants as _c, _parser as _p  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _c
    import sre_parse as _p

_MAX_CHARS = 512
"""A first-character set larger than this (wide ranges) is not worth a screen."""

_SCREENS: dict[re.Pattern[str], re.Pattern[str] | None] = {}


class _Unbounded(Exception):
    """The pattern may start with too many characters (or with no character at all)."""


def first_chars(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Every character a match of ``pattern`` can start with, or None when that is not bounded."""
    if pattern.flags & re.IGNORECASE or not isinstance(pattern.pattern, str):
        return None
    try:
        chars, nullable = _seq(_p.parse(pattern.pattern, pattern.flags & ~re.UNICODE))
    except (_Unbounded, re.error, RecursionError):
        return None
    if nullable or not chars or len(chars) > _MAX_CHARS:
        return None
    return frozenset(chars)


def _seq(items: Any) -> tuple[set[str], bool]:
    """First characters of a sequence of nodes, and whether the whole sequence can match nothing."""
    chars: set[str] = set()
    for op, av in items:
        first, nullable = _node(op, av)
        chars |= first
        if not nullable:
            return chars, False
    return chars, True


def _node(op: Any, av: Any) -> tuple[set[str], bool]:
    if op is _c.LITERAL:
        return {chr(av)}, False
    if op is _c.IN:
        return _charset(av), False
    if op is _c.SUBPATTERN:
        _group, add_flags, _del_flags, sub = av
        if add_flags & re.IGNORECASE:
            raise _Unbounded
        return _seq(sub)
    if op is _c.BRANCH:
        chars: set[str] = set()
        nullable = False
        for alternative in av[1]:
            first, empty = _seq(alternative)
            chars |= first
            nullable = nullable or empty
        return chars, nullable
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", _c.MAX_REPEAT)):
        low, _high, sub = av
        first, empty = _seq(sub)
        return first, empty or low == 0
    if op is getattr(_c, "ATOMIC_GROUP", None):
        return _seq(av)
    raise _Unbounded  # ANY, NOT_LITERAL, AT, ASSERT, ASSERT_NOT, GROUPREF, …


def _charset(items: Any) -> set[str]:
    chars: set[str] = set()
    for op, av in items:
        if op is _c.LITERAL:
            chars.add(chr(av))
        elif op is _c.RANGE and av[1] - av[0] < _MAX_CHARS:
            chars.update(chr(code) for code in range(av[0], av[1] + 1))
        else:
            raise _Unbounded  # NEGATE, CATEGORY (\d, \s, \w), wide ranges
    return chars


def _screen(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    try:
        return _SCREENS[pattern]
    except KeyError:
        chars = first_chars(pattern)
        screen = re.compile("[" + "".join(re.escape(c) for c in sorted(chars)) + "]") if chars else None
        _SCREENS[pattern] = screen
        return screen


def search(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """``pattern.search(text)``, trying the pattern only where a match can start."""
    screen = _screen(pattern)
    if screen is None:
        return pattern.search(text)
    match = pattern.match
    for candidate in screen.finditer(text):
        found = match(text, candidate.start())
        if found is not None:
            return found
    return None


def finditer(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``: the same matches, the first one found by ``search`` above."""
    first = search(pattern, text)
    if first is None:
        return iter(())
    return pattern.finditer(text, first.start())
