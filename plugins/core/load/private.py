"""The private folder: withheld entries kept out of a public repository. No MkDocs here.

An office whose repository is public names a folder outside it in mkdocs.yml
(``gk-catalog: {private_dir: ../gk-private}``, same layout as catalog/). Its
entries are loaded, checked and counted like any other, and never published:
every entry there must be 不予公开. Where the folder is absent (the public CI has
no access to it), the counts come from ``catalog/withheld-counts.yml``, which
``python build.py counts`` writes from the folder: numbers per 发布机构, year and
negative-list item, nothing else. See docs/security.md.
"""

from __future__ import annotations

import dataclasses
import datetime
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..serve import memo
from ..problems.diagnostics import Diagnostic
from .files import read_document
from .listing import _entry_files
from .loader import load_entry  # the same discovery and checks as catalog/
from .model import Catalog, Entry

COUNTS_FILE = "withheld-counts.yml"
WITHHELD = "不予公开"


@dataclass
class Counts:
    """Withheld entries known by their numbers only: (organ, year, item id) → count."""

    rows: Counter[tuple[str, int, str]] = field(default_factory=Counter)
    source: str = ""
    """Where the numbers came from, in Chinese, for ``check``."""

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def rel(path: Path, root: Path) -> str:
    """``path`` relative to the project root, ``../`` where it lies outside (as Diagnostic.file)."""
    return Path(os.path.relpath(path, root)).as_posix()


def load_entries(private_dir: Path, root: Path, catalog: Catalog) -> list[Diagnostic]:
    """Add the private folder's entries to ``catalog``; their problems, located in their files."""
    problems: list[Diagnostic] = []
    kept: dict[str, tuple[Any, Entry | None, Any, list[Diagnostic]]] = {}
    known = _LOADED.previous() or {}
    for path in _entry_files(private_dir, catalog.kinds):
        stamp = memo.stamp(path)
        key = f"{root}\0{path}"  # the same file seen from another project has another source
        last = known.get(key)
        if stamp is not None and last is not None and last[0] == stamp and (last[1] is None or last[1].meta is last[2]):
            entry, found = last[1], last[3]  # unchanged since the last run (serve): the same Entry, as the loader does
        else:
            entry, found = load_entry(path, private_dir, root, catalog.kinds)
            source = rel(Path(path), root)
            absolute = Path(path).as_posix()
            found = [dataclasses.replace(d, file=source) if d.file in (absolute, path) else d for d in found]
            if entry is not None:
                entry.source = source
        kept[key] = (stamp, entry, entry.meta if entry is not None else None, found)
        problems += found
        if entry is None:
            continue
        source = entry.source
        if entry.meta.disclosure != WITHHELD:
            line, col = entry.where("disclosure")
            problems.append(Diagnostic(
                source, line, col, "private-disclosure",
                f"私有文件夹中的条目一律不予公开，这里的公开属性却是{entry.meta.disclosure}",
                "要公开的条目移到 catalog/ 下；否则把公开属性改为 不予公开 并写 exemption",
                field="disclosure", label="公开属性",
            ))
        catalog.entries.append(entry)
    _LOADED.replace(kept)
    return problems


_LOADED: memo.LastRun[dict[str, tuple[Any, Entry | None, Any, list[Diagnostic]]]] = memo.LastRun("private")
"""Path → (size and mtime, entry, its meta as loaded, problems) of the last run, for ``serve``."""


def withheld_in_public_folder(catalog: Catalog, private_rel: str) -> list[Diagnostic]:
    """With a private folder configured, a 不予公开 entry in catalog/ sits in the public repository."""
    prefix = private_rel.rstrip("/") + "/"
    found = []
    for entry in catalog.entries:
        if entry.meta.disclosure == WITHHELD and not entry.source.startswith(prefix):
            line, col = entry.where("disclosure")
            found.append(Diagnostic(
                entry.source, line, col, "withheld-in-public-folder",
                "设置了私有文件夹 private_dir，不予公开的条目却放在 catalog/ 中（会随公开仓库一起被人读到）",
                f"把这个文件移到 {private_rel}/ 下的同名位置（类别/年份/），再运行 python build.py counts 更新数字",
                field="disclosure", label="公开属性",
            ))
    return found


