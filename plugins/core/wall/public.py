"""The negative-list wall: the one place that decides what the public may see.

``public_view`` runs once, after validation and before anything renders; every
later stage (pages, listings, search, feeds, exports, attachments) receives only
the PublicCatalog it returns. In order, for each entry:

1. 不予公开 → gone; counted by negative-list item and by article.
2. Covered by a withhold item (its kinds, topics or markings) → gone, counted,
   and a warning tells the editor to fix the entry's 公开属性.
3. 依申请公开 → metadata only: body, attachments, the kind's content fields and
   the withholding reason are dropped.
4. Redact items replace matching fields and text with ■■■ and the basis.
5. What is left is what gets published: detectors and the list's own patterns
   scan it (and its text attachments); links and mentions of withheld entries
   are refused. Any hit is an error, so nothing is rendered.

No MkDocs here.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import os
import posixpath
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from pydantic import BaseModel

from . import allowlist
from ..pages import attachments
from . import detectors
from . import exposure
from ..serve import memo
from .allowlist import Allowlist
from ..check.diagnostics import Diagnostic
from ..load.model import Catalog, Entry, RegistryItem
from .negative_list import ListItem, compile_items, empty_value, marking_hint
from ..check.rules import REFERENCE_KEYS, problem
from ..load.schema import label
from ..load.yamlpos import Path_, dotted

UNSPECIFIED = "未注明"
DEFAULT_BASIS = {
    "id-number": ("《政府信息公开条例》第十五条", "个人隐私"),
    "mobile": ("《政府信息公开条例》第十五条", "个人隐私"),
    "bank-card": ("《政府信息公开条例》第十五条", "个人隐私"),
    "classification-marking": ("《政府信息公开条例》第十四条", "国家秘密"),
}
METADATA_KEYS = frozenset(
    {
        # what a catalog lists for every item (《条例》第十二条: 名称、索引号、生成日期 …)
        "kind", "title", "index_no", "organ", "doc_no", "written", "published", "topics",
        "disclosure", "exemption", "validity", "summary", "keywords", "related",
        # identifying values of the kinds (no free text, no figures)
        "effective", "expires", "repealed", "repealed_by", "interprets", "form", "corrects",
        "fiscal_year", "stage", "unit", "report_year", "report_scope",
        "project_no", "notice_type", "method", "approved", "decided", "signed",
    }
)
"""Fields a 依申请公开 entry keeps. Any other field (tables, suppliers, body …) is emptied:
a field added to a kind later is withheld until someone decides it is metadata."""


@dataclass
class PublicCatalog:
    """What the public may see. Nothing withheld is reachable from here."""

    entries: list[Entry]
    organs: dict[str, RegistryItem]
    topics: dict[str, RegistryItem]
    withheld_by_item: Counter[str] = field(default_factory=Counter)
    """Number of withheld (不予公开) entries per negative-list item id — numbers only."""
    withheld_by_basis: Counter[str] = field(default_factory=Counter)
    """Number of withheld entries per legal basis as written (e.g. 《政府信息公开条例》第十四条)."""
    withheld_by_article: Counter[str] = field(default_factory=Counter)
    """Number of withheld entries per article (第十四条, 第十五条, 第十六条)."""
    on_request_by_item: Counter[str] = field(default_factory=Counter)
    """依申请公开 entries (metadata published, body withheld) per negative-list item id."""
    redacted_by_item: Counter[str] = field(default_factory=Counter)
    """Number of values replaced with ■■■ per negative-list item id."""
    item_names: dict[str, str] = field(default_factory=dict)
    """Negative-list item id → name, for printing the counts."""
    allowlisted: list[tuple[Diagnostic, str]] = field(default_factory=list)
    """Detector hits the allowlist let through, each with the reviewer's reason: read by the
    confidentiality review report (review.py), never rendered. The value in the message is masked."""

    def lookup(self) -> dict[str, Entry]:
        table: dict[str, Entry] = {}
        for entry in self.entries:
            table[entry.ref] = entry
            if entry.index_no:
                table[entry.index_no] = entry
        return table

    @property
    def withheld_total(self) -> int:
        return sum(self.withheld_by_item.values())


# --- the wall -----------------------------------------------------------------------


def public_view(catalog: Catalog, allowlist: Allowlist | None = None) -> tuple[PublicCatalog, list[Diagnostic]]:
    """Split the catalog into what is published and counts of what is not."""
    wall = _Wall(catalog, allowlist or Allowlist())
    return wall.run()


_LAST_WALL: list[tuple[Catalog, "_Wall", dict[int, tuple[Entry, Entry | None]]]] = []


def shown(catalog: Catalog, entry: Entry) -> Entry | None:
    """``entry`` as the site shows it (依申请公开: its catalog record; redacted text as ■■■), or None when the
    wall withholds it (不予公开, or by the negative list itself: a marking, a covered kind or topic).

    For rules that speak of another entry in a message (rules.shown). Decided once per entry: the
    decision is the one ``public_view`` reuses.
    """
    if entry.meta.disclosure == "不予公开":
        return None
    if not _LAST_WALL or _LAST_WALL[0][0] is not catalog:
        _LAST_WALL[:] = [(catalog, _Wall(catalog, Allowlist()), {})]
    _, wall, answers = _LAST_WALL[0]
    known = answers.get(id(entry))  # rules ask about the same entries again and again (each chain, each reference)
    if known is None or known[0] is not entry:
        known = answers[id(entry)] = (entry, wall.decision(entry).public)
    return known[1]


@dataclass(frozen=True)
class Finding:
    """One detector hit or unscanned attachment with what ``build.py allow`` needs to record it.

    ``value`` stays in memory: ``allow`` hashes it with a salt and prints only its length."""

    file: str
    line: int
    column: int
    detector: str
    value: str = field(repr=False)
    diagnostic: Diagnostic | None = field(default=None, repr=False)
    file_sha256: str = ""


def findings(catalog: Catalog, allow: Allowlist | None = None) -> list[Finding]:
    """Every detector hit and unscanned attachment in what the catalog would publish."""
    wall = _Wall(catalog, allow or Allowlist())
    wall.record = []
    wall.run()
    return wall.record


@dataclass
class _Admission:
    """What the wall decided for one entry, with every count it took and note it made.

    Kept (memo.py) and replayed when the same entry comes back in the next run,
    so the counters come out as a fresh run would make them.
    """

    public: Entry | None = None
    """The entry's public form, or None when it is withheld."""
    strings: list[tuple[Path_, str]] | None = field(default_factory=list)
    """Every string of the public form (``exposure.texts``); dropped once scanned unless links need them."""
    hints: set[str] = field(default_factory=set)
    withheld: tuple[str, str, str] | None = None
    """(negative-list item id, basis, article) this entry is counted under when withheld."""
    keys: list[str] = field(default_factory=list)
    """Its ref and 索引号, when withheld: no public entry may point at them."""
    index_no: str | None = None
    files: list[str] = field(default_factory=list)
    """Real paths of its files no public entry may publish."""
    on_request: str | None = None
    redacted: list[tuple[str, int]] = field(default_factory=list)
    """(item id, values replaced), in the order they were counted."""
    problems: list[Diagnostic] = field(default_factory=list)
    attachments: tuple[Any, ...] = ()
    """Size and modification time of the attachments read to decide: a change decides again."""
    hits: list[tuple[Path_, detectors.Hit, int, int]] | None = None
    """Detector and pattern hits in the public text with their place in the file, once scanned."""
    mentions: list[tuple[Path_, str, int, str]] | None = None
    """Link targets and 索引号 the public text mentions, once looked for."""

    @property
    def counts_nothing(self) -> bool:
        """Published as it is: nothing to count, remember or report (almost every entry)."""
        return self.withheld is None and not self.files and self.on_request is None and not self.redacted and not self.problems


