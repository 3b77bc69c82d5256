"""Read an editor's file: decode it, split front matter, parse YAML keeping the
line and column of every value. No MkDocs here.

Why compose + walk instead of ``yaml.safe_load``: we need positions for every
value, duplicate keys must be reported (PyYAML silently keeps the last one), and
dates must stay strings so that ``2016-13-01`` becomes a located message instead
of a traceback from the timestamp constructor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from ..problems.diagnostics import Diagnostic
from .formats import has_full_width

try:  # libyaml is about ten times faster; fall back quietly where it is missing
    _BaseLoader = yaml.CSafeLoader
    from yaml.cyaml import CParser as _CParser  # type: ignore[attr-defined]  # exported by yaml.cyaml, not by its stubs
except (AttributeError, ImportError):  # pragma: no cover
    _BaseLoader = yaml.SafeLoader  # type: ignore[assignment, misc]
    _CParser = None  # type: ignore[assignment, misc]

Path_ = tuple[Any, ...]
"""A key path such as ``("attachments", 0, "file")``."""


class _Loader(_BaseLoader):
    """Safe loader that leaves timestamps as strings, and resolves plain scalars itself.

    libyaml calls ``resolve`` for every scalar (4.8 million calls at 100,000
    entries). ``slice`` is a C callable taking the same three arguments, so the
    call costs no Python frame; the node's tag is then that slice, which
    ``_walk`` recognises and resolves from the text — memoised, since a catalog
    repeats the same values (0, 主动公开, 万元 …) hundreds of thousands of times.
    An explicit tag (``!!str 1``) reaches ``_walk`` as a string, as before.
    """

    resolve = staticmethod(slice)
    # No path resolvers are registered, so the resolver's bookkeeping per list and mapping
    # does nothing: C no-ops instead of two Python calls per node.
    descend_resolver = staticmethod(slice)  # type: ignore[assignment]  # C callables in place of the methods (see above)
    ascend_resolver = staticmethod(tuple)  # type: ignore[assignment]

    if _CParser is not None and issubclass(_BaseLoader, _CParser):

        def __init__(self, stream: str) -> None:
            """Composing needs only the parser: the constructor and resolver state go unused."""
            _CParser.__init__(self, stream)


_IMPLICIT = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.yaml_implicit_resolvers = _IMPLICIT
STR_TAG = "tag:yaml.org,2002:str"

_SCALAR = yaml.constructor.SafeConstructor()

MAX_FILE_BYTES = 5 * 1024 * 1024
"""An entry or registry file larger than this is refused unread (``file-too-large``)."""
MAX_DEPTH = 24
"""Lists and mappings nested deeper than this are refused (``yaml-too-deep``)."""
MAX_VALUES = 100_000
"""Values (scalars) in one file beyond this are refused (``yaml-too-many-values``)."""
MAX_VALUE_CHARS = 1_000_000
"""One value longer than this is refused (``yaml-value-too-long``)."""


@dataclass
class Document:
    """A parsed file: the data, where each value is, and the Markdown body."""

    data: Any
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    body: str = ""
    body_line: int = 0
    """1-based line where the Markdown body starts (0 for pure YAML)."""
    text: str = ""
    plain: bool = False
    """True when the YAML holds no full-width digit, letter or sign and no escape: then no value can."""

    def where(self, path: Path_) -> tuple[int, int]:
        """Line and column of ``path``, or of its nearest ancestor (for a missing key)."""
        while path not in self.positions and path:
            path = path[:-1]
        return self.positions.get(path, (1, 1))


_NOT_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""What YAML refuses to read (its "printable" set)."""
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
"""C0 controls but tab, line feed, form feed and carriage return (form feeds are common in pasted text and harmless), and DEL."""
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
"""Direction embeddings, overrides and isolates: they make text on the page and in logs read in another order than written
(a title or 文号 can be shown as something it is not). Chinese text never needs them; the RLM/LRM marks are left alone."""
_BIDI_NAMES = {0x202A: "从左到右嵌入", 0x202B: "从右到左嵌入", 0x202C: "方向格式结束", 0x202D: "从左到右覆盖", 0x202E: "从右到左覆盖",
               0x2066: "从左到右隔离", 0x2067: "从右到左隔离", 0x2068: "首字符方向隔离", 0x2069: "方向隔离结束"}

FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?^)(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S | re.M)


def decode(raw: bytes, rel: str) -> tuple[str, list[Diagnostic]]:
    """Decode bytes as UTF-8; report a BOM or a GBK file instead of failing."""
    problems: list[Diagnostic] = []
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(raw) > 1 and raw.count(b"\x00") > len(raw) // 4):
        return "", [
            Diagnostic(
                rel, 1, 1, "file-encoding-utf16",
                "文件是 UTF-16 编码（记事本、Excel 所说的“Unicode”），不是 UTF-8",
                "用编辑器“另存为”，编码选“UTF-8”后重新提交",
            )
        ]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
        problems.append(
            Diagnostic(
                rel, 1, 1, "file-bom",
                "文件开头带有 BOM（字节顺序标记）",
                "用编辑器“另存为 UTF-8（无 BOM）”后重新提交",
            )
        )
    try:
        return raw.decode("utf-8"), problems
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError:
            problems.append(
                Diagnostic(
                    rel, line, 1, "file-encoding",
                    "文件不是 UTF-8 编码，也无法按 GBK 识别",
                    "用编辑器把文件转换为 UTF-8 编码后重新提交",
                )
            )
            return "", problems
        problems.append(
            Diagnostic(
                rel, line, 1, "file-encoding-gbk",
                "文件是 GBK/GB18030 编码，不是 UTF-8",
                "用编辑器“另存为 UTF-8”（例如记事本选择编码“UTF-8”）后重新提交",
            )
        )
        return text, problems


def parse(text: str, rel: str, *, markdown: bool) -> tuple[Document | None, list[Diagnostic]]:
    """Parse a pure-YAML entry, or a Markdown entry with YAML front matter."""
    body, body_line, yaml_text, offset = "", 0, text, 0
    if markdown:
        match = FRONT_MATTER.match(text)
        if not match:
            return None, [
                Diagnostic(
                    rel, 1, 1, "front-matter-missing",
                    "Markdown 条目缺少开头的 YAML 元数据块",
                    "在文件第一行写 ---，接着写元数据（如 title: …），再用一行 --- 结束，正文写在其后",
                )
            ]
        yaml_text = match.group(1)
        offset = 1
        body = text[match.end():]
        body_line = text[: match.end()].count("\n") + 1
    if len(yaml_text) > MAX_VALUES // 2:  # fewer characters can't hold too many values
        refused = _refuse(yaml_text, rel, offset)
        if refused is not None:
            return None, [refused]
    try:
        node = yaml.compose(yaml_text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 + offset) if mark else 1
        column = (mark.column + 1) if mark else 1
        problem = _translate_yaml_problem(f"{exc.problem or ''} {exc.context or ''}")
        return None, [
            Diagnostic(
                rel, line, column, "yaml-syntax",
                f"YAML 格式错误：{problem}",
                "检查这一行及上一行：冒号后要有空格，同级缩进要对齐（用空格不用 Tab），含冒号或 # 的文字要加引号",
            )
        ]
    except yaml.reader.ReaderError as exc:  # a control character (NUL, U+0007 …), often pasted from Word or a web page
        found = _NOT_PRINTABLE.search(yaml_text)  # libyaml's position counts bytes, not characters
        at = found.start() if found else max(0, min(exc.position, len(yaml_text)))
        before = yaml_text[:at]
        line = before.count("\n") + 1 + offset
        column = len(before) - max(before.rfind("\n"), -1)
        code = ord(found.group()) if found else (exc.character if isinstance(exc.character, int) else 0)
        return None, [Diagnostic(rel, line, column, "yaml-control-char", f"元数据中有看不见的控制字符 U+{code:04X}（常见于从 Word 或网页复制的文字）",
                                 "删除这个字符：在编辑器中打开“显示不可见字符”，或把这一行重新输入一遍")]
    except yaml.YAMLError as exc:
        return None, [Diagnostic(rel, 1, 1, "yaml-syntax", f"YAML 格式错误：{exc}", "删除文件中的特殊控制字符")]
    if node is not None and "&" in yaml_text:  # an anchor: its aliases repeat what it names
        bomb = _expansion(node)
        if bomb is not None:
            mark = bomb.start_mark
            return None, [
                Diagnostic(
                    rel, mark.line + 1 + offset, mark.column + 1, "yaml-alias",
                    f"YAML 别名（*）展开后超过 {MAX_VALUES} 个值（或别名引用了自身），文件无法处理",
                    "不要用 & 和 * 成倍复制内容，把要重复的内容直接写出来；如果 & 或 * 本来就是文字的一部分，给整个值加上引号",
                )
            ]
    problems: list[Diagnostic] = []
    control = _CONTROL.search(body) if body else None
    if control is not None:  # Markdown drops a NUL and passes the others into the page, unseen
        before = body[: control.start()]
        problems.append(Diagnostic(rel, body_line + before.count("\n"), control.start() - before.rfind("\n"), "body-control-char",
                                   f"正文中有看不见的控制字符 U+{ord(control.group()):04X}（常见于从 Word 或网页复制的文字，或文件已损坏），网页上不会显示",
                                   "删除这个字符：在编辑器中打开“显示不可见字符”，或把这一行重新输入一遍"))
    doc = Document(data=None, body=body, body_line=body_line, text=text, plain=not has_full_width(yaml_text) and "\\" not in yaml_text)
    if node is None:
        doc.data = {}
        return doc, problems
    doc.data = _walk(node, (), doc.positions, offset, rel, problems)
    bidi = _BIDI.search(text)
    if bidi is not None:
        problems.append(_bidi_problem(text, bidi, rel, doc))
    return doc, problems


