"""Run build.py with the project's own interpreter: ``python build.py …`` works on a fresh machine.

The documented commands start with whatever ``python`` is on the PATH, which usually lacks MkDocs
and pydantic; the dependencies live in ``.venv`` (``make .venv/.installed``). Standard library only:
this runs before anything that needs them is imported.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

REEXEC_ENV = "GK_VENV_REEXEC"
"""Set on the re-executed process: it never re-executes again (no loop)."""

NEEDED = ("mkdocs", "pydantic", "yaml")


def ensure(root: Path, script: str, argv: list[str]) -> None:
    """Re-execute with ``root/.venv/bin/python`` when started by another interpreter; exit 2 when nothing can run."""
    venv = root / ".venv"
    python = venv / "bin" / "python"
    inside = _same(Path(sys.prefix), venv)
    if not inside and python.is_file() and not os.environ.get(REEXEC_ENV):
        os.environ[REEXEC_ENV] = "1"
        try:
            os.execv(str(python), [str(python), script, *argv])
        except OSError as exc:
            print(f"无法启动 {python}（{exc.strerror or exc}）：运行 make .venv/.installed 重新安装后再试。", file=sys.stderr)
            sys.exit(2)
    missing = [name for name in NEEDED if importlib.util.find_spec(name) is None]
    if missing:
        print(f"还没有安装运行所需的程序包（{'、'.join(missing)}）：先在 {root} 中运行 make demo（或 make .venv/.installed），再重新运行这条命令。",
              file=sys.stderr)
        sys.exit(2)


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False
