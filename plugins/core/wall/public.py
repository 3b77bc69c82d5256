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

This module decides (steps 1–4, class ``_Wall``); the other jobs have their own modules:
view.py (the PublicCatalog handed on), admission.py (one entry's decision, kept between runs),
on_request.py (step 3), redaction.py (step 4's rewriting), scan.py (step 5), links.py (links to
withheld entries), counts.py (what was withheld, in numbers), logview.py (public CI logs).

No MkDocs here.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import Any

from ..problems import detectors
from ..problems import textview
from . import exposure, screen
from ..serve import memo
from .admission import _ADMISSIONS, Finding, _Admission, _attachment_stamps
from .allowlist import Allowlist
from .links import Links, _maybe_link
from .negative_list import ListItem, compile_items, marking_hint
from .on_request import _without_reason, metadata_only
from .paths import _last_key, _real
from .redaction import _EMPTY, _paths_of, _replace, _subn
from .scan import Scanner
from .view import PublicCatalog
from ..problems.diagnostics import Diagnostic
from ..check.rules import problem
from ..load.model import Catalog, Entry
from ..load.schema import labels
from ..load.yamlpos import Path_, dotted

UNSPECIFIED = "未注明"


# --- the wall -----------------------------------------------------------------------


def public_view(catalog: Catalog, allowlist: Allowlist | None = None) -> tuple[PublicCatalog, list[Diagnostic]]:
    """Split the catalog into what is published and counts of what is not."""
    wall = _Wall(catalog, allowlist or Allowlist())
    return wall.run()


_LAST_WALL: list[tuple[Catalog, _Wall, dict[int, tuple[Entry, Entry | None]]]] = []


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



def findings(catalog: Catalog, allow: Allowlist | None = None) -> list[Finding]:
    """Every detector hit and unscanned attachment in what the catalog would publish."""
    wall = _Wall(catalog, allow or Allowlist())
    wall.record = []
    wall.run()
    return wall.record



class _Wall(Scanner, Links):
    def __init__(self, catalog: Catalog, allowlist: Allowlist):
        self.catalog = catalog
        self.root = catalog.root
        self.allowlist = allowlist
        self.items = compile_items(catalog.negative_list, catalog.kinds)
        self.by_id = {item.id: item for item in self.items}
        withhold = [item for item in self.items if item.action == "withhold"]
        self.cover_items = [item for item in withhold if item.kinds or item.topics]
        self.marking_items = [item for item in withhold if item.marking_re is not None]
        self.pattern_items = [item for item in withhold if item.patterns]
        self.redact_items = [item for item in self.items if item.action == "redact" and (item.patterns or item.fields)]
        self.detector_item = {name: item for item in self.items for name in item.detectors}
        self.problems: list[Diagnostic] = []
        self.view = PublicCatalog([], dict(catalog.organs), dict(catalog.topics), catalog.kinds, item_names={i.id: i.name for i in self.items})
        self.withheld_keys: set[str] = set()
        self.withheld_index: set[str] = set()
        self.withheld_files: set[str] = set()
        """Real paths of files that belong to withheld entries."""
        self._attachment_cache: dict[Path, exposure.AttachmentText] = {}
        self.record: list[Finding] | None = None
        """Set by ``findings``: every hit with its value, for ``build.py allow`` (never printed)."""
        self.marking_hint = marking_hint(w for item in self.marking_items for w in item.markings)
        self.markup_hint = textview.markup_hint("".join(w for item in self.marking_items for w in item.markings))
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
        hints = self._hints("\n".join(t for p, t in strings if p != ("index_no",) or meta.index_no_legacy))  # another system's number is scanned (scan.py)
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
        view = textview.visible(text, self.markup_hint)  # a number or marking the page shows once its markup is resolved
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
        for i, file_path in exposure.attachment_paths(entry):  # a marked attachment marks the whole document
            text = self._attachment(file_path)
            if text:
                candidates.append((("attachments", i, "file"), text))
        if not candidates:
            return None
        views: list[tuple[Path_, str, textview.Visible | None]] = []
        for path, text in candidates:
            view = textview.visible(text, self.markup_hint) if path == ("body",) else None  # a body as its page shows it
            views.append((path, text, view))
        normalised = [
            (path, text, view, textview.normalise(view.text if view else text))
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
                    where = labels(type(entry.meta)).get(str(_last_key(path))) or dotted(path)
                    return item, path, f"{where}带有标志“{shown}”", exposure.locate(entry, path, text, start, exposure.read_source(entry, self.root))
        return None

    def _redact(self, entry: Entry, strings: list[tuple[Path_, str]], found: _Admission) -> Entry:
        items = [item for item in self.redact_items if item.in_scope(entry.kind, entry.meta.topics)]
        if not items:
            return entry
        if not any(item.fields for item in items):
            joined = "\n".join(text for _, text in strings)
            joined = textview.normalise(joined, nfkc=False).text
            if not any(screen.search(p, joined) for item in items for p in item.patterns):
                return entry
        changes: dict[Path_, Any] = {}
        redactions: dict[str, str] = {}
        counted = found.redacted
        for path, text in strings:
            key = ".".join(p for p in path if isinstance(p, str))
            if key == "attachments.file":
                # a file name cannot be cut: the link would point at nothing, the file be dropped unseen
                hit = next((item for item in items for p in item.patterns if screen.search(p, textview.normalise(text, nfkc=False).text)), None)
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
