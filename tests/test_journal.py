"""``serve`` learns which entry files changed from the kernel instead of checking all of them.

Every rerun here is compared with a cold run (test_incremental_pipeline.py):
the journal may only save work, never change a result.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from plugins.core import pipeline
from plugins.core.serve import journal
from plugins.core.load import listing
from plugins.core.load import parsecache
from plugins.core.serve.state import ServeState
from test_incremental_pipeline import NOTICE, cold, project, snapshot, state_of  # noqa: F401  (project is a fixture)

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux") or journal.INotify is None, reason="inotify is Linux only")


def watched(root: Path) -> pipeline.Result:
    return pipeline.run(root / "catalog", root, watch=True, state=state_of(root))


def same_as_cold(root: Path, monkeypatch: pytest.MonkeyPatch) -> pipeline.Result:
    warm = watched(root)
    assert snapshot(warm) == snapshot(cold(root, monkeypatch))
    return warm


@pytest.fixture
def stat_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Files whose size and time the parse cache asks for."""
    asked: list[str] = []
    real = parsecache._stamps

    def recording(keys):
        keys = list(keys)
        asked.extend(keys)
        return real(keys)

    monkeypatch.setattr(parsecache, "_stamps", recording)
    return asked


def test_an_edit_is_read_without_checking_the_other_files(project, monkeypatch, stat_calls):
    root, _ = project
    assert watched(root).public is not None
    stat_calls.clear()
    path = root / "catalog/notice/2024/plain.yml"
    before = path.stat()
    # Same size and the old modification time: only the journal can tell this file changed.
    path.write_text(NOTICE.replace("政务公开日活动", "政务开放日活动"), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    result = same_as_cold(root, monkeypatch)
    assert stat_calls == [str(path)]
    assert any(e.meta.title == "关于开展政务开放日活动的通知" for e in result.public.entries)
    stat_calls.clear()
    watched(root)  # nothing written since: nothing read or checked
    assert stat_calls == []


def test_added_deleted_renamed_and_new_folders_match_a_cold_run(project, monkeypatch):
    root, _ = project
    watched(root)
    notices = root / "catalog/notice/2024"
    added = notices / "added.yml"
    added.write_text(NOTICE.replace("00077", "00078").replace("通知", "补充通知"), encoding="utf-8")
    assert "catalog/notice/2024/added.yml" in {e.source for e in same_as_cold(root, monkeypatch).catalog.entries}
    added.rename(notices / "renamed.yml")
    sources = {e.source for e in same_as_cold(root, monkeypatch).catalog.entries}
    assert "catalog/notice/2024/renamed.yml" in sources and "catalog/notice/2024/added.yml" not in sources
    (notices / "renamed.yml").unlink()
    assert "catalog/notice/2024/renamed.yml" not in {e.source for e in same_as_cold(root, monkeypatch).catalog.entries}
    fresh = root / "catalog/notice/2025"
    fresh.mkdir()
    (fresh / "later.yml").write_text(NOTICE.replace("00077", "00079").replace("2024-05-10", "2025-05-10"), encoding="utf-8")
    assert "catalog/notice/2025/later.yml" in {e.source for e in same_as_cold(root, monkeypatch).catalog.entries}
    # the new folder is watched from now on
    (fresh / "later.yml").write_text(NOTICE.replace("00077", "00079").replace("2024-05-10", "2025-05-11"), encoding="utf-8")
    assert same_as_cold(root, monkeypatch).catalog.entries


def test_an_editor_saving_through_a_temporary_file_matches_a_cold_run(project, monkeypatch):
    root, _ = project
    watched(root)
    path = root / "catalog/notice/2024/plain.yml"
    temp = path.with_name(".plain.yml.swp")
    temp.write_text(NOTICE.replace("各单位", "各有关单位"), encoding="utf-8")
    os.replace(temp, path)  # how vim and many editors save
    assert any(e.body and "各有关单位" in e.body for e in same_as_cold(root, monkeypatch).public.entries)


def test_an_edit_that_breaks_the_file_is_reported_then_fixed(project, monkeypatch):
    root, _ = project
    watched(root)
    path = root / "catalog/notice/2024/plain.yml"
    path.write_text(NOTICE.replace("published: 2024-05-10", "published: 2024年5月10日"), encoding="utf-8")
    broken = same_as_cold(root, monkeypatch)
    assert any(d.file.endswith("plain.yml") and d.is_error for d in broken.diagnostics)
    path.write_text(NOTICE, encoding="utf-8")
    assert same_as_cold(root, monkeypatch).public is not None


def test_journal_reports_files_and_gives_up_on_folders(tmp_path):
    (tmp_path / "notice").mkdir()
    watch = journal.open_journal(str(tmp_path), listing.is_walked_dir)
    assert watch is not None
    try:
        assert watch.take() == set()
        (tmp_path / "notice" / "a.yml").write_text("kind: notice\n", encoding="utf-8")
        assert watch.take() == {f"{tmp_path}/notice/a.yml"}
        assert watch.take() == set()
        (tmp_path / "notice" / "2025").mkdir()
        assert watch.take() is None  # a new folder: the loader lists everything again
        (tmp_path / "notice" / "2025" / "b.yml").write_text("kind: notice\n", encoding="utf-8")
        assert watch.take() == {f"{tmp_path}/notice/2025/b.yml"}
    finally:
        watch.close()


def test_check_and_build_never_open_a_journal(project):
    root, _ = project
    state = ServeState()
    pipeline.run(root / "catalog", root, state=state)
    pipeline.run(root / "catalog", root)
    assert state._journal is None


def test_a_stray_file_added_or_removed_while_serving_is_reported_at_once(project, monkeypatch):
    root, _ = project
    watched(root)
    stray = root / "catalog/notice/2024/草稿.txt"
    stray.write_text("草稿\n", encoding="utf-8")
    result = same_as_cold(root, monkeypatch)
    assert [d.file for d in result.diagnostics if d.code == "file-unused"] == ["catalog/notice/2024/草稿.txt"]
    (root / "catalog/notice/2024/.草稿.txt.swp").write_bytes(b"\0")  # an editor's swap file: no full listing for it
    watched(root)
    stray.unlink()
    (root / "catalog/notice/2024/.草稿.txt.swp").unlink()
    result = same_as_cold(root, monkeypatch)
    assert not [d for d in result.diagnostics if d.code == "file-unused"]
