"""Which script an entry is written in: zh-Hant for a document in traditional characters, else zh-CN.

A page's ``lang`` tells screen readers and search engines how to read it, and
some documents are published in traditional characters as issued (a 年度报告
of 2015). Told from the text: the share of its Han characters that exist only in
traditional writing (OpenCC's table, the one search folds with). No MkDocs here.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

DEFAULT = "zh-CN"
TRADITIONAL = "zh-Hant"
SHARE = 0.08
"""Traditional-only characters per Han character at which a text reads as traditional.

Traditional prose runs at 20–35 %; simplified text meets a few such characters
only in names and quotations (著, 乾), well under 2 %."""
MINIMUM = 3
"""Fewer traditional-only characters than this never count (a name in a simplified text)."""
SAMPLE = 4000
"""Characters of the text read: enough to tell, and bounded for long bodies."""
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@functools.cache
def _traditional_only() -> re.Pattern[str]:
    """Characters OpenCC turns into another character when converting traditional to simplified."""
    import opencc  # third-party; loaded on first use only (not every command renders pages)

    converter = opencc.OpenCC("t2s")
    source = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    chars = set()
    for line in source.read_text(encoding="utf-8").splitlines():
        key = line.split("\t", 1)[0].strip()
        if len(key) == 1 and converter.convert(key) != key:
            chars.add(key)
    return re.compile("[" + "".join(re.escape(c) for c in sorted(chars)) + "]")


def language(*texts: object) -> str:
    """``zh-Hant`` when the texts read as traditional characters, else ``zh-CN``."""
    sample = "".join(t for t in texts if isinstance(t, str))[:SAMPLE]
    han = len(_HAN.findall(sample))
    if not han:
        return DEFAULT
    traditional = len(_traditional_only().findall(sample))
    return TRADITIONAL if traditional >= MINIMUM and traditional / han >= SHARE else DEFAULT
