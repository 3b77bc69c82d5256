"""Printing diagnostics where many people read them (CI logs): nothing of a non-public entry.

Part of the wall: it knows which files and words are withheld, and the negative list's redact patterns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..problems.diagnostics import Diagnostic
from .negative_list import compile_items


# --- printing where many people read: CI logs ---------------------------------------------
#
# A CI log is read by everyone who can read the repository's CI (for a public repository, by
# everyone). In a public log a diagnostic located in a non-public entry's file is printed
# without its file name and without anything quoted from the file; a diagnostic about a public
# file that would name a non-public entry loses its message. Locally (no CI) every diagnostic
# is printed in full, so the office's editor can fix the file. See docs/security.md.

PUBLIC_LOG_ENV = "GK_PUBLIC_LOG"
"""Set (to 1) by ``build.py --public-log``; the MkDocs plugin reads it too."""
PRIVATE_LABEL = "不予公开条目"
HIDDEN_MESSAGE = "详情含非公开条目的内容，不在公开日志中显示 — 在本机运行 python build.py check 查看完整信息"
HIDDEN_OTHER = "这条提示涉及非公开条目，详情不在公开日志中显示 — 在本机运行 python build.py check 查看完整信息"
_NO = ("", "0", "false", "no", "off")


def public_log_wanted(flag: bool = False) -> bool:
    """True when output goes where many people read it: ``--public-log``, or any CI (env ``CI``, set by every CI system)."""
    import os

    if flag or os.environ.get(PUBLIC_LOG_ENV, "").strip().lower() not in _NO:
        return True
    return os.environ.get("CI", "").strip().lower() not in _NO


_NOT_ENTRIES = frozenset({"organs.yml", "topics.yml", "negative-list.yml", "detector-allowlist.yml", "as-issued.yml", "withheld-counts.yml", "mkdocs.yml"})
"""Files of the tool's own that are no entry: their problems are printed with their names (in the private folder they are private)."""
_WITHHELD_WORDS = tuple(word.encode(enc) for word in ("不予公开", "依申请公开") for enc in ("utf-8", "gb18030", "utf-16-le", "utf-16-be"))


_PUBLIC_DISCLOSURE = re.compile(r"""(?m)^[ \t]*disclosure[ \t]*:[ \t]*(["']?)主动公开\1[ \t]*(?:#.*)?\r?$""")


def _decodings(raw: bytes) -> list[str]:
    """The text of an entry file in the encodings an editor's tools write."""
    found = []
    for encoding in ("utf-8-sig", "utf-16", "gb18030"):
        try:
            found.append(raw.decode(encoding))
        except UnicodeDecodeError:
            continue
    return found


@dataclass
class LogView:
    """Turns diagnostics into printed lines; in a public log, nothing of a non-public entry."""

    public: bool = False
    private: frozenset[str] = frozenset()
    """Files (as ``Diagnostic.file``) of non-public entries, their attachments, files under the private folder."""
    private_dirs: tuple[str, ...] = ()
    """Prefixes (as ``Diagnostic.file``) of folders whose every file is private."""
    secrets: Any = None
    """Names and values of non-public entries (titles, 文号, 索引号, file names): a ``Secrets``, or None."""
    root: Any = None
    known: frozenset[str] = frozenset()
    """Files that loaded as entries or registries: any other entry file failed to load."""
    redact: tuple[Any, ...] = ()
    """The negative list's redact patterns: a line quoting a value they match shows ■■■ there."""
    _ordinals: dict[str, int] = field(default_factory=dict)

    def is_private(self, file: str) -> bool:
        if file in self.private or any(file == d or file.startswith(d.rstrip("/") + "/") for d in self.private_dirs):
            return True
        if file in self.known or self.root is None or not file.lower().endswith((".md", ".yml", ".yaml", ".markdown")) or file.rpartition("/")[2] in _NOT_ENTRIES:
            return False
        return self._unknown_private(file)

    def _unknown_private(self, file: str) -> bool:
        """A file that did not load: its 公开属性 cannot be read for sure, so fail safe.

        Public only when it says ``disclosure: 主动公开`` and nowhere 不予公开 or 依申请公开: a hurried
        ``disclosure: 不公开``, ``不予公開``, ``涉密`` or no 公开属性 at all keeps its name out of the log.
        """
        import os

        try:
            with open(os.path.join(str(self.root), file), "rb") as handle:
                raw = handle.read(1 << 20)
        except OSError:
            return True
        if any(word in raw for word in _WITHHELD_WORDS):
            return True
        return not any(_PUBLIC_DISCLOSURE.search(text) for text in _decodings(raw))

    def text(self, diagnostic: Diagnostic) -> str:
        """The line for one diagnostic, without the 错误/警告 prefix."""
        if not self.public:
            return str(diagnostic)
        if self.is_private(diagnostic.file):
            n = self._ordinals.setdefault(diagnostic.file, len(self._ordinals) + 1)
            where = f"[{PRIVATE_LABEL} {n}]" + (f":{diagnostic.line}:{diagnostic.column}" if diagnostic.line else "")
            field_part = f"{diagnostic.field}({diagnostic.label}): " if diagnostic.label and diagnostic.field.isascii() else ""
            return f"{where}: {field_part}{HIDDEN_MESSAGE} [{diagnostic.code}]"
        text = str(diagnostic)
        if self.secrets is not None and self.secrets.search(text):
            return str(Diagnostic(diagnostic.file, diagnostic.line, diagnostic.column, diagnostic.code, HIDDEN_OTHER,
                                  field=diagnostic.field, label=diagnostic.label, severity=diagnostic.severity))
        if self.redact:  # what the site shows as ■■■ is not quoted in a public log either
            message, fix = diagnostic.message, diagnostic.fix
            for pattern in self.redact:
                message, fix = pattern.sub(_redacted_part, message), pattern.sub(_redacted_part, fix)
            if (message, fix) != (diagnostic.message, diagnostic.fix):
                return str(Diagnostic(diagnostic.file, diagnostic.line, diagnostic.column, diagnostic.code, message, fix,
                                      field=diagnostic.field, label=diagnostic.label, severity=diagnostic.severity))
        return text

    def lines(self, diagnostics: list[Diagnostic]) -> list[tuple[Diagnostic, str]]:
        """(diagnostic, line) in print order; in a public log the non-public files' lines come last."""
        ordered = sorted(diagnostics)
        if self.public:
            ordered.sort(key=lambda d: self.is_private(d.file))  # stable: sorted within each group
        return [(d, self.text(d)) for d in ordered]

    def name(self, file: str, what: str = PRIVATE_LABEL) -> str:
        """A file's name for a line of its own (e.g. 已分配索引号 → file): hidden when private in a public log."""
        if self.public and self.is_private(file):
            return f"[{what} {self._ordinals.setdefault(file, len(self._ordinals) + 1)}]"
        return file