_ADMISSIONS: memo.EntryMemo[_Admission] = memo.EntryMemo("wall.admit")
_ATTACHMENT_TEXTS: memo.StampMemo[exposure.AttachmentText] = memo.StampMemo("wall.attachment-text")
_FILE_DIGESTS: memo.StampMemo[str] = memo.StampMemo("wall.file-sha256")
"""sha256 of each unscanned attachment's bytes, for the allowlist: read once per file version."""


class _Wall:
    def __init__(self, catalog: Catalog, allowlist: Allowlist):
        self.catalog = catalog
        self.root = catalog.root
        self.allowlist = allowlist
        self.items = compile_items(catalog.negative_list)
        self.by_id = {item.id: item for item in self.items}
        withhold = [item for item in self.items if item.action == "withhold"]
        self.cover_items = [item for item in withhold if item.kinds or item.topics]
        self.marking_items = [item for item in withhold if item.marking_re is not None]
        self.pattern_items = [item for item in withhold if item.patterns]
        self.redact_items = [item for item in self.items if item.action == "redact" and (item.patterns or item.fields)]
        self.detector_item = {name: item for item in self.items for name in item.detectors}
        self.problems: list[Diagnostic] = []
        self.view = PublicCatalog([], dict(catalog.organs), dict(catalog.topics), item_names={i.id: i.name for i in self.items})
        self.withheld_keys: set[str] = set()
        self.withheld_index: set[str] = set()
        self.withheld_files: set[str] = set()
        """Real paths of files that belong to withheld entries."""
        self._attachment_cache: dict[Path, exposure.AttachmentText] = {}
        self.record: list[Finding] | None = None
        """Set by ``findings``: every hit with its value, for ``build.py allow`` (never printed)."""
        self.marking_hint = marking_hint(w for item in self.marking_items for w in item.markings)
        self.markup_hint = detectors.markup_hint("".join(w for item in self.marking_items for w in item.markings))
        """When a body's markup may hide a number or a marking: only then is it re-read as its page shows it."""
        """Any marking word at all: most entries carry none, and skip the per-item checks."""

    def run(self) -> tuple[PublicCatalog, list[Diagnostic]]:
        published: list[_Admission] = []
        for entry in self.catalog.entries:
            admission = self._admit(entry)
            if admission.public is not None:
                published.append(admission)
        for admission in published:
            self._scan(admission)
        append = self.view.entries.append
        for admission in published:
            if self.withheld_keys:
                self._links(admission)
            append(admission.public)  # type: ignore[arg-type]
        self.problems += self.allowlist.stale()
        return self.view, self.problems

    # --- 1–4: decide and transform ------------------------------------------------

    def _admit(self, entry: Entry) -> _Admission:
        """What the wall decides for ``entry`` (its public form, or withheld), counted."""
        admission = self.decision(entry)
        if not admission.counts_nothing:
            self._apply(admission)
        return admission

    def decision(self, entry: Entry) -> _Admission:
        """What the wall decides for ``entry``, not counted (memoised by entry)."""
        admission = _ADMISSIONS.get(entry)
        if admission is memo.MISSING or (admission.attachments and admission.attachments != _attachment_stamps(entry)):
            admission = _ADMISSIONS.put(entry, self._decide(entry))
        return admission

    def _apply(self, admission: _Admission) -> None:
        """Count what was decided for one entry."""
        view = self.view
        if admission.withheld is not None:
            item_id, basis, article = admission.withheld
            view.withheld_by_item[item_id] += 1
            view.withheld_by_basis[basis] += 1
            view.withheld_by_article[article] += 1
            self.withheld_keys.update(admission.keys)
            if admission.index_no:
                self.withheld_index.add(admission.index_no)
        self.withheld_files.update(admission.files)
        if admission.on_request is not None:
            view.on_request_by_item[admission.on_request] += 1
        for item_id, count in admission.redacted:
            view.redacted_by_item[item_id] += count
        self.problems += admission.problems

    def _decide(self, entry: Entry) -> _Admission:
        """Steps 1–4 for one entry; nothing counted yet (see ``_apply``)."""
        found = _Admission(attachments=_attachment_stamps(entry))
        meta = entry.meta
        if meta.disclosure == "不予公开":
            self._withhold(entry, self.by_id.get(meta.exemption or ""), found)
            return found
        strings = exposure.texts(entry)
        # what the raw entry may hold; the public form holds less (■■■ marks add nothing)
        hints = self._hints("\n".join(t for p, t in strings if p != ("index_no",)))
        reason = self._covered(entry) or self._marked(entry, strings, "mark" in hints)
        if reason:
            item, path, why, *place = reason
            self._withhold(entry, item, found)
            warning = problem(
                entry, path, "wall-auto-withheld",
                f"本条公开属性为{meta.disclosure}，但{why}，属于负面清单“{item.name}”（{item.id}），已自动不予公开，网站上不出现",
                f"经保密审查核实后，把公开属性改为 不予公开 并写 exemption: {item.id}；若确应公开，去掉该标志或调整负面清单",
            )
            if place and place[0]:
                warning = dataclasses.replace(warning, line=place[0][0], column=place[0][1])
            found.problems.append(warning)
            return found
        if meta.disclosure == "依申请公开":
            found.on_request = meta.exemption or UNSPECIFIED
            self._remember_files(entry, found, include_source=False)
            public = metadata_only(entry)
        else:
            public = _without_reason(entry)
        public_strings = strings if public is entry else exposure.texts(public)
        redacted = self._redact(public, public_strings, found)
        found.public = redacted
        found.strings = public_strings if redacted is public else exposure.texts(redacted)
        found.hints = hints
        return found

    def _hints(self, text: str) -> set[str]:
        """Which later checks can find anything in this text: most entries need none of them."""
        found = set()
        view = detectors.visible(text, self.markup_hint)  # a number or marking the page shows once its markup is resolved
        if detectors.worth_scanning(text) or (view is not None and detectors.worth_scanning(view.text)):
            found.add("detect")
        if self.marking_hint is not None and (self.marking_hint.search(text) or (view is not None and self.marking_hint.search(view.text))):
            found.add("mark")
        if _maybe_link(text):
            found.add("link")
        return found

    def _withhold(self, entry: Entry, item: ListItem | None, found: _Admission) -> None:
        found.withheld = (
            item.id if item else UNSPECIFIED,
            item.basis if item and item.basis else UNSPECIFIED,
            item.article if item and item.article else UNSPECIFIED,
        )
        found.keys.append(entry.ref)
        if entry.index_no:
            found.keys.append(entry.index_no)
            found.index_no = entry.index_no
        self._remember_files(entry, found, include_source=True)

    def _remember_files(self, entry: Entry, found: _Admission, *, include_source: bool) -> None:
        """Files no public entry may publish as its own attachment."""
        if include_source:
            found.files.append(_real(os.path.join(self.root, entry.source)))
        for _, path in exposure.attachment_paths(entry):
            found.files.append(_real(str(path)))

    def _covered(self, entry: Entry) -> tuple[ListItem, Path_, str] | None:
        for item in self.cover_items:
            if entry.kind in item.kinds:
                return item, ("kind",), f"类别 {entry.kind} 整体列入负面清单"
            for i, topic in enumerate(entry.meta.topics):
                if topic in item.topics:
                    return item, ("topics", i), f"主题分类 {topic} 整体列入负面清单"
        return None

    def _marked(self, entry: Entry, strings: list[tuple[Path_, str]], hinted: bool) -> tuple[ListItem, Path_, str, tuple[int, int] | None] | None:
        """The first marking of a withhold item in the entry or its attachments, as a person reads the text.

        Matched on the normalised text (spaces of any kind and zero-width characters between the
        characters, full-width brackets), shown as the editor typed it, with its line and column.
        """
        if not self.marking_items:
            return None
        candidates = list(strings) if hinted else []
        for i, path in exposure.attachment_paths(entry):  # a marked attachment marks the whole document
            text = self._attachment(path)
            if text:
                candidates.append((("attachments", i, "file"), text))
        if not candidates:
            return None
        views: list[tuple[Path_, str, detectors.Visible | None]] = []
        for path, text in candidates:
            view = detectors.visible(text, self.markup_hint) if path == ("body",) else None  # a body as its page shows it
            views.append((path, text, view))
        normalised = [
            (path, text, view, detectors.normalise(view.text if view else text))
            for path, text, view in views
            if self.marking_hint.search(view.text if view else text)  # type: ignore[union-attr]
        ]
        for item in self.marking_items:
            for path, text, view, norm in normalised:
                match = item.marking_re.search(norm.text)  # type: ignore[union-attr]
                if match:
                    start, end = norm.original(match.start()), norm.original(match.end())
                    if view is not None:
                        start, end = view.original(start), view.original(end)
                    shown = text[start:end].strip(" \t\u3000\r\n")
                    if path[0] == "attachments":
                        return item, path, f"附件（第 {text.count(chr(10), 0, start) + 1} 行）带有标志“{shown}”", None
                    where = label(_last_key(path)) or dotted(path)
                    return item, path, f"{where}带有标志“{shown}”", exposure.locate(entry, path, text, start, exposure.read_source(entry, self.root))
        return None

    def _redact(self, entry: Entry, strings: list[tuple[Path_, str]], found: _Admission) -> Entry:
        items = [item for item in self.redact_items if item.in_scope(entry.kind, entry.meta.topics)]
        if not items:
            return entry
        if not any(item.fields for item in items):
            joined = "\n".join(text for _, text in strings)
            joined = detectors.normalise(joined, nfkc=False).text
            if not any(p.search(joined) for item in items for p in item.patterns):
                return entry
        changes: dict[Path_, Any] = {}
        redactions: dict[str, str] = {}
        counted = found.redacted
        for path, text in strings:
            key = ".".join(p for p in path if isinstance(p, str))
            if key == "attachments.file":
                # a file name cannot be cut: the link would point at nothing, the file be dropped unseen
                hit = next((item for item in items for p in item.patterns if p.search(detectors.normalise(text, nfkc=False).text)), None)
                if hit is not None:
                    found.problems.append(
                        problem(entry, path, "wall-redact-attachment",
                                f"附件的文件名中有按负面清单“{hit.name}”（{hit.id}）应删除的内容（不在此显示），文件名无法自动删改",
                                "给附件改一个不含该内容的文件名（同时改 file: 这一行和正文中的链接）")
                    )
                continue
            new = text
            for item in items:
                if key in item.fields:
                    new = item.mark
                    counted.append((item.id, 1))
                    redactions[dotted(path)] = item.id
                    break
                for pattern in item.patterns:
                    new, count = _subn(pattern, new, item.mark, markup=path == ("body",))
                    if count:
                        counted.append((item.id, count))
                        redactions[dotted(path)] = item.id
            if new != text:
                changes[path] = new
        for item in items:  # numbers, dates and lists named in ``fields`` carry no text to replace
            for spec in item.fields:
                for path in _paths_of(entry.meta, spec.split(".")):
                    if dotted(path) not in redactions:
                        changes[path] = _EMPTY
                        redactions[dotted(path)] = item.id
                        counted.append((item.id, 1))
        if not changes:
            return entry
        meta, body = entry.meta, entry.body
        for path, value in changes.items():
            if path == ("body",):
                body = "" if value is _EMPTY else (value or "")
                if meta.body:
                    meta = meta.model_copy(update={"body": body})
            else:
                meta = _replace(meta, path, value)
        return Entry(
            meta=meta, source=entry.source, ref=entry.ref, body=body, body_line=entry.body_line,
            positions=entry.positions, abs_dir=entry.abs_dir, redactions={**entry.redactions, **redactions},
            index_no_preview=entry.index_no_preview,
        )

    # --- 5: scan what will be published --------------------------------------------

    def _scan(self, admission: _Admission) -> None:
        entry = admission.public
        assert entry is not None
        if admission.hits is None:
            admission.hits = self._text_hits(entry, admission.strings or [], admission.hints)
            if "link" not in admission.hints:
                admission.strings = None  # not needed again: kept for 100,000 entries they weigh a lot
        for path, hit, line, col in admission.hits:
            found = self._hit_problem(entry.source, line, col, hit, dotted(path), label(_last_key(path)))
            self._report(entry.source, hit, found, line)
        if entry.abs_dir is not None and entry.meta.attachments and entry.meta.disclosure == "主动公开":
            self._scan_attachments(entry)

    def _report(self, file: str, hit: detectors.Hit, found: Diagnostic, line: int) -> None:
        """An error, or a finding the allowlist lets through (for the review report)."""
        if self.record is not None:
            self.record.append(Finding(file, line, found.column, hit.detector, hit.value, found))
        item = self.allowlist.match(file, hit.detector, hit.value)
        if item is not None:
            self.view.allowlisted.append((found, item.reason))
            return
        self.problems.append(found)

    def _text_hits(self, entry: Entry, strings: list[tuple[Path_, str]], hints: set[str]) -> list[tuple[Path_, detectors.Hit, int, int]]:
        """Every detector and pattern hit in the entry's public text, with its place in the editor's file.

        Each string is scanned alone, and the strings of one list or table row (same parent
        key) once more joined by tabs, for a number split across two cells.
        """
        source_text: str | None = None
        if not self.pattern_items and "detect" not in hints:
            return []
        found = []
        siblings: dict[Path_, list[tuple[Path_, str]]] = {}
        for path, text in strings:
            # 索引号 is checked against its own format (a USCC prefix and a serial): it holds no personal data
            if path == ("index_no",):
                continue
            if len(path) > 1 and len(text) < 200 and (text[0].isdigit() or text[-1].isdigit()):
                siblings.setdefault(path[:-1], []).append((path, text))  # may be part of a number split over cells
            for hit in self._hits(text, markup=path == ("body",)):
                if source_text is None:
                    source_text = exposure.read_source(entry, self.root) or ""
                line, col = exposure.locate(entry, path, text, hit.start, source_text)
                found.append((path, hit, line, col))
        for group in siblings.values():
            if len(group) < 2:
                continue
            joined = "\t".join(text for _, text in group)
            if not detectors.worth_scanning(joined):
                continue
            starts = [0]
            for _, text in group:
                starts.append(starts[-1] + len(text) + 1)
            for hit in detectors.scan(joined):
                first = bisect.bisect_right(starts, hit.start) - 1
                last = bisect.bisect_right(starts, max(hit.start, hit.end - 1)) - 1
                if first == last:
                    continue  # inside one string: found above
                path, text = group[first]
                if source_text is None:
                    source_text = exposure.read_source(entry, self.root) or ""
                start = hit.start - starts[first]
                line, col = exposure.locate(entry, path, text, start, source_text)
                found.append((path, dataclasses.replace(hit, start=start, end=len(text)), line, col))
        return found

    def _scan_attachments(self, entry: Entry) -> None:
        for i, path in exposure.attachment_paths(entry):
            if attachments.allowed(entry, i, self.catalog) is None:
                continue  # refused by the attachment policy (the attachments rule says why): never read, never published
            resolved = os.path.realpath(path)
            rel = _rel(path, self.root)
            if resolved in self.withheld_files:
                self.problems.append(
                    problem(entry, ("attachments", i, "file"), "attachment-of-withheld",
                            "这个附件文件同时属于不予公开或依申请公开的条目（或就是该条目的文件），公开后会泄露其内容",
                            "换成专门用于公开的附件文件；不要在公开条目中引用非公开条目的文件")
                )
                continue
            if not _inside(Path(resolved), self.root):
                self.problems.append(
                    problem(entry, ("attachments", i, "file"), "attachment-outside",
                            "附件文件不在网站项目文件夹内", "把附件复制到条目文件旁边，并写相对路径")
                )
                continue
            if not os.path.lexists(path):
                continue  # attachment-missing is reported by the entry's own checks
            read = self._attachment_read(path)
            if read.text is None:
                self._unscanned(entry, i, path, rel, read.problem)
                continue
            text = read.text
            for hit in self._hits(text):
                line = text.count("\n", 0, hit.start) + 1
                col = hit.start - text.rfind("\n", 0, hit.start)
                found = self._hit_problem(rel, line, col, hit, f"attachments[{i}]", "附件")
                self._report(rel, hit, found, line)
            for item in self.redact_items:
                if item.patterns and item.in_scope(entry.kind, entry.meta.topics):
                    match = next((m for p in item.patterns if (m := p.search(text))), None)
                    if match:
                        line = text.count("\n", 0, match.start()) + 1
                        col = match.start() - text.rfind("\n", 0, match.start())
                        self.problems.append(
                            Diagnostic(rel, line, col, "wall-redact-attachment",
                                       f"附件中有按负面清单“{item.name}”（{item.id}）应删除的内容（{len(match.group())} 个字符，不在此显示），附件无法自动删除",
                                       "上传删除该内容后的附件版本（删除处标明 ■■■ 和依据）", field=f"attachments[{i}]", label="附件")
                        )

    def _unscanned(self, entry: Entry, i: int, path: Path, rel: str, why: str) -> None:
        """An attachment the detectors cannot read blocks publication until a reviewer allowlists its bytes."""
        found = problem(
            entry, ("attachments", i, "file"), "attachment-unscanned",
            f"附件 {rel} 无法自动检查：{why}。其中的身份证号、手机号、密级标志等无法发现，不能直接公开",
            "改为可检查的格式（.docx、.xlsx、有文字层的 PDF、.txt）后重新上传；或由审查人逐页核对后运行 "
            f"python build.py allow {rel} --reason 理由（按文件内容的哈希登记，文件一改就要重新审查）",
        )
        def digest_of() -> str:
            try:
                return allowlist.file_sha256(path)
            except OSError:
                return ""

        digest = _FILE_DIGESTS.get_or_make(str(path), digest_of)
        if self.record is not None:
            self.record.append(Finding(rel, 0, 0, allowlist.UNSCANNED, "", found, digest))
        item = self.allowlist.match_file(rel, digest) if digest else None
        if item is not None:
            self.view.allowlisted.append((found, item.reason))
            return
        self.problems.append(found)

    def _hits(self, text: str, *, markup: bool = False) -> list[detectors.Hit]:
        """Detector and pattern hits in ``text``; ``markup``: a Markdown/HTML body, read as its page shows it."""
        view = detectors.visible(text, self.markup_hint) if markup else None
        if view is None:
            return self._plain_hits(text)
        found = []
        for hit in self._plain_hits(view.text):
            start, end = view.original(hit.start), view.original(hit.end)
            if hit.detector == "classification-marking":
                hit = dataclasses.replace(hit, value=text[start:end].strip())
            found.append(dataclasses.replace(hit, start=start, end=end))
        return found

    def _plain_hits(self, text: str) -> list[detectors.Hit]:
        hits = detectors.scan(text)
        if self.pattern_items:
            norm = detectors.normalise(text, nfkc=False) if not text.isascii() else None
            for item in self.pattern_items:
                for pattern in item.patterns:
                    seen: set[int] = set()
                    for candidate, back in ((text, None), (norm.text, norm) if norm is not None and norm.text != text else (None, None)):
                        if candidate is None:
                            continue
                        for match in pattern.finditer(candidate):
                            start, end = match.span("value") if "value" in pattern.groupindex and match.group("value") else match.span()
                            value = candidate[start:end]
                            if back is not None:
                                start, end = back.original(start), back.original(end)
                            if start in seen:
                                continue
                            seen.add(start)
                            hits.append(detectors.Hit(item.id, start, end, value))
        return hits

    def _hit_problem(self, file: str, line: int, col: int, hit: detectors.Hit, field_path: str, field_label: str) -> Diagnostic:
        """The finding as the editor reads it: where, which detector, the fix — never the value."""
        allow = f"若确属误报，经审查同意后运行 python build.py allow {file}:{line} --reason 理由（白名单只存加盐哈希，不存号码）"
        if hit.detector in detectors.DETECTORS:
            item = self.detector_item.get(hit.detector)
            basis, name = (item.basis, item.name) if item else DEFAULT_BASIS[hit.detector]
            if hit.detector == "classification-marking":
                shown = f"“{hit.value}”"  # a marking is not a secret value: the editor must see which one
            else:
                shown = f"（{hit.shown}；完整号码不在此显示）"
            what = f"公开内容中有{detectors.LABELS[hit.detector]}{shown}（{name}，依据{basis}不得公开）"
            fix = detectors.FIXES[hit.detector]
            code = "detect-marking" if hit.detector == "classification-marking" else f"detect-{hit.detector}"
        else:
            item = self.by_id[hit.detector]
            what = f"公开内容命中负面清单“{item.name}”（{item.id}）的文字规则（{len(hit.value)} 个字符，内容不在此显示；依据{item.basis}）"
            fix = f"删除这段内容，或把条目改为 不予公开 并写 exemption: {item.id}"
            code = "detect-pattern"
        return Diagnostic(file, line, col, code, what, f"{fix}；{allow}", field=field_path, label=field_label)

    def _attachment(self, path: Path) -> str | None:
        return self._attachment_read(path).text

    def _attachment_read(self, path: Path) -> exposure.AttachmentText:
        if path not in self._attachment_cache:
            self._attachment_cache[path] = _ATTACHMENT_TEXTS.get_or_make(str(path), lambda: exposure.read_attachment(path))
        return self._attachment_cache[path]

    # --- links: no public entry points at a withheld one ------------------------------

    def _links(self, admission: _Admission) -> None:
        entry = admission.public
        assert entry is not None
        meta = entry.meta
        fields = meta.__dict__  # not getattr: a missing name through pydantic raises inside
        targets = [((key,), fields.get(key)) for key in REFERENCE_KEYS]
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
                for path, text in strings if path[0] not in _NOT_LINKS
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


