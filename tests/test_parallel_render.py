"""Pages rendered in worker processes (gk-catalog ``workers``) are byte for byte those of one process.

Each test builds the same project twice for real — ``workers: 1`` and ``workers: 2``
— into separate folders and compares every file of the two sites, and that the
second build did render its entry pages in workers.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from conftest import mkdocs_build, site_files, with_workers
from bench.generate import project
from plugins.catalog import parallel

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(not parallel.can_fork(), reason="needs the fork start method")








def _both_ways(root: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[dict[str, bytes], dict[str, bytes], list[str]]:
    """Both sites' files, and where the workers wrote their pages."""
    rendered: list[str] = []
    real = parallel.render

    def counting(pages, workers, *args, **kwargs):  # type: ignore[no-untyped-def]
        rendered.extend(f.dest_uri for f in pages)
        assert workers == 2
        return real(pages, workers, *args, **kwargs)

    monkeypatch.setattr(parallel, "render", counting)
    mkdocs_build(with_workers(root, 1, "site-one"))
    assert rendered == []  # workers: 1 is MkDocs' own loop
    mkdocs_build(with_workers(root, 2, "site-two"))
    return site_files(root / "site-one"), site_files(root / "site-two"), rendered


def _assert_same(one: dict[str, bytes], two: dict[str, bytes]) -> None:
    assert sorted(one) == sorted(two)
    differ = [name for name in one if one[name] != two[name]]
    assert not differ, f"{len(differ)} files differ, e.g. {differ[:5]}"


def test_demo_site_is_byte_identical_with_two_workers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("catalog", "content"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns(".cache"))
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    one, two, rendered = _both_ways(tmp_path, monkeypatch)
    entries = [n for n in rendered if n.startswith("xxgk/")]
    assert len(entries) > 20 and any(n.startswith("catalog/") for n in rendered)  # entry pages and listings went to the workers
    assert all(b"<h1" in two[n] for n in rendered)  # each written, a whole page
    _assert_same(one, two)


@pytest.mark.parametrize("plugins", [["gk-catalog"], ["gk-catalog", "gk-search", "gk-exports"]], ids=["mkdocs-sitemap", "all-plugins"])
def test_generated_catalog_is_byte_identical_with_two_workers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, plugins: list[str]) -> None:
    """A generated catalog, with MkDocs' own sitemap.xml or with gk-search and gk-exports' outputs."""
    project(160, tmp_path, 3)
    data = yaml.safe_load((tmp_path / "mkdocs.yml").read_text(encoding="utf-8"))
    data.update(site_url="https://xxgk.example.gov.cn/", plugins=plugins)
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    one, two, rendered = _both_ways(tmp_path, monkeypatch)
    assert len(rendered) >= 160 and all(b"<h1" in two[n] for n in rendered)
    _assert_same(one, two)
    sitemap = two["sitemap.xml"].decode()
    assert sitemap.count("<loc>") >= len(rendered)  # the sitemap still lists the pages the workers made


def test_error_in_a_worker_is_the_same_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    """A template that fails on entry pages only: the same logged message and the same error as one process."""
    project(12, tmp_path, 5)
    (tmp_path / "overrides").mkdir()
    (tmp_path / "overrides" / "main.html").write_text(
        '{% extends "base.html" %}{% block content %}{% if page.meta.gk and page.meta.gk.published %}{{ page.meta.gk.missing.deeper }}{% endif %}{{ super() }}{% endblock %}',
        encoding="utf-8",
    )
    data = yaml.safe_load((tmp_path / "mkdocs.yml").read_text(encoding="utf-8"))
    data["theme"]["custom_dir"] = "overrides"
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    said = {}
    for workers in (1, 2):
        caplog.clear()
        with caplog.at_level(logging.ERROR, logger="mkdocs"), pytest.raises(Exception) as raised:
            mkdocs_build(with_workers(tmp_path, workers, f"site-{workers}"))
        errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR and "Error building page" in r.getMessage()]
        said[workers] = (type(raised.value), str(raised.value), errors)
    assert said[1][2], "the one-process build logs which page failed"
    assert said[1] == said[2]


