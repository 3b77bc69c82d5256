"""``check`` ends its process as soon as it has printed: nothing it promised is lost on the way."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import POLICY

ROOT = Path(__file__).resolve().parents[1]
ENTRY = "catalog/policy/2024/notice.yml"


def _check(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "-f", str(root / "mkdocs.yml"), "check"],
                          capture_output=True, text=True, timeout=120)


def test_a_passing_check_prints_its_summary_keeps_its_cache_and_exits_zero(make_project):
    root = make_project({ENTRY: POLICY})
    proc = _check(root)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.splitlines()[0].startswith("检查通过：")  # the last print before the process ends
    assert "公开条目" in proc.stdout
    assert list((root / ".cache" / "gk-catalog").glob("parse-*.marshal"))  # saved before it printed


def test_a_failing_check_through_a_pipe_keeps_every_line_and_its_exit_code(make_project):
    root = make_project({ENTRY: POLICY.replace("organ: demo-office", "organ: nobody")})
    proc = _check(root)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stdout + proc.stderr
    assert f"{ENTRY}:" in proc.stdout and "organ" in proc.stdout
    assert proc.stdout.rstrip().splitlines()[-1].startswith("检查未通过：")