def _attachment_stamps(entry: Entry) -> tuple[Any, ...]:
    """The attachments' size and modification time: the wall reads them to decide."""
    if entry.abs_dir is None or not entry.meta.attachments:
        return ()
    return tuple(memo.stamp(str(path)) for _, path in exposure.attachment_paths(entry))


def _link_problem(entry: Entry, path: Path_, ref: str) -> Diagnostic:
    return problem(
        entry, path, "link-to-withheld",
        "公开条目引用或链接的条目不予公开，公开后会暴露它的存在和标题（被引用的条目不在此列出）",
        "删除这个引用或链接；若被引用的条目其实可以公开，先修改它的公开属性并经保密审查",
    )


# --- transforms ----------------------------------------------------------------------


def metadata_only(entry: Entry) -> Entry:
    """The public face of a 依申请公开 entry: catalog metadata kept, everything else emptied."""
    meta = entry.meta
    changes: dict[str, Any] = {}
    for key, info in type(meta).model_fields.items():
        if key in METADATA_KEYS:
            continue
        value = getattr(meta, key)
        if value in (None, "", [], {}):
            continue
        changes[key] = None if info.is_required() else info.get_default(call_default_factory=True)
    kept = {path: where for path, where in entry.positions.items() if not path or path[0] in METADATA_KEYS}
    return Entry(
        meta=meta.model_copy(update=changes), source=entry.source, ref=entry.ref, body="", body_line=0,
        positions=kept, abs_dir=None, redactions=dict(entry.redactions),
        index_no_preview=entry.index_no_preview,
    )


