"""The build cache (``cache: true``): a build after a change renders only the pages it touches, and is byte for byte a clean full build.

Each test copies the demo project, runs ``python build.py build`` for real (atomic
publish into a staging folder, then the swap), makes one change, builds again from
the cache, then builds the same tree with ``cache: false`` into another folder and
compares every file of the two sites. The cache's own line in the log says how
many pages it reused; the cache folder holds nothing of a page that is gone.
"""

from __future__ import annotations

import logging
import marshal
import os
import re
import shutil
from pathlib import Path

import pytest
import yaml

import build
from conftest import site_files
from plugins.core.outputs.buildcache import FOLDER, file_digest

ROOT = Path(__file__).resolve().parent.parent
POLICY = "catalog/policy/2024/dg-gov-office-dongfuban-2024-21.md"
JIEDU = "catalog/interpretation/2024/dg-gov-office-dongfuban-2024-21-jiedu.md"
"""An entry nothing else refers to: deleting it or withholding it is no error."""
SUMMARY = re.compile(r"构建缓存：重用 ([\d,]+) 页，重新生成 ([\d,]+) 页")


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    project = tmp_path / "demo"
    for name in ("catalog", "content"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns(".cache"))
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    return project


def run_build(project: Path, site: str, caplog: pytest.LogCaptureFixture, config: str = "mkdocs.yml") -> tuple[int, int] | None:
    """``python build.py build`` into ``project/site``; (reused, rendered) from the cache's log line (None: no line)."""
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        code = build.main(["-f", str(project / config), "build", "--no-write-index-no", "-d", str(project / site)])
    assert code == 0, caplog.text[-3000:]
    lines = [m for m in (SUMMARY.search(r.getMessage()) for r in caplog.records) if m]
    assert len(lines) <= 1
    return (int(lines[0][1].replace(",", "")), int(lines[0][2].replace(",", ""))) if lines else None


