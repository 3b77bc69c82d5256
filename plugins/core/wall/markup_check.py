"""What ``check`` says about markup an editor wrote that the site will not show, with the body line.

The sanitiser (sanitize.py) makes the page safe whatever the editor wrote; this module tells the
editor why something is missing: a script, an unsafe link, markup in a plain-text field, or a body
too long or too tangled to render in time.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from ..serve import memo
from ..problems.diagnostics import Diagnostic, Severity
from .exposure import locate, read_source
from ..load.plaintext import Finding, plain_findings
from .sanitize import ATTRIBUTES, EMBED_TAGS, SCRIPT_TAGS, TAGS, URL_ATTRIBUTES, _squeezed, external_host, unsafe_url, url_error
from ..load.facts import facts_of
from ..load.schema import labels
from ..load.yamlpos import dotted


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


MAX_RESCAN = 4_000_000
"""Characters Python-Markdown and html.parser may read again for unclosed brackets, past which a body is refused.

Both look for the end of every ``[``, ``](`` and ``<`` by reading on: an opener that
is never closed costs the rest of its paragraph (``[``, ``](``) or of the body
(``<``), so a few kilobytes of ``[`` or ``<a`` make a build run for minutes. An
ordinary body re-reads about its own length (every tag and link text once);
``MAX_RESCAN`` is a second or so of work on the development machine.
"""
_BRACKETS = re.compile(r"\n[ \t]*(?:\n|>[ \t>]*)?|\\.|\]\(|[\[\]()>]|<(?=[A-Za-z/!?])")
"""Blank lines (a paragraph ends), line starts with quote markers (not a tag's end), escapes, and brackets
(``<`` only where a tag, comment or declaration could start: ``a < b`` is text to both parsers)."""
MAX_BODY_CHARS = 200_000
"""Characters in a body (or narrative), past which it is refused. Python-Markdown slows down faster
than a body grows; with ``inline_work`` and ``rescan_cost`` below, a body under this length renders
in a few seconds at worst (measured: 2 s for 190,000 characters of pasted text in one paragraph)."""


def rescan_cost(text: str) -> tuple[int, int]:
    """How much re-reading unclosed brackets cost in ``text``, and the offset of the first opener that costs most.

    For each ``[`` the distance to its matching ``]`` (or the paragraph's end), for
    each ``](`` to its ``)``, for each ``<`` to the next ``>`` (or the body's end).
    An upper bound of what Python-Markdown's link and raw-HTML patterns and
    html.parser read; cheap (a count) when it cannot be large.
    """
    limit = MAX_RESCAN + len(text)
    if len(text) ** 2 <= limit:
        return 0, 0
    openers = text.count("[") + text.count("<")
    if openers * len(text) <= limit:
        return 0, 0
    cost = 0
    worst, worst_at = -1, 0
    squares: list[int] = []
    links: list[list[int]] = []  # [start, nested parens]
    angles: list[int] = []

    def paid(start: int, end: int) -> None:
        nonlocal cost, worst, worst_at
        cost += end - start
        if end - start > worst:
            worst, worst_at = end - start, start

    for match in _BRACKETS.finditer(text):
        token, at = match[0], match.start()
        first = token[0]
        if first == "\n":
            if token.rstrip(" \t>").count("\n") == 2:  # a blank line: the paragraph ends
                for start in squares:
                    paid(start, at)
                for start, _ in links:
                    paid(start, at)
                squares.clear()
                links.clear()
        elif first == "\\":
            continue
        elif first == "[":
            squares.append(at)
        elif first == "]":
            if squares:
                paid(squares.pop(), at)
            if token == "](":
                links.append([at, 0])
        elif first == "(":
            if links:
                links[-1][1] += 1
        elif first == ")":
            if links:
                if links[-1][1]:
                    links[-1][1] -= 1
                else:
                    paid(links.pop()[0], at)
        elif first == "<":
            angles.append(at)
        elif angles:  # ">"
            for start in angles:
                paid(start, at)
            angles.clear()
        if cost > limit:
            return cost, worst_at
    end = len(text)
    for start in squares + [start for start, _ in links] + angles:
        paid(start, end)
    return cost, worst_at


MAX_INLINE_WORK = 4_000_000_000
"""Bound on Σ (markup characters × length) over a body's paragraphs: about two seconds of Python-Markdown."""
_INLINE_MARKS = "*_`\\&<[!"
_NODES = re.compile(r"\n[ \t]*\n|\n(?=[ \t]*(?:\||[-*+][ \t]|\d+[.)][ \t]))")
"""Where Python-Markdown's inline text ends: a blank line, or a table row or list item that starts a line."""
_HTML_BLOCK = re.compile(r"[ \t\n]*<[A-Za-z]")
ADMONITION_WEIGHT = 16
"""An ``!!!``/``???`` line re-splits the rest of its paragraph: it costs as much as this many marks."""
_ADMONITION = re.compile(r"(?m)^[ \t]*(?:!!!|\?\?\?)")


def inline_work(text: str) -> tuple[int, int]:
    """Σ over paragraphs (and table rows, list items) of marks × length, and the offset of the costliest.

    Python-Markdown rebuilds a paragraph's text for every emphasis, escape, code
    span, entity, link or tag it finds in it, and the admonition processor re-splits
    the rest of a paragraph at every ``!!!`` line, so the work grows as marks × length.
    """
    if 7 * len(text) ** 2 <= MAX_INLINE_WORK:  # under 23,000 characters: marks ≤ 7 × length, nothing to count
        return 0, 0
    marks = sum(text.count(c) for c in _INLINE_MARKS) + ADMONITION_WEIGHT * (text.count("!!!") + text.count("???"))
    if marks * len(text) <= MAX_INLINE_WORK:
        return 0, 0
    work, worst, worst_at, at = 0, -1, 0, 0
    for node in _NODES.split(text):
        size = len(node)
        marks = sum(node.count(c) for c in _INLINE_MARKS) + ADMONITION_WEIGHT * len(_ADMONITION.findall(node))
        if _HTML_BLOCK.match(node):
            marks -= node.count("<")  # a raw HTML block is kept as it is, not searched for inline markup
        cost = marks * size
        work += cost
        if cost > worst:
            worst, worst_at = cost, text.find(node, at) if node else at
        at += size
    return work, worst_at


def _too_complex(text: str) -> list[Finding]:
    if len(text) > MAX_BODY_CHARS:
        return [Finding(0, "body-too-long", Severity.ERROR,
                        f"正文有 {len(text)} 个字符，超过上限 {MAX_BODY_CHARS} 个字符，网页无法及时生成",
                        "正文只写要点或摘要，全文作为附件（attachments）随条目发布")]
    work, at = inline_work(text)
    if work > MAX_INLINE_WORK:
        return [Finding(at, "body-too-complex", Severity.ERROR,
                        "正文里这一段（从这一行起）很长，格式符号（* _ ` \\ & < [ ! 或 !!!）又很多，生成网页要极久",
                        "把长段落分成几段（段与段之间空一行），删去多余的符号；全文可以作为附件（attachments）发布")]
    cost, at = rescan_cost(text)
    if cost <= MAX_RESCAN + len(text):
        return []
    return [Finding(at, "body-too-complex", Severity.ERROR,
                    "正文里有大量没有配对的 [、]( 或 <（从这一行起），生成网页要反复扫描全文，会极慢",
                    "检查这里的方括号、圆括号和尖括号是否成对；要显示这些符号本身，请写成全角 【】（）〈〉，或在前面加反斜杠 \\")]


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


_AUTOLINK = re.compile(r"[:@.]")
"""In a "tag" name: an autolink <https://…> or <name@example.gov.cn>, not a tag."""


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
        if tag not in _NO_DEPTH and not _AUTOLINK.search(tag):  # <https://…> is a link, never closed
            self.depth += 1
            if self.depth >= MAX_HTML_DEPTH and self.too_deep is None:
                self.too_deep = self._offset()

    def handle_endtag(self, tag: str) -> None:
        if tag not in _NO_DEPTH and self.depth and not _AUTOLINK.search(tag):
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
    slow = _too_complex(text)
    if slow:
        return slow  # nothing else is parsed: html.parser itself would take minutes
    deep = (_24_SPACES in text or "\t" in text or ">" in text) and _DEEP.search(text)  # 25 of [ \t>] need one of these
    out: list[Finding] = _depth(text) if deep else []
    if "<" not in text and "](" not in text and "]:" not in text:
        return out
    masked = _masked(text)
    if "<" in masked:
        out += _html(masked, own_host)
    if "](" in masked or "]:" in masked:
        out += _links(masked, own_host)
    if "{" in masked and "=" in masked:
        out += _attr_lists(masked, own_host)
    return sorted(out, key=lambda f: f.start)


_ATTR_LIST = re.compile(r"\{:?[ ]*([^}\n ][^}\n]*)\}")
"""attr_list's ``{: key=value }`` after a link, image, heading or paragraph (Python-Markdown's own pattern)."""
_ATTR_PAIR = re.compile(r"""([^\s=#.{}]+)=("[^"]*"|'[^']*'|[^\s}]+)""")


def _attr_lists(masked: str, own_host: str) -> list[Finding]:
    """Event handlers, script URLs and third-party sources written as ``{: onclick=… }``: removed on publishing."""
    out: list[Finding] = []
    for match in _ATTR_LIST.finditer(masked):
        for pair in _ATTR_PAIR.finditer(match[1]):
            name, value = pair[1].lower(), pair[2].strip("\"'")
            if name.startswith("on"):
                out.append(Finding(match.start(), "body-script", Severity.ERROR, f"不得在正文中写脚本：属性列表 {{: …}} 里有事件属性 {name}=", SCRIPT_FIX))
            elif name in URL_ATTRIBUTES and unsafe_url(value):
                out.append(Finding(match.start(), "body-script", Severity.ERROR, f"不得在正文中写脚本：属性列表 {{: …}} 的 {name} 地址以 {_scheme(value)} 开头",
                                   "链接只能是 http、https、mailto、tel 地址或本站的相对地址"))
            elif name in ("src", "srcset", "poster") and external_host(value, own_host):
                out.append(_external(match.start(), "img", external_host(value, own_host)))
    return out


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
        if _AUTOLINK.search(tag):
            if unsafe_url(tag):  # <javascript:…> is no autolink to Markdown: it vanishes from the page
                out.append(Finding(start, "body-script", Severity.ERROR, f"不得在正文中写脚本：链接地址以 {_scheme(tag)} 开头",
                                   "链接只能是 http、https、mailto、tel 地址或本站的相对地址"))
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


_MEMO: memo.EntryMemo[list[tuple[tuple[str, ...], Finding]]] = memo.EntryMemo("markup")


def _entry_findings(entry: Any, own_host: str) -> list[tuple[tuple[Any, ...], Finding]]:
    found: list[tuple[tuple[Any, ...], Finding]] = [(("body",), f) for f in findings(entry.body, own_host)] if entry.body else []
    fields = entry.meta.__dict__
    markdown = facts_of(entry.meta.__class__).markdown  # besides the body (年度报告 narratives)
    for key in markdown:
        value = fields.get(key)
        if isinstance(value, str) and value:
            found += [((key,), f) for f in findings(value, own_host)]
    for path, value in _plain_values(fields, markdown):
        if "<" in value:
            found += [(path, f) for f in plain_findings(value)]
    return found


def _plain_values(fields: dict[str, Any], markdown: tuple[str, ...]) -> Iterable[tuple[tuple[Any, ...], str]]:
    """Every text the site shows as plain text: metadata strings, list items, attachment titles."""
    for key, value in fields.items():
        if key in markdown or key == "body":
            continue
        if isinstance(value, str):
            yield (key,), value
        elif isinstance(value, (list, tuple)):
            for i, item in enumerate(value):
                if isinstance(item, str):
                    yield (key, i), item
                elif hasattr(item, "__dict__"):
                    for sub, text in item.__dict__.items():
                        if isinstance(text, str) and sub != "file":
                            yield (key, i, sub), text


def check_public(entries: Iterable[Any], root: Path | None, own_host: str = "") -> list[Diagnostic]:
    """``findings`` for every body (and narrative) the site publishes, as located diagnostics.

    Run on the public view only: a withheld entry is never named, and its body is
    not published. Messages name the tag, attribute or scheme, never the text.
    """
    out: list[Diagnostic] = []
    for entry in entries:
        found = _MEMO.get(entry)
        if found is memo._MISSING:
            found = _MEMO.put(entry, _entry_findings(entry, own_host))
        if not found:
            continue
        source_text = read_source(entry, root) if root is not None else None
        for path, finding in found:
            text = entry.body if path == ("body",) else _at_path(entry.meta.__dict__, path)
            line, col = locate(entry, path, text, finding.start, source_text)
            key = next((step for step in reversed(path) if isinstance(step, str)), "")
            out.append(Diagnostic(entry.source, line, col, finding.code, finding.what, finding.fix, field=dotted(path), label=labels(entry.meta.__class__).get(key) or "正文", severity=finding.severity))
    return out


def _at_path(fields: dict[str, Any], path: tuple[Any, ...]) -> str:
    value: Any = fields[path[0]]
    for step in path[1:]:
        value = value[step] if isinstance(step, int) else getattr(value, step)
    return value if isinstance(value, str) else ""