def _bidi_problem(text: str, found: re.Match[str], rel: str, doc: Document) -> Diagnostic:
    """The first direction control, with its field: shown as is, but a reviewer must know the order seen is not the one written."""
    before = text[: found.start()]
    line, column = before.count("\n") + 1, found.start() - before.rfind("\n")
    if doc.body and line >= doc.body_line:
        field = "正文（body）"
    else:
        keys = [(at, path) for path, at in doc.positions.items() if path and at <= (line, column)]
        field = "字段 " + ".".join(str(p) for p in max(keys)[1]) + " " if keys else "元数据"
    code = ord(found.group())
    return Diagnostic(rel, line, column, "text-bidi-control",
                      f"{field}中有改变文字显示方向的控制字符 U+{code:04X}（{_BIDI_NAMES[code]}）：网页和日志中它后面的文字会按另一种顺序显示，看到的不是写下的",
                      "删除这个字符：在编辑器中打开“显示不可见字符”，或把这一行重新输入一遍")


_YAML_PROBLEMS = [
    ("mapping values are not allowed here", "这里不能出现“键: 值”（常见原因：值里含有冒号却没加引号，或缩进不对）"),
    ("could not find expected ':'", "缺少冒号（键与值之间写“: ”）"),
    ("found character '\\t'", "含有 Tab 字符（缩进请用空格）"),
    ("found undefined alias", "使用了未定义的别名 *"),
    ("expected <block end>", "缩进不一致"),
    ("while parsing a flow sequence", "方括号 [ ] 没有闭合"),
    ("while parsing a flow mapping", "花括号 { } 没有闭合"),
    ("while scanning a quoted scalar", "引号没有闭合"),
    ("found unexpected end of stream", "文件意外结束（引号或括号没有闭合）"),
    ("exceeded maximum nesting depth", f"列表或键值对嵌套太深（最多 {MAX_DEPTH} 层）"),
]


