"""Fold Chinese text one character at a time (NFKC, case, traditional → simplified). No MkDocs here.

Normalisation works one character at a time so that the browser can repeat it
exactly (gk-search.js ships the same table): NFKC, lower case, then OpenCC's
traditional→simplified character table, so 預算 and 预算 become one token.

What a query matches, and the tokens that find it, are in match.py (the
specification is docs/search.md, "搜索的含义"); this module only folds characters.
"""

from __future__ import annotations

import functools
import unicodedata
from pathlib import Path


@functools.cache
def t2s_table() -> dict[str, str]:
    """Traditional → simplified, one character to one character, from OpenCC's data."""
    import opencc

    converter = opencc.OpenCC("t2s")
    source = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    table: dict[str, str] = {}
    for line in source.read_text(encoding="utf-8").splitlines():
        key = line.split("\t", 1)[0].strip()
        if len(key) != 1:
            continue
        value = converter.convert(key)
        if len(value) == 1 and value != key and _same_width(key, value):
            table[key] = value
    return table


def _same_width(a: str, b: str) -> bool:
    """Both in the BMP or both astral, so UTF-16 offsets stay aligned in the browser."""
    return (ord(a) > 0xFFFF) == (ord(b) > 0xFFFF)


def normalize_char(char: str) -> str:
    """The one-character normalisation that gk-search.js repeats (normChar)."""
    folded = unicodedata.normalize("NFKC", char).lower()
    if len(folded) != 1 or not _same_width(char, folded):
        folded = char
    return t2s_table().get(folded, folded)


class _Table(dict):
    """A str.translate table filled on demand, so normalising stays at C speed."""

    def __missing__(self, code: int) -> str:
        value = normalize_char(chr(code))
        self[code] = value
        return value


_TABLE = _Table()


def normalize(text: str) -> str:
    """Same length as ``text``, character for character (offsets map back for highlighting)."""
    return text.translate(_TABLE)


