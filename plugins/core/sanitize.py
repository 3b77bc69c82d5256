"""Markup that editors write is made safe by construction. No MkDocs here.

Three pieces, one allow-list:

* ``clean`` — every piece of HTML that Markdown made from an editor's text (entry
  bodies, 年度报告 narratives) goes through nh3 (ammonia) after Markdown: only the
  tags and attributes that Markdown and the project's extensions produce survive;
  no script, no event handler, no comment, no ``javascript:``/``data:`` URL, no
  image from another host. The HTML the renderer generates itself (metadata
  tables, charts, data tables) is held away from Markdown (``render.hold``) and
  never reaches the editor's path.
* ``SafeLinks`` — a Markdown extension that blanks link and image URLs that are
  unsafe or that ``urllib`` cannot even parse (``[x](//a：b)``), before MkDocs'
  own link processing would raise on them.
* ``findings`` / ``check_public`` — what ``check`` says about such markup in a
  published body, with the body line, so the editor learns what the site will
  not show.

Titles, summaries and every metadata value are plain text: ``markdown_text``
makes a title inert for a Markdown heading; templates escape the rest.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import nh3
from markdown import Extension
from markdown.treeprocessors import Treeprocessor

from . import memo
from .diagnostics import Diagnostic, Severity

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
    """The host of an absolute (or ``//``) URL on another site than ``own_host``; "" otherwise."""
    squeezed = _squeezed(url)
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
        return self._cleaner.clean(markup)  # type: ignore[no-any-return]


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


# --- check: what an editor wrote that the site will not show --------------------

_FENCE = re.compile(r"(?ms)^[ \t]{0,3}(`{3,}|~{3,})[^\n]*\n.*?^[ \t]{0,3}\1[ \t]*$")
_CODE_SPAN = re.compile(r"(`+)(?!`)(?:(?!\n[ \t]*\n).)+?(?<!`)\1(?!`)", re.S)
"""A code span: never across a blank line, as in Markdown (or a stray backtick would hide what follows)."""
_MD_LINK = re.compile(r"(!?)\[(?:[^\]\n]|\\\])*\]\(\s*<?([^)\s>]*)")
_MD_REF = re.compile(r"(?m)^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*<?([^\s>]+)")
_FULLWIDTH_SCHEME = re.compile(r"^\s*(?:https?|mailto|tel|ftp)\s*[：]|^\s*(?:https?|ftp)[:：][／/]{2}.*[：]")
_INDENT = re.compile(r"(?m)^([ \t>]+)")
_DEEP = re.compile(r"(?m)^[ \t>]{25,}")
"""Pre-check for ``_depth``: a line that starts with at least 25 spaces, tabs or ``>``."""
_24_SPACES = " " * 24
MAX_INDENT = 100
"""Columns of indentation (a tab counts 4) past which nesting is refused: Python-Markdown recurses once per level."""
MAX_QUOTES = 40
MAX_HTML_DEPTH = 100
"""HTML elements open at once in a body, past which it is refused."""
_NO_DEPTH = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",  # void
    "p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "option", "colgroup", "caption", "rb", "rt", "rp",  # end tag optional
})


@dataclass(frozen=True)
class Finding:
    start: int
    """Offset in the body text."""
    code: str
    severity: Severity
    what: str
    fix: str


SCRIPT_FIX = "删去；正文只能是文字、表格、图片和链接，网页不运行正文中的任何脚本"


def _masked(text: str) -> str:
    """``text`` with fenced code and code spans blanked out (same length and lines): Markdown shows them as text."""
    def blank(match: re.Match[str]) -> str:
        return re.sub(r"[^\n]", " ", match[0])

    if "```" in text or "~~~" in text:
        text = _FENCE.sub(blank, text)
    if "`" in text:
        text = _CODE_SPAN.sub(blank, text)
    return text


