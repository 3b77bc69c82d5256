"""Odd input through the real command line: every run ends in a located Chinese message or a correct
publish, never a traceback, an internal error or a file silently left unread."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ENTRY = "catalog/notice/2024/x.md"


def notice(index: int = 2, extra: str = "", title: str = "公开通知", kind: str = "notice") -> str:
    return (
        f"---\nkind: {kind}\ntitle: {title}\nindex_no: 11441900007330235A/2024-{index:05d}\norgan: demo-office\n"
        f"published: 2024-01-0{index % 9 + 1}\ndisclosure: 主动公开\n{extra}---\n正文。\n"
    )


def cli(root: Path, *args: str) -> tuple[int, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "GK_PUBLIC_LOG", "GK_DEBUG")}
    proc = subprocess.run([sys.executable, str(ROOT / "build.py"), "-f", str(root / "mkdocs.yml"), *args],
                          capture_output=True, text=True, timeout=300, cwd=root, env=env)
    out = proc.stdout + proc.stderr
    assert "Traceback" not in out and "程序内部错误" not in out, out
    return proc.returncode, out


@pytest.mark.parametrize("title", ["0x" + "f" * 5000, "1:" * 2500 + "1", "!!int 0o" + "7" * 5000])
def test_an_integer_too_long_to_print_stays_the_text_written(make_project, title):
    """Python refuses str() of ints past 4,300 digits; hexadecimal and 1:2:3 scalars are read without that limit."""
    root = make_project({ENTRY: notice(title=title)})
    code, out = cli(root, "check")
    assert code == 0, out
    site = root / "site"
    code, out = cli(root, "build")
    assert code == 0 and (site / "xxgk/11441900007330235A/2024-00002/index.html").is_file(), out


@pytest.mark.parametrize("kind", ["[notice]", "{a: notice}"])
def test_a_kind_written_as_a_list_or_mapping_is_named_with_its_line(make_project, kind):
    root = make_project({ENTRY: notice(kind=kind)})
    code, out = cli(root, "check")
    assert code == 1 and f"{ENTRY}:2" in out and "类别" in out and "[unknown-kind]" in out, out


@pytest.mark.parametrize("key, value", [("name", "{a: 1}"), ("name", "[甲, 乙]"), ("id", "[zwgk]")])
def test_a_registry_name_or_id_that_is_not_text_is_refused(make_project, key, value):
    topics = "- id: zwgk\n  name: 综合政务\n- id: czys\n  name: 财政\n"
    topics = topics.replace(f"  {key}: 综合政务" if key == "name" else "- id: zwgk", f"  {key}: {value}" if key == "name" else f"- id: {value}")
    root = make_project({"catalog/topics.yml": topics})
    code, out = cli(root, "check")
    assert code == 1 and "catalog/topics.yml:" in out and "[registry-format]" in out and "应为一段文字" in out, out


def test_withheld_counts_without_a_private_folder_is_reported_not_ignored(make_project):
    root = make_project({"catalog/withheld-counts.yml": "- {organ: demo-office, year: 2024, item: privacy, count: 3}\n"})
    code, out = cli(root, "check")
    assert "catalog/withheld-counts.yml" in out and "[withheld-counts-unused]" in out and "private_dir" in out, out