def reference(project: Path, caplog: pytest.LogCaptureFixture) -> Path:
    """A clean full build of the same tree: the same mkdocs.yml with ``cache: false``."""
    data = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    data["plugins"] = [{"gk-catalog": {**item["gk-catalog"], "cache": False}} if isinstance(item, dict) and "gk-catalog" in item else item for item in data["plugins"]]
    (project / "mkdocs-reference.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert run_build(project, "reference", caplog, "mkdocs-reference.yml") is None  # no cache used
    (project / "mkdocs-reference.yml").unlink()
    return project / "reference"




def assert_same_as_clean_build(project: Path, caplog: pytest.LogCaptureFixture) -> dict[str, bytes]:
    cached, clean = site_files(project / "site"), site_files(reference(project, caplog))
    assert sorted(set(cached) ^ set(clean)) == [], "files only in one of the two builds"
    differing = sorted(name for name in clean if cached[name] != clean[name])
    assert differing == [], f"files that differ from a clean full build: {differing[:10]}"
    return cached


def cache_folder(project: Path) -> Path:
    return project / ".cache" / FOLDER


def cached_bytes(project: Path) -> list[bytes]:
    return [p.read_bytes() for p in (cache_folder(project) / "files").rglob("*") if p.is_file()]


def edit(project: Path, rel: str, old: str, new: str) -> None:
    path = project / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def first_build(project: Path, caplog: pytest.LogCaptureFixture) -> int:
    """The first build fills the cache; returns how many pages it holds."""
    reused, rendered = run_build(project, "site", caplog) or (None, None)
    assert reused == 0 and rendered and rendered > 40
    return rendered


def test_editing_one_entry_renders_only_its_pages(demo: Path, caplog: pytest.LogCaptureFixture) -> None:
    total = first_build(demo, caplog)
    assert run_build(demo, "site", caplog) == (total, 0)  # nothing changed: every page from the cache
    edit(demo, POLICY, "title: 东莞市人民政府办公室关于印发", "title: 东莞市人民政府办公室关于再次印发")
    reused, rendered = run_build(demo, "site", caplog) or (0, 0)
    assert 1 <= rendered < 15 and reused + rendered == total  # its page and the listings and pages that show its title
    site = assert_same_as_clean_build(demo, caplog)
    assert any("关于再次印发" in data.decode("utf-8", "replace") for name, data in site.items() if name.endswith(".html"))


def test_adding_an_entry(demo: Path, caplog: pytest.LogCaptureFixture) -> None:
    total = first_build(demo, caplog)
    text = (demo / POLICY).read_text(encoding="utf-8")
    added = re.sub(r"(?m)^index_no: .*\n", "", text).replace("title: 东莞市人民政府办公室关于印发", "title: 新增的通知：东莞市人民政府办公室关于印发", 1)
    added = added.replace("东府办〔2024〕21号", "东府办〔2024〕99号")
    (demo / POLICY.replace("-21.md", "-99.md")).write_text(added, encoding="utf-8")
    reused, rendered = run_build(demo, "site", caplog) or (0, 0)
    assert rendered >= 1 and reused > total // 2
    site = assert_same_as_clean_build(demo, caplog)
    assert any("新增的通知" in data.decode("utf-8", "replace") for data in site.values())


def test_deleting_an_entry_leaves_nothing_of_it(demo: Path, caplog: pytest.LogCaptureFixture) -> None:
    first_build(demo, caplog)
    title = "《东莞市市级政府投资项目管理办法》政策解读".encode()
    assert any(title in data for data in cached_bytes(demo))
    (demo / JIEDU).unlink()
    reused, rendered = run_build(demo, "site", caplog) or (0, 0)
    assert reused > 0
    site = assert_same_as_clean_build(demo, caplog)
    assert not any(title in data for name, data in site.items() if name.endswith(".html"))
    assert not any(title in data for data in cached_bytes(demo))  # gone from the cache too


def test_an_entry_becoming_withheld_leaves_nothing_in_site_or_cache(demo: Path, caplog: pytest.LogCaptureFixture) -> None:
    first_build(demo, caplog)
    secret = "市发展和改革局会同有关部门对办法进行了修订".encode()
    assert any(secret in data for data in cached_bytes(demo))
    page = b"xxgk/11441900007330235A/2024-00022"  # its page, named by its 索引号
    assert page in (cache_folder(demo) / "manifest").read_bytes()
    edit(demo, JIEDU, "disclosure: 主动公开", "disclosure: 不予公开\nexemption: process-info\nexemption_reason: 尚在修订，属于过程性信息。")
    reused, _ = run_build(demo, "site", caplog) or (0, 0)
    assert reused > 0
    site = assert_same_as_clean_build(demo, caplog)
    assert not any(secret in data for data in site.values())
    assert not any(secret in data for data in cached_bytes(demo))
    manifest = (cache_folder(demo) / "manifest").read_bytes()
    assert page not in manifest


def test_a_registry_name_change(demo: Path, caplog: pytest.LogCaptureFixture) -> None:
    total = first_build(demo, caplog)
    edit(demo, "catalog/organs.yml", "name: 东莞市财政局", "name: 东莞市财政局（更名）")
    reused, rendered = run_build(demo, "site", caplog) or (0, 0)
    assert rendered > 0 and reused + rendered == total
    site = assert_same_as_clean_build(demo, caplog)
    assert any("东莞市财政局（更名）" in data.decode("utf-8", "replace") for data in site.values())


def test_a_template_override_change_renders_every_page(demo: Path, caplog: pytest.LogCaptureFixture) -> None:
    (demo / "overrides").mkdir()
    (demo / "overrides" / "main.html").write_text('{% extends "base.html" %}\n', encoding="utf-8")
    edit(demo, "mkdocs.yml", "  name: material\n", "  name: material\n  custom_dir: overrides\n")
    total = first_build(demo, caplog)
    (demo / "overrides" / "main.html").write_text('{% extends "base.html" %}\n{% block announce %}{{ super() }}<p class="gk-test-note">模板已改</p>{% endblock %}\n', encoding="utf-8")
    assert run_build(demo, "site", caplog) == (0, total)
    site = assert_same_as_clean_build(demo, caplog)
    assert sum(b"gk-test-note" in data for data in site.values()) > total


def test_an_mkdocs_yml_change_renders_every_page(demo: Path, caplog: pytest.LogCaptureFixture) -> None:
    total = first_build(demo, caplog)
    edit(demo, "mkdocs.yml", "site_name: 政府信息公开目录（演示站）", "site_name: 政府信息公开目录（新名称）")
    assert run_build(demo, "site", caplog) == (0, total)
    site = assert_same_as_clean_build(demo, caplog)
    assert b"\xef\xbc\x88\xe6\x96\xb0\xe5\x90\x8d\xe7\xa7\xb0\xef\xbc\x89" in site["index.html"]  # （新名称）


def test_a_hand_written_page_change(demo: Path, caplog: pytest.LogCaptureFixture) -> None:
    first_build(demo, caplog)
    page = next(p for p in sorted((demo / "content").glob("*.md")) if p.name != "index.md")
    page.write_text(page.read_text(encoding="utf-8").replace("\n", "\n\n新加的一段。\n", 1), encoding="utf-8")
    run_build(demo, "site", caplog)
    assert_same_as_clean_build(demo, caplog)


@pytest.mark.parametrize("damage", ["manifest-truncated", "manifest-garbage", "file-missing", "file-rewritten", "file-truncated", "killed-build"])
def test_a_damaged_cache_is_rendered_again_never_published(demo: Path, caplog: pytest.LogCaptureFixture, damage: str) -> None:
    total = first_build(demo, caplog)
    folder = cache_folder(demo)
    files = sorted(p for p in (folder / "files").rglob("*") if p.is_file())
    victim = max(files, key=lambda p: p.stat().st_size)
    if damage == "manifest-truncated":
        data = (folder / "manifest").read_bytes()
        (folder / "manifest").write_bytes(data[: len(data) // 2])
    elif damage == "manifest-garbage":
        (folder / "manifest").write_bytes(b"\x00not a manifest")
    elif damage == "file-missing":
        victim.unlink()
    elif damage == "file-rewritten":  # same size, other bytes (written in place through a link of the published site)
        data = victim.read_bytes()
        victim.write_bytes(data.replace(b"<h1", b"<h2", 1))
    elif damage == "file-truncated":
        victim.write_bytes(victim.read_bytes()[:100])
    elif damage == "killed-build":  # files a killed build added but never listed, and its mark
        orphan = folder / "files" / "ab" / ("ab" + "0" * 62)
        orphan.parent.mkdir(parents=True, exist_ok=True)
        orphan.write_bytes(b"half a page")
        (folder / "incomplete").write_bytes(b"")
    reused, rendered = run_build(demo, "site", caplog) or (0, 0)
    assert reused + rendered == total
    if damage.startswith("manifest"):
        assert reused == 0 and "缓存清单无法读取" in caplog.text
    elif damage.startswith("file"):
        assert rendered == 1 and "缓存文件缺失或已改动" in caplog.text
    else:
        assert rendered == 0 and not orphan.exists() and not (folder / "incomplete").exists()
    assert_same_as_clean_build(demo, caplog)


def test_pages_restored_with_other_times_are_checked_by_content(demo: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A CI cache comes back with new modification times: the bytes decide, and they still match."""
    total = first_build(demo, caplog)
    for path in (cache_folder(demo) / "files").rglob("*"):
        if path.is_file():
            os.utime(path, (1_000_000_000, 1_000_000_000))
    assert run_build(demo, "site", caplog) == (total, 0)
    assert_same_as_clean_build(demo, caplog)


def test_the_cache_is_never_written_through_the_published_site(demo: Path, caplog: pytest.LogCaptureFixture) -> None:
    """Pages taken from the cache are hard links; the build writes none of them again, so every cached file keeps its bytes."""
    total = first_build(demo, caplog)
    edit(demo, POLICY, "title: 东莞市人民政府办公室关于印发", "title: 东莞市人民政府办公室关于再次印发")
    run_build(demo, "site", caplog)
    folder = cache_folder(demo)
    listed = marshal.loads((folder / "manifest").read_bytes())["pages"]
    assert len(listed) == total
    for key, size, _mtime, digest in listed.values():
        path = folder / "files" / key[:2] / key
        assert path.stat().st_size == size and file_digest(path) == digest
    linked = [p for p in (demo / "site").rglob("*.html") if p.stat().st_nlink > 1]
    assert len(linked) >= total - 15  # published pages share the cache's files
    # something that rewrites a published page in place also rewrites the cache's file: the next build notices
    page = max(linked, key=lambda p: p.stat().st_size)
    page.write_bytes(page.read_bytes().replace(b"<h1", b"<h2", 1))
    reused, rendered = run_build(demo, "site", caplog) or (0, 0)
    assert rendered == 1 and reused == total - 1
    assert_same_as_clean_build(demo, caplog)


def test_a_page_that_warned_is_rendered_and_warns_again(demo: Path, caplog: pytest.LogCaptureFixture) -> None:
    """MkDocs' warning about a page (a link to a missing file) is said by every build, and ``--strict`` counts it."""
    edit(demo, JIEDU, "## 二、主要依据", "见[旧的说明](missing-page.md)。\n\n## 二、主要依据")
    first_build(demo, caplog)
    said = [r.getMessage() for r in caplog.records if "missing-page.md" in r.getMessage() and r.levelno >= logging.WARNING]
    assert said
    reused, rendered = run_build(demo, "site", caplog) or (0, 0)
    assert rendered == 1 and reused > 0
    assert [r.getMessage() for r in caplog.records if "missing-page.md" in r.getMessage() and r.levelno >= logging.WARNING] == said
    assert_same_as_clean_build(demo, caplog)


def test_a_link_whose_target_appears_is_rendered_again(demo: Path, caplog: pytest.LogCaptureFixture) -> None:
    """MkDocs rewrites a relative link once its target exists: the page's key follows where its links lead."""
    edit(demo, JIEDU, "## 二、主要依据", "见[后来的文件](2024-00099.md)。\n\n## 二、主要依据")
    with (demo / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("validation:\n  links:\n    not_found: info\n")  # the missing target is no warning: the page is kept
    total = first_build(demo, caplog)
    page = demo / "site" / "xxgk" / "11441900007330235A" / "2024-00022" / "index.html"
    assert 'href="2024-00099.md"' in page.read_text(encoding="utf-8")
    assert run_build(demo, "site", caplog) == (total, 0)
    text = (demo / POLICY).read_text(encoding="utf-8")
    text = text.replace("index_no: 11441900007330235A/2024-00021", "index_no: 11441900007330235A/2024-00099").replace("东府办〔2024〕21号", "东府办〔2024〕99号")
    (demo / POLICY.replace("-21.md", "-99.md")).write_text(text.replace("title: 东莞市人民政府办公室关于印发", "title: 后来的文件：关于印发", 1), encoding="utf-8")
    reused, rendered = run_build(demo, "site", caplog) or (0, 0)
    assert 'href="../2024-00099/"' in page.read_text(encoding="utf-8")  # rewritten to the new page's URL
    assert reused > total // 2
    assert_same_as_clean_build(demo, caplog)


def test_a_cache_folder_that_cannot_be_written_costs_only_time(demo: Path, caplog: pytest.LogCaptureFixture) -> None:
    (demo / "blocked").write_text("a file where the cache folder would go\n", encoding="utf-8")
    edit(demo, "mkdocs.yml", "      footer:", "      cache_dir: blocked/cache\n      footer:")
    reused, rendered = run_build(demo, "site", caplog) or (None, None)
    assert reused == 0 and rendered and "写入构建缓存" in caplog.text and "下次构建不能重用" in caplog.text
    assert run_build(demo, "site", caplog) == (0, rendered)
    assert_same_as_clean_build(demo, caplog)
