"""Files of records the tool writes for a person (the detector allowlist, 原文如此): appended to, never rewritten.

A reviewer's earlier records, comments and line endings stay byte for byte; the new ones are written to a
temporary file that replaces the old in one step, so an interrupted command leaves the old file whole.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path


def yaml_quote(text: str) -> str:
    """A YAML double-quoted scalar (JSON string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def append(path: Path, items: Iterable[str], header: str) -> None:
    """Append ``items`` (YAML text ending in a newline each), keeping every byte already there (and its line endings).

    ``header``: the comment line that starts a new file (how to add records, and where the guide is).
    """
    old = path.read_bytes() if path.exists() else b""
    newline = b"\r\n" if b"\r\n" in old else b"\n"
    text = "".join(items).encode("utf-8").replace(b"\n", newline)
    if old and not old.endswith(b"\n"):
        text = newline + text
    if not old:
        text = header.encode("utf-8").replace(b"\n", newline) + text
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(old + text)
    tmp.replace(path)
