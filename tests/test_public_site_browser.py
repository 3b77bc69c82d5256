"""The demo site in headless Chromium: self-contained, accessible, keyboard-operable, 适老化.

Builds the repository's own mkdocs.yml (the demo catalog) once, serves it on
127.0.0.1 and drives Debian's Chromium with every request logged. axe-core is
vendored in tests/vendor/axe.min.js (npm ``axe-core``).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest

import sitekit

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not sitekit.chromium_available(), reason="Debian chromium is not installed (make browser-deps)"),
]

ROOT = Path(__file__).resolve().parent.parent
AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


@pytest.fixture(scope="module")
def demo(demo_site: Path) -> Path:
    """The demo site (conftest.demo_site: built once for every module that reads it)."""
    return demo_site


def local_path(site: Path, url: str) -> str:
    """A URL from the data files as a path under the site root."""
    return urlsplit(url).path.lstrip("/")


def sample_pages(site: Path) -> dict[str, str]:
    """Name → path: home, catalog home, a listing, content pages, 404, one entry of each kind that exists."""
    pages = {"首页": "", "目录首页": "catalog/", "类别列表": "catalog/kind/policy/", "年度列表": "catalog/year/", "信息公开指南": "guide/", "404": "404.html"}
    index = json.loads((site / "data" / "index.json").read_text(encoding="utf-8"))
    for dataset in index["datasets"]:
        if dataset["count"]:
            records = json.loads((site / "data" / dataset["json"]).read_text(encoding="utf-8"))["entries"]
            pages[f"条目：{dataset['kind_name']}"] = local_path(site, records[0]["url"])
            on_request = [r for r in records if r["disclosure"] == "依申请公开"]
            if on_request:
                pages[f"依申请公开条目：{dataset['kind_name']}"] = local_path(site, on_request[0]["url"])
    return pages


@pytest.fixture(scope="module")
def served(demo):
    with sitekit.serve(demo) as base:
        yield base


def run_axe(page) -> list[dict]:  # type: ignore[no-untyped-def]
    page.add_script_tag(content=AXE)
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]


def open_search(page) -> None:  # type: ignore[no-untyped-def]
    """Open the site's search (gk-search or Material's) and type a query, as a reader does."""
    page.keyboard.press("/")  # both bind "/" (and "s") to focus the search box
    box = page.locator("input.md-search__input")
    box.first.wait_for(state="visible", timeout=5000)
    box.first.fill("政务公开")
    page.wait_for_timeout(1500)


def describe(violations: list[dict]) -> str:
    return "; ".join(f"{v['id']} ({v['impact']}): {v['help']} @ {[n['target'] for n in v['nodes']][:3]}" for v in violations)


def test_every_request_stays_on_the_local_host(browser, served, demo):
    requests: list[str] = []
    context = browser.new_context()
    context.on("request", lambda request: requests.append(request.url))
    context.route(re.compile(r"^(?!http://127\.0\.0\.1:)"), lambda route: route.abort())  # never wait on the internet
    page = context.new_page()
    for path in sample_pages(demo).values():
        page.goto(served + path, wait_until="networkidle")
    page.goto(served, wait_until="networkidle")
    open_search(page)
    page.wait_for_load_state("networkidle")
    context.close()
    assert requests, "no request was logged at all"
    foreign = sorted({r for r in requests if not r.startswith(served) and not r.startswith("data:")})
    assert foreign == [], f"requests to other hosts: {foreign}"


def test_no_serious_accessibility_violation_on_sample_pages(browser, served, demo):
    context = browser.new_context()
    page = context.new_page()
    found = {}
    for name, path in sample_pages(demo).items():
        page.goto(served + path, wait_until="networkidle")
        violations = run_axe(page)
        if violations:
            found[name] = describe(violations)
    page.goto(served, wait_until="networkidle")
    open_search(page)
    violations = run_axe(page)
    if violations:
        found["搜索"] = describe(violations)
    context.close()
    assert found == {}


@pytest.mark.parametrize("viewport", [{"width": 375, "height": 740}, {"width": 1280, "height": 900}], ids=["phone", "desktop"])
def test_larger_text_and_high_contrast_stay_accessible(browser, served, demo, viewport):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(served, wait_until="networkidle")
    page.evaluate("localStorage.setItem('gk-font', 'xlarge'); localStorage.setItem('gk-contrast', 'high')")
    found = {}
    for name, path in list(sample_pages(demo).items())[:8]:
        page.goto(served + path, wait_until="networkidle")
        assert page.evaluate("document.documentElement.dataset.gkFont") == "xlarge"
        violations = run_axe(page)
        if violations:
            found[name] = describe(violations)
    context.close()
    assert found == {}


def font_px(page) -> float:  # type: ignore[no-untyped-def]
    return float(page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)"))


def test_text_size_toggle_by_keyboard_persists_across_pages(browser, served, demo):
    context = browser.new_context()
    page = context.new_page()
    entry = [p for n, p in sample_pages(demo).items() if n.startswith("条目")][0]
    page.goto(served + entry, wait_until="networkidle")
    normal = font_px(page)
    toolbar = page.get_by_role("group", name="阅读辅助")
    assert toolbar.is_visible()
    bigger = toolbar.get_by_role("button", name="特大字号")
    bigger.focus()
    page.keyboard.press("Enter")
    assert bigger.get_attribute("aria-pressed") == "true"
    assert toolbar.get_by_role("button", name="标准字号").get_attribute("aria-pressed") == "false"
    assert font_px(page) >= normal * 1.45
    page.goto(served + "catalog/", wait_until="networkidle")  # another page: the choice is remembered
    assert font_px(page) >= normal * 1.45
    assert page.get_by_role("button", name="特大字号").get_attribute("aria-pressed") == "true"
    page.get_by_role("button", name="标准字号").press("Space")
    assert font_px(page) == normal
    contrast = page.get_by_role("button", name="高对比度")
    contrast.press("Enter")
    assert contrast.get_attribute("aria-pressed") == "true"
    assert page.evaluate("getComputedStyle(document.querySelector('article.md-typeset')).color") == "rgb(0, 0, 0)"
    context.close()


FOCUS_STATE = """() => {
  const e = document.activeElement, s = getComputedStyle(e), r = e.getBoundingClientRect();
  return {tag: e.tagName, text: (e.textContent || e.getAttribute('aria-label') || '').trim().slice(0, 30),
          visible: r.width > 0 && r.height > 0 && s.visibility !== 'hidden',
          ring: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== 'none'};
}"""


def test_keyboard_reaches_everything_with_a_visible_focus(browser, served, demo):
    context = browser.new_context()
    page = context.new_page()
    entry = [p for n, p in sample_pages(demo).items() if n.startswith("条目")][0]
    page.goto(served + entry, wait_until="networkidle")
    page.keyboard.press("Tab")
    page.wait_for_timeout(400)  # Material fades the skip link in
    first = page.evaluate(FOCUS_STATE)
    assert first["text"] == "跳转至" and first["ring"]
    assert page.evaluate("getComputedStyle(document.activeElement).opacity") == "1"
    stops, problems = [], []
    for _ in range(80):
        state = page.evaluate(FOCUS_STATE)
        stops.append(state["text"])
        if not (state["visible"] and state["ring"]):
            problems.append(state)
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement === document.body"):
            break
    assert problems == []
    assert {"大字号", "特大字号", "高对比度"} <= set(stops)
    links = page.evaluate("[...document.querySelectorAll('.md-content a[href]')].map(a => a.textContent.trim().slice(0, 30))")
    assert set(links) <= set(stops), "a link in the content is not reachable by Tab"
    context.close()


def test_pages_read_fully_without_javascript(browser, served, demo):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    entry = [p for n, p in sample_pages(demo).items() if n.startswith("条目")][0]
    page.goto(served + entry)
    assert page.locator("h1").first.is_visible()
    assert page.locator("table.gk-meta").is_visible()
    assert not page.locator(".gk-a11y").is_visible(), "a toolbar that needs JavaScript must not show without it"
    assert not page.locator("[data-md-component=announce]").is_visible()
    page.goto(served + "catalog/kind/policy/")
    assert page.locator("table.gk-listing a").first.is_visible()
    context.close()


def test_every_data_table_has_headers(browser, served, demo):
    context = browser.new_context()
    page = context.new_page()
    bad = {}
    for name, path in sample_pages(demo).items():
        page.goto(served + path, wait_until="domcontentloaded")
        missing = page.evaluate("[...document.querySelectorAll('.md-content table')].filter(t => !t.querySelector('th')).length")
        if missing:
            bad[name] = missing
    context.close()
    assert bad == {}


def test_entry_prints_as_a_document(browser, served, demo):
    context = browser.new_context()
    page = context.new_page()
    entry = [p for n, p in sample_pages(demo).items() if n.startswith("条目")][0]
    page.goto(served + entry, wait_until="networkidle")
    page.emulate_media(media="print")
    hidden = page.evaluate("""() => ['.md-header', '.md-sidebar--primary', '.md-footer', '.gk-a11y', '.md-banner']
        .map(s => document.querySelector(s)).filter(Boolean).map(e => getComputedStyle(e).display)""")
    assert set(hidden) == {"none"}
    assert page.locator("table.gk-meta").is_visible()
    assert page.evaluate("getComputedStyle(document.querySelector('.md-typeset h1')).color") == "rgb(0, 0, 0)"
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    context.close()


def test_missing_page_gets_the_chinese_404(browser, served):
    context = browser.new_context()
    page = context.new_page()
    response = page.goto(served + "xxgk/no-such-entry/")
    assert response.status == 404
    assert page.locator("h1").first.inner_text() == "页面不存在（404）"
    page.get_by_role("link", name="浏览政府信息公开目录").click()
    page.wait_for_load_state()
    assert page.url == served + "catalog/"
    context.close()


# --- Nu Html Checker -------------------------------------------------------------

MATERIAL_KNOWN = [
    # Material's base.html puts autocomplete="off" on its two hidden toggle checkboxes
    # (#__drawer, #__search) so Firefox does not restore them open on "back"; the
    # attribute is not allowed on checkboxes. The markup is in base.html outside any
    # block, so we cannot change it without forking the whole template.
    (re.compile(r"^Attribute “autocomplete” is only allowed when the input type is"), re.compile(r'class="md-toggle"')),
]


@pytest.fixture(scope="module")
def vnu() -> Path:
    if shutil.which("java") is None:
        pytest.skip("Java is not installed")
    jar = sitekit.vnu_jar()
    if jar is None:
        pytest.skip("vnu.jar not found and npm not available")
    return jar


def test_sample_pages_are_valid_html(vnu, demo):
    pages = [demo / (path if path.endswith(".html") else path + "index.html") for path in sample_pages(demo).values()]
    run = subprocess.run(["java", "-jar", str(vnu), "--errors-only", "--format", "json", *map(str, pages)], capture_output=True, text=True, timeout=300)
    messages = json.loads(run.stderr or run.stdout)["messages"]
    errors = [m for m in messages if m.get("type") == "error" or m.get("subType") == "fatal"]
    unexplained = [
        f"{m.get('url', '').split('/site/')[-1]}:{m.get('lastLine')}: {m['message']}"
        for m in errors
        if not any(msg.search(m["message"]) and extract.search(m.get("extract", "")) for msg, extract in MATERIAL_KNOWN)
    ]
    assert len(pages) >= 6
    assert unexplained == []
