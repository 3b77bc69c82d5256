"""Assign 索引号 to entries that have none, and write them back into the files.

The serial is the next free one for (organ prefix, year); an existing 索引号 is
never changed, because a published one is a permanent citation. No MkDocs here.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from .formats import INDEX_NO
from .model import Catalog, Entry


def next_serials(catalog: Catalog) -> dict[tuple[str, int], int]:
    """Highest serial in use per (prefix, year)."""
    highest: dict[tuple[str, int], int] = defaultdict(int)
    for entry in catalog.entries:
        match = INDEX_NO.match(entry.index_no or "")
        if match:
            key = (match["prefix"], int(match["year"]))
            highest[key] = max(highest[key], int(match["serial"]))
    return highest


def assign(catalog: Catalog) -> list[Entry]:
    """Give each entry without 索引号 the next serial, in memory. Returns those entries."""
    highest = next_serials(catalog)
    assigned = []
    for entry in catalog.entries:
        if entry.index_no:
            continue
        organ = catalog.organs.get(entry.meta.organ)
        if organ is None:
            continue
        prefix = str(organ.data.get("uscc", ""))
        key = (prefix, entry.year)
        highest[key] += 1
        entry.meta = entry.meta.model_copy(update={"index_no": f"{prefix}/{entry.year}-{highest[key]:05d}"})
        assigned.append(entry)
    return assigned


_TITLE_LINE = re.compile(r"^title\s*:.*$", re.M)


def write_back(entry: Entry, root: Path) -> None:
    """Insert ``index_no: …`` after the ``title:`` line, keeping comments and layout."""
    path = root / entry.source
    text = path.read_text(encoding="utf-8")
    line = f"index_no: {entry.index_no}"
    match = _TITLE_LINE.search(text)
    if match:
        text = text[: match.end()] + "\n" + line + text[match.end():]
    elif entry.source.endswith(".md"):
        text = text.replace("---\n", f"---\n{line}\n", 1)
    else:
        text = f"{line}\n{text}"
    path.write_text(text, encoding="utf-8")
