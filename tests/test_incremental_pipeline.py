"""A second run in the same process (``serve`` after an editor saves) equals a cold run.

Each test runs the pipeline, changes the catalog on disk, runs it again in the
same process (memos warm) and compares everything the later stages see —
every diagnostic in order, the public entries field by field, the wall's
counters — with a run that reuses nothing (no memo, no parse cache). Entries
whose files did not change must come back as the very same objects, so that
the renderer's and the search index's caches keep working.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

import kinds_fixtures as kf
from conftest import write_files
from plugins.core import pipeline
from plugins.core.load import loader
from plugins.core.serve import memo
from plugins.core.serve.state import ServeState
from plugins.core.load import parsecache
from test_wall_canaries import Canaries, canary_files


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, Canaries]:
    c = Canaries()
    files = canary_files(c)
    files.update(kf.POLICIES)
    files["catalog/budget/2024/budget.yml"] = kf.BUDGET
    files["catalog/three_public/2023/tp-2023.yml"] = kf.THREE_PUBLIC_2023
    files["catalog/three_public/2024/tp-2024.yml"] = kf.THREE_PUBLIC_2024
    files["catalog/annual_report/2024/report.yml"] = kf.ANNUAL_REPORT
    files["catalog/notice/2024/plain.yml"] = NOTICE
    write_files(tmp_path, files)
    STATES.clear()
    return tmp_path, c


NOTICE = """\
kind: notice
title: 关于开展政务公开日活动的通知
index_no: 11441900007330235A/2024-00077
organ: demo-office
published: 2024-05-10
topics: [zwgk]
disclosure: 主动公开
body: 各单位：请按要求开展活动。
"""


STATES: dict[Path, ServeState] = {}
"""Project root → the state its runs share, as ``serve``'s plugin keeps it."""


def state_of(root: Path) -> ServeState:
    return STATES.setdefault(root, ServeState())


def run(root: Path) -> pipeline.Result:
    return pipeline.run(root / "catalog", root, state=state_of(root))


def cold(root: Path, monkeypatch: pytest.MonkeyPatch) -> pipeline.Result:
    """Every file read and checked afresh: no memo, no parse cache."""
    with monkeypatch.context() as m:
        m.setattr(parsecache, "read_documents", lambda paths, root, **_: {p: loader.read_document(p, root) for p in paths})
        return pipeline.run(root / "catalog", root, reuse=False)


def snapshot(result: pipeline.Result) -> dict[str, Any]:
    """Everything a later stage reads from a run, as plain data."""
    view: dict[str, Any] = {
        "diagnostics": [str(d) + f" [{d.severity.value}]" for d in result.diagnostics],
        "catalog": [(e.source, e.meta.model_dump(mode="json")) for e in result.catalog.entries],
        "assigned": [(e.source, e.index_no) for e in result.assigned],
    }
    public = result.public
    if public is not None:
        view["public"] = [
            {
                "source": e.source, "ref": e.ref, "meta": e.meta.model_dump(mode="json"), "body": e.body,
                "body_line": e.body_line, "positions": sorted(map(repr, e.positions.items())),
                "abs_dir": str(e.abs_dir), "redactions": e.redactions,
            }
            for e in public.entries
        ]
        view["counters"] = {
            name: list(getattr(public, name).items())
            for name in ("withheld_by_item", "withheld_by_basis", "withheld_by_article", "on_request_by_item", "redacted_by_item")
        }
        view["names"] = public.item_names
        view["allowlisted"] = [(str(d), reason) for d, reason in public.allowlisted]
        view["registries"] = (list(public.organs), list(public.topics))
    return json.loads(json.dumps(view, ensure_ascii=False, default=str))


def touch(path: Path, text: str) -> None:
    """Write ``text`` and move the modification time on, as a save a second later would."""
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before + 2_000_000_000, before + 2_000_000_000))


def assert_same_as_cold(root: Path, monkeypatch: pytest.MonkeyPatch) -> pipeline.Result:
    warm = run(root)
    assert snapshot(warm) == snapshot(cold(root, monkeypatch))
    return warm


def by_source(result: pipeline.Result, public: bool = False) -> dict[str, Any]:
    if public:
        return {e.source: e for e in result.public.entries} if result.public else {}
    return {e.source: e for e in result.catalog.entries}