def test_entry_page_named_in_the_nav_is_byte_identical(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An entry page that mkdocs.yml's nav names (its title in every page's nav) stays with MkDocs, the rest go to workers."""
    project(40, tmp_path, 7)
    first = sorted((tmp_path / "catalog").rglob("e*.md"))[0].read_text(encoding="utf-8")
    index_no = next(line.split(": ", 1)[1] for line in first.splitlines() if line.startswith("index_no: "))
    named = f"xxgk/{index_no}.md"
    data = yaml.safe_load((tmp_path / "mkdocs.yml").read_text(encoding="utf-8"))
    data["nav"] = ["index.md", {"信息公开目录": "catalog/index.md"}, named]
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    one, two, rendered = _both_ways(tmp_path, monkeypatch)
    assert len(rendered) >= 39 and f"xxgk/{index_no}/index.html" not in rendered
    home = two["index.html"].decode()
    assert f'href="xxgk/{index_no}/"' in home  # the nav links the named entry page
    _assert_same(one, two)


@pytest.mark.parametrize("value", ["两个", -1, True])
def test_a_wrong_workers_value_is_said_in_chinese(make_project, value, caplog: pytest.LogCaptureFixture) -> None:
    root = make_project(plugins=[{"gk-catalog": {"workers": value}}])
    with caplog.at_level(logging.ERROR, logger="mkdocs"), pytest.raises(Abort):
        load_config(str(root / "mkdocs.yml"))
    said = " ".join(r.getMessage() for r in caplog.records)
    assert "workers（生成页面的进程数）应为 0" in said and repr(value) in said and "<class" not in said, said


def test_search_and_exports_done_while_workers_render_say_the_same(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """gk-search and gk-exports work while the workers render; their messages still come at the end, as in one process."""
    project(80, tmp_path, 19)
    data = yaml.safe_load((tmp_path / "mkdocs.yml").read_text(encoding="utf-8"))
    data.update(site_url="https://xxgk.example.gov.cn/", plugins=["gk-catalog", "gk-search", "gk-exports"])
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    said = {}
    for workers in (1, 2):
        caplog.clear()
        with caplog.at_level(logging.INFO, logger="mkdocs"):
            mkdocs_build(with_workers(tmp_path, workers, f"site-{workers}"))
        # the build cache's line says what the cache did, which differs by design (the settings differ)
        lines = [r.getMessage() for r in caplog.records if r.name.startswith("mkdocs.plugins.gk-") and "构建缓存" not in r.getMessage()]
        said[workers] = [line.rpartition("用时")[0] if "用时" in line else line for line in lines]  # the index's time aside
    assert said[1] == said[2]
    assert any("搜索索引" in line for line in said[2]) and "已生成订阅源" in said[2][-1]
    assert site_files(tmp_path / "site-1") == site_files(tmp_path / "site-2")


def test_entry_pages_are_made_in_the_workers_not_held_by_the_parent(tmp_path: Path) -> None:
    """With workers, the parent keeps no entry page's Markdown or held HTML: each is made by the worker that renders it."""
    project(60, tmp_path, 23)
    config = load_config(str(with_workers(tmp_path, 2, "site-two")))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    plugin = config.plugins["gk-catalog"]
    entries = [f for f in plugin.files if f.src_uri.startswith("xxgk/") and f.src_uri.endswith(".md")]
    assert len(entries) >= 60 and all(isinstance(f, parallel.LaterFile) and f._made is None for f in entries)
    assert not [src for src in plugin.page_raw if src.startswith("xxgk/")] and not [src for src in plugin.page_meta if src.startswith("xxgk/")]
    page = (tmp_path / "site-two" / entries[0].dest_uri).read_text(encoding="utf-8")
    assert "信息索引" in page and 'name="IndexNo"' in page  # made in the worker: held HTML and meta both there
