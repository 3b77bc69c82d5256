"""`build.py serve` watched in headless Chromium: a failing rebuild shows its Chinese problem list in the open page.

Started for real on a free port over a tiny catalog. The page is opened once and never navigated again:
the entry is broken on disk, the page reloads by itself into the problem list (read where the editor
looks, at the top of the window, even when the page was scrolled down), the entry is fixed, and the
real page comes back. A catalog that is broken before ``serve`` starts shows the list on the first page.
Screenshots: /work/wt/shots/gitguide-serve-error.png and gitguide-serve-first.png (when that folder exists).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import sitekit
from conftest import POLICY
from test_serve import fetch, free_port, wait_for

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not sitekit.chromium_available(), reason="Debian chromium is not installed (make browser-deps)"),
]

ROOT = Path(__file__).resolve().parent.parent
SHOTS = Path("/work/wt/shots")
ENTRY = "catalog/policy/2024/demo-office-yaodian.yml"
URL_PATH = "/xxgk/11441900007330235A/2024-00001/"
LONG_BODY = "body: |\n" + "".join(f"  第{i}段：各区人民政府，市府直属各单位，按照本要点做好政务公开工作。\n\n" for i in range(1, 80))
GOOD = POLICY.replace("title:", "index_no: 11441900007330235A/2024-00001\ntitle:").replace("body: 各区人民政府，市府直属各单位。\n", LONG_BODY)
BROKEN = GOOD.replace("published: 2024-03-05", "published: 2024年3月5日").replace("title: 示例市政务公开工作要点\n", "")
FIXED = GOOD.replace("示例市政务公开工作要点", "示例市政务公开工作要点（改好）")


def start(root: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "-f", str(root / "mkdocs.yml"), "serve", "-a", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    return proc, f"http://127.0.0.1:{port}"


def stop(proc: subprocess.Popen) -> str:
    proc.terminate()
    proc.wait(timeout=10)
    return proc.stderr.read() if proc.stderr else ""


def shot(page, name: str) -> None:
    if SHOTS.is_dir():
        page.screenshot(path=str(SHOTS / f"gitguide-{name}.png"))


def banner_in_view(page) -> dict:
    """Where the problem list is in the window, and whether the page's own header covers it."""
    return page.evaluate(
        """() => {
            const b = document.getElementById('gk-serve-errors');
            const r = b.getBoundingClientRect();
            const top = document.elementFromPoint(Math.round(r.left + 40), Math.round(r.top + 20));
            return {top: r.top, bottom: r.bottom, height: window.innerHeight, onTop: b.contains(top), scrolled: window.scrollY};
        }"""
    )


@pytest.fixture
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        try:
            yield chromium
        finally:
            chromium.close()


def test_a_broken_entry_shows_its_problems_in_the_open_page_and_the_page_comes_back(make_project, browser):
    root = make_project({ENTRY: GOOD})
    proc, base = start(root)
    url = base + URL_PATH
    try:
        assert wait_for(lambda: "示例市政务公开工作要点" in fetch(url)), "preview never served the entry"
        page = browser.new_page(viewport={"width": 1200, "height": 800})
        page.goto(url)
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")  # the editor reads the end of a long page
        assert page.evaluate("window.scrollY") > 1000
        assert page.locator("#gk-serve-errors").count() == 0

        (root / ENTRY).write_text(BROKEN, encoding="utf-8")
        page.wait_for_selector("#gk-serve-errors", timeout=60_000)  # reloaded by itself: nobody navigated
        page.wait_for_timeout(300)  # the browser restores the scroll position after the reload
        text = page.locator("#gk-serve-errors").inner_text()
        assert "预览未更新" in text and "上次成功生成" in text and "自动刷新" in text
        assert f"{ENTRY}:" in text and "published(发布日期)" in text and "2024年3月5日" in text and "[date-format]" in text
        assert "title(标题): 缺少必填项" in text  # every problem of the file at once
        where = banner_in_view(page)
        assert where["top"] >= 0 and where["top"] < 50 and where["onTop"], f"the problem list is not where the editor looks: {where}"
        assert page.title().startswith("预览未更新"), page.title()  # the tab says it too
        shot(page, "serve-error")

        (root / ENTRY).write_text(FIXED, encoding="utf-8")
        page.wait_for_function("() => !document.getElementById('gk-serve-errors') && document.body.innerText.includes('（改好）')", timeout=60_000)
        assert not page.title().startswith("预览未更新")
        shot(page, "serve-fixed")
    finally:
        assert "Traceback" not in stop(proc)


def test_a_catalog_broken_before_serve_starts_shows_the_list_on_the_first_page(make_project, browser):
    root = make_project({ENTRY: BROKEN})
    proc, base = start(root)
    try:
        assert wait_for(lambda: "gk-serve-errors" in fetch(base + "/")), "the first page never showed the problems"
        page = browser.new_page(viewport={"width": 1200, "height": 800})
        page.goto(base + "/")
        text = page.locator("#gk-serve-errors").inner_text()
        assert "网站没有生成" in text and f"{ENTRY}:" in text and "[date-format]" in text
        assert text.startswith("预览未生成") and "上次成功生成" not in text  # there is no earlier site to show below the list
        shot(page, "serve-first")
        (root / ENTRY).write_text(BROKEN.replace("2024年3月5日", "2024-03-05"), encoding="utf-8")  # half fixed: still no site
        page.wait_for_function("() => { const b = document.getElementById('gk-serve-errors'); return b && !b.innerText.includes('date-format'); }", timeout=60_000)
        text = page.locator("#gk-serve-errors").inner_text()
        assert text.startswith("预览未生成") and "[missing-field]" in text and "上次成功生成" not in text
        (root / ENTRY).write_text(GOOD, encoding="utf-8")
        page.wait_for_function("() => !document.getElementById('gk-serve-errors') && document.title.includes('测试目录')", timeout=60_000)
        page.goto(base + URL_PATH)
        assert "示例市政务公开工作要点" in page.locator("body").inner_text()
    finally:
        assert "Traceback" not in stop(proc)
