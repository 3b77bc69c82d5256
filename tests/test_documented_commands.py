"""Every command README.md and docs/*.md show in a code block runs as written, from a copy of the repository.

Each runs through a shell in a fresh copy (a git repository, so ``review --base main`` has its base),
with the ``python`` on the PATH — not the test's interpreter: build.py finds ``.venv`` itself.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from test_import_budget import demo_entry, write_workbook

ROOT = Path(__file__).resolve().parent.parent
SKIP = ("make test", "make serve", "python build.py serve")
"""Commands that do not end by themselves (serve) or run this very suite (make test)."""

AS_ISSUED = "catalog/three_public/2023/dg-finance-2023-sangong-budget.yml"
"""What the ``asissued`` examples name: the demo's “三公” table as if issued with 公务接待费 11.50, its 合计 0.10 万元 off (line 16)."""

PLACEHOLDERS = (
    ("new KIND --organ ID", "new policy --organ dg-finance"),
    ("--base REF", "--base main"),
    ("--year Y [--organ X]", "--year 2024 --organ dg-finance"),
    ("import FILE… [--kind K] [--organ ID] [--year Y]", "import 决算报表.xlsx --organ dg-finance --year 2023"),
    ("allow FILE:LINE --reason 理由", "allow catalog/notice/2024/a.md:11 --reason 理由"),
    ("asissued FILE:LINE --code CODE --by NAME --reason 理由", f"asissued {AS_ISSUED}:16 --code three-public-total --by 张三 --reason 理由"),
)
"""The README's synopsis names its arguments; each is given the value the docs use in their examples."""

MOBILE = "15913572468"
FINDINGS = {
    "catalog/notice/2024/a.md": (
        "---\nkind: notice\ntitle: 值班安排的通知\norgan: dg-finance\npublished: 2024-01-02\ndisclosure: 主动公开\n"
        "attachments:\n  - file: 旧版.doc\n---\n第一段。\n值班电话 " + MOBILE + "（对外公布）。\n"
    ),
}
"""What the ``allow`` examples name: a mobile number on line 11 of a.md and an old Word file beside it."""


def documented() -> list[tuple[str, str]]:
    """(document, command) for every command line in a fenced code block of README.md and docs/*.md."""
    found = []
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for block in re.findall(r"^[ \t]*```[^\n]*\n(.*?)^[ \t]*```", path.read_text(encoding="utf-8"), re.S | re.M):
            for line in block.splitlines():
                command = re.sub(r"\s+#.*$", "", line.strip())  # a shell comment
                if not command.startswith(("python build.py", "python3 build.py", "./build.py", "make ")):
                    continue
                command = re.sub(r"\s{2,}[^-\s].*$", "", command)  # the synopsis: a description after the command
                for placeholder, value in PLACEHOLDERS:
                    command = command.replace(placeholder, value)
                if command.startswith(SKIP):
                    continue
                found.append((path.relative_to(ROOT).as_posix(), command.strip()))
    return found


COMMANDS = documented()


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    """The tracked files of this repository, committed in a new git repository (main, and origin/main)."""
    copy = tmp_path_factory.mktemp("documented") / "repo"
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, files):
        source = ROOT / name
        if source.is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy / name)
    for name in ("pyproject.toml", "requirements.lock"):  # older than the installed .venv: make does not reinstall
        os.utime(copy / name, (1_000_000_000, 1_000_000_000))
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", "-c", "init.defaultBranch=main"]
    subprocess.run([*git, "init", "-q"], cwd=copy, check=True)
    subprocess.run([*git, "add", "-A"], cwd=copy, check=True)
    subprocess.run([*git, "commit", "-qm", "demo"], cwd=copy, check=True)
    subprocess.run(["git", "update-ref", "refs/remotes/origin/main", "HEAD"], cwd=copy, check=True)
    return copy


