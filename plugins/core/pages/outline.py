"""A generated page's contents (toc) read from its final HTML, held headings included.

Python-Markdown's toc only sees the headings Markdown made; headings inside
held HTML (a budget's tables, 附件, 相关条目) never reach it, so the page
contents left them out. Reading the headings of the page as it is published
gives one outline for both. Tokens have the shape of Python-Markdown's
``toc_tokens`` (MkDocs turns them into ``page.toc``). No MkDocs here.
"""

from __future__ import annotations

import html
import re
from typing import Any

_HEADING = re.compile(r"<h([1-6])\b([^>]*)>(.*?)</h\1\s*>", re.S | re.I)
_ID = re.compile(r"""\bid\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
_TAG = re.compile(r"<[^>]*>")


def headings(page_html: str) -> list[dict[str, Any]]:
    """Every heading with an id (its text with tags removed, entities kept), in order, nested by level: ``[{level, id, name, children}]``."""
    root: list[dict[str, Any]] = []
    stack: list[dict[str, Any]] = []
    for match in _HEADING.finditer(page_html):
        found = _ID.search(match[2])
        if found is None:
            continue
        name = " ".join(_TAG.sub("", match[3]).split())  # still HTML-escaped, as Markdown's toc names are
        if not html.unescape(name).strip():
            continue
        token = {"level": int(match[1]), "id": html.unescape(found[1] if found[1] is not None else found[2]), "name": name, "children": []}
        while stack and stack[-1]["level"] >= token["level"]:
            stack.pop()
        (stack[-1]["children"] if stack else root).append(token)
        stack.append(token)
    return root
