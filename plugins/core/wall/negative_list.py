"""The 负面清单 as data: item format, validation with located messages, compiled items.

The loader keeps every registry as plain ``RegistryItem``s; this module checks
the negative list's own keys (basis, action, covers, markings, patterns,
detectors, fields) with file and line, and turns the items into ``ListItem``s
the wall can apply. No MkDocs here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
import functools
import typing
from typing import Any

from pydantic import BaseModel

from ..problems.detectors import DETECTORS, GAP_CHAR
from ..problems.diagnostics import Diagnostic, Severity
from ..load.files import read_document
from ..load.model import Catalog, RegistryItem
from ..load.facts import facts_of
from ..load.kind import KindSet
from ..load.schema import NOT_STATED, labels

ACTIONS = {"withhold": "整条不予公开", "redact": "删除匹配的文字或字段，以 ■■■ 标明"}
KEYS = {
    "id": "编号", "name": "名称", "basis": "依据", "article": "条款", "action": "处置",
    "covers": "适用范围", "markings": "标志", "patterns": "文字规则", "detectors": "检测器",
    "fields": "删除的字段", "description": "说明", "examples": "示例",
}
COVER_KEYS = {"kinds": "类别", "topics": "主题分类"}
ARTICLE = re.compile(r"第[一二三四五六七八九十百零〇]+条")
MARK = "■■■"


@dataclass
class ListItem:
    """One 负面清单 item, ready to apply."""

    id: str
    name: str
    basis: str
    article: str
    action: str = "withhold"
    kinds: frozenset[str] = frozenset()
    topics: frozenset[str] = frozenset()
    markings: tuple[str, ...] = ()
    patterns: tuple[re.Pattern[str], ...] = ()
    detectors: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()
    marking_re: re.Pattern[str] | None = field(default=None, repr=False)

    @property
    def mark(self) -> str:
        """What replaces redacted text: visible, with the legal basis."""
        return f"{MARK}（依据{self.basis}不予公开）"

    def in_scope(self, kind: str, topics: Iterable[str]) -> bool:
        """For a redact item: do its fields and patterns apply to this entry?"""
        if not (self.kinds or self.topics):
            return True
        return kind in self.kinds or any(t in self.topics for t in topics)

    def covers(self, kind: str, topics: Iterable[str]) -> bool:
        """For a withhold item: is every entry of this kind / topic withheld?"""
        return kind in self.kinds or any(t in self.topics for t in topics)


def article_of(data: dict[str, Any]) -> str:
    """The article used for counting: ``article`` if given, else read from ``basis``."""
    given = str(data.get("article") or "").strip()
    if given:
        return given
    found = ARTICLE.findall(str(data.get("basis") or ""))
    return found[0] if found else ""


_SP = r"[ \t]"
"""Marking regexes run on normalised text (``textview.normalise``): every Unicode space is a plain
space, zero-width characters are gone, full-width brackets and ＊ are ASCII."""
_OPEN, _CLOSE = r"[【\[(〔<《〖「『]", r"[】\])〕>》〗」』]"
_LEAD = r"(?:(?:[#>*_~]+|<[A-Za-z][^<>\n]*>)[ \t]*)*"
_TRAIL = r"(?:(?:[*_~]+|</?[A-Za-z][^<>\n]*>)[ \t]*)*"
"""Markdown and HTML around a marking alone on its line: ``**秘密**``, ``<p>秘密</p>``, ``# 讨论稿``."""


def _spaced(word: str, gap: str) -> str:
    """``讨论稿`` → ``讨 gap* 论 gap* 稿``: GB/T 9704 layout and hurried typing put spaces between the characters."""
    return f"{gap}*".join(map(re.escape, word))


def _words(markings: Iterable[str]) -> list[str]:
    return sorted({"".join(m.split()) for m in markings if m and m.strip()}, key=len, reverse=True)


