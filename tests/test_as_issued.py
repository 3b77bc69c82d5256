"""原文如此: a budget published with a real arithmetic mismatch, acknowledged in catalog/as-issued.yml.

Each test builds a tiny site for real: without a record the build fails with the error; with the record
``build.py asissued`` writes, the build passes, the page shows the note beside the table, ``check`` prints
it as 已核实, the review report lists it; a record that no longer matches is reported.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import conftest
from conftest import write_files
from kinds_fixtures import BUDGET, change
from plugins.core import pipeline
from plugins.core.check import asissued
from test_review import commit_all, git, review

ROOT = Path(__file__).resolve().parents[1]
ENTRY = "catalog/budget/2024/demo-finance-budget.yml"
RIGHT = "{name: 合计, values: [115.00, 80.00, 35.00]}"
WRONG = "{name: 合计, values: [116.00, 80.00, 36.00]}"
"""As printed in the (imagined) issued document: 合计 116.00 where its rows add up to 115.00 (and 36.00 ≠ 35.00)."""
REASON = "原文如此，已与财政局核实"


def cli(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([sys.executable, str(ROOT / "build.py"), "-f", str(root / "mkdocs.yml"), *args],
                          capture_output=True, text=True, timeout=300, cwd=root)
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stderr
    return proc


def wrong_budget() -> tuple[str, int]:
    return change(BUDGET, RIGHT, WRONG)


def mkdocs_build(root: Path) -> None:
    conftest.mkdocs_build(root / "mkdocs.yml")


def codes_at(result: pipeline.Result, line: int) -> set[str]:
    return {d.code for d in result.diagnostics if d.file == ENTRY and d.line == line}


def acknowledge_all(root: Path, line: int) -> None:
    result = pipeline.run(root / "catalog", root)
    for code in sorted(codes_at(result, line)):
        proc = cli(root, "asissued", f"{ENTRY}:{line}", "--code", code, "--by", "张三", "--reason", REASON)
        assert proc.returncode == 0, proc.stderr


def test_without_a_record_the_mismatch_blocks_the_build(make_project):
    text, line = wrong_budget()
    root = make_project({ENTRY: text})
    from mkdocs.exceptions import Abort, PluginError

    with pytest.raises((Abort, PluginError)):
        mkdocs_build(root)
    assert not (root / "site" / "index.html").exists()
    proc = cli(root, "check")
    assert proc.returncode == 1
    assert f"错误 {ENTRY}:{line}:" in proc.stdout and "[budget-total-row]" in proc.stdout and "116.00" in proc.stdout


def test_with_the_record_the_build_passes_and_the_page_says_as_issued(make_project):
    text, line = wrong_budget()
    root = make_project({ENTRY: text})
    acknowledge_all(root, line)
    record_file = (root / "catalog" / asissued.FILE_NAME).read_text(encoding="utf-8")
    assert "checked_by: \"张三\"" in record_file and REASON in record_file and "fingerprint:" in record_file

    proc = cli(root, "check")
    assert proc.returncode == 0, proc.stdout
    info = [line_ for line_ in proc.stdout.splitlines() if line_.startswith("已核实 ")]
    assert len(info) == len(pipeline.run(root / "catalog", root).acknowledged) >= 2  # every acknowledged finding is printed
    assert any(f"{ENTRY}:{line}:" in i and "原文如此" in i and REASON in i and "[budget-total-row]" in i for i in info), info
    assert "处原文如此" in proc.stdout and "错误 " not in proc.stdout

    mkdocs_build(root)
    pages = list((root / "site" / "xxgk").rglob("index.html"))
    page = next(p for p in pages if "部门预算" in p.read_text(encoding="utf-8"))
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    notes = soup.select(".gk-as-issued")
    assert notes, "no 原文如此 note on the page"
    note = notes[0]
    assert note.select_one(".admonition-title").get_text() == "原文如此"
    assert "116.00" in note.get_text() and REASON in note.get_text()
    # beside its table: the note follows the 支出总表's heading, before the next table's
    heading = note.find_previous("h3")
    assert heading is not None and heading.get_text() == "2024年部门支出总体情况表"
    assert note.find_previous("table").find_previous("h3") is heading


def test_a_corrected_figure_makes_the_record_stale_and_a_new_figure_reopens_it(make_project):
    text, line = wrong_budget()
    root = make_project({ENTRY: text})
    acknowledge_all(root, line)

    write_files(root, {ENTRY: BUDGET})  # the editor corrected the entry after all
    result = pipeline.run(root / "catalog", root)
    stale = [d for d in result.diagnostics if d.code == "as-issued-stale"]
    assert stale and all(d.file == "catalog/as-issued.yml" and not d.is_error for d in stale)
    assert not result.errors and not result.acknowledged

    other, _ = change(BUDGET, RIGHT, "{name: 合计, values: [117.00, 80.00, 37.00]}")
    write_files(root, {ENTRY: other})
    result = pipeline.run(root / "catalog", root)
    assert "budget-total-row" in {d.code for d in result.errors}, "a changed figure must be checked again"
    assert [d for d in result.diagnostics if d.code == "as-issued-changed" and d.file == "catalog/as-issued.yml"]
    assert not result.acknowledged


def test_only_findings_about_the_document_can_be_acknowledged(make_project):
    text, line = wrong_budget()
    bad_date = text.replace("published: 2024-02-06", "published: 2024年2月6日")
    root = make_project({ENTRY: bad_date})
    date_line = bad_date.splitlines().index("published: 2024年2月6日") + 1
    proc = cli(root, "asissued", f"{ENTRY}:{date_line}", "--code", "date-format", "--by", "张三", "--reason", REASON)
    assert proc.returncode == 1 and "不能登记为原文如此" in proc.stderr and "格式错误" in proc.stderr
    assert not (root / "catalog" / asissued.FILE_NAME).exists()
    # written by hand anyway: the record itself is an error that says why
    write_files(root, {"catalog/as-issued.yml": (
        f"- entry: {ENTRY}\n  code: date-format\n  field: published\n  fingerprint: 0123456789abcdef\n"
        f"  checked_by: 张三\n  checked_on: 2026-01-05\n  reason: {REASON}\n"
        f"- entry: {ENTRY}\n  code: budget-total-row\n  fingerprint: 0123456789abcdef\n  checked_on: 2026-01-05\n"
    )})
    result = pipeline.run(root / "catalog", root)
    refused = [d for d in result.diagnostics if d.code == "as-issued-not-allowed"]
    assert len(refused) == 1 and refused[0].line == 2 and "负面清单" in refused[0].message and refused[0].is_error
    malformed = [d for d in result.diagnostics if d.code == "as-issued-format"]
    assert sorted(d.message for d in malformed) == ["缺少 checked_by（核实人）", "缺少 reason（说明）"]
    assert all(d.is_error and d.line == 8 for d in malformed)
    assert "date-format" in {d.code for d in result.errors}


def test_a_withheld_entry_is_acknowledged_only_in_the_private_file_and_never_shown(make_project, tmp_path):
    text, _ = wrong_budget()
    withheld = text.replace("disclosure: 主动公开", "disclosure: 不予公开\nexemption: process-info\nexemption_reason: 内部审议稿。")
    line = withheld.splitlines().index(f"      - {WRONG}") + 1
    private = tmp_path / "gk-private"
    source = "gk-private/budget/2024/demo-finance-budget.yml"
    root = make_project({source: withheld}, plugins=[{"gk-catalog": {"private_dir": "gk-private"}}])
    result = pipeline.run(root / "catalog", root, private_dir=private)
    codes = sorted({d.code for d in result.diagnostics if d.file == source and d.line == line})
    assert "budget-total-row" in codes
    for code in codes:
        proc = cli(root, "asissued", f"{source}:{line}", "--code", code, "--by", "张三", "--reason", REASON)
        assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (private / asissued.FILE_NAME).exists() and not (root / "catalog" / asissued.FILE_NAME).exists()
    result = pipeline.run(root / "catalog", root, private_dir=private)
    assert {a.diagnostic.code for a in result.acknowledged} == set(codes)
    assert not [d for d in result.diagnostics if d.file == source and d.is_error]
    assert result.public is not None and not result.public.as_issued  # nothing of it reaches a page
    # the same record in the public file names a withheld entry: reported, without its figures
    (root / "catalog" / asissued.FILE_NAME).write_bytes((private / asissued.FILE_NAME).read_bytes())
    (private / asissued.FILE_NAME).unlink()
    result = pipeline.run(root / "catalog", root, private_dir=private)
    leaks = [d for d in result.diagnostics if d.code == "as-issued-withheld"]
    assert len(leaks) == len(codes) and all(d.is_error and d.file == "catalog/as-issued.yml" for d in leaks)
    assert all("116" not in str(d) for d in leaks)


def test_the_review_report_lists_the_acknowledgement(make_project):
    text, line = wrong_budget()
    root = make_project({})
    git(root, "init", "-q", "-b", "main")
    commit_all(root, "基准版本")
    git(root, "tag", "base")
    write_files(root, {ENTRY: text})
    acknowledge_all(root, line)
    commit_all(root, "照原样公开的预算")
    proc, md, data = review(root)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "### 原文如此（已核实，照原样公开）" in md
    section = md.split("### 原文如此（已核实，照原样公开）", 1)[1].split("###", 1)[0]
    assert f"{ENTRY}:{line}" in section and REASON in section and "张三" in section and "[budget-total-row]" in section
    assert any(f["code"] == "budget-total-row" for f in data["as_issued"])


def test_a_field_note_is_marked_in_the_index_table_and_absent_from_an_on_request_page(make_project):
    from kinds_fixtures import THREE_PUBLIC_2023

    path = "catalog/three_public/2023/demo-finance-sangong.yml"
    text = THREE_PUBLIC_2023.replace("total: 52.60", "total: 52.70").replace("published: 2023-02-10", "index_no: 114419000073302510/2023-00001\npublished: 2023-02-10")
    line = text.splitlines().index("total: 52.70") + 1
    root = make_project({path: text})
    proc = cli(root, "asissued", f"{path}:{line}", "--by", "李四", "--reason", "原文如此，已与财政局核实")
    assert proc.returncode == 0, proc.stderr
    assert 'entry: "114419000073302510/2023-00001"' in (root / "catalog" / asissued.FILE_NAME).read_text(encoding="utf-8")  # named by its 索引号
    mkdocs_build(root)
    soup = BeautifulSoup((root / "site/xxgk/114419000073302510/2023-00001/index.html").read_text(encoding="utf-8"), "html.parser")
    box = soup.select_one("#as-issued.gk-as-issued")
    assert box is not None and "52.70" in box.get_text() and "原文如此，已与财政局核实" in box.get_text()
    row = next(tr for tr in soup.select("table.gk-meta tr") if tr.th.get_text() == "合计")
    assert row.select_one("a.gk-as-issued-mark")["href"] == "#as-issued"

    on_request = text.replace("disclosure: 主动公开", "disclosure: 依申请公开\nexemption: process-info")
    write_files(root, {path: on_request})
    mkdocs_build(root)
    html = (root / "site/xxgk/114419000073302510/2023-00001/index.html").read_text(encoding="utf-8")
    assert "gk-as-issued" not in html and "52.70" not in html and "原文如此，已与财政局核实" not in html
    result = pipeline.run(root / "catalog", root)
    assert [a.diagnostic.code for a in result.acknowledged] == ["three-public-total"] and not result.errors


def test_a_public_log_masks_the_acknowledgement_of_a_withheld_entry(make_project, monkeypatch):
    text, line = wrong_budget()
    root = make_project({ENTRY: text})
    acknowledge_all(root, line)
    write_files(root, {ENTRY: text.replace("disclosure: 主动公开", "disclosure: 不予公开\nexemption: process-info\nexemption_reason: 内部审议稿。")})
    monkeypatch.setenv("CI", "true")
    proc = cli(root, "check")
    shown = [row for row in proc.stdout.splitlines() if row.startswith("已核实 ")]
    assert shown and all("[不予公开条目" in row and "116" not in row and "demo-finance-budget" not in row for row in shown), proc.stdout


def test_the_fingerprint_follows_the_figures_not_where_they_stand():
    from plugins.core.problems.diagnostics import Diagnostic

    def finding(message: str) -> Diagnostic:
        return Diagnostic(ENTRY, 12, 1, "budget-cross-table", message, field="body")

    before = finding("正文第 12 行写基本支出 80.00 万元，与 catalog/budget/2024/a.yml:40:9 的“基本支出”81.00 万元不同")
    moved = finding("正文第 15 行写基本支出 80.00 万元，与 catalog/budget/2024/a.yml:43:9 的“基本支出”81.00 万元不同")
    changed = finding("正文第 12 行写基本支出 80.00 万元，与 catalog/budget/2024/a.yml:40:9 的“基本支出”82.00 万元不同")
    assert asissued.fingerprint(before) == asissued.fingerprint(moved)
    assert asissued.fingerprint(before) != asissued.fingerprint(changed)
