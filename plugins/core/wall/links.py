"""No public entry points at a withheld one: references, Markdown and HTML links, bare 索引号 (the wall's last check)."""

from __future__ import annotations

import dataclasses
import posixpath
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from . import exposure
from .admission import _Admission
from ..problems.diagnostics import Diagnostic
from ..check.rules import problem
from ..load.facts import facts_of
from ..load.model import Entry
from ..load.yamlpos import Path_


_LINK_HINT = re.compile(r"\]\(|href|src|\]:")
_INDEX_HINT = re.compile(r"/(?<=[0-9A-Z]{9}/)[0-9]{4}(?:[0-9]{2})?-[0-9]{5}")
"""Where ``_INDEX_TOKEN`` can match (it needs 9 characters before the ``/``): starts at a literal, so it is quick."""


def _maybe_link(text: str) -> bool:
    """``_LINK_HINT`` or ``_INDEX_TOKEN`` would find something: substring tests first (C speed)."""
    return "](" in text or "href" in text or "src" in text or "]:" in text or ("/" in text and _INDEX_HINT.search(text) is not None)
_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)|(?:href|src)\s*=\s*[\"']([^\"']+)|^\s*\[[^\]]+\]:\s*<?([^\s>]+)", re.M)
_INDEX_TOKEN = re.compile(r"[0-9A-Z]{9}(?:[0-9A-Z]{9})?/[0-9]{4}(?:[0-9]{2})?-[0-9]{5}")
_SUFFIXES = (".md", ".yml", ".yaml", ".html", ".htm")


def _mentions(text: str) -> Iterable[tuple[int, str]]:
    """(offset, target) of link targets in Markdown or HTML, and of bare 索引号 in the text."""
    linked: set[int] = set()
    if "](" in text or "href" in text or "src" in text or "]:" in text:
        for match in _LINK.finditer(text):
            group = next(i for i, g in enumerate(match.groups(), 1) if g)
            linked.update(range(match.start(group), match.end(group)))
            yield match.start(group), match.group(group)
    if "/" in text:
        for match in _INDEX_TOKEN.finditer(text):
            if match.start() not in linked:
                yield match.start(), match.group()


def _normalise_target(target: str) -> str:
    """``../../policy/2016/foo.md#x`` → ``policy/2016/foo``: comparable with an entry's ref."""
    path = posixpath.normpath(unquote(target.split("#", 1)[0].split("?", 1)[0]))
    parts = [p for p in path.split("/") if p not in ("", ".", "..")]
    if parts and parts[0] == "catalog":
        parts = parts[1:]
    text = "/".join(parts)
    for suffix in _SUFFIXES:
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    if text.endswith("/index") or text == "index":
        text = text[:-6].rstrip("/")
    return posixpath.normpath(text) if text else ""


def _link_problem(entry: Entry, path: Path_, ref: str) -> Diagnostic:
    return problem(
        entry, path, "link-to-withheld",
        "公开条目引用或链接的条目不予公开，公开后会暴露它的存在和标题（被引用的条目不在此列出）",
        "删除这个引用或链接；若被引用的条目其实可以公开，先修改它的公开属性并经保密审查",
    )


class Links:
    """The link check of the wall (mixed into ``public._Wall``)."""

    root: Path
    problems: list[Diagnostic]
    withheld_keys: set[str]
    withheld_index: set[str]

    # --- links: no public entry points at a withheld one ------------------------------

    def _links(self, admission: _Admission) -> None:
        entry = admission.public
        assert entry is not None
        meta = entry.meta
        fields = meta.__dict__  # not getattr: a missing name through pydantic raises inside
        facts = facts_of(type(meta))
        targets: list[tuple[tuple[Any, ...], Any]] = [((key,), fields.get(key)) for key in facts.references]
        targets += [(("related", i), ref) for i, ref in enumerate(meta.related)]
        for path, ref in targets:
            if ref and ref in self.withheld_keys:
                self.problems.append(_link_problem(entry, path, ref))
        if "link" not in admission.hints:
            return
        if admission.mentions is None:
            strings = admission.strings if admission.strings is not None else exposure.texts(entry)
            admission.mentions = [
                (path, text, start, target)
                for path, text in strings if path[0] not in facts.link_free
                for start, target in _mentions(text)
            ]
        source_text: str | None = None
        for path, text, start, target in admission.mentions:
            if self._is_withheld_target(entry, target):
                if source_text is None:
                    source_text = exposure.read_source(entry, self.root) or ""
                line, col = exposure.locate(entry, path, text, start, source_text)
                found = _link_problem(entry, path, target)
                self.problems.append(dataclasses.replace(found, line=line, column=col))

    def _is_withheld_target(self, entry: Entry, target: str) -> bool:
        """A 索引号 or site URL of a withheld entry, or its file (relative to this entry's or to catalog/)."""
        if any(t in self.withheld_index for t in _INDEX_TOKEN.findall(target)):
            return True
        if "://" in target:
            return False
        here = posixpath.dirname(entry.ref)
        return _normalise_target(target) in self.withheld_keys or _normalise_target(posixpath.join(here, target)) in self.withheld_keys
