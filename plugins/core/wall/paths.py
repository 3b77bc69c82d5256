"""Where an entry's files really are: real paths (cached per folder), paths inside the project, key names."""

from __future__ import annotations

import functools
import os
from pathlib import Path

from ..load.yamlpos import Path_


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
