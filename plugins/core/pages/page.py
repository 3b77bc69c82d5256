"""A generated page, and the generated HTML it holds away from Markdown.

Every page source the build makes is a ``Page``. Generated HTML (tables, lists)
is set aside by ``hold`` and put back by ``restore`` after Markdown ran, so
Python-Markdown never re-parses it; editor Markdown inside it is a ``markdown_block``.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Page:
    """One generated page: where it lives and its Markdown source."""

    src_uri: str
    markdown: str
    meta: dict[str, Any] = field(default_factory=dict)
    title: str = ""
    raw: list[str] = field(default_factory=list)
    """HTML set aside by ``hold``: the Markdown carries a mark where it goes back."""
    fresh: bool = True
    """Made in this build; False when a ``PageMemo`` handed back the previous build's page."""


@dataclass
class Later:
    """A page made only when it is rendered (``make``), in the worker process that renders it.

    The parent of a build with workers keeps this (the entry and the Site, which it holds anyway)
    instead of every entry page's Markdown and held HTML until the end.
    """

    src_uri: str
    make: Callable[[], Page]


NONCE = secrets.token_hex(6)
"""Part of every mark ``hold`` leaves, new in every process: text an editor types can never be a mark."""
RAW_MARK = re.compile(f"<!--gk-raw-{NONCE}-(\\d+)-->")
_MD_OPEN = f"\x00gk-md-{NONCE}:"
_MD_CLOSE = f"\x00gk-md-{NONCE}/\x00"
_MD_BLOCK = re.compile(re.escape(_MD_OPEN) + r"([\w -]*)\x00(.*?)" + re.escape(_MD_CLOSE), re.S)


def markdown_block(text: str, css_class: str) -> str:
    """Markdown inside generated HTML (a 年度报告 narrative, a section heading): ``hold`` leaves it to
    Markdown, in a ``<div class=css_class>`` unless that is empty, and the page's sanitiser cleans
    what Markdown makes of it."""
    return f"{_MD_OPEN}{css_class}\x00{text}{_MD_CLOSE}"


def without_blocks(html: str) -> str:
    """``html`` with each ``markdown_block`` replaced by its text (for search, which reads text only)."""
    return _MD_BLOCK.sub(lambda m: "\n" + m[2] + "\n", html) if _MD_OPEN in html else html


def hold(raw: list[str], html: str) -> str:
    """Keep generated HTML away from Python-Markdown; return the mark that stands for it.

    Markdown would re-parse every tag of our tables with its (slow, pure Python)
    HTML parser only to pass them through unchanged — the largest per-page cost
    of a build. The plugin puts the HTML back after conversion (``restore``).
    Held HTML is trusted: everything between the marks is what Markdown made of
    an editor's text, and the plugin sanitises it before putting the marks back.
    Editor Markdown inside generated HTML (``markdown_block``) stays outside the marks.
    """
    if _MD_OPEN in html:
        parts: list[str] = []
        last = 0
        for match in _MD_BLOCK.finditer(html):
            if match.start() > last:
                parts.append(hold(raw, html[last:match.start()]))
            text = "\n\n" + match[2].strip() + "\n\n"
            parts.append(hold(raw, f'<div class="{match[1]}">') + text + hold(raw, "</div>") if match[1] else text)
            last = match.end()
        if last < len(html):
            parts.append(hold(raw, html[last:]))
        return "".join(parts)
    raw.append(html)
    return f"\n\n<!--gk-raw-{NONCE}-{len(raw) - 1}-->\n\n"


def restore(html: str, raw: list[str], clean: Callable[[str], str] | None = None) -> str:
    """Put held HTML back into the page HTML Markdown produced.

    ``clean`` (the sanitiser) is applied to every piece between the marks first:
    those pieces are what Markdown made of text (titles, bodies, narratives).
    """
    if not raw:
        return clean(html) if clean is not None else html
    if clean is None:
        return RAW_MARK.sub(lambda m: raw[int(m[1])] if int(m[1]) < len(raw) else "", html)
    out: list[str] = []
    last = 0
    for match in RAW_MARK.finditer(html):
        piece = html[last:match.start()]
        out.append(clean(piece) if piece.strip() else piece)
        index = int(match[1])
        out.append(raw[index] if index < len(raw) else "")
        last = match.end()
    piece = html[last:]
    out.append(clean(piece) if piece.strip() else piece)
    return "".join(out)