def test_edit_keeps_every_other_entry_and_matches_a_cold_run(project, monkeypatch):
    root, _ = project
    first = run(root)
    assert first.public is not None, "\n".join(map(str, first.errors))
    path = root / "catalog/notice/2024/plain.yml"
    touch(path, NOTICE.replace("关于开展政务公开日活动的通知", "关于开展政务公开日活动的通知（更正）"))
    second = assert_same_as_cold(root, monkeypatch)
    before, after = by_source(first), by_source(second)
    edited = "catalog/notice/2024/plain.yml"
    assert after[edited] is not before[edited]
    assert after[edited].meta.title.endswith("（更正）")
    # Entries given a 索引号 in memory (their file has none yet) are copies each run; every other one is kept.
    numbered = {e.source for e in first.assigned}
    assert numbered and len(numbered) < len(before) / 2
    kept = [s for s in before if s != edited and s not in numbered]
    assert all(after[s] is before[s] for s in kept)
    public_before, public_after = by_source(first, True), by_source(second, True)
    assert all(public_after[s] is public_before[s] for s in kept if s in public_before)
    assert any(public_after[s] is not before[s] for s in kept if s in public_before)  # copies (依申请公开, redacted) kept too
    third = assert_same_as_cold(root, monkeypatch)  # nothing changed
    assert all(a is b for a, b in zip(third.public.entries, second.public.entries) if a.source not in numbered)
    assert third.diagnostics == second.diagnostics


def test_added_deleted_and_renamed_files(project, monkeypatch):
    root, _ = project
    run(root)
    added = root / "catalog/notice/2024/added.yml"
    touch(added, NOTICE.replace("index_no: 11441900007330235A/2024-00077\n", "").replace("政务公开日", "新增"))
    result = assert_same_as_cold(root, monkeypatch)
    assert "catalog/notice/2024/added.yml" in [e.source for e in result.assigned]
    (root / "catalog/policy/2024/shicai-2024-9.yml").unlink()  # the repealed policy's repealed_by now dangles
    result = assert_same_as_cold(root, monkeypatch)
    assert any(d.code == "unknown-reference" for d in result.diagnostics)
    os.rename(root / "catalog/notice/2024/plain.yml", root / "catalog/notice/2024/renamed.yml")
    result = assert_same_as_cold(root, monkeypatch)
    assert "catalog/notice/2024/renamed.yml" in by_source(result)
    assert "catalog/notice/2024/plain.yml" not in by_source(result)


def test_registry_and_negative_list_edits_reach_every_entry(project, monkeypatch):
    root, c = project
    first = run(root)
    negative = root / "catalog/negative-list.yml"
    touch(negative, negative.read_text(encoding="utf-8") + (
        "- id: notice-keywords\n  name: 通知主题词\n  basis: 《政府信息公开条例》第十五条\n  action: redact\n"
        "  covers:\n    kinds: [notice]\n  patterns: ['政务公开日']\n"
    ))
    second = assert_same_as_cold(root, monkeypatch)
    assert second.public.redacted_by_item["notice-keywords"] > 0
    assert by_source(second, True)["catalog/notice/2024/plain.yml"] is not by_source(first, True)["catalog/notice/2024/plain.yml"]
    organs = root / "catalog/organs.yml"
    touch(organs, organs.read_text(encoding="utf-8").replace("name: 示例市财政局", "name: 示例市财政局（更名）"))
    assert_same_as_cold(root, monkeypatch)
    touch(organs, organs.read_text(encoding="utf-8").replace("- id: demo-finance", "- id: demo-finance-2"))
    result = assert_same_as_cold(root, monkeypatch)
    assert any(d.code == "unknown-organ" for d in result.diagnostics)


def test_an_entry_made_withheld_leaves_the_public_view(project, monkeypatch):
    root, c = project
    path = root / "catalog/notice/2024/plain.yml"
    canary = c("edit.title")
    touch(path, NOTICE.replace("关于开展政务公开日活动的通知", canary))
    first = run(root)
    assert canary in json.dumps(snapshot(first), ensure_ascii=False)
    touch(path, NOTICE.replace("关于开展政务公开日活动的通知", canary).replace("disclosure: 主动公开", "disclosure: 不予公开\nexemption: process-info"))
    second = assert_same_as_cold(root, monkeypatch)
    public_dump = json.dumps(snapshot(second).get("public"), ensure_ascii=False)
    assert canary not in public_dump
    assert second.public.withheld_by_item["process-info"] == first.public.withheld_by_item["process-info"] + 1
    touch(path, NOTICE.replace("关于开展政务公开日活动的通知", canary))  # and back
    assert_same_as_cold(root, monkeypatch)


