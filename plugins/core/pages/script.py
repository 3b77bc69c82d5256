"""Which script an entry is written in: zh-Hant for a document in traditional characters, else zh-CN.

A page's ``lang`` tells screen readers and search engines how to read it, and
some documents are published in traditional characters as issued (a 年度报告
of 2015). Told from the text: the share of its Han characters that exist only in
traditional writing (OpenCC's table, the one search folds with). No MkDocs here.
"""

from __future__ import annotations

import functools
from pathlib import Path

DEFAULT = "zh-CN"
TRADITIONAL = "zh-Hant"
SHARE = 0.08
"""Share of the distinct Han characters of a text that exist only in traditional writing, at which it reads as traditional.

Traditional prose runs at 30–40 % (the demo's two reports: 35 %, 37 %); a simplified text meets
such characters only in names and quotations (著, 乾), well under 2 %."""
MINIMUM = 3
"""Fewer distinct traditional-only characters than this never count (a name in a simplified text)."""
SAMPLE = 500
"""Characters read (the title and the start of the body): enough to tell, ≈ 0.03 ms an entry whatever its length (OpenCC's table: a few ms once)."""


@functools.cache
def _traditional_only() -> frozenset[str]:
    """Characters OpenCC's traditional → simplified table turns into another character (read from its
    data file, ``繁<TAB>简 …``: a few milliseconds, no conversion run per character)."""
    import opencc  # third-party; loaded on first use only (not every command renders pages)

    source = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    chars = set()
    for line in source.read_text(encoding="utf-8").splitlines():
        key, _, values = line.partition("\t")
        simplified = values.split()
        if len(key) == 1 and simplified and simplified[0] != key:
            chars.add(key)
    return frozenset(chars)


_HAN = frozenset(chr(c) for start, end in ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF)) for c in range(start, end + 1))
"""Han characters of the BMP (CJK unified ideographs, extension A, compatibility)."""


def language(*texts: object) -> str:
    """``zh-Hant`` when the texts read as traditional characters, else ``zh-CN``.

    Distinct characters, not occurrences: the sets are made and intersected in C, and
    a character repeated in a name weighs once.
    """
    distinct: set[str] = set()
    left = SAMPLE
    for text in texts:
        if isinstance(text, str) and left > 0:
            distinct.update(text[:left])
            left -= len(text)
    han = len(distinct & _HAN)
    if not han:
        return DEFAULT
    traditional = len(distinct & _traditional_only())
    return TRADITIONAL if traditional >= MINIMUM and traditional / han >= SHARE else DEFAULT