def _without_reason(entry: Entry) -> Entry:
    """The reason for withholding is written for the reviewers, not the public."""
    if not entry.meta.exemption_reason:
        return entry
    return entry.with_meta(exemption_reason=None)


_SYNTAX = re.compile(r"<[^<>\n]*>|[\[\]\"'|`*<>\n]")
"""Markdown and HTML a redacted value must not swallow: a tag, link and image brackets, a title's quote,
a table bar, code and emphasis marks, a line break."""


def _redacted(value: str, mark: str, markup: bool) -> str:
    """What replaces ``value``: the mark; in a Markdown body the syntax inside it stays.

    ``[张某](url "家庭住址：翠竹路9号")`` keeps its closing ``")``; ``<b>翠竹路</b>9号`` becomes
    ``<b>■■■</b>``: the page is still well formed, and no text of the value is left.
    """
    if not markup or _SYNTAX.search(value) is None:
        return mark
    out: list[str] = []
    marked = False
    pos = 0
    for match in _SYNTAX.finditer(value):
        piece = value[pos: match.start()]
        if piece.strip():
            if not marked:
                out.append(mark)
                marked = True
        else:
            out.append(piece)
        token = match.group()
        if marked and not (token.startswith("<") and len(token) > 1):
            out.append(value[match.start():])  # the syntax closes the value: the rest is the editor's markup
            return "".join(out)
        out.append(token)
        pos = match.end()
    piece = value[pos:]
    if piece.strip():
        if not marked:
            out.append(mark)
    else:
        out.append(piece)
    return "".join(out)