def test_changes_other_entries_depend_on(project, monkeypatch):
    """The budget compares with the “三公” entry; a marked attachment withholds its entry; a detector hit stops the build."""
    root, _ = project
    run(root)
    tp = root / "catalog/three_public/2024/tp-2024.yml"
    touch(tp, tp.read_text(encoding="utf-8").replace("total: 48.30", "total: 58.30").replace("reception: {amount: 9.80", "reception: {amount: 19.80"))
    result = assert_same_as_cold(root, monkeypatch)
    assert any(d.code == "budget-three-public-mismatch" for d in result.diagnostics)
    attachment = root / "catalog/policy/2024/control.txt"
    original = attachment.read_text(encoding="utf-8")
    touch(attachment, "机密★1年\n" + original)
    result = assert_same_as_cold(root, monkeypatch)
    assert "catalog/policy/2024/control.md" not in by_source(result, True)
    assert any(d.code == "wall-auto-withheld" and d.file == "catalog/policy/2024/control.md" for d in result.diagnostics)
    assert any(d.code == "link-to-withheld" for d in result.errors)  # its interpretation now points at a withheld entry
    touch(attachment, original)
    assert "catalog/policy/2024/control.md" in by_source(assert_same_as_cold(root, monkeypatch), True)
    path = root / "catalog/notice/2024/plain.yml"
    touch(path, NOTICE.replace("请按要求开展活动。", "请联系 13800138000。"))
    result = assert_same_as_cold(root, monkeypatch)
    assert result.public is None and any(d.code == "detect-mobile" for d in result.diagnostics)
    touch(path, NOTICE)
    assert assert_same_as_cold(root, monkeypatch).public is not None


def test_memos_stay_off_outside_the_pipeline(project):
    root, _ = project
    run(root)
    assert not memo.active()
    again = pipeline.run(root / "catalog", root, reuse=False)
    assert again.public is not None
    catalog, _ = loader.load_catalog(root / "catalog", root=root)  # outside a session: fresh objects
    assert not set(map(id, catalog.entries)) & set(map(id, again.catalog.entries))


def test_text_edits_rerun_only_the_rules_that_read_text(project, monkeypatch):
    """``serve``: after an edit to a title or body, a rule that reads no such text keeps its last diagnostics."""
    import functools
    from collections import Counter

    from plugins.core.check import rules

    root, _ = project
    calls: Counter[str] = Counter()
    for name in ("RULES", "KIND_RULES"):
        counted = [functools.wraps(rule)(lambda catalog, rule=rule: calls.update([rule.__name__]) or rule(catalog)) for rule in getattr(pipeline, name)]
        monkeypatch.setattr(pipeline, name, counted)

    def rerun_after(path: Path, old: str, new: str) -> set[str]:
        touch(path, path.read_text(encoding="utf-8").replace(old, new, 1))
        calls.clear()
        warm = run(root)
        ran = set(calls)
        assert snapshot(warm) == snapshot(cold(root, monkeypatch))
        return ran

    pipeline.run(root / "catalog", root, write_index_no=True)  # entries still without a 索引号 would count as edited every run
    run(root)
    ran = rerun_after(root / "catalog/notice/2024/plain.yml", "title: ", "title: 修订：")
    assert {"attachments_exist", "timely", "replacement"} <= ran  # undeclared (reads files), and rules that read notices' titles
    assert not ran & {"year_folder", "registry_ids", "references", "budget_rules", "project_chain", "annual_report_rules"}
    ran = rerun_after(root / "catalog/policy/2024/shicai-2024-9.yml", "title: ", "title: 修订：")  # another policy's 废止依据
    assert {"timely", "replacement"} <= ran and "doc_numbers" not in ran
    ran = rerun_after(root / "catalog/notice/2024/plain.yml", "published: 2024-05-10", "published: 2024-05-11")
    assert {"year_folder", "registry_ids", "references", "doc_numbers", "annual_report_rules"} <= ran
    budget = root / "catalog/budget/2024/budget.yml"
    assert "budget_rules" in rerun_after(budget, "title: ", "title: 修订：")
    assert rules.TEXT_FIELDS >= {"title", "body"}
