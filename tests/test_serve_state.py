"""What ``serve`` keeps lives on the gk-catalog plugin object, the cache is a plugin option, one writer writes files."""

from __future__ import annotations

from pathlib import Path

from conftest import POLICY
from plugins.core import pipeline
from plugins.core.load import parsecache
from plugins.core.serve import memo
from plugins.core.serve.changes import ChangeSet
from plugins.core.serve.outputs import SiteFiles
from plugins.core.serve.state import ServeState


def policy(n: int, title: str = "示例市政务公开工作要点") -> str:
    return POLICY.replace("title:", f"index_no: 11441900007330235A/2024-{n:05d}\ntitle:").replace("示例市政务公开工作要点", f"{title}{n}")


FILES = {f"catalog/policy/2024/p{n}.yml": policy(n) for n in range(1, 4)}


def dirty_build(root: Path):  # type: ignore[no-untyped-def]
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(root / "mkdocs.yml"))
    config.plugins.on_startup(command="serve", dirty=True)
    build(config, dirty=True)
    return config.plugins["gk-catalog"]


def test_the_plugin_object_keeps_one_state_per_site_folder_across_rebuilds(make_project):
    root = make_project(FILES)
    first = dirty_build(root)
    state = first.serve_states[str(root / "site")]
    assert first.state is state and state.pages.committed and len(state.memos.tables) > 0
    second = dirty_build(root)
    assert second is first and second.state is state  # MkDocs keeps a plugin with on_startup: so does the state
    assert state.pages.committed and state.keep("catalog-files", dict).digests  # type: ignore[attr-defined]
    assert not memo.active()


def test_other_settings_start_afresh_but_the_files_on_disk_are_still_known(make_project):
    state = ServeState("site")
    files = state.keep("exports-files", lambda: SiteFiles(Path("site")))
    state.memos.tables["x"] = object()
    state.start("a")
    pages = state.pages
    state.start("a")
    assert state.pages is pages and "x" not in state.memos.tables
    state.memos.tables["x"] = object()
    state.start("b")
    assert state.pages is not pages and state.memos.tables == {}
    assert state.keep("exports-files", dict) is files


def test_cache_false_writes_no_disk_cache_and_cache_dir_moves_it(make_project, tmp_path):
    root = make_project(FILES, plugins=[{"gk-catalog": {"cache": False}}])
    dirty_build(root)
    assert not (root / ".cache").exists()
    root = make_project(FILES, plugins=[{"gk-catalog": {"cache_dir": "tmp/缓存"}}])
    dirty_build(root)
    assert (root / "tmp/缓存" / parsecache.CACHE_FILE).is_file() and not (root / ".cache").exists()


def test_a_run_without_state_reuses_nothing_and_a_state_reuses_the_entries(make_project):
    root = make_project(FILES)
    state = ServeState()
    first = pipeline.run(root / "catalog", root, state=state)
    again = pipeline.run(root / "catalog", root, state=state)
    alone = pipeline.run(root / "catalog", root)
    assert [id(e) for e in first.catalog.entries] == [id(e) for e in again.catalog.entries]
    assert not set(map(id, alone.catalog.entries)) & set(map(id, again.catalog.entries))
    assert first.changes.fresh and again.changes.edited == [] and alone.changes.fresh


def test_the_change_set_pairs_entries_in_place_and_gives_up_when_they_come_or_go():
    a, b, c, b2 = object(), object(), object(), object()
    assert ChangeSet.between([a, b, c], [a, b2, c]).edited == [(b, b2)]
    assert ChangeSet.between([a, b, c], [a, c]).fresh
    assert ChangeSet.between(None, [a]).fresh
    assert ChangeSet.between([a], [a], {"x.yml"}).written == frozenset({"x.yml"})
    many = [object() for _ in range(60)]
    assert ChangeSet.between(many, [object() for _ in many]).fresh


def test_the_writer_writes_what_changed_and_deletes_what_went(tmp_path):
    files = SiteFiles(tmp_path)
    files.sync({"a/x.json": b"1", "b.xml": b"2"})
    assert (tmp_path / "a/x.json").read_bytes() == b"1" and files.written == 2
    stamp = (tmp_path / "b.xml").stat().st_mtime_ns
    files.sync({"a/x.json": b"changed", "b.xml": b"2", "c.csv": b"3"})
    assert files.written == 4 and (tmp_path / "b.xml").stat().st_mtime_ns == stamp  # the same bytes: not written again
    files.sync({"c.csv": b"3"})
    assert not (tmp_path / "a/x.json").exists() and not (tmp_path / "b.xml").exists() and files.deleted == 2
    pages = SiteFiles(tmp_path, where=lambda src: tmp_path / src.replace(".md", ".html"))
    (tmp_path / "p.html").write_text("x")
    assert pages.listed(["p.md"]) == set()
    assert pages.listed([]) == {"p.md"} and not (tmp_path / "p.html").exists()
