"""Markup that editors write is made safe by construction. No MkDocs here.

Three pieces, one allow-list:

* ``clean`` — every piece of HTML that Markdown made from an editor's text (entry
  bodies, 年度报告 narratives) goes through nh3 (ammonia) after Markdown: only the
  tags and attributes that Markdown and the project's extensions produce survive;
  no script, no event handler, no comment, no ``javascript:``/``data:`` URL, no
  image from another host. The HTML the renderer generates itself (metadata
  tables, charts, data tables) is held away from Markdown (``pages.page.hold``) and
  never reaches the editor's path.
* ``SafeLinks`` — a Markdown extension that blanks link and image URLs that are
  unsafe or that ``urllib`` cannot even parse (``[x](//a：b)``), before MkDocs'
  own link processing would raise on them.
* ``markup_check.py`` (its own module) — what ``check`` says about such markup
  in a published body, with the body line, so the editor learns what the site
  will not show.

Titles, summaries and every metadata value are plain text: ``markdown_text``
makes a title inert for a Markdown heading; templates escape the rest.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

import nh3
from markdown import Extension
from markdown.treeprocessors import Treeprocessor

from ..problems.diagnostics import Diagnostic

# --- the allow-list -----------------------------------------------------------

TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del",
    "details", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6",
    "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "section", "small",
    "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time",
    "tr", "u", "ul", "wbr",
})
"""What Python-Markdown, tables, attr_list, admonition, footnotes, toc and pymdownx.details produce."""

ATTRIBUTES: dict[str, set[str]] = {
    "*": {"id", "class", "title", "lang", "dir"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "th": {"colspan", "rowspan", "scope", "style", "align"},
    "td": {"colspan", "rowspan", "style", "align"},
    "col": {"span"},
    "colgroup": {"span"},
    "ol": {"start", "type"},
    "li": {"value"},
    "details": {"open"},
    "time": {"datetime"},
    "q": {"cite"},
    "blockquote": {"cite"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
STYLE_PROPERTIES = frozenset({"text-align"})
"""Table cell alignment (Markdown tables write ``style="text-align: …"``); any other property is dropped."""

SCRIPT_TAGS = frozenset({"script"})
EMBED_TAGS = frozenset({
    "iframe", "frame", "frameset", "object", "embed", "applet", "form", "input", "button", "textarea",
    "select", "option", "style", "link", "meta", "base", "svg", "math", "audio", "video", "source",
    "track", "portal", "template", "noscript", "canvas", "dialog", "picture", "param", "xmp", "plaintext",
})
"""Tags that run, embed, load or submit something: an error in a body (they are removed on publishing)."""
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "data", "poster", "background", "srcset", "xlink:href", "cite", "ping", "lowsrc", "dynsrc"})
UNSAFE_SCHEMES = ("javascript:", "vbscript:", "data:", "livescript:", "mocha:")

_CONTROL = re.compile(r"[\x00-\x20\x7f]+")


def _squeezed(url: str) -> str:
    """A URL as a browser reads its scheme: entities decoded, spaces and control characters gone, lower case."""
    return _CONTROL.sub("", html.unescape(url)).lower()


def unsafe_url(url: str) -> bool:
    """True for ``javascript:``, ``vbscript:``, ``data:`` and the like, however they are spelled."""
    return _squeezed(url).startswith(UNSAFE_SCHEMES)


def url_error(url: str) -> bool:
    """True when ``urllib`` cannot parse ``url`` (MkDocs would raise on it)."""
    try:
        urlsplit(url)
    except ValueError:
        return True
    return False


def external_host(url: str, own_host: str = "") -> str:
    """The host of an absolute (or ``//``) URL on another site than ``own_host``; "" otherwise.

    A backslash counts as a slash, as browsers read http(s) addresses: ``\\\\evil.example/x.png``
    and ``/\\evil.example/x.png`` load from evil.example.
    """
    squeezed = _squeezed(url).replace("\\", "/")
    if not (squeezed.startswith("//") or re.match(r"[a-z][a-z0-9+.-]*:", squeezed)):
        return ""
    try:
        host = (urlsplit(squeezed).hostname or "").lower()
    except ValueError:
        return "?"
    if not host and not squeezed.startswith(("http:", "https:", "//")):
        return ""
    return "" if host and host == own_host.lower() else (host or "?")


class Sanitizer:
    """nh3 with the project's allow-list; images only from the site's own host (``own_host``)."""

    def __init__(self, own_host: str = ""):
        self.own_host = own_host.lower()
        self._cleaner = nh3.Cleaner(
            tags=set(TAGS),
            clean_content_tags={"script", "style", "template", "noscript", "xmp", "plaintext", "textarea", "select", "option"},
            attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
            attribute_filter=self._attribute,
            url_schemes=set(URL_SCHEMES),
            strip_comments=True,
            link_rel=None,
            filter_style_properties=set(STYLE_PROPERTIES),
        )

    def _attribute(self, tag: str, name: str, value: str) -> str | None:
        if name == "src" and external_host(value, self.own_host):
            return None  # no request to another site
        return value

    def clean(self, markup: str) -> str:
        return self._cleaner.clean(markup)


_SANITIZERS: dict[str, Sanitizer] = {}


def sanitizer(own_host: str = "") -> Sanitizer:
    if own_host not in _SANITIZERS:
        _SANITIZERS[own_host] = Sanitizer(own_host)
    return _SANITIZERS[own_host]


def clean(markup: str, own_host: str = "") -> str:
    """``markup`` through the allow-list (see the module docstring)."""
    return sanitizer(own_host).clean(markup)


# --- plain text in Markdown ---------------------------------------------------

_ACTIVE = re.compile(r"[&<>\"'`*_{}\[\]#~^=:+$@|]")
_HTML_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"}
_SPACES = re.compile(r"\s+")
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
"""Characters XML 1.0 does not allow at all (a feed with one is not well-formed)."""


def xml_text(text: str) -> str:
    """``text`` without the characters XML cannot carry."""
    return XML_INVALID.sub("", text) if XML_INVALID.search(text) else text


def _reference(match: re.Match[str]) -> str:
    char = match[0]
    return _HTML_ESCAPES.get(char) or f"&#{ord(char)};"


def markdown_text(text: str) -> str:
    """``text`` for a Markdown heading line, inert: shown exactly as written, never parsed as Markdown.

    ``html.escape``d, and ASCII punctuation that Markdown or a common extension
    reads as syntax (emphasis, code, links, ``{: attr_list}``, a closing ``#``,
    ``~~`` ``==`` ``^^`` ``:emoji:`` …) becomes a numeric character reference;
    line breaks become spaces. A backslash stays: whatever follows it is a letter
    or a reference, which no escape applies to. Without such characters the
    result is what ``html.escape`` gives.
    """
    text = _SPACES.sub(" ", text).strip()
    if _CONTROLS.search(text):
        text = _CONTROLS.sub("", text)  # invisible, and Python-Markdown's own placeholders are made of them
    if not _ACTIVE.search(text):
        return text
    return _ACTIVE.sub(_reference, text)


# --- CSV cells ---------------------------------------------------------------

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
_NUMBER = re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?%?\Z")
"""A signed number (``-4.30``, ``-8.2%``) is data, not a formula."""


def csv_text(value: Any) -> Any:
    """A text cell that a spreadsheet shows as text, never runs as a formula (OWASP: prefix ``'``)."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _NUMBER.match(value):
        return "'" + value
    return value


# --- Markdown: unsafe or unparsable URLs never reach MkDocs ---------------------


class _SafeLinks(Treeprocessor):
    def run(self, root: Any) -> None:
        for element in root.iter():
            key = "href" if element.tag == "a" else "src" if element.tag == "img" else None
            if key is None:
                continue
            url = element.get(key)
            if url and (url_error(url) or unsafe_url(url)):
                element.set(key, "")


class SafeLinks(Extension):
    """Blanks ``javascript:`` and unparsable link/image URLs before MkDocs' link processing (priority 0)."""

    def extendMarkdown(self, md: Any) -> None:  # noqa: N802 (Python-Markdown's name)
        md.treeprocessors.register(_SafeLinks(md), "gk_safe_links", 1)


# --- site configuration: nothing that reads the repository into a page ------------

FILE_INCLUDING = {
    "pymdownx.snippets": "把 --8<-- \"路径\" 指向的任意文件（如 .git/config、未公开的条目）插入网页",
    "markdown_include.include": "把 {!路径!} 指向的任意文件插入网页",
    "mdx_include": "把 {! 路径 !} 指向的任意文件或网址插入网页",
    "macros": "把正文当作模板执行，{{ config }}、{% include %} 能读出配置和任意文件",
}
"""Markdown extensions and MkDocs plugins that let an entry's text pull files (or run templates) into the site."""


def config_problems(extensions: Iterable[str], plugins: Iterable[str], config_text: str) -> list[Diagnostic]:
    """A located error for each extension or plugin in mkdocs.yml that would let a body read the repository."""
    out = []
    for kind, names in (("markdown_extensions", extensions), ("plugins", plugins)):
        for name in names:
            what = FILE_INCLUDING.get(name)
            if what is None:
                continue
            match = re.search(rf"(?m)^[ \t]*-[ \t]*['\"]?{re.escape(name)}\b", config_text)
            line = config_text.count("\n", 0, match.start()) + 1 if match else 0
            col = match.start() - config_text.rfind("\n", 0, match.start()) if match else 0
            out.append(Diagnostic("mkdocs.yml", line, col, "config-file-including",
                                  f"{kind} 中启用了 {name}：它会{what}，条目正文由编辑人员撰写，这样任何人都能通过正文发布仓库里的文件",
                                  f"从 mkdocs.yml 的 {kind} 中删去 {name}；要发布的文件作为条目附件（attachments）", field=kind, label="网站配置"))
    return out

