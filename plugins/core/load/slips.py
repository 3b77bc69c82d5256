"""Typing slips named as such: a full-width colon, a tab, “” used as quotes … instead of YAML's own words.

YAML reports ``title：示例`` as "could not find expected ':'" a line later, or reads it silently as
something else; an editor needs "全角冒号 → 半角冒号". The raw lines of a file are read again only
for a file that already has a problem (or a value that shows a slip), never for a clean one.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping

from ..problems.diagnostics import Diagnostic
from .files import read_bounded

_KEY = r"[A-Za-z_][A-Za-z0-9_]*"
_FULL_COLON = re.compile(rf"^[ \t\u3000]*(?:-[ \t]+)?({_KEY}|[\u4e00-\u9fff（）]{{2,12}})[ \t\u3000]*：")
_LABEL_KEY = re.compile(r"^[ \t]*(?:-[ \t]+)?([\u4e00-\u9fff（）]{2,12})[ \t]*[:：]")
_DASH = re.compile(r"^[ \t]*-(?=[^\s\-\d.])")
_QUOTED = re.compile(rf"^[ \t]*(?:-[ \t]+)?(?:({_KEY})[ \t]*:[ \t]+)?([“‘])[^“”‘’]*([”’])[ \t]*(?:#.*)?$")
_COMMA = re.compile(rf"^[ \t]*({_KEY})[ \t]*:[ \t]*\[[^\]]*[，、][^\]]*\]")
_BLOCK = re.compile(r":[ \t]*[|>][-+0-9]*[ \t]*(?:#.*)?$")


def suspicious(data: Mapping[str, object]) -> bool:
    """A value that shows a slip on its own (a list item with a Chinese comma, a value wrapped in “”): read the lines."""
    for key in ("topics", "keywords", "related"):
        items = data.get(key)
        if isinstance(items, list) and any(isinstance(item, str) and ("，" in item or "、" in item) for item in items):
            return True
    for key in ("title", "summary", "doc_no"):
        value = data.get(key)
        if isinstance(value, str) and value[:1] in "“‘" and value[-1:] in "”’":
            return True
    return False


def scan(path: str, rel: str, *, markdown: bool, labels: Mapping[str, str]) -> list[Diagnostic]:
    """The slips in the metadata lines of ``path``; ``labels``: Chinese label → key (``标题`` → ``title``)."""
    raw, _ = read_bounded(path, rel)
    if raw is None:
        return []
    lines = raw.decode("utf-8", "replace").lstrip("\ufeff").splitlines()
    found: list[Diagnostic] = []
    start = 0
    if markdown:
        if not lines or lines[0].strip() != "---":
            return []
        start = 1
    block: int | None = None  # the indent of the key whose block scalar (| or >) the lines belong to
    for number, line in enumerate(lines[start:], start + 1):
        if markdown and line.strip() == "---":
            break
        text = line.rstrip()
        lead = len(text) - len(text.lstrip(" \t\u3000"))
        if block is not None:
            if not text.strip() or lead > block:
                continue
            block = None
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        if _BLOCK.search(text):
            block = lead
        found += _line_slips(rel, number, text, lead, labels)
    named = {key: label for label, key in labels.items()}
    return [dataclasses.replace(d, label=named.get(d.field, "")) if d.field and not d.label else d for d in found]


REPAIRABLE = frozenset({"yaml-full-width-colon", "yaml-tab-indent", "yaml-full-width-space", "yaml-dash-space"})
"""Slips whose line means one thing only, so the rest of the file can still be read as the editor meant it."""


def repaired(path: str, rel: str, found: list[Diagnostic]) -> list[str]:
    """The file's text with its repairable slips put right, in the likely readings (only to find its other problems).

    A tab or full-width space in an indent is read as two spaces each, else as the previous line's indent.
    """
    lines_to_fix = {d.line for d in found if d.code in REPAIRABLE}
    if not lines_to_fix:
        return []
    raw, _ = read_bounded(path, rel)
    if raw is None:
        return []
    lines = raw.decode("utf-8", "replace").lstrip("\ufeff").split("\n")
    readings = []
    for align in (False, True):
        fixed = list(lines)
        for number in sorted(lines_to_fix):
            if 0 < number <= len(fixed):
                fixed[number - 1] = _repair_line(fixed[number - 1], _previous_indent(fixed, number - 1) if align else None)
        readings.append("\n".join(fixed))
    return readings if readings[0] != readings[1] else readings[:1]


def _previous_indent(lines: list[str], index: int) -> str:
    for line in reversed(lines[:index]):
        if line.strip() and not line.lstrip().startswith("#"):
            return line[:len(line) - len(line.lstrip(" "))]
    return ""


def _repair_line(line: str, indent_as: str | None) -> str:
    text = line.rstrip("\r")
    body = text.lstrip(" \t\u3000")
    lead = text[:len(text) - len(body)]
    indent = lead.replace("\t", "  ").replace("\u3000", " ") if indent_as is None or not ({"\t", "\u3000"} & set(lead)) else indent_as
    colon = _FULL_COLON.match(indent + body)
    if colon:
        at = (indent + body).index("：", colon.start(1))
        head, tail = (indent + body)[:at].rstrip(" \t\u3000"), (indent + body)[at + 1:].lstrip(" \t\u3000")
        return f"{head}: {tail}" if tail else f"{head}:"
    if _DASH.match(indent + body):
        return indent + "- " + body[1:]
    return indent + body


def _line_slips(rel: str, number: int, text: str, lead: int, labels: Mapping[str, str]) -> list[Diagnostic]:
    found = []
    indent = text[:lead]
    if "\t" in indent:
        found.append(Diagnostic(rel, number, indent.index("\t") + 1, "yaml-tab-indent", "缩进用了 Tab 键（YAML 不认 Tab 缩进）",
                                "把行首的 Tab 换成空格（同级对齐，下一级多两个空格）；编辑器可设置“按 Tab 键插入空格”"))
    elif "\u3000" in indent:
        found.append(Diagnostic(rel, number, indent.index("\u3000") + 1, "yaml-full-width-space", "缩进用了全角空格（中文输入法下的空格）",
                                "把行首的全角空格换成半角空格（切换到英文输入法后再输入空格）"))
    label = _LABEL_KEY.match(text)
    if label and label[1] in labels:
        key = labels[label[1]]
        found.append(Diagnostic(rel, number, label.start(1) + 1, "key-chinese-label", f"键写成了中文标签“{label[1]}”",
                                f"键要写英文名：改为 {key}: …（中文标签只用于网页和说明）", field=key, label=label[1]))
    colon = _FULL_COLON.match(text)
    if colon:
        at = text.index("：", colon.start(1)) + 1
        key = labels.get(colon[1], colon[1])
        found.append(Diagnostic(rel, number, at, "yaml-full-width-colon", f"“{colon[1]}”后面用了全角冒号“：”，YAML 不认它，这一行不是“键: 值”",
                                f"改为半角冒号加一个空格：{key}: …", field=key if key.isascii() else "", label=colon[1] if not colon[1].isascii() else ""))
    if _DASH.match(text):
        at = text.index("-") + 1
        found.append(Diagnostic(rel, number, at, "yaml-dash-space", "列表项的“-”后面缺少空格",
                                f"在“-”后加一个空格：{text[:at].strip()} {text[at:].strip()[:30]}"))
    quoted = _QUOTED.match(text)
    if quoted:
        found.append(Diagnostic(rel, number, quoted.start(2) + 1, "yaml-chinese-quotes", f"值两边是中文引号 {quoted[2]}{quoted[3]}：YAML 不把它们当作引号，引号会成为值的一部分",
                                "不需要引号就删去；要引号时用半角的 \" \"（含冒号或 # 的文字）", field=quoted[1] or ""))
    comma = _COMMA.match(text)
    if comma:
        sign = "，" if "，" in text[comma.end(1):] else "、"
        found.append(Diagnostic(rel, number, text.index(sign, comma.end(1)) + 1, "yaml-chinese-comma",
                                f"方括号列表中用了中文的“{sign}”分隔：YAML 只认半角逗号，整个方括号读成了一项", "改为半角逗号加空格，如 [czys, zwgk]",
                                field=comma[1]))
    return found
