"""``build.py new KIND --organ ID``: the organ goes into the template and starts the file name (CODEOWNERS routes by it)."""

from __future__ import annotations

import datetime
import os
import pty
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
YEAR = str(datetime.date.today().year)


def cli(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "-f", str(root / "mkdocs.yml"), *args],
                          capture_output=True, text=True, timeout=120, cwd=root, stdin=subprocess.DEVNULL)


def test_organ_fills_the_template_and_names_the_file(make_project):
    root = make_project()
    done = cli(root, "new", "policy", "yaodian", "--organ", "demo-office")
    assert done.returncode == 0, done.stderr
    path = root / "catalog/policy" / YEAR / "demo-office-yaodian.yml"
    assert f"catalog/policy/{YEAR}/demo-office-yaodian.yml" in done.stdout and "提示" not in done.stdout
    lines = path.read_text(encoding="utf-8").splitlines()
    assert any(line.startswith("organ: demo-office  # 发布机构（必填）") for line in lines)
    dated = cli(root, "new", "notice", "--organ", "demo-office", "--markdown")
    assert dated.returncode == 0 and (root / "catalog/notice" / YEAR / f"demo-office-{datetime.date.today():%m%d}.md").is_file()


def test_an_unknown_organ_is_refused_with_the_ids(make_project):
    root = make_project()
    done = cli(root, "new", "policy", "--organ", "demo-offic")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "“demo-offic”不在 catalog/organs.yml 中" in done.stderr and "demo-office（" in done.stderr
    assert not (root / "catalog/policy").exists()


def test_without_organ_off_a_terminal_the_name_is_by_date_with_a_note(make_project):
    root = make_project()
    done = cli(root, "new", "policy")
    assert done.returncode == 0
    assert (root / "catalog/policy" / YEAR / f"{datetime.date.today():%m%d}.yml").is_file()
    assert "文件名最好以发布机构编号开头" in done.stdout and "--organ" in done.stdout


def test_on_a_terminal_it_asks_for_the_organ(make_project):
    root = make_project()
    pid, fd = pty.fork()
    if pid == 0:  # the child: build.py on a terminal
        os.chdir(root)
        os.execv(sys.executable, [sys.executable, str(ROOT / "build.py"), "-f", str(root / "mkdocs.yml"), "new", "policy", "ask"])
    output = b""
    sent = False
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
        if not sent and b"> " in output:
            os.write(fd, b"1\n")
            sent = True
    _, status = os.waitpid(pid, 0)
    text = output.decode("utf-8", "replace")
    assert os.waitstatus_to_exitcode(status) == 0, text
    assert "1. demo-office" in text
    assert (root / "catalog/policy" / YEAR / "demo-office-ask.yml").is_file(), text
