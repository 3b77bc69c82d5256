"""原文如此: findings on a document that was issued that way, checked by a person and acknowledged.

The law asks to publish what was issued, mistakes included. ``catalog/as-issued.yml`` lists, per
finding, the entry (its file or 索引号), the problem code and field path, a fingerprint of the figures
the finding quotes (a later change of a figure re-opens it), who checked it (``checked_by``), when
(``checked_on``) and why (``reason``). ``python build.py asissued FILE:LINE --code … --by … --reason …``
writes a record; nobody computes a fingerprint by hand.

A finding covered by a record is never silenced and never blocks: it leaves the diagnostics and
becomes an ``Acknowledged`` — printed by ``check`` as an info line, listed by the review report and
shown on the entry's page as a 原文如此 note (the wall decides what of it: ``wall/notes.py``). Only codes
declared ``as_issued`` (document content: table arithmetic, 文号 and date forms as issued, narrative
against tables) may be acknowledged; the wall, the detectors and format errors may not. A record that
matches nothing, no longer matches its figures, is malformed, or names a withheld entry in the public
file is itself reported. The private folder may hold its own ``as-issued.yml`` for withheld entries.
No MkDocs here.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..load.files import read_document
from ..load.records import append as append_records, yaml_quote as _quote
from ..load.model import Catalog, Entry
from ..problems.codes import Code
from ..problems.detectors import scrub
from ..problems.diagnostics import Diagnostic

FILE_NAME = "as-issued.yml"
COMMAND = "python build.py asissued 文件:行号 --code 代码 --by 核实人 --reason 说明"
KEYS = {
    "entry": "条目", "code": "问题代码", "field": "字段", "fingerprint": "核对值", "checked_by": "核实人",
    "checked_on": "核实日期", "reason": "说明", "line": "行号（参考）", "finding": "登记时的问题（参考）",
}
REQUIRED = ("entry", "code", "fingerprint", "checked_by", "checked_on", "reason")
WITHHELD = "不予公开"

_FIGURE = re.compile(r"“[^”]{0,200}”|\d+(?:[.,]\d+)*")
"""What a finding quotes: its figures and quoted values. The wording around them may change with the tool."""
_PLACE = re.compile(r"[\w./-]+\.(?:ya?ml|md|markdown|mdown|mkd):\d+(?::\d+)?|第\s*\d+\s*行")
"""Where a finding points (``catalog/x.yml:40``, 第 12 行): an edit above it moves it, the figures stay."""
_FINGERPRINT = re.compile(r"^[0-9a-f]{16}$")


def fingerprint(diagnostic: Diagnostic) -> str:
    """16 hex digits over the code, the field and the figures the finding quotes.

    A changed figure gives another fingerprint: the record no longer covers the finding and
    it is an error again until someone checks the new figure.
    """
    figures = "\x1f".join(_FIGURE.findall(_PLACE.sub("", diagnostic.message)))
    material = f"{diagnostic.code}\0{diagnostic.field}\0{figures}"
    return hashlib.sha256(material.encode("utf-8")).hexdigest()[:16]


@dataclass
class Record:
    """One acknowledgement, as read from a file."""

    source: str
    """The file it is in, relative to the project root."""
    line: int
    entry: str
    code: str
    field: str
    fingerprint: str
    checked_by: str
    checked_on: datetime.date
    reason: str
    private: bool = False
    """Read from the private folder's file: it may cover withheld entries."""
    used: bool = False


@dataclass(frozen=True)
class Acknowledged:
    """A finding covered by a record: what ``check``, the review report and the page show instead of an error."""

    diagnostic: Diagnostic
    record: Record

    @property
    def line(self) -> Diagnostic:
        """The finding as ``check`` prints it (after ``已核实``), its fix replaced by who checked it and why.

        Printed through the same log view as any diagnostic, so a public log masks it alike.
        """
        r = self.record
        return dataclasses.replace(self.diagnostic, fix=f"原文如此，照原样公开（{r.checked_by} {r.checked_on.isoformat()} 核实：{r.reason}；{r.source}:{r.line}）")


PREFIX = "已核实 "
"""What ``check`` and the build log put before an acknowledged finding."""


def acknowledgeable(code: Code | None) -> bool:
    return code is not None and code.as_issued


