"""Step 5 of the wall: what will be published is scanned by the detectors and the list's own patterns.

Text fields, number-like cells joined per row, and the text of attachments; a hit is an error
(or, allowlisted, a note for the review report), and its value is never printed.
"""

from __future__ import annotations

import bisect
import dataclasses
import os
import re
from pathlib import Path

from . import allowlist
from ..load import attachment_policy as attachments
from ..problems import detectors
from ..problems import textview
from . import exposure, screen
from ..serve import memo
from .admission import Finding, _Admission
from .allowlist import Allowlist
from .negative_list import ListItem
from .paths import _inside, _last_key, _rel
from .view import PublicCatalog
from ..problems.diagnostics import Diagnostic
from ..check.rules import problem
from ..load.model import Catalog, Entry
from ..load.schema import labels
from ..load.yamlpos import Path_, dotted

DEFAULT_BASIS = {
    "id-number": ("《政府信息公开条例》第十五条", "个人隐私"),
    "mobile": ("《政府信息公开条例》第十五条", "个人隐私"),
    "bank-card": ("《政府信息公开条例》第十五条", "个人隐私"),
    "classification-marking": ("《政府信息公开条例》第十四条", "国家秘密"),
}

_ATTACHMENT_TEXTS: memo.StampMemo[exposure.AttachmentText] = memo.StampMemo("wall.attachment-text")
_FILE_DIGESTS: memo.StampMemo[str] = memo.StampMemo("wall.file-sha256")
"""sha256 of each unscanned attachment's bytes, for the allowlist: read once per file version."""


class Scanner:
    """The scan of the wall (mixed into ``public._Wall``)."""

    catalog: Catalog
    root: Path
    allowlist: Allowlist
    problems: list[Diagnostic]
    view: PublicCatalog
    record: list[Finding] | None
    by_id: dict[str, ListItem]
    pattern_items: list[ListItem]
    redact_items: list[ListItem]
    detector_item: dict[str, ListItem]
    withheld_files: set[str]
    markup_hint: re.Pattern[str]
    _attachment_cache: dict[Path, exposure.AttachmentText]

    # --- 5: scan what will be published --------------------------------------------

    def _scan(self, admission: _Admission) -> None:
        entry = admission.public
        assert entry is not None
        if admission.hits is None:
            admission.hits = self._text_hits(entry, admission.strings or [], admission.hints)
            if "link" not in admission.hints:
                admission.strings = None  # not needed again: kept for 100,000 entries they weigh a lot
        for path, hit, line, col in admission.hits:
            found = self._hit_problem(entry.source, line, col, hit, dotted(path), labels(type(entry.meta)).get(str(_last_key(path)), ""))
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
            # 索引号 in this catalog's scheme is checked against its format (a USCC prefix and a serial): it holds
            # no personal data; a number kept from another system (index_no_legacy) could hold anything, so it is scanned
            if path == ("index_no",) and not entry.meta.index_no_legacy:
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
                    match = next((m for p in item.patterns if (m := screen.search(p, text))), None)
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
        view = textview.visible(text, self.markup_hint) if markup else None
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
            norm = textview.normalise(text, nfkc=False) if not text.isascii() else None
            for item in self.pattern_items:
                for pattern in item.patterns:
                    seen: set[int] = set()
                    for candidate, back in ((text, None), (norm.text, norm) if norm is not None and norm.text != text else (None, None)):
                        if candidate is None:
                            continue
                        for match in screen.finditer(pattern, candidate):
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