class _Tags(HTMLParser):
    """Every start tag, attribute and comment of the raw HTML in a body, with its offset."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.starts = [0]
        for line in text.split("\n"):
            self.starts.append(self.starts[-1] + len(line) + 1)
        self.found: list[tuple[int, str, str, list[tuple[str, str | None]]]] = []
        self.depth = 0
        self.too_deep: int | None = None
        """Offset of the first tag nested ``MAX_HTML_DEPTH`` deep (ammonia and Python-Markdown slow down quadratically)."""

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.starts[line - 1] + col

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((self._offset(), "tag", tag, attrs))
        if tag not in _NO_DEPTH:
            self.depth += 1
            if self.depth >= MAX_HTML_DEPTH and self.too_deep is None:
                self.too_deep = self._offset()

    def handle_endtag(self, tag: str) -> None:
        if tag not in _NO_DEPTH and self.depth:
            self.depth -= 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((self._offset(), "tag", tag, attrs))

    def handle_comment(self, data: str) -> None:
        self.found.append((self._offset(), "comment", "", []))

    def handle_decl(self, decl: str) -> None:
        self.found.append((self._offset(), "decl", decl.split(" ", 1)[0].lower(), []))

    def handle_pi(self, data: str) -> None:
        self.found.append((self._offset(), "decl", "?", []))

    def unknown_decl(self, data: str) -> None:
        self.found.append((self._offset(), "decl", "![", []))


def findings(text: str, own_host: str = "") -> list[Finding]:
    """What in a Markdown body the site will remove or refuse, with its offset in ``text``.

    Cheap pre-checks first: most bodies hold no HTML, no link and no deep nesting.
    """
    deep = (_24_SPACES in text or "\t" in text or ">" in text) and _DEEP.search(text)  # 25 of [ \t>] need one of these
    out: list[Finding] = _depth(text) if deep else []
    if "[" in text and len(text) > 2_000:
        out += _brackets(text)
    if "<" not in text and "](" not in text and "]:" not in text:
        return out
    masked = _masked(text)
    if "<" in masked:
        out += _html(masked, own_host)
    if "](" in masked or "]:" in masked:
        out += _links(masked, own_host)
    return sorted(out, key=lambda f: f.start)


MAX_BRACKET_WORK = 10_000_000
"""Characters Markdown's link pattern scans for the square brackets of one paragraph (about two seconds)."""
_BRACKET = re.compile(r"(?<!\\)[\[\]]|\n[ \t]*\n")


def _brackets(text: str) -> list[Finding]:
    """Unclosed [ in a long paragraph: Markdown scans from each to the paragraph's end (25,000 of them took a minute).

    Also many links in one long paragraph: each one found copies the paragraph again. Counted over the
    brackets and blank lines only, so an ordinary body costs a few regex steps.
    """
    work, links, start, opened = 0, 0, 0, []
    for match in _BRACKET.finditer(text + "\n\n"):
        char = match.group()
        if char == "[":
            opened.append(match.start())
        elif char == "]":
            if opened:
                work += match.start() - opened.pop()
                links += 1
        else:  # a blank line ends the paragraph
            end = match.start()
            work += sum(end - at for at in opened) + links * (end - start) // 500
            if work > MAX_BRACKET_WORK:
                return [Finding(start, "body-too-complex", Severity.ERROR,
                                "正文这一段方括号 [ ] 太多（或有大量未配对的 [），生成网页会极慢",
                                "检查是否误输入了成串的 [；很长的一段请空一行分成几段，大表格或清单放进附件；要显示方括号本身请写 \\[")]
            work, links, start, opened = 0, 0, match.end(), []
    return []


