"""Frame parts rendered once per folder (plugins/catalog/shell.py) give the very bytes Material renders for each page.

Each test builds the same project for real twice — the fast way (``workers: 2``, frame parts reused)
and MkDocs' plain way (one process, every page's frame rendered in full) — and compares every file.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from conftest import mkdocs_build, site_files, with_workers
from bench.generate import project
from plugins.catalog import parallel, shell

ROOT = Path(__file__).resolve().parent.parent








def _fast_and_plain(root: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[dict[str, bytes], dict[str, bytes], list[shell.Shell | None]]:
    """The site built with reused frame parts and in workers, then built plainly; and the shells installed."""
    installed: list[shell.Shell | None] = []
    real = shell.install

    def recording(*args, **kwargs):  # type: ignore[no-untyped-def]
        installed.append(real(*args, **kwargs))
        return installed[-1]

    monkeypatch.setattr(shell, "install", recording)
    workers = 2 if parallel.can_fork() else 1
    mkdocs_build(with_workers(root, workers, "site-fast"))
    monkeypatch.setattr(shell, "install", lambda *args, **kwargs: None)
    mkdocs_build(with_workers(root, 1, "site-plain"))
    return site_files(root / "site-fast"), site_files(root / "site-plain"), installed


def _assert_same(fast: dict[str, bytes], plain: dict[str, bytes]) -> None:
    assert sorted(fast) == sorted(plain)
    differ = [name for name in plain if fast[name] != plain[name]]
    assert not differ, f"{len(differ)} files differ, e.g. {differ[:5]}"


def test_demo_site_is_byte_identical_with_reused_frame_parts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("catalog", "content"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns(".cache"))
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    fast, plain, installed = _fast_and_plain(tmp_path, monkeypatch)
    [used] = installed
    assert used is not None and any(src.startswith("xxgk/") for src in used.keys)  # entry pages reuse their frame
    assert not any(src in used.keys for src in ("index.md", "catalog/index.md", "guide.md"))  # pages in the nav do not
    _assert_same(fast, plain)


def test_generated_catalog_is_byte_identical_with_reused_frame_parts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Many pages per folder (entries of one organ, pages of one listing), gk-search and gk-exports on."""
    project(240, tmp_path, 11)
    data = yaml.safe_load((tmp_path / "mkdocs.yml").read_text(encoding="utf-8"))
    data.update(site_url="https://xxgk.example.gov.cn/", plugins=["gk-catalog", "gk-search", "gk-exports"])
    data["theme"]["features"] = ["navigation.instant", "navigation.top"]
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    fast, plain, installed = _fast_and_plain(tmp_path, monkeypatch)
    [used] = installed
    assert used is not None
    folders = set(used.keys.values())
    assert len(used.keys) >= 240 and len(folders) * 5 < len(used.keys)  # most pages share a folder with others
    pages = [name for name in plain if name.endswith("index.html") and name.startswith("xxgk/")]
    assert len({fast[name] for name in pages}) == len(pages)  # each page still its own (title, content, canonical URL)
    _assert_same(fast, plain)


def test_one_process_reuses_the_parts_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With ``workers: 1`` the parts are reused in MkDocs' own loop: a part is rendered once per folder."""
    project(60, tmp_path, 13)
    installed: list[shell.Shell | None] = []
    real = shell.install
    monkeypatch.setattr(shell, "install", lambda *a, **k: installed.append(real(*a, **k)) or installed[-1])
    mkdocs_build(with_workers(tmp_path, 1, "site-one"))
    [used] = installed
    assert used is not None and used.parts
    nav_parts = [key for key in used.parts if key[0] == "partials/nav.html"]
    assert 0 < len(nav_parts) <= len(set(used.keys.values())) < len(used.keys) / 3  # once per folder, not once per page


def test_a_partial_the_site_overrides_is_rendered_for_every_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A custom_dir footer that prints the page URL: nothing is reused, each page shows its own."""
    project(20, tmp_path, 17)
    (tmp_path / "overrides" / "partials").mkdir(parents=True)
    (tmp_path / "overrides" / "partials" / "footer.html").write_text('<footer class="custom">{{ page.url | e }}</footer>', encoding="utf-8")
    data = yaml.safe_load((tmp_path / "mkdocs.yml").read_text(encoding="utf-8"))
    data["theme"]["custom_dir"] = "overrides"
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    fast, plain, installed = _fast_and_plain(tmp_path, monkeypatch)
    assert installed == [None]
    footers = {fast[name].split(b'<footer class="custom">')[1].split(b"</footer>")[0] for name in fast if name.startswith("xxgk/") and name.endswith(".html")}
    assert len(footers) >= 20
    _assert_same(fast, plain)
