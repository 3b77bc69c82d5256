"""A failing ``serve`` rebuild shows its problems in the open page, and the real page comes back once fixed.

Started for real: ``build.py serve`` on a free port over a tiny catalog, an entry broken and fixed on
disk, the page fetched over HTTP (and, marked ``browser``, watched in Chromium reloading by itself).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import POLICY
from test_serve import fetch, free_port, wait_for

ROOT = Path(__file__).resolve().parent.parent
ENTRY = "catalog/policy/2024/yaodian.yml"
SECRET = "catalog/policy/2024/mimi-secret-name.yml"
URL_PATH = "/xxgk/11441900007330235A/2024-00001/"
GOOD = POLICY.replace("title:", "index_no: 11441900007330235A/2024-00001\ntitle:")
BROKEN = GOOD.replace("published: 2024-03-05", "published: 2024年3月5日").replace("title: 示例市政务公开工作要点\n", "")
WITHHELD = (POLICY.replace("title: 示例市政务公开工作要点", "title: 机密会议纪要甲乙丙").replace("disclosure: 主动公开", "disclosure: 不予公开\nexemption: process-info")
            .replace("示府办〔2024〕3号", "示府办〔2024〕9号"))


@pytest.fixture
def serving(make_project):
    root = make_project({ENTRY: GOOD, SECRET: WITHHELD})
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "-f", str(root / "mkdocs.yml"), "serve", "-a", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    url = f"http://127.0.0.1:{port}{URL_PATH}"
    try:
        assert wait_for(lambda: "示例市政务公开工作要点" in fetch(url)), "preview never served the entry"
        yield root, url
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        assert "Traceback" not in (proc.stderr.read() if proc.stderr else "")


def test_a_failed_rebuild_shows_its_problems_in_the_page_until_fixed(serving):
    root, url = serving
    (root / ENTRY).write_text(BROKEN, encoding="utf-8")
    (root / SECRET).write_text(WITHHELD.replace("示府办〔2024〕9号", "示府办[2024]9号"), encoding="utf-8")
    assert wait_for(lambda: "gk-serve-errors" in fetch(url)), "the page never showed the failed rebuild"
    page = fetch(url)
    assert "预览未更新：目录检查未通过" in page and "本页会自动刷新" in page
    assert f"{ENTRY}:" in page and "title(标题): 缺少必填项" in page and "[missing-field]" in page
    assert "published(发布日期)" in page and "2024年3月5日" in page
    assert "[不予公开条目 1]" in page  # the withheld entry's problem, as a public log prints it
    assert "mimi-secret-name" not in page and "机密会议纪要" not in page and "示府办[2024]9号" not in page
    assert page.count('id="gk-serve-errors"') == 1 and "<script>" not in page.split('id="gk-serve-errors"')[1].split("</div>")[0]
    (root / ENTRY).write_text(GOOD.replace("示例市政务公开工作要点", "示例市政务公开工作要点（改好）"), encoding="utf-8")
    (root / SECRET).write_text(WITHHELD, encoding="utf-8")
    assert wait_for(lambda: "gk-serve-errors" not in fetch(url) and "示例市政务公开工作要点（改好）" in fetch(url)), "the real page never came back"


@pytest.mark.browser
def test_an_open_page_reloads_into_the_error_and_back(serving):
    sync_api = pytest.importorskip("playwright.sync_api")
    root, url = serving
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        try:
            page = browser.new_page()
            page.goto(url)
            assert page.locator("#gk-serve-errors").count() == 0
            (root / ENTRY).write_text(BROKEN, encoding="utf-8")
            page.wait_for_selector("#gk-serve-errors", timeout=60_000)  # reloaded by itself: nobody navigated
            assert "缺少必填项" in page.locator("#gk-serve-errors").inner_text()
            (root / ENTRY).write_text(GOOD.replace("示例市政务公开工作要点", "示例市政务公开工作要点（改好）"), encoding="utf-8")
            page.wait_for_function("() => !document.getElementById('gk-serve-errors') && document.body.innerText.includes('（改好）')", timeout=60_000)
        finally:
            browser.close()


def test_serve_started_over_a_broken_catalog_shows_it_and_starts_the_site_once_fixed(make_project):
    root = make_project({ENTRY: BROKEN})
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "-f", str(root / "mkdocs.yml"), "serve", "-a", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    home = f"http://127.0.0.1:{port}/"
    try:
        assert wait_for(lambda: "gk-serve-errors" in fetch(home)), "the preview never showed the broken catalog"
        assert "预览未生成：目录检查未通过，网站没有生成。" in fetch(home) and "[missing-field]" in fetch(home)
        assert "上次成功生成" not in fetch(home)  # there is no earlier site below the list
        (root / ENTRY).write_text(GOOD, encoding="utf-8")
        url = f"http://127.0.0.1:{port}{URL_PATH}"
        assert wait_for(lambda: "示例市政务公开工作要点" in fetch(url) and "gk-serve-errors" not in fetch(url)), "the site never came once fixed"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert "Traceback" not in (proc.stderr.read() if proc.stderr else "")