def _depth(text: str) -> list[Finding]:
    for match in _INDENT.finditer(text):
        prefix = match[1]
        columns = len(prefix.replace("\t", "    "))
        if columns >= MAX_INDENT or prefix.count(">") >= MAX_QUOTES:
            return [Finding(match.start(), "body-too-deep", Severity.ERROR,
                            f"正文这一行缩进或引用（>）嵌套过深（{columns} 列），网页无法生成",
                            f"减少缩进：列表和引用最多嵌套几层即可（缩进少于 {MAX_INDENT} 列，> 少于 {MAX_QUOTES} 个）")]
    return []


def _html(masked: str, own_host: str) -> list[Finding]:
    parser = _Tags(masked)
    try:
        parser.feed(masked)
        parser.close()
    except Exception:  # noqa: BLE001 - html.parser is lenient; a body must never crash check
        pass
    out: list[Finding] = []
    if parser.too_deep is not None:
        out.append(Finding(parser.too_deep, "body-too-deep", Severity.ERROR,
                           f"正文里的 HTML 标签嵌套过深（同时打开 {MAX_HTML_DEPTH} 层以上），网页无法生成",
                           "检查是否漏写了结束标签（如 </div>），或改用 Markdown 写法"))
    for match in re.finditer("<!--", masked):  # also one never closed, which the parser does not report
        out.append(Finding(match.start(), "body-comment", Severity.WARNING,
                           "正文里有 HTML 注释 <!-- … -->：网页上不显示，发布时会被删去；注释里常是内部意见或修改说明",
                           "删去这段注释；内部说明写在提交说明或审查记录里，不要写进条目文件"))
    for start, what, tag, attrs in parser.found:
        if what == "comment":
            continue
        if what == "decl":
            out.append(Finding(start, "body-markup-removed", Severity.WARNING,
                               f"正文里有 <{'!' if tag != '?' else ''}{tag} …> 声明，发布时会被删去", "删去这一段"))
            continue
        if ":" in tag or "@" in tag or "." in tag:
            continue  # an autolink <https://…> or <name@example.gov.cn>, not a tag
        if tag in SCRIPT_TAGS:
            out.append(Finding(start, "body-script", Severity.ERROR, f"不得在正文中写脚本：正文里有 <{tag}> 标签", SCRIPT_FIX))
            continue
        if tag in EMBED_TAGS:
            out.append(Finding(start, "body-embed", Severity.ERROR,
                               f"不得在正文中嵌入网页、插件、表单或样式：正文里有 <{tag}> 标签",
                               "删去这个标签；要给出其他网页请写普通链接 [说明](https://…)，图片和文件作为附件随条目发布"))
            continue
        if tag not in TAGS:
            out.append(Finding(start, "body-markup-removed", Severity.WARNING,
                               f"标签 <{tag}> 不在正文允许的范围内，发布时去掉标签、保留其中的文字", "改用 Markdown 写法（如 **加粗**、表格、列表），或删去这个标签"))
        allowed = ATTRIBUTES["*"] | ATTRIBUTES.get(tag, set())
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                out.append(Finding(start, "body-script", Severity.ERROR, f"不得在正文中写脚本：<{tag}> 标签带有事件属性 {name}=", SCRIPT_FIX))
            elif name in URL_ATTRIBUTES and unsafe_url(value):
                out.append(Finding(start, "body-script", Severity.ERROR,
                                   f"不得在正文中写脚本：<{tag}> 的 {name} 地址以 {_scheme(value)} 开头", "链接只能是 http、https、mailto、tel 地址或本站的相对地址"))
            elif name in ("src", "srcset", "poster", "background", "lowsrc", "dynsrc") and external_host(value, own_host):
                out.append(_external(start, tag, external_host(value, own_host)))
            elif (name == "style" and tag in ("td", "th")) or name == "markdown":
                continue  # table alignment; md_in_html's own attribute
            elif name not in allowed and not (tag in EMBED_TAGS or tag in SCRIPT_TAGS):
                out.append(Finding(start, "body-markup-removed", Severity.WARNING,
                                   f"<{tag}> 的属性 {name}= 不在正文允许的范围内，发布时去掉", "删去这个属性（样式由网站统一设定）"))
    return out