def marking_regex(markings: Iterable[str]) -> re.Pattern[str] | None:
    """A marking counts where a marking stands: in brackets, with ★, after 密级：, or alone on a line.

    The bare word inside a sentence (保守国家秘密) is not a marking. Match it on
    ``textview.normalise(text).text``; ``marking_hint`` is the cheap test on the text as typed.
    """
    words = _words(markings)
    if not words:
        return None
    alt = "(?:" + "|".join(_spaced(w, _SP) for w in words) + ")"
    return re.compile(
        "|".join(
            (
                rf"{_OPEN}{_SP}*{alt}{_SP}*{_CLOSE}",
                rf"{alt}{_SP}*[★☆*]",
                rf"密{_SP}*级{_SP}*:{_SP}*{alt}",
                rf"(?m:^{_SP}*{_LEAD}{alt}(?:[ \t，,、·★☆]*{alt})*{_SP}*{_TRAIL}\r?$)",
            )
        )
    )


def marking_hint(markings: Iterable[str]) -> re.Pattern[str] | None:
    """Any marking word at all, in the text as typed (spaces or zero-width characters between its characters)."""
    words = _words(markings)
    if not words:
        return None
    return re.compile("|".join(_spaced(w, GAP_CHAR) for w in words))


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The model inside ``list[Model]``, ``Model | None``, ``Annotated[…]``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _has_literal(annotation: Any) -> bool:
    """A field whose value is one of fixed choices; the 未说明 a free value may also be (``NotStated``) is no such choice."""
    if typing.get_origin(annotation) is typing.Literal:
        return typing.get_args(annotation) != (NOT_STATED,)
    return any(_has_literal(a) for a in typing.get_args(annotation))


@functools.lru_cache(maxsize=256)
def unremovable(spec: str, kinds: frozenset[str], known: KindSet) -> str:
    """Why a redact item cannot remove the field ``spec`` (``suppliers.address``) from entries of ``kinds``
    (all ``known`` kinds when empty); "" when it can. Text becomes ■■■; an optional value, or a list, is left out."""
    keys = spec.split(".")
    if any(keys[0] in facts_of(kind.model).structural for kind in known.values()):  # pages, listings, counts, links
        return "目录按它分类、计数和链接"
    for kind in sorted(kinds or known):
        model: type[BaseModel] | None = known[kind].model if kind in known else None
        for i, key in enumerate(keys):
            info = model.model_fields.get(key) if model is not None else None
            if info is None:
                break  # the kind has no such field: nothing to remove there
            if i < len(keys) - 1:
                model = _model_in(info.annotation)
                continue
            if _has_literal(info.annotation):
                return "它的取值有固定范围，网站按它显示和分类"
            if info.is_required() and info.annotation not in (str, "str", "Text") and "str" not in str(info.annotation) and "Text" not in str(info.annotation):
                return f"它是{known.name(kind)}的必填项，网站和各项检查都要用到它"
    return ""


def empty_value(model: type[BaseModel], key: str) -> Any:
    """What a removed non-text field becomes: its default ([] for a list, None for an optional value)."""
    info = model.model_fields.get(key)
    if info is None or info.is_required():
        return None
    return info.get_default(call_default_factory=True)


def compile_items(registry: dict[str, RegistryItem], kinds: KindSet) -> list[ListItem]:
    """Typed items from the loaded registry (``kinds``: the site's, for the fields a kind may lose).
    Invalid parts were reported by ``check`` and are skipped."""
    items = []
    for ident, reg in registry.items():
        data = reg.data
        covers: dict[str, Any] = data["covers"] if isinstance(data.get("covers"), dict) else {}
        patterns = []
        for text in _strings(data.get("patterns")):
            try:
                patterns.append(re.compile(text))
            except re.error:
                pass
        markings = tuple(_strings(data.get("markings")))
        items.append(
            ListItem(
                id=ident,
                name=reg.name,
                basis=str(data.get("basis") or ""),
                article=article_of(data),
                action=str(data.get("action") or "withhold"),
                kinds=frozenset(_strings(covers.get("kinds"))),
                topics=frozenset(_strings(covers.get("topics"))),
                markings=markings,
                patterns=tuple(patterns),
                detectors=tuple(d for d in _strings(data.get("detectors")) if d in DETECTORS),
                fields=tuple(f for f in _strings(data.get("fields")) if not unremovable(f, frozenset(_strings(covers.get("kinds"))), kinds)),
                marking_re=marking_regex(markings),
            )
        )
    return items


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [str(v) for v in value if isinstance(v, (str, int, float)) and str(v).strip()]
    return []