def _subn(pattern: re.Pattern[str], text: str, mark: str, *, markup: bool) -> tuple[str, int]:
    """Redact every match of ``pattern`` in ``text`` (or only its ``value`` group), as a person reads the text.

    The pattern sees the text with spaces unified and zero-width characters removed
    (``家\u200b庭住址``), and the original characters are replaced.
    """
    norm = detectors.normalise(text, nfkc=False)
    spans = []
    for match in pattern.finditer(norm.text):
        start, end = match.span("value") if "value" in pattern.groupindex and match.group("value") is not None else match.span()
        if end > start:
            spans.append((norm.original(start), norm.original(end)))
    if not spans:
        return text, 0
    parts, pos = [], 0
    for start, end in spans:
        if start < pos:
            continue
        parts.append(text[pos:start])
        parts.append(_redacted(text[start:end], mark, markup))
        pos = end
    parts.append(text[pos:])
    return "".join(parts), len(spans)


_EMPTY = object()
"""A removed non-text field: it becomes the field's default (``[]`` for a list, None for an optional value)."""


def _replace(obj: Any, path: Path_, value: Any) -> Any:
    """A copy of ``obj`` with the value at ``path`` replaced; ``obj`` is left untouched."""
    if not path:
        return None if value is _EMPTY else value
    head, rest = path[0], path[1:]
    if isinstance(obj, BaseModel) and not rest and value is _EMPTY:
        return obj.model_copy(update={head: empty_value(type(obj), head)})
    if isinstance(obj, BaseModel):
        return obj.model_copy(update={head: _replace(getattr(obj, head), rest, value)})
    if isinstance(obj, list):
        copy = list(obj)
        copy[head] = _replace(obj[head], rest, value)
        return copy
    if isinstance(obj, dict):
        copy_d = dict(obj)
        copy_d[head] = _replace(obj[head], rest, value)
        return copy_d
    return obj


