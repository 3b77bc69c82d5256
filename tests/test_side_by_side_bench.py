"""The side-by-side benchmark's page writers keep working (bench/side_by_side.py; no timing).

A tiny generated catalog is written as a plain mkdocs-material docs folder and as a
Hugo site; Hugo builds it for real, and every page our renderer made must come out of
Hugo as a page with the same title, the same body and the minimal theme's nav.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import side_by_side  # noqa: E402


@pytest.fixture(scope="module")
def dirs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return side_by_side.prepare(12, tmp_path_factory.mktemp("side"))


def hugo_page(public: Path, relative: Path) -> Path:
    """Where Hugo publishes the page MkDocs would publish from docs/<relative>."""
    folder = relative.parent if relative.name == "index.md" else relative.with_suffix("")
    return public / folder / "index.html"


def test_plain_docs_hold_every_page_as_markdown(dirs: dict[str, Path]) -> None:
    docs = dirs["plain"] / "docs"
    pages = sorted(docs.rglob("*.md"))
    assert (docs / "index.md").is_file() and (docs / "catalog" / "index.md").is_file()
    entries = [p for p in pages if p.parts[-3:-2] != ("kind",) and p.name != "index.md"]
    assert entries, "no entry pages written"
    assert all(p.read_text(encoding="utf-8").startswith("# ") for p in pages)
    assert "plugins: []" in (dirs["plain"] / "mkdocs.yml").read_text(encoding="utf-8")
    assert "- search" in (dirs["plain"] / "mkdocs-search.yml").read_text(encoding="utf-8")


def test_hugo_builds_the_same_pages(dirs: dict[str, Path], tmp_path: Path) -> None:
    docs = dirs["plain"] / "docs"
    public = tmp_path / "public"
    subprocess.run([side_by_side.hugo_binary(), "--source", str(dirs["hugo"]), "--destination", str(public),
                    "--cacheDir", str(tmp_path / "cache"), "--quiet"], check=True, capture_output=True)
    sources = sorted(docs.rglob("*.md"))
    for source in sources:
        page = hugo_page(public, source.relative_to(docs))
        assert page.is_file(), f"Hugo did not publish {source.relative_to(docs)}"
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        title = source.read_text(encoding="utf-8").splitlines()[0].removeprefix("# ").strip()
        h1 = soup.find("main").find("h1")
        assert h1 is not None and h1.get_text(strip=True) == title
        assert [a.get_text() for a in soup.select("nav > ul > li > a")][:4] == ["首页", "信息公开指南", "依申请公开", "信息公开目录"]
    catalog = BeautifulSoup(hugo_page(public, Path("catalog/index.md")).read_text(encoding="utf-8"), "html.parser")
    assert catalog.select_one("p.gk-total") is not None, "raw HTML of our Markdown must pass through Hugo as in MkDocs"
    assert side_by_side.size_of(public)["pages"] == len(sources) + 1  # and the section page Hugo makes for the top folder xxgk/