def _expansion(node: yaml.Node) -> yaml.Node | None:
    """The node at which the expanded document passes MAX_VALUES values, or refers to itself; None if neither.

    An alias makes the walk copy what it names, so a few hundred bytes of
    aliases of aliases ("billion laughs") would grow into gigabytes. Sizes are
    counted over the composed graph (each node once), not over the expansion.
    """
    sizes: dict[int, int] = {}
    todo: list[tuple[yaml.Node, bool]] = [(node, False)]
    while todo:
        current, children_done = todo.pop()
        key = id(current)
        if isinstance(current, yaml.ScalarNode):
            sizes[key] = 1 + len(current.value) // 100  # a long text repeated counts for its length
            continue
        children = [part for pair in current.value for part in pair] if isinstance(current, yaml.MappingNode) else current.value
        if children_done:
            total = 1 + sum(sizes[id(child)] for child in children)
            if total > MAX_VALUES:
                return current
            sizes[key] = total
            continue
        if sizes.get(key) == -1:
            return current  # reached again while its own children are being counted: it contains itself
        if key in sizes:
            continue
        sizes[key] = -1
        todo.append((current, True))
        for child in children:
            if sizes.get(id(child)) == -1:
                return child
            if id(child) not in sizes:
                todo.append((child, False))
    return None


def _refuse(yaml_text: str, rel: str, offset: int) -> Diagnostic | None:
    """Too many values or too long a value: found by the scanner, before anything is built (it holds one token at a time)."""
    values = 0
    try:
        for token in yaml.scan(yaml_text, Loader=_Loader):
            cls = token.__class__
            if cls is yaml.ScalarToken:
                values += 1
                if values > MAX_VALUES or len(token.value) > MAX_VALUE_CHARS:  # type: ignore[attr-defined]  # a ScalarToken (cls is)
                    mark = token.start_mark
                    if values > MAX_VALUES:
                        return Diagnostic(rel, mark.line + 1 + offset, mark.column + 1, "yaml-too-many-values",
                                          f"文件中的值超过 {MAX_VALUES} 个，无法作为一个条目或名录处理",
                                          "把内容拆成几个条目，或把大表格放进附件")
                    return Diagnostic(rel, mark.line + 1 + offset, mark.column + 1, "yaml-value-too-long",
                                      f"这个值有 {len(token.value)} 个字符，超过上限 {MAX_VALUE_CHARS}",  # type: ignore[attr-defined]
                                      "把长文放进附件（PDF 等），正文只写摘要")
    except yaml.YAMLError:
        return None  # compose reports the syntax error with its place
    return None



def _translate_yaml_problem(problem: str) -> str:
    for english, chinese in _YAML_PROBLEMS:
        if english in problem:
            return f"{chinese}（{problem.strip()}）"
    return problem.strip()


_MAPPING, _SEQUENCE, _SCALAR_NODE = yaml.MappingNode, yaml.SequenceNode, yaml.ScalarNode
_PLAIN: dict[str, Any] = {}
"""Plain (unquoted) scalar text → its value: it depends on the text alone (no path resolvers)."""
_UNSET: Any = object()


def _plain(text: str) -> Any:
    """Resolve and construct a plain scalar as ``SafeLoader`` would (timestamps stay text)."""
    value = _PLAIN.get(text, _UNSET)
    if value is not _UNSET:
        return value
    tag = _tag_of(text)
    value = text if tag == STR_TAG else _construct(yaml.ScalarNode(tag, text))
    if len(_PLAIN) > 200_000:
        _PLAIN.clear()
    _PLAIN[text] = value
    return value


def _tag_of(text: str) -> str:
    """The implicit tag of a plain scalar (``BaseResolver.resolve`` without path resolvers)."""
    for tag, regexp in _IMPLICIT.get(text[0] if text else "", []) + _IMPLICIT.get(None, []):
        if regexp.match(text):
            return tag
    return STR_TAG


MAX_INT_BITS = 10_000
"""An integer wider than this (about 3,000 digits) stays text: Python refuses to print ints past 4,300 digits,
and hexadecimal or sexagesimal (``1:2:3``) scalars are not held to that limit when read."""


def _construct(node: yaml.Node) -> Any:
    """A scalar with a non-string tag; its text when the tag is unknown or the text does not fit it."""
    try:
        value = _SCALAR.construct_object(node, deep=True)
        if value.__class__ is int and value.bit_length() > MAX_INT_BITS:
            return node.value
        return value
    except (yaml.YAMLError, ValueError, KeyError, TypeError):  # e.g. ``!!bool maybe``: bool_values has no "maybe"
        return node.value
    finally:  # the constructor remembers every node it built; nothing here needs that
        _SCALAR.constructed_objects.clear()
        _SCALAR.recursive_objects.clear()