def run(where: Path, command: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", "-c", command], cwd=where, capture_output=True, text=True, timeout=600, env=env)


def fresh(repo: Path, tmp_path: Path) -> Path:
    """A copy of the committed demo with the project's .venv beside it (a link to the real one)."""
    copy = tmp_path / "repo"
    shutil.copytree(repo, copy, symlinks=True)
    (copy / ".venv").symlink_to(ROOT / ".venv")
    return copy


def test_the_docs_show_commands():
    assert len(COMMANDS) >= 15, COMMANDS
    assert ("README.md", "python build.py check") in COMMANDS


@pytest.mark.parametrize(("document", "command"), COMMANDS, ids=[command for _, command in COMMANDS])
def test_documented_command_runs_as_written(repo, tmp_path, document, command):
    where = fresh(repo, tmp_path)
    if " allow " in command:
        for name, text in FINDINGS.items():
            (where / name).parent.mkdir(parents=True, exist_ok=True)
            (where / name).write_text(text, encoding="utf-8")
        (where / "catalog/notice/2024/旧版.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    if " asissued " in command:
        path = where / AS_ISSUED
        text = path.read_text(encoding="utf-8").replace("reception: {amount: 11.40", "reception: {amount: 11.50").replace("公务接待费11.40万元", "公务接待费11.50万元")
        path.write_text(text, encoding="utf-8")
    if " import " in command:  # the documents docs/import.md imports, and no entry of the demo in their way
        (where / "catalog/final_account/2024/dg-finance-2023-final-account.md").unlink()
        shutil.copy(ROOT / "tests/data/intake/final-account.pdf", where / "东莞市财政局2023年度部门决算.pdf")
        write_workbook(where / "决算报表.xlsx", demo_entry()["tables"])
        shutil.copy(ROOT / "tests/data/intake/three-public-final.pdf", where / "三公经费决算.pdf")
        subprocess.run([str(ROOT / ".venv/bin/python"), str(ROOT / "bench/make_export.py"), "40", str(where / "目录导出.xlsx")], check=True)
    if command.endswith("build.py counts"):  # run where the private folder is (docs/security.md)
        config = where / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        if "  - gk-catalog:" in text:  # options given as a block (the footer): add the key to it
            head, tail = text.split("  - gk-catalog:", 1)
            first, rest = tail.split("\n", 1)
            text = f"{head}  - gk-catalog:{first}\n      private_dir: ../gk-private\n{rest}"
        else:
            text = text.replace("  - gk-catalog ", "  - gk-catalog: {private_dir: ../gk-private} ", 1)
        config.write_text(text, encoding="utf-8")
        (where.parent / "gk-private").mkdir()
    done = run(where, command)
    output = done.stdout + done.stderr
    assert "Traceback" not in output, f"{document}: {command}\n{output}"
    assert done.returncode == 0, f"{document}: {command} exited {done.returncode}\n{output[-3000:]}"
    if " allow " in command:
        assert "登记" in done.stdout and MOBILE not in output
    if command.endswith("build.py counts"):
        assert (where / "catalog/withheld-counts.yml").is_file()
    if " asissued " in command:
        assert "已在 catalog/as-issued.yml 登记 1 处原文如此" in done.stdout
        assert run(where, "python build.py check").returncode == 0


@pytest.mark.parametrize("command", ["python build.py check", "python3 build.py check", "./build.py check"])
def test_every_way_to_start_build_py_uses_the_venv(repo, tmp_path, command):
    where = fresh(repo, tmp_path)
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    if command.startswith("python ") and not shutil.which("python", path=env["PATH"]):
        command = command.replace("python ", "python3 ", 1)  # Debian ships python3 only
    done = run(where, command, env=env)
    assert done.returncode == 0 and "检查通过" in done.stdout, done.stdout + done.stderr


def test_a_machine_without_the_venv_is_told_to_run_make_demo(repo, tmp_path):
    system = Path("/usr/bin/python3")
    if not system.is_file():
        pytest.skip("no /usr/bin/python3")
    has = subprocess.run([str(system), "-c", "import mkdocs, pydantic"], capture_output=True)
    if has.returncode == 0:
        pytest.skip("/usr/bin/python3 has mkdocs and pydantic: nothing is missing to report")
    where = tmp_path / "repo"
    shutil.copytree(repo, where, symlinks=True)  # no .venv
    done = run(where, f"env -i PATH=/usr/bin:/bin {system} build.py check")
    output = done.stdout + done.stderr
    assert done.returncode == 2 and "Traceback" not in output
    assert "make demo" in output and "make .venv/.installed" in output
