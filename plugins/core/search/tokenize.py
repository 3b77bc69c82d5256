"""Normalise Chinese text and cut it into index tokens. No MkDocs here.

Normalisation works one character at a time so that the browser can repeat it
exactly (gk-search.js ships the same table): NFKC, lower case, then OpenCC's
traditional→simplified character table, so 預算 and 预算 become one token.

Tokens are character bigrams of every run of Han characters: every 2-character
word is a token, and a longer word is found by intersecting its bigrams, so a
2- or 3-character word is found in every entry that contains it (no segmenter
can miss it). Titles also get single characters. Runs of letters and digits are
one token each (``2016``, ``ocds``).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping
from pathlib import Path

HAN = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
"""Han characters (CJK unified ideographs, extensions, compatibility ideographs, 〇)."""
RUN = re.compile(f"([{HAN}]+)|([^\\W_{HAN}]+)")
"""A run of Han characters, or a run of other letters and digits (must match gk-search.js)."""
MAX_WORD = 32
"""Letter/digit runs are cut to this length (a 索引号 like 11441900007330235A fits)."""


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


def tokens(text: str, *, unigrams: bool = False) -> list[str]:
    """Tokens of already normalised text, in order, with repeats.

    Bigrams of each Han run and whole letter/digit runs; with ``unigrams`` (titles)
    also every single Han character, so a one-character query can search titles.
    """
    out: list[str] = []
    for han, word in RUN.findall(text):
        if han:
            if unigrams:
                out.extend(han)
            out += [han[i : i + 2] for i in range(len(han) - 1)]
        else:
            out.append(word[:MAX_WORD])
    return out


def query_terms(query: str) -> list[str]:
    """The words of a query as the browser sees them: normalised Han runs and letter/digit runs."""
    return [m.group(0)[:MAX_WORD] if m.group(2) else m.group(0) for m in RUN.finditer(normalize(query))]


def cover(length: int) -> list[int]:
    """Starts of the bigrams a query fetches for a Han word of ``length`` characters.

    Every bigram of a word is in every entry that contains the word, so any subset
    keeps recall at 100%; non-overlapping pairs (plus the last one) halve the shards
    a long word fetches. The browser then checks the whole word in the results it shows.
    """
    starts = list(range(0, length - 1, 2))
    if starts and starts[-1] != length - 2:
        starts.append(length - 2)
    return starts


MAX_QUERY_TOKENS = 4
"""A query fetches at most this many shards; the browser checks the whole query in what it shows."""


def query_tokens(query: str, common: Mapping[str, int] | None = None) -> tuple[list[str], bool]:
    """(tokens every hit must contain, title_only) — what gk-search.js fetches for a query.

    Any subset of a word's bigrams keeps recall at 100%, so a long word or a long
    query fetches only a few: the covering pairs, swapped for rarer pairs when the
    manifest lists some as ``common`` (token → number of entries). A lone Han
    character is searched in titles only (bodies index bigrams); when the query
    also has longer words, lone characters are left out of matching.
    """
    common = common or {}
    required: list[str] = []
    singles: list[str] = []
    for term in query_terms(query):
        if RUN.fullmatch(term).group(1):  # type: ignore[union-attr]
            if len(term) == 1:
                singles.append(term)
                continue
            starts = cover(len(term))
            order = starts + [i for i in range(len(term) - 1) if i not in starts]
            pairs = list(dict.fromkeys(term[i : i + 2] for i in order))
            required += sorted(pairs, key=lambda t: common.get(t, 0))[: len(starts)]
        else:
            required.append(term)
    if required or not singles:
        required = list(dict.fromkeys(required))
        if len(required) > MAX_QUERY_TOKENS:
            keep = set(sorted(required, key=lambda t: common.get(t, 0))[:MAX_QUERY_TOKENS])
            required = [t for t in required if t in keep]
        return required, False
    return list(dict.fromkeys(singles)), True
