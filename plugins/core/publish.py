"""Atomic publishing: build into a temporary folder, then swap it in.

A failed or killed build must leave the previous site/ serving, so nothing is
ever written into site/ directly. No MkDocs here.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path


def atomic_publish(build_into: Callable[[Path], None], site_dir: Path) -> None:
    """Run ``build_into(tmp)`` and replace ``site_dir`` with ``tmp`` only if it succeeds."""
    site_dir = Path(site_dir)
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = site_dir.with_name(f".{site_dir.name}-building-{os.getpid()}")
    retired = site_dir.with_name(f".{site_dir.name}-old-{os.getpid()}")
    _remove_leftovers(site_dir)
    try:
        build_into(staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if site_dir.exists():
        os.rename(site_dir, retired)
    os.rename(staging, site_dir)
    shutil.rmtree(retired, ignore_errors=True)


def _remove_leftovers(site_dir: Path) -> None:
    """Staging folders of builds that were killed earlier."""
    for stale in site_dir.parent.glob(f".{site_dir.name}-building-*"):
        shutil.rmtree(stale, ignore_errors=True)
    for stale in site_dir.parent.glob(f".{site_dir.name}-old-*"):
        if not site_dir.exists():
            os.rename(stale, site_dir)  # killed between the two renames: restore the old site
        else:
            shutil.rmtree(stale, ignore_errors=True)