def _paths_of(obj: Any, keys: list[str], path: Path_ = ()) -> Iterable[Path_]:
    """Paths of the non-empty values named by a dotted field spec (list indices implied).

    A list of records named as a whole (``attachments``, ``suppliers``) is one path: it is left out whole."""
    if not keys and isinstance(obj, list) and any(isinstance(item, BaseModel) for item in obj):
        yield path
        return
    if isinstance(obj, list):
        for i, item in enumerate(obj):
            yield from _paths_of(item, keys, (*path, i))
        return
    if not keys:
        if obj not in (None, "", []):
            yield path
        return
    if isinstance(obj, BaseModel) and keys[0] in type(obj).model_fields:
        yield from _paths_of(getattr(obj, keys[0]), keys[1:], (*path, keys[0]))


# --- link targets ----------------------------------------------------------------------

_NOT_LINKS = frozenset({*REFERENCE_KEYS, "related", "index_no"})
"""Checked as references above, or the entry's own 索引号."""
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


def _last_key(path: Path_) -> str:
    return next((p for p in reversed(path) if isinstance(p, str)), "")


@functools.lru_cache(maxsize=4096)
def _real_dir(folder: str) -> str:
    return os.path.realpath(folder)


def _real(path: str) -> str:
    """``os.path.realpath`` with the folder part cached: thousands of entries share a few folders."""
    if os.path.islink(path):
        return os.path.realpath(path)
    return os.path.join(_real_dir(os.path.dirname(os.path.abspath(path))), os.path.basename(path))


