"""Text as a person reads it, with a map back to the characters the editor typed.

``normalise``: every Unicode space a space, zero-width and format characters gone, NFKC (full-width
digits and letters half-width), every dash a hyphen. ``visible``: a Markdown/HTML body with its
entities and tags resolved as the page shows it. The detectors, the negative list's patterns and
the redaction all match on these views and report offsets in the original.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from dataclasses import dataclass


DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\ufe58\ufe63\uff0d\u02d7\u2e3a\u2e3b"
"""Hyphens, dashes and minus signs a number may be typed with (U+2010–U+2015, U+2212, full-width)."""
_LINE_BREAKS = "\u2028\u2029\u0085\x0b\x0c"


@functools.lru_cache(maxsize=1)
def _odd_class() -> re.Pattern[str]:
    """Every BMP character that normalisation changes: built once (about 20 ms), on first need."""
    points = []
    for cp in range(0x80, 0x10000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        c = chr(cp)
        if unicodedata.category(c) in ("Cf", "Zs", "Zl", "Zp") or c in DASHES or unicodedata.normalize("NFKC", c) != c:
            points.append(cp)
    ranges, start, prev = [], points[0], points[0]
    for cp in points[1:]:
        if cp != prev + 1:
            ranges.append((start, prev))
            start = cp
        prev = cp
    ranges.append((start, prev))
    body = "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)
    return re.compile(f"[{body}{re.escape(_LINE_BREAKS)}\U00010000-\U0010ffff]")


@functools.lru_cache(maxsize=4096)
def _normal_char(c: str) -> str:
    if c in DASHES:
        return "-"
    if c in _LINE_BREAKS:
        return "\n"
    category = unicodedata.category(c)
    if category == "Cf":
        return ""  # zero-width space/joiners, word joiner, BOM, soft hyphen …
    if category == "Zs":
        return " "
    out = unicodedata.normalize("NFKC", c)
    return "".join(_normal_char(x) if x in DASHES or unicodedata.category(x) in ("Cf", "Zs") else x for x in out)


@dataclass(frozen=True)
class Normalised:
    text: str
    """What a person sees, for the detectors."""
    _starts: tuple[int, ...] = ()
    """Offsets in ``text`` where a changed character's replacement begins (sorted)."""
    _origins: tuple[int, ...] = ()
    """For each of ``_starts``: the offset of that character in the original."""
    _shift_after: tuple[int, ...] = ()
    """For each of ``_starts``: original offset minus normalised offset after that replacement."""

    def original(self, offset: int) -> int:
        """The original offset of ``text[offset]`` (or of the end, for ``offset == len(text)``)."""
        if not self._starts:
            return offset
        i = bisect.bisect_right(self._starts, offset) - 1
        if i < 0:
            return offset
        if offset < self._origins[i] + 1 - self._shift_after[i]:
            return self._origins[i]  # inside the replacement of one character (NFKC may expand one to several)
        return offset + self._shift_after[i]


_INVISIBLE = re.compile(r"[\u00a0\u00ad\u180e\u1680\u2000-\u200f\u2028-\u202f\u205f-\u2064\u3000\ufeff]")
"""Spaces and zero-width characters only: for the negative list's own patterns, which are
written with full-width punctuation （） that NFKC would turn into ASCII."""


def _light_char(c: str) -> str:
    if c in _LINE_BREAKS:
        return "\n"
    category = unicodedata.category(c)
    return "" if category == "Cf" else " " if category == "Zs" else c


def normalise(text: str, *, nfkc: bool = True) -> Normalised:
    """``text`` as a person reads it, with a map back to its offsets.

    ``nfkc=False``: only spaces unified and invisible characters removed (for patterns)."""
    if text.isascii():
        return Normalised(text)
    odd = _odd_class() if nfkc else _INVISIBLE
    convert = _normal_char if nfkc else _light_char
    if odd.search(text) is None:
        return Normalised(text)
    parts: list[str] = []
    starts: list[int] = []
    origins: list[int] = []
    shifts: list[int] = []
    pos = 0
    length = 0
    for match in odd.finditer(text):
        i = match.start()
        if i > pos:
            parts.append(text[pos:i])
            length += i - pos
        c = text[i]
        new = convert(c) if len(c) == 1 else c
        pos = i + 1
        if new == c:
            parts.append(c)
            length += 1
            continue
        starts.append(length)
        origins.append(i)
        parts.append(new)
        length += len(new)
        shifts.append(pos - length)
    parts.append(text[pos:])
    return Normalised("".join(parts), tuple(starts), tuple(origins), tuple(shifts))