# --- validation -----------------------------------------------------------------


def check(path: Path, root: Path, catalog: Catalog) -> list[Diagnostic]:
    """Every problem in the negative list's own keys, with line and fix.

    The loader has already reported YAML, id and name problems; this re-reads the
    (small) file only to know where each value is.
    """
    if not path.exists():
        return []
    doc, _ = read_document(path, root)
    if doc is None or not isinstance(doc.data, list):
        return []
    rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()
    problems: list[Diagnostic] = []
    claimed: dict[str, str] = {}
    for i, item in enumerate(doc.data):
        if isinstance(item, dict):
            problems += _check_item(item, i, doc, rel, catalog, claimed)
    return problems


def _check_item(item: dict[str, Any], i: int, doc: Any, rel: str, catalog: Catalog, claimed: dict[str, str]) -> Iterable[Diagnostic]:
    def at(*path: Any, code: str, what: str, fix: str, severity: Severity | None = None) -> Diagnostic:
        line, col = doc.where((i, *path))
        key = next((p for p in reversed(path) if isinstance(p, str)), "")
        dotted = f"[{i}]" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)
        return Diagnostic(rel, line, col, code, what, fix, field=dotted, label=KEYS.get(key) or COVER_KEYS.get(key, ""), severity=severity)  # type: ignore[arg-type]  # None: the catalog's severity for the code (Diagnostic.__post_init__)

    ident = str(item.get("id") or "")
    for key in item:
        if key not in KEYS:
            yield at(key, code="negative-list-unknown-key", what=f"负面清单事项中不认识的键 {key}", fix="可用的键：" + "、".join(f"{k}（{v}）" for k, v in KEYS.items()))
    basis = str(item.get("basis") or "").strip()
    if not basis:
        yield at(code="negative-list-basis", what=f"事项 {ident} 缺少法律依据 basis", fix="写明依据的法律条款，如 basis: 《政府信息公开条例》第十五条")
    elif "《" not in basis:
        yield at("basis", code="negative-list-basis", what=f"依据 {basis} 没有写出法律法规的名称", fix="用书名号写全称和条款，如 《政府信息公开条例》第十四条")
    if not article_of(item):
        yield at("basis" if basis else (), code="negative-list-article", what="无法从依据中读出条款（第几条），年度报告无法按条款计数", fix="在依据中写明“第十四条”这样的条款，或加一行 article: 第十四条")
    elif item.get("article") and not ARTICLE.fullmatch(str(item["article"]).strip()):
        yield at("article", code="negative-list-article", what=f"条款 {item['article']} 格式不对", fix="用汉字数字写，如 第十四条、第十六条")
    action = item.get("action", "withhold")
    if action not in ACTIONS:
        yield at("action", code="negative-list-action", what=f"处置 {action} 不存在", fix="只能填写：" + "；".join(f"{k}（{v}）" for k, v in ACTIONS.items()))
    yield from _check_covers(item, at, catalog)
    yield from _check_list(item, "markings", at)
    if item.get("markings") and action == "redact":
        yield at("markings", code="negative-list-markings", what="标志 markings 用于整条不予公开，不能与 action: redact 同用", fix="把标志移到一个 action: withhold 的事项中，或删除 markings")
    for j, text in enumerate(item.get("patterns") or []) if isinstance(item.get("patterns"), list) else []:
        yield from _check_pattern(text, j, at)
    if "patterns" in item and not isinstance(item["patterns"], list):
        yield at("patterns", code="negative-list-format", what="patterns 应为列表", fix="每条规则单独一行，以“- ”开头，并用单引号括起")
    yield from _check_list(item, "detectors", at)
    for j, name in enumerate(item.get("detectors") or []) if isinstance(item.get("detectors"), list) else []:
        if name not in DETECTORS:
            yield at("detectors", j, code="negative-list-detector", what=f"检测器 {name} 不存在", fix="可用的检测器：" + "、".join(DETECTORS))
        elif name in claimed and claimed[name] != ident:
            yield at("detectors", j, code="negative-list-detector", what=f"检测器 {name} 已归入事项 {claimed[name]}", fix="每个检测器只归入一个事项；删除其中一处")
        else:
            claimed[name] = ident
    yield from _check_list(item, "fields", at)
    for j, key in enumerate(item.get("fields") or []) if isinstance(item.get("fields"), list) else []:
        last = str(key).split(".")[-1]
        if last not in labels(*(kind.model for kind in catalog.kinds.values())):
            yield at("fields", j, code="negative-list-field", what=f"字段 {key} 不存在", fix="写条目中的键名（如 interpreter、suppliers.address），见 docs/catalog-format.md")
        elif action != "redact":
            yield at("fields", j, code="negative-list-field", what="fields 只用于 action: redact 的事项", fix="加一行 action: redact，或删除 fields")
        elif why := unremovable(str(key), frozenset(_strings((item.get("covers") or {}).get("kinds") if isinstance(item.get("covers"), dict) else None)), catalog.kinds):
            yield at("fields", j, code="negative-list-field", what=f"字段 {key} 不能删除：{why}",
                     fix="需要整条不予公开的，改用 action: withhold 的事项；只删除其中一段文字的，用 patterns 写文字规则")