def _scheme(url: str) -> str:
    squeezed = _squeezed(url)
    return squeezed.split(":", 1)[0] + ":"


def _external(start: int, tag: str, host: str) -> Finding:
    where = f"（{host}）" if re.fullmatch(r"[a-z0-9.-]{1,80}", host) else ""  # nothing odd printed into a log
    return Finding(start, "body-external-resource", Severity.ERROR,
                   f"正文的 <{tag}> 用完整网址{where}加载内容：网页只加载本站的文件，读者打开网页时不向其他网站发出请求",
                   "把图片或文件下载下来，放在条目文件旁并列入 attachments，再用相对地址引用（如 ![说明](图片.png)）；或改成普通链接")


def _links(masked: str, own_host: str) -> list[Finding]:
    out: list[Finding] = []
    targets: list[tuple[int, str, bool]] = [(m.start(), m[2], m[1] == "!") for m in _MD_LINK.finditer(masked)]
    targets += [(m.start(), m[1], False) for m in _MD_REF.finditer(masked)]
    for start, url, image in targets:
        if not url:
            continue
        target = html.unescape(url)
        if unsafe_url(target):
            out.append(Finding(start, "body-script", Severity.ERROR, f"不得在正文中写脚本：链接地址以 {_scheme(target)} 开头",
                               "链接只能是 http、https、mailto、tel 地址或本站的相对地址"))
        elif url_error(target):
            out.append(Finding(start, "body-bad-url", Severity.ERROR, "链接地址无法识别（网址里有全角字符或不成对的方括号）",
                               "用半角字符重写网址，如 https://www.example.gov.cn/…；发布时这个链接会被去掉"))
        elif image and external_host(target, own_host):
            out.append(_external(start, "img", external_host(target, own_host)))
        elif _FULLWIDTH_SCHEME.search(target):
            out.append(Finding(start, "body-link-fullwidth", Severity.WARNING, "链接地址里有全角冒号或斜杠（：／），读者点开会找不到网页",
                               "把网址中的 ： 和 ／ 改成半角 : 和 /"))
    return out


MARKDOWN_FIELDS: dict[str, tuple[str, ...]] = {}
"""Per kind, fields besides the body that are Markdown (年度报告 narratives); kinds/ register here."""

_MEMO: memo.EntryMemo[list[tuple[tuple[str, ...], Finding]]] = memo.EntryMemo("markup")


def _entry_findings(entry: Any, own_host: str) -> list[tuple[tuple[str, ...], Finding]]:
    found = [(("body",), f) for f in findings(entry.body, own_host)] if entry.body else []
    fields = entry.meta.__dict__
    for key in MARKDOWN_FIELDS.get(fields["kind"], ()):
        value = fields.get(key)
        if isinstance(value, str) and value:
            found += [((key,), f) for f in findings(value, own_host)]
    return found


def check_public(entries: Iterable[Any], root: Path | None, own_host: str = "") -> list[Diagnostic]:
    """``findings`` for every body (and narrative) the site publishes, as located diagnostics.

    Run on the public view only: a withheld entry is never named, and its body is
    not published. Messages name the tag, attribute or scheme, never the text.
    """
    from .exposure import locate, read_source
    from .schema import label

    out: list[Diagnostic] = []
    for entry in entries:
        found = _MEMO.get(entry)
        if found is memo._MISSING:
            found = _MEMO.put(entry, _entry_findings(entry, own_host))
        if not found:
            continue
        source_text = read_source(entry, root) if root is not None else None
        for path, finding in found:
            text = entry.body if path == ("body",) else entry.meta.__dict__[path[0]]
            line, col = locate(entry, path, text, finding.start, source_text)
            out.append(Diagnostic(entry.source, line, col, finding.code, finding.what, finding.fix, field=path[0], label=label(path[0]) or "正文", severity=finding.severity))
    return out