# --- markup: what a reader of the page sees of a Markdown/HTML body --------------------------

_ENTITY_HINT = r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|nbsp|ensp|emsp|thinsp|shy|zwsp|zwj|zwnj|NoBreak|hyphen|dash|ndash|mdash|minus);"


def markup_hint(chars: str = "") -> re.Pattern[str]:
    """An entity, or markup glued to a digit or one of ``chars`` (besides 密 and 内部 for the marking detector):
    only then is a body re-read. Ordinary formatting (``**重点**``, ``<p>通知</p>``) is not."""
    near = "[0-9密内部" + re.escape("".join(sorted(set(chars) - set("0123456789密内部")))) + "]"
    return re.compile(rf"{_ENTITY_HINT}|{near}(?:<|\\|[*_`~])|[>\\*_`~]{near}")


_MARKUP_HINT = markup_hint()
_MARKUP = re.compile(
    r"(?P<comment><!--.*?-->)"
    r"|(?P<cell></?t[dh]\b[^<>]*>)"
    r"|(?P<line><br\s*/?>|</?(?:p|div|li|tr|h[1-6]|table|ul|ol|blockquote)\b[^<>]*>)"
    r"|(?P<tag></?[A-Za-z][^<>\n]*>)"
    r"|(?P<entity>&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,15});)"
    r"|\\(?P<escaped>[!-/:-@\[-`{-~])"
    r"|(?P<mark>[*_`~]+)",
    re.S,
)


@dataclass(frozen=True)
class Visible:
    """A body as its page shows it (tags, comments, entities, escapes and emphasis marks resolved), with offsets back."""

    text: str
    _new: tuple[int, ...]
    _old: tuple[int, ...]
    _old_end: tuple[int, ...]
    _length: tuple[int, ...]

    def original(self, offset: int) -> int:
        i = bisect.bisect_right(self._new, offset) - 1
        if i < 0:
            return offset
        if offset < self._new[i] + self._length[i]:
            return self._old[i]
        return offset + self._old_end[i] - (self._new[i] + self._length[i])


def visible(text: str, hint: re.Pattern[str] | None = None) -> Visible | None:
    """``text`` with its markup resolved, or None when no markup can hide a number or marking in it (most bodies).

    ``139&nbsp;2647&nbsp;8051``, ``<span>139</span>26478051``, ``**139**26478051``, ``&#31192;&#23494;★``:
    the reader sees a number or a marking, so the detectors must too."""
    import html as _html

    if not ("<" in text or "&" in text or "*" in text or "_" in text or "\\" in text or "`" in text or "~" in text):
        return None  # plain text (substring tests run at C speed)
    if (hint or _MARKUP_HINT).search(text) is None:
        return None
    parts: list[str] = []
    new: list[int] = []
    old: list[int] = []
    old_end: list[int] = []
    length: list[int] = []
    pos = size = 0
    for match in _MARKUP.finditer(text):
        kind = match.lastgroup
        if kind == "cell":
            out = "\t"
        elif kind == "line":
            out = "\n"
        elif kind == "entity":
            out = _html.unescape(match.group())
        elif kind == "escaped":
            out = match.group("escaped")
        else:
            out = ""
        parts.append(text[pos: match.start()])
        size += match.start() - pos
        new.append(size)
        old.append(match.start())
        old_end.append(match.end())
        length.append(len(out))
        parts.append(out)
        size += len(out)
        pos = match.end()
    if not new:
        return None
    parts.append(text[pos:])
    return Visible("".join(parts), tuple(new), tuple(old), tuple(old_end), tuple(length))