def count_entries(entries: list[Entry], prefix: str) -> Counts:
    """The private folder's entries as numbers (the same figures the annual report counts)."""
    counts = Counts()
    for entry in entries:
        if entry.source.startswith(prefix) and entry.year is not None:  # by year; an undated archive entry is in no year's count
            counts.rows[(entry.meta.organ, entry.year, entry.meta.exemption or "未注明")] += 1
    return counts


def dump(counts: Counts, private_rel: str) -> str:
    """The text of withheld-counts.yml: numbers only, in a stable order (a diff shows what changed)."""
    lines = [
        f"# 不予公开条目的数量，由 python build.py counts 从私有文件夹 {private_rel} 生成，请勿手改。",
        "# 只有数字（发布机构编号、年份、负面清单编号、个数），不含标题、文件名或索引号。",
        "# 公开仓库的 CI 中没有私有文件夹时，check 的统计和年度报告的数字取自本文件。",
        f"# 生成日期：{datetime.date.today().isoformat()}",
    ]
    for (organ, year, item), n in sorted(counts.rows.items()):
        lines.append(f"- {{organ: {organ}, year: {year}, item: {item}, count: {n}}}")
    if not counts.rows:
        lines.append("[]")
    return "\n".join(lines) + "\n"


def load_counts(path: Path, root: Path, catalog: Catalog) -> tuple[Counts | None, list[Diagnostic]]:
    """Read withheld-counts.yml; None when there is none."""
    if not path.is_file():
        return None, []
    source = rel(path, root)
    doc, problems = read_document(path, root)
    if doc is None:
        return None, problems
    counts = Counts()
    data = doc.data if doc.data is not None else []
    if not isinstance(data, list):
        line, col = doc.where(())
        return None, problems + [Diagnostic(source, line, col, "withheld-counts-format", "不予公开条目的数量文件应为列表",
                                            "不要手改本文件：在能读到私有文件夹的电脑上运行 python build.py counts 重新生成")]
    for i, row in enumerate(data):
        line, col = doc.where((i,))
        ok = isinstance(row, dict) and set(row) == {"organ", "year", "item", "count"} and all(isinstance(row[k], str) for k in ("organ", "item")) \
            and all(isinstance(row[k], int) and not isinstance(row[k], bool) and row[k] >= 0 for k in ("year", "count"))
        if not ok:
            problems.append(Diagnostic(source, line, col, "withheld-counts-format",
                                       "这一项应为 {organ: 机构编号, year: 年份, item: 负面清单编号, count: 个数}，只写数字",
                                       "不要手改本文件：运行 python build.py counts 重新生成", field=f"[{i}]"))
            continue
        if row["item"] not in catalog.negative_list and row["item"] != "未注明":
            problems.append(Diagnostic(source, line, col, "withheld-counts-format", f"负面清单中没有编号 {row['item']}",
                                       "核对 catalog/negative-list.yml；运行 python build.py counts 重新生成", field=f"[{i}].item"))
            continue
        counts.rows[(row["organ"], row["year"], row["item"])] += row["count"]
    return counts, problems


def stale(written: Counts, actual: Counts, path: Path, root: Path) -> list[Diagnostic]:
    if written.rows == actual.rows:
        return []
    return [Diagnostic(rel(path, root), 1, 1, "withheld-counts-stale",
                       f"不予公开条目的数量文件与私有文件夹不一致（文件中 {written.total} 个，私有文件夹中 {actual.total} 个）",
                       "运行 python build.py counts 更新后提交，公开仓库的 CI 才能得到正确的数字")]