def load(path: Path, root: Path, codes: Mapping[str, Code], *, private: bool = False) -> tuple[list[Record], list[Diagnostic]]:
    """Read one records file; every problem is located in it. A missing file is no record."""
    rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()
    if not path.exists():
        return [], []
    doc, problems = read_document(path, root)
    if doc is None or doc.data in (None, {}, []):
        return [], problems
    if not isinstance(doc.data, list):
        line, col = doc.where(())
        return [], problems + [Diagnostic(rel, line, col, "as-issued-format", "原文如此登记文件应为列表", f"每一项以“- entry: …”开头，用 {COMMAND} 生成")]
    records: list[Record] = []
    seen: dict[tuple[str, str, str, str], int] = {}
    for i, item in enumerate(doc.data):
        line, col = doc.where((i,))

        def report(key: str, code: str, what: str, fix: str, *, i: int = i, line: int = line, col: int = col) -> None:
            at_line, at_col = doc.where((i, key)) if key else (line, col)
            problems.append(Diagnostic(rel, at_line, at_col, code, what, fix, field=f"[{i}].{key}" if key else f"[{i}]", label=KEYS.get(key, "")))

        if not isinstance(item, dict):
            report("", "as-issued-format", "这一项应为键值对", f"用 {COMMAND} 生成")
            continue
        for key in item:
            if key not in KEYS:
                report(str(key), "as-issued-format", f"不认识的键 {key}", "可用的键：" + "、".join(f"{k}（{v}）" for k, v in KEYS.items()))
        values = {key: " ".join(str(item.get(key) if item.get(key) is not None else "").split()) for key in KEYS}
        missing = [key for key in REQUIRED if not values[key]]
        for key in missing:
            report(key if key in item else "", "as-issued-format", f"缺少 {key}（{KEYS[key]}）",
                   "核实人、核实日期和说明都要写明（说明如“原文如此，已与财政局核实”）" if key in ("checked_by", "checked_on", "reason") else f"用 {COMMAND} 生成这一项")
        day = _date(item.get("checked_on"))
        if values["checked_on"] and day is None:
            report("checked_on", "as-issued-format", f"核实日期“{values['checked_on'][:20]}”不是 年-月-日 写法的日期", "写成如 2026-12-06")
        elif day is not None and day > datetime.date.today():
            report("checked_on", "as-issued-format", f"核实日期 {day.isoformat()} 在今天之后", "写实际核实的日期")
            day = None
        if values["fingerprint"] and not _FINGERPRINT.match(values["fingerprint"]):
            report("fingerprint", "as-issued-format", "核对值应为 python build.py asissued 算出的 16 位十六进制数", f"不要手写：删除这一项，运行 {COMMAND}")
            continue
        code = codes.get(values["code"]) if values["code"] else None
        if values["code"] and not acknowledgeable(code):
            why = f"没有问题代码 {values['code']}" if code is None else (
                f"{values['code']} 不是原件内容的问题：负面清单、检测器、公开属性和使网站无法正确生成的格式错误必须改正，不能登记为原文如此")
            report("code", "as-issued-not-allowed", why, "只有报表数字、文号和日期的原件写法、正文与报表不一致这类原件内容的问题可以登记（docs/problem-codes.md 中“可登记原文如此”一栏打 ✓ 的代码）")
            continue
        if missing or day is None:
            continue
        key4 = (values["entry"], values["code"], values["field"], values["fingerprint"])
        if key4 in seen:
            report("", "as-issued-duplicate", f"与第 {seen[key4]} 行的一项重复", "删除这一项")
            continue
        seen[key4] = line
        records.append(Record(rel, line, values["entry"], values["code"], values["field"], values["fingerprint"], values["checked_by"], day, values["reason"], private))
    return records, problems


def _date(value: object) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def entry_keys(catalog: Catalog) -> dict[str, Entry]:
    """Every way a record may name an entry: its file, its path under catalog/, its 索引号."""
    found: dict[str, Entry] = {}
    for entry in [*catalog.entries, *(e for e, _ in catalog.incomplete)]:
        found[entry.source] = entry
        found[entry.ref] = entry
        if entry.meta.index_no and not entry.index_no_preview:
            found[entry.meta.index_no] = entry
    return found