def _check_list(item: dict[str, Any], key: str, at: Any) -> Iterable[Diagnostic]:
    if key in item and not (isinstance(item[key], list) and all(isinstance(v, str) and v.strip() for v in item[key])):
        yield at(key, code="negative-list-format", what=f"{KEYS[key]} {key} 应为文字列表", fix="每项单独一行，以“- ”开头")


def _check_covers(item: dict[str, Any], at: Any, catalog: Catalog) -> Iterable[Diagnostic]:
    covers = item.get("covers")
    if covers is None:
        return
    if not isinstance(covers, dict):
        yield at("covers", code="negative-list-format", what="适用范围 covers 应为键值对", fix="写成 covers: 下一行缩进写 kinds: [...] 或 topics: [...]")
        return
    for key, values in covers.items():
        if key not in COVER_KEYS:
            yield at("covers", key, code="negative-list-unknown-key", what=f"covers 中不认识的键 {key}", fix="只能写 kinds（类别）和 topics（主题分类）")
            continue
        if not isinstance(values, list):
            yield at("covers", key, code="negative-list-format", what=f"covers.{key} 应为列表", fix="写成 [a, b] 或每项一行以“- ”开头")
            continue
        for j, value in enumerate(values):
            if key == "kinds" and value not in catalog.kinds:
                yield at("covers", key, j, code="negative-list-kind", what=f"类别 {value} 不存在", fix="只能填写：" + "、".join(catalog.kinds))
            if key == "topics" and value not in catalog.topics:
                yield at("covers", key, j, code="negative-list-topic", what=f"主题分类 {value} 不在 topics.yml 中", fix="写 catalog/topics.yml 中的编号")


def _check_pattern(text: Any, j: int, at: Any) -> Iterable[Diagnostic]:
    if not isinstance(text, str) or not text.strip():
        yield at("patterns", j, code="negative-list-format", what="文字规则应为非空文字", fix="写一条正则表达式，并用单引号括起")
        return
    try:
        compiled = re.compile(text)
    except re.error as exc:
        yield at("patterns", j, code="negative-list-regex", what=f"文字规则不是有效的正则表达式：{exc.msg}（第 {(exc.pos or 0) + 1} 个字符）", fix="检查括号是否成对、特殊字符是否用 \\ 转义；整条规则用单引号括起")
        return
    if compiled.search(""):
        yield at("patterns", j, code="negative-list-regex", what="文字规则能匹配空文字，会命中每一个条目", fix="去掉使整条规则可以为空的 * 或 ?")