def _scalar(node: yaml.Node) -> Any:
    tag = node.tag
    if tag.__class__ is slice:  # implicit: see _Loader.resolve
        return _plain(node.value) if tag.step[0] else node.value
    if tag == STR_TAG:
        return node.value
    return _construct(node)


def _complex_key(node: yaml.Node) -> str:
    """A list or mapping used as a key (``? [a]``) is named by a short text of it, as an editor would write it."""
    def text(current: yaml.Node, depth: int = 0) -> str:
        if isinstance(current, yaml.ScalarNode):
            return str(current.value)
        if depth > 3:
            return "…"
        if isinstance(current, yaml.MappingNode):
            return "{" + ", ".join(f"{text(k, depth + 1)}: {text(v, depth + 1)}" for k, v in current.value[:10]) + "}"
        return "[" + ", ".join(text(item, depth + 1) for item in current.value[:10]) + "]"

    found = text(node)
    return found if len(found) <= 200 else found[:200] + "…"


def _walk(node: yaml.Node, path: Path_, out: dict, offset: int, rel: str, problems: list[Diagnostic]) -> Any:
    """The value of ``node``, recording the position of it and of everything inside it in ``out``.

    Scalars inside a mapping or list are handled in the loop (3 million nodes at
    100,000 entries: a call each was a quarter of reading a file).
    """
    mark = node.start_mark
    out[path] = (mark.line + 1 + offset, mark.column + 1)
    cls = node.__class__
    if len(path) >= MAX_DEPTH and cls is not _SCALAR_NODE:
        problems.append(
            Diagnostic(
                rel, mark.line + 1 + offset, mark.column + 1, "yaml-too-deep",
                f"列表或键值对嵌套超过 {MAX_DEPTH} 层", "检查缩进：多半是缩进逐行加深了；条目的内容不需要这么多层",
                field=_dotted(path),
            )
        )
        return None
    if cls is _MAPPING or (cls is not _SCALAR_NODE and isinstance(node, yaml.MappingNode)):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else _complex_key(key_node)
            if key == "<<" and not key_node.style:  # YAML 1.1's merge key: read as a plain key it would drop what it merges, unsaid
                problems.append(
                    Diagnostic(
                        rel, key_node.start_mark.line + 1 + offset, key_node.start_mark.column + 1,
                        "yaml-merge-key", "不支持合并键 <<（“<<: *名称”的写法）：它要合并的内容不会被读取",
                        "把要合并的每个“键: 值”直接写在这里，删除 << 这一行", field=_dotted((*path, key)),
                    )
                )
                continue
            if key in result:
                problems.append(
                    Diagnostic(
                        rel, key_node.start_mark.line + 1 + offset, key_node.start_mark.column + 1,
                        "duplicate-key", f"键 {key} 重复出现", "删除其中一个，只保留正确的那一行",
                        field=_dotted((*path, key)),
                    )
                )
            if value_node.__class__ is _SCALAR_NODE:
                mark = value_node.start_mark
                at = (*path, key)
                out[at] = (mark.line + 1 + offset, mark.column + 1)
                tag = value_node.tag
                if tag.__class__ is slice:
                    text = value_node.value
                    if tag.step[0]:
                        value = _PLAIN.get(text, _UNSET)
                        result[key] = _plain(text) if value is _UNSET else value
                    else:
                        result[key] = text
                else:
                    result[key] = _scalar(value_node)
            else:
                result[key] = _walk(value_node, (*path, key), out, offset, rel, problems)
        return result
    if cls is _SEQUENCE or (cls is not _SCALAR_NODE and isinstance(node, yaml.SequenceNode)):
        items: list[Any] = []
        for i, item in enumerate(node.value):
            if item.__class__ is _SCALAR_NODE:
                mark = item.start_mark
                at = (*path, i)
                out[at] = (mark.line + 1 + offset, mark.column + 1)
                items.append(_scalar(item))
            else:
                items.append(_walk(item, (*path, i), out, offset, rel, problems))
        return items
    return _scalar(node)


def _dotted(path: Path_) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


dotted = _dotted
