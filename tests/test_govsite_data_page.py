"""The 开放数据 page of the demo links every feed, data, OCDS and sitemap file the build writes; in Chromium no page requests a missing file and the footer shows."""

from __future__ import annotations

import json
import posixpath
from html.parser import HTMLParser
from pathlib import Path

import pytest

import sitekit

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def demo(demo_site: Path) -> Path:
    """The demo site (conftest.demo_site: built once for every module that reads it)."""
    return demo_site


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href and not href.startswith(("http", "#", "mailto:")):
            self.hrefs.append(href)


def _linked_files(site: Path, page: str) -> set[str]:
    """Site-relative paths of the files the page links to (not pages)."""
    parser = _Links()
    parser.feed((site / page / "index.html").read_text(encoding="utf-8"))
    return {posixpath.normpath(posixpath.join(page, h)) for h in parser.hrefs if posixpath.splitext(h)[1] in (".xml", ".json", ".csv", ".gz")}


def test_data_page_links_every_published_file_and_each_link_resolves(demo):
    linked = _linked_files(demo, "open-data")
    missing = sorted(p for p in linked if not (demo / p).is_file())
    assert missing == []
    published = {p.relative_to(demo).as_posix() for pattern in ("data/*.json", "data/*.csv", "data/ocds/*.json", "feeds/*.xml", "feed.xml", "sitemap.xml") for p in demo.glob(pattern)}
    assert published and sorted(published - linked) == []
    # every kind of data/index.json has its row
    kinds = [d["kind"] for d in json.loads((demo / "data/index.json").read_text(encoding="utf-8"))["datasets"]]
    assert all(f"data/{k}.csv" in linked for k in kinds)


def test_home_page_links_the_data_page(demo):
    parser = _Links()
    parser.feed((demo / "index.html").read_text(encoding="utf-8"))
    assert "open-data/" in parser.hrefs


FOOTER_TEXT = ["主办单位：", "承办单位：", "网站标识码：", "ICP备", "公网安备", "联系我们", "网站地图"]


@pytest.mark.browser
@pytest.mark.skipif(not sitekit.chromium_available(), reason="Debian chromium is not installed (make browser-deps)")
@pytest.mark.parametrize("width,height", [(390, 844), (1366, 900)])
def test_pages_request_nothing_missing_and_show_the_footer(demo, width, height):
    from playwright.sync_api import sync_playwright

    index = json.loads((demo / "data" / "index.json").read_text(encoding="utf-8"))
    pages = ["", "catalog/", "catalog/topic/", "catalog/organ/", "sitemap/", "open-data/", "system/", "guide/", "apply/", "apply-form/"]
    for dataset in index["datasets"]:
        records = json.loads((demo / "data" / dataset["json"]).read_text(encoding="utf-8"))["entries"]
        if records:
            pages.append(records[0]["url"].split("/", 3)[3])
    failed: list[str] = []
    with sitekit.serve(demo) as base, sync_playwright() as p:
        browser = sitekit.launch(p)
        page = browser.new_page(viewport={"width": width, "height": height})
        page.on("response", lambda r: r.status >= 400 and failed.append(f"{r.status} {r.url}"))
        page.on("requestfailed", lambda r: failed.append(f"failed {r.url}"))
        for path in pages:
            page.goto(base + path)
            page.wait_for_load_state("networkidle")
            footer = page.locator(".gk-footer__items")
            footer.scroll_into_view_if_needed()
            text = footer.inner_text()
            assert footer.is_visible() and all(t in text for t in FOOTER_TEXT), (path, text)
        browser.close()
    assert failed == []


class _Columns(HTMLParser):
    """Link text → href of the links in the home page's 专栏 cards."""

    def __init__(self) -> None:
        super().__init__()
        self.links: dict[str, str] = {}
        self._in = 0
        self._href: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "div" and "gk-columns" in (a.get("class") or ""):
            self._in = 1
        elif tag == "div" and self._in:
            self._in += 1
        elif tag == "a" and self._in:
            self._href = a.get("href")
            self.links[self._href or ""] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "div" and self._in:
            self._in -= 1
        elif tag == "a":
            self._href = None

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self.links[self._href] += data


def test_home_page_has_the_four_uniform_columns_with_their_standard_labels(demo):
    parser = _Columns()
    parser.feed((demo / "index.html").read_text(encoding="utf-8"))
    labels = [text.strip() for text in parser.links.values()]
    assert labels == ["政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开年报"]
    for href in parser.links:
        assert (demo / href / "index.html").is_file(), href
    assert "演示内容" in (demo / "system" / "index.html").read_text(encoding="utf-8")
    assert "catalog/kind/annual_report/" in parser.links


def test_application_form_page_and_its_plain_text_download(demo):
    page = (demo / "apply-form" / "index.html").read_text(encoding="utf-8")
    for field in ("姓名", "证件号码", "统一社会信用代码", "信息名称、文号或者索引号", "获取信息的方式", "申请人签名或者盖章"):
        assert field in page
    assert 'href="../apply-form.txt"' in page
    text = (demo / "apply-form.txt").read_text(encoding="utf-8-sig")
    assert text.startswith("政府信息公开申请表") and "信息名称、文号或者索引号：" in text
    assert "apply-form/" in (demo / "apply" / "index.html").read_text(encoding="utf-8")
    css = (demo / "stylesheets" / "site.css").read_text(encoding="utf-8")
    assert "@media print" in css and ".gk-form" in css