def apply(diagnostics: list[Diagnostic], records: list[Record], catalog: Catalog, codes: Mapping[str, Code], *,
          public_repository: bool = False) -> tuple[list[Diagnostic], list[Acknowledged]]:
    """The diagnostics the records do not cover, the ones they do, and the problems of the records themselves.

    Problems with the records are appended to the returned diagnostics: a record that names an
    unknown entry or matches nothing (``as-issued-stale``), one whose figures changed
    (``as-issued-changed``), and — where the office keeps withheld entries in a private folder, so the
    repository is readable by more people (``public_repository``) — one in the public file that names a
    withheld entry (``as-issued-withheld``).
    """
    if not records:
        return diagnostics, []
    keys = entry_keys(catalog)
    by_finding: dict[tuple[str, str, str], list[Record]] = {}
    withheld: list[Record] = []
    for record in records:
        entry = keys.get(record.entry)
        if entry is None:
            continue
        if public_repository and not record.private and entry.meta.disclosure == WITHHELD:
            withheld.append(record)
        by_finding.setdefault((entry.source, record.code, record.field), []).append(record)
    kept: list[Diagnostic] = []
    acknowledged: list[Acknowledged] = []
    changed: dict[int, Diagnostic] = {}
    for d in diagnostics:
        candidates = by_finding.get((d.file, d.code, d.field)) if acknowledgeable(codes.get(d.code)) else None
        if not candidates:
            kept.append(d)
            continue
        mark = fingerprint(d)
        covering = next((r for r in candidates if r.fingerprint == mark), None)
        if covering is None:
            kept.append(d)
            for r in candidates:
                changed.setdefault(id(r), d)
            continue
        covering.used = True
        acknowledged.append(Acknowledged(d, covering))
    for record in records:
        if record.used:
            continue
        if id(record) in changed:
            kept.append(_about(record, "as-issued-changed", "登记后这处数字（或所引的值）已改动，登记不再适用，问题重新报告",
                               f"核对原件：改正了录入错误的，删除这一项；原件确是这样的，删除这一项后重新运行 {COMMAND}"))
        elif record.entry not in keys:
            # not quoted: the name may be a withheld entry's file that did not load, which no public log names
            kept.append(_about(record, "as-issued-stale", "找不到这一项 entry 所写的条目（文件已移动、改名、删除或读不出）", "条目移动了的，把 entry 改为它现在的文件路径或索引号；已删除的，删除这一项"))
        else:
            kept.append(_about(record, "as-issued-stale", f"这一项已不再对应任何问题（{record.code}，{record.field or '整个条目'}）",
                               "数字已改正或检查已不再报告：删除这一项"))
    for record in withheld:
        kept.append(_about(record, "as-issued-withheld",
                           "这一项核实的是不予公开的条目：本文件随网站源文件公开，登记的文件名、字段和说明会让人知道不予公开条目的内容",
                           "删除这一项，改在私有文件夹（mkdocs.yml 的 private_dir）中的 as-issued.yml 登记；python build.py asissued 会自动写到那里"))
    return kept, acknowledged


def _about(record: Record, code: str, what: str, fix: str) -> Diagnostic:
    return Diagnostic(record.source, record.line, 1, code, what, fix, field="entry", label=KEYS["entry"])


# --- writing a record (python build.py asissued) ---------------------------------------


def new_record(entry: str, diagnostic: Diagnostic, checked_by: str, reason: str, day: datetime.date | None = None) -> str:
    """The YAML text of one record for ``diagnostic`` in ``entry`` (its file or 索引号)."""
    lines = [
        f"- entry: {_quote(entry)}",
        f"  code: {diagnostic.code}",
        f"  field: {_quote(diagnostic.field)}",
        f"  fingerprint: {fingerprint(diagnostic)}  # 所引数字的核对值：数字一改，登记即失效",
        f"  line: {diagnostic.line}  # 登记时所在行，仅供查找；不参与匹配",
        f"  finding: {_quote(scrub(diagnostic.message)[:300])}",  # committed in clear: a quoted personal number stays masked
        f"  checked_by: {_quote(checked_by)}",
        f"  checked_on: {(day or datetime.date.today()).isoformat()}",
        f"  reason: {_quote(reason)}",
    ]
    return "\n".join(lines) + "\n"


HEADER = "# 原文如此（已核实）登记：原件就是这样印发的问题，核实后照原样公开，网站和审查报告注明。用 python build.py asissued 添加（见 docs/as-issued.md）\n"


def append(path: Path, items: Iterable[str]) -> None:
    """Append records, keeping every byte already there (``load/records.py``)."""
    append_records(path, items, HEADER)