def _rel(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _inside(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root.resolve())
        return True
    except ValueError:
        return False


# --- counts ------------------------------------------------------------------------------

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def _article_number(article: str) -> int:
    """第十六条 → 16, for ordering; unknown articles sort last."""
    text = article.removeprefix("第").split("条", 1)[0]
    if not text or any(c not in _CN_DIGITS and c not in "十百" for c in text):
        return 10_000
    total, current = 0, 0
    for c in text:
        if c == "百":
            total += (current or 1) * 100
            current = 0
        elif c == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = _CN_DIGITS[c]
    return total + current


def withheld_summary(public: PublicCatalog) -> list[str]:
    """Lines for ``build.py check`` and the annual report: counts only, never titles."""
    on_request = sum(public.on_request_by_item.values())
    lines = [
        f"公开条目 {len(public.entries)} 个（其中依申请公开 {on_request} 个，只公开目录信息）；"
        f"不予公开 {public.withheld_total} 个（只计数，不列内容）。"
    ]
    if public.withheld_by_item:
        parts = [f"{public.item_names.get(k, k)}（{k}）{n} 个" for k, n in sorted(public.withheld_by_item.items(), key=lambda kv: (-kv[1], kv[0]))]
        lines.append("  不予公开，按负面清单事项：" + "；".join(parts))
        by_article = sorted(public.withheld_by_article.items(), key=lambda kv: _article_number(kv[0]))
        lines.append("  不予公开，按《政府信息公开条例》条款：" + "；".join(f"{k} {n} 个" for k, n in by_article))
    if public.on_request_by_item:
        parts = [f"{public.item_names.get(k, k)}（{k}）{n} 个" for k, n in sorted(public.on_request_by_item.items(), key=lambda kv: (-kv[1], kv[0]))]
        lines.append("  依申请公开，按负面清单事项：" + "；".join(parts))
    if public.redacted_by_item:
        total = sum(public.redacted_by_item.values())
        parts = [f"{public.item_names.get(k, k)}（{k}）{n} 处" for k, n in sorted(public.redacted_by_item.items())]
        lines.append(f"  以 ■■■ 删除的内容 {total} 处：" + "；".join(parts))
    return lines