def log_view(catalog: Any, diagnostics: list[Diagnostic], *, public: bool | None = None, private_dirs: tuple[str, ...] = ()) -> LogView:
    """The LogView for printing ``diagnostics`` of one run over ``catalog`` (a model.Catalog)."""
    import os

    public = public_log_wanted() if public is None else public
    if not public:
        return LogView()
    root = str(catalog.root)
    private: set[str] = {d.file for d in diagnostics if d.code == "wall-auto-withheld"}
    known: set[str] = set()
    secrets: set[str] = set()
    for entry in catalog.entries:
        known.add(entry.source)
        meta = entry.meta
        withheld = meta.disclosure == "不予公开" or entry.source in private or any(entry.source.startswith(d.rstrip("/") + "/") for d in private_dirs)
        if meta.disclosure == "主动公开" and not withheld:
            continue
        private.add(entry.source)
        stem = os.path.basename(entry.source).rsplit(".", 1)[0]
        secrets.update((entry.source, entry.ref, stem))
        if withheld:
            secrets.update(s for s in (meta.title, meta.doc_no, meta.index_no, meta.summary) if s)
        if entry.abs_dir is not None:
            for attachment in meta.attachments:
                path = os.path.normpath(os.path.join(str(entry.abs_dir), attachment.file))
                private.add(os.path.relpath(path, root).replace(os.sep, "/") if path.startswith(root + os.sep) else path)
                secrets.add(os.path.basename(attachment.file))
    for registry in (catalog.organs, catalog.topics, catalog.negative_list):
        known.update(item.source for item in registry.values())
    words = Secrets(secrets)
    redact = tuple(p for item in compile_items(catalog.negative_list, catalog.kinds) if item.action == "redact" for p in item.patterns)
    return LogView(True, frozenset(private), tuple(private_dirs), words if words.by_head else None, root, frozenset(known), redact=redact)


def _redacted_part(match: Any) -> str:
    """The match with its ``value`` group (or all of it) as ■■■."""
    if "value" in match.re.groupindex and match.group("value") is not None:
        start, end = match.span("value")
        text, offset = match.group(), match.start()
        return text[: start - offset] + "■■■" + text[end - offset:]
    return "■■■"


class Secrets:
    """Strings no public log line may hold; ``search`` costs one dict look-up per character of the line.

    (One regular expression of thousands of alternatives tries each of them at every position.)
    """

    HEAD = 4

    def __init__(self, words: set[str]) -> None:
        self.by_head: dict[str, list[str]] = {}
        for word in words:
            if len(word) > self.HEAD:
                self.by_head.setdefault(word[: self.HEAD], []).append(word)

    def search(self, text: str) -> bool:
        heads, n = self.by_head, self.HEAD
        for i in range(len(text) - n + 1):
            found = heads.get(text[i: i + n])
            if found is not None and any(text.startswith(word, i) for word in found):
                return True
        return False
