"""The public site on a 320–390 px phone and a 1366 px desktop, at every toolbar font size, in headless Chromium.

Two sites are built for real: the repository's demo, and a generated catalog of long
titles, long organ names and 130 policies (a listing of several pages). On every page
type (home, catalog home, each kind listing, a topic/organ/year listing, the facet
hubs, one entry of each kind, a procurement project, the data page, the sitemap, the
guides, the 404, the search overlay) it measures what a reader meets: the page is no
wider than the screen, listing titles keep at least ten characters a line (Range
rects per character), chart text is at least the body size, the footer items are
there, no request fails. Set GK_SHOTS to a folder to keep a screenshot of every page
type at 390 px and 特大字号.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

import phonekit
import sitekit
from conftest import NEGATIVE_LIST, TOPICS, mkdocs_build, write_files
from kinds_fixtures import ANNUAL_REPORT, BUDGET, THREE_PUBLIC_2024
from plugins.core.pages.order import PAGE_MIN

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not sitekit.chromium_available(), reason="Debian chromium is not installed (make browser-deps)"),
]

ROOT = Path(__file__).resolve().parent.parent
AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
FOOTER_LABELS = ("主办单位", "承办单位", "网站标识码", "ICP备", "公网安备", "联系", "网站地图")

ORGANS = """\
- id: demo-office
  name: 示例市人民政府办公室（示例市人民政府外事办公室、示例市人民政府港澳事务办公室）
  uscc: 11441900007330235A
- id: demo-finance
  name: 示例市财政局
  uscc: "114419000073302510"
"""

LONG_TITLE = "示例市人民政府办公室关于印发《示例市进一步优化营商环境持续激发市场主体活力推动经济高质量发展若干措施（2024—2026年）》的通知"


def _policy(n: int) -> str:
    title = f"{LONG_TITLE}（第{n}批）" if n % 3 else f"关于公布https://www.example.gov.cn/xxgk/zcwj/2024/notice-{n:04d}-attachment-list.html的公告"
    return f"""\
kind: policy
title: {title}
organ: demo-office
doc_no: 示府办〔2024〕{n}号
written: 2024-01-01
published: 2024-{2 + n % 11:02d}-{1 + n % 28:02d}
topics: [zwgk]
disclosure: 主动公开
validity: 有效
body: 各区人民政府，市府直属各单位。
"""


def _build(config_file: Path, site_dir: Path) -> Path:
    return mkdocs_build(config_file, site_dir=str(site_dir))


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:  # type: ignore[no-untyped-def]
    """The demo, and a generated catalog of long titles with a listing of several pages."""
    demo = _build(ROOT / "mkdocs.yml", tmp_path_factory.mktemp("demo") / "site")
    root = tmp_path_factory.mktemp("long")
    files: dict[str, str | bytes] = {
        "catalog/organs.yml": ORGANS,
        "catalog/topics.yml": TOPICS,
        "catalog/negative-list.yml": NEGATIVE_LIST,
        "content/index.md": "# 首页\n",
        "content/apply.md": "# 依申请公开指南\n",
        "content/guide.md": "# 信息公开指南\n",
        "catalog/budget/2024/budget.yml": BUDGET,
        "catalog/three_public/2024/sangong.yml": THREE_PUBLIC_2024,
        "catalog/annual_report/2025/report.yml": ANNUAL_REPORT,
    }
    files.update({f"catalog/policy/2024/p{n:03d}.yml": _policy(n) for n in range(1, 131)})
    write_files(root, files)
    footer = {"sponsor": "示例市人民政府办公室", "organizer": "示例市政务服务数据管理局", "site_id_code": "0000000000",
              "icp": "京ICP备00000000号", "police": "京公网安备00000000000000号", "contact": "联系电话 010-00000000", "demo": True}
    config = {
        "site_name": "示例市政府信息公开目录", "docs_dir": "content", "site_url": "https://xxgk.example.gov.cn/",
        "theme": {"name": "material", "language": "zh", "font": False, "features": ["navigation.instant"]},
        "plugins": [{"gk-catalog": {"footer": footer}}, "gk-search", "gk-exports"],
        "markdown_extensions": ["tables", "attr_list", "md_in_html", "admonition"],
    }
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return {"demo": demo, "long": _build(root / "mkdocs.yml", root / "site")}


@pytest.fixture(scope="module")
def served(sites):  # type: ignore[no-untyped-def]
    with sitekit.serve(sites["demo"]) as demo, sitekit.serve(sites["long"]) as long:
        yield {"demo": demo, "long": long}


def _context(browser, viewport: dict[str, int], font: str, **kwargs):  # type: ignore[no-untyped-def]
    """A browser context whose toolbar font choice is already made (as the toolbar stores it)."""
    context = browser.new_context(viewport=viewport, **kwargs)
    context.add_init_script(f"try {{ localStorage.setItem('gk-font', {font!r}) }} catch (e) {{}}")
    context.route(re.compile(r"^(?!http://127\.0\.0\.1:)"), lambda route: route.abort())  # never wait on the internet
    return context


def _watch(page, failed: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Record every failed request and 4xx/5xx answer (except the 404 page's own document)."""
    # A request cut short because the test moves on to the next page is not a failure of the site.
    page.on("requestfailed", lambda r: failed.append(f"{r.failure} {r.url}") if r.failure != "net::ERR_ABORTED" else None)
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 and "no-such-page" not in r.url else None)


def _open_search(page) -> None:  # type: ignore[no-untyped-def]
    page.keyboard.press("/")
    box = page.locator("input.md-search__input").first
    box.wait_for(state="visible", timeout=5000)
    box.fill("政务公开")
    page.wait_for_timeout(800)


@pytest.mark.parametrize("which", ["demo", "long"])
def test_every_page_type_reads_at_every_width_and_font_size(browser, sites, served, which):  # type: ignore[no-untyped-def]
    pages = phonekit.page_types(sites[which])
    shots = os.environ.get("GK_SHOTS")
    wide: dict[str, str] = {}
    short_lines: list[str] = []
    small_charts: list[str] = []
    footers: dict[str, list[str]] = {}
    failed: list[str] = []
    figures: dict[str, Any] = {"pages": 0, "min_chars_per_line": 99, "chart_px_min_over_body": 99.0, "titles": 0}
    for vw, viewport in phonekit.VIEWPORTS.items():
        for font_name, font in phonekit.FONTS.items():
            context = _context(browser, viewport, font)
            page = context.new_page()
            _watch(page, failed)
            for name, path in pages.items():
                page.goto(served[which] + path, wait_until="load")
                where = f"{vw}px {font_name} {name}"
                m = phonekit.measure(page)
                figures["pages"] += 1
                if m["scroll"] > m["width"]:
                    wide[where] = f"{m['scroll']} > {m['width']}: {m['wide'][:3]}"
                for line in m["lines"]:
                    figures["titles"] += 1
                    if line["min"] is None:  # a title on one line
                        continue
                    figures["min_chars_per_line"] = min(figures["min_chars_per_line"], line["min"])
                    if line["min"] < 10:
                        short_lines.append(f"{where}: {line['min']} characters a line in {line['title']}")
                for px in m["charts"]:
                    figures["chart_px_min_over_body"] = min(figures["chart_px_min_over_body"], px / m["body"])
                    if px < m["body"] - 0.01:
                        small_charts.append(f"{where}: chart text {px:.1f}px < body {m['body']:.1f}px")
                missing = [label for label in FOOTER_LABELS if not any(label in item for item in m["footer"])]
                if missing:
                    footers[where] = missing
                if shots and vw == "390" and font == "xlarge":
                    page.screenshot(path=str(Path(shots) / phonekit.shot_name(which, name, path)), full_page=True)
            page.goto(served[which], wait_until="load")
            _open_search(page)
            m = phonekit.measure(page)
            if m["scroll"] > m["width"]:
                wide[f"{vw}px {font_name} 搜索"] = f"{m['scroll']} > {m['width']}"
            if shots and vw == "390" and font == "xlarge":
                page.screenshot(path=str(Path(shots) / f"phone-{which}-search.png"))
            context.close()
    print(f"\n{which}: {figures}")  # the figures the report quotes (pytest -s)
    assert figures["pages"] >= 9 * 20 and figures["titles"] > 0
    assert wide == {}
    assert short_lines == []
    assert small_charts == []
    assert footers == {}
    assert sorted(set(failed)) == []


@pytest.mark.parametrize("which", ["demo", "long"])
def test_no_serious_accessibility_violation_on_a_phone_at_the_largest_font(browser, sites, served, which):  # type: ignore[no-untyped-def]
    context = _context(browser, phonekit.VIEWPORTS["390"], "xlarge")
    page = context.new_page()
    found = {}
    for name, path in phonekit.page_types(sites[which]).items():
        page.goto(served[which] + path, wait_until="load")
        page.add_script_tag(content=AXE)
        result = page.evaluate("axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})")
        bad = [f"{v['id']}: {v['help']} @ {[n['target'] for n in v['nodes']][:3]}" for v in result["violations"] if v["impact"] in ("serious", "critical")]
        if bad:
            found[name] = bad
    context.close()
    assert found == {}


def _ax_roles(context, page) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(role, name) of every node in Chromium's own accessibility tree: what a screen reader gets."""
    client = context.new_cdp_session(page)
    nodes = client.send("Accessibility.getFullAXTree")["nodes"]
    return [(n.get("role", {}).get("value", ""), n.get("name", {}).get("value", "")) for n in nodes if not n.get("ignored")]


def test_a_listing_is_cards_on_a_phone_and_still_a_table_to_a_screen_reader(browser, served):  # type: ignore[no-untyped-def]
    context = _context(browser, phonekit.VIEWPORTS["390"], "xlarge")
    page = context.new_page()
    page.goto(served["long"] + "catalog/kind/policy/", wait_until="load")
    row = page.locator("table.gk-listing tbody tr").first
    title = row.locator("td.gk-title")
    # the title has the card's whole width; the other fields follow under it
    assert title.bounding_box()["width"] >= row.bounding_box()["width"] - 1
    below = row.locator("td[data-label='发布日期']").bounding_box()
    assert below["y"] >= title.bounding_box()["y"] + title.bounding_box()["height"] - 1
    assert page.locator("table.gk-listing thead").bounding_box()["height"] <= 1  # headings are not shown on a card …
    label = page.evaluate("getComputedStyle(document.querySelector('table.gk-listing td.gk-lab'), '::before').content")
    assert "索引号" in label  # … except the 索引号's, before its number (the others' are there for screen readers only)
    roles = _ax_roles(context, page)
    headers = {name for role, name in roles if role == "columnheader"}
    assert {"标题", "文号", "发布机构", "发布日期", "索引号"} <= headers  # … yet a screen reader still has them
    rows = page.locator("table.gk-listing tbody tr").count()
    assert rows >= PAGE_MIN  # the front page (the newest) is never a short one
    assert sum(role == "cell" for role, _ in roles) >= 5 * rows and any(role == "table" for role, _ in roles)
    context.close()


def test_a_listing_is_a_table_using_the_width_on_a_desktop(browser, served):  # type: ignore[no-untyped-def]
    context = _context(browser, phonekit.VIEWPORTS["1366"], "")
    page = context.new_page()
    page.goto(served["long"] + "catalog/kind/policy/", wait_until="load")
    table = page.locator("table.gk-listing")
    assert page.evaluate("getComputedStyle(document.querySelector('table.gk-listing')).display") == "table"
    assert page.locator("table.gk-listing thead th").first.is_visible()
    article = page.locator("article.md-content__inner").bounding_box()
    assert table.bounding_box()["width"] >= article["width"] - 2
    assert not page.locator(".md-sidebar--secondary").is_visible()  # no empty contents column beside the table
    organ = page.locator("table.gk-listing tbody td[data-label='发布机构']").first.bounding_box()
    assert organ["width"] >= 100
    context.close()


def test_pager_at_top_and_bottom_with_first_last_and_jump(browser, served):  # type: ignore[no-untyped-def]
    context = _context(browser, phonekit.VIEWPORTS["390"], "large")
    page = context.new_page()
    page.goto(served["long"] + "catalog/kind/policy/", wait_until="load")
    pagers = page.get_by_role("navigation", name=re.compile("^分页"))
    assert pagers.count() == 2
    top = page.locator("nav.gk-pager").first.bounding_box()
    assert top["y"] < page.locator("table.gk-listing").bounding_box()["y"]
    bottom = pagers.nth(1)
    # numbered from the oldest end: the front is the highest number, 末页 is page 1
    pages = int(page.locator("nav.gk-pager form.gk-jump").nth(1).get_attribute("data-gk-pages") or 0)
    assert pages >= 2
    for name in {"末页", "下一页", f"第 {pages - 1} 页", "第 1 页"}:
        assert bottom.get_by_role("link", name=name).count() == 1, name
    assert bottom.get_by_role("link", name="首页").count() == 0  # on the front page: 首页 and 上一页 are not links
    jump = bottom.get_by_role("spinbutton", name="跳转到第")
    jump.fill("1")
    bottom.get_by_role("button", name="跳转").click()
    page.wait_for_url(re.compile(r"/catalog/kind/policy/1/$"))
    assert "第 1 页" in page.locator("h1").first.inner_text()
    assert "1" in page.locator("nav.gk-pager [aria-current=page]").first.inner_text()
    assert page.get_by_role("navigation", name="分页", exact=True).get_by_role("link", name="末页").count() == 0
    # the newest page's number leads to the listing's own address
    bottom = page.get_by_role("navigation", name="分页", exact=True)
    bottom.get_by_role("spinbutton", name="跳转到第").fill(str(pages))
    bottom.get_by_role("button", name="跳转").click()
    page.wait_for_url(re.compile(r"/catalog/kind/policy/$"))
    page.get_by_role("navigation", name="分页", exact=True).get_by_role("link", name="末页").click()
    page.wait_for_url(re.compile(r"/catalog/kind/policy/1/$"))
    page.get_by_role("navigation", name="分页", exact=True).get_by_role("link", name="首页").click()
    page.wait_for_url(re.compile(r"/catalog/kind/policy/$"))
    context.close()
    # without JavaScript the jump form is hidden (a static site cannot answer ?page=3); the numbered links remain
    context = _context(browser, phonekit.VIEWPORTS["390"], "", java_script_enabled=False)
    page = context.new_page()
    page.goto(served["long"] + "catalog/kind/policy/")
    assert not page.locator("form.gk-jump").first.is_visible()
    page.get_by_role("navigation", name="分页", exact=True).get_by_role("link", name="末页").click()
    page.wait_for_url(re.compile(r"/catalog/kind/policy/1/$"))
    context.close()


def test_a_data_table_scrolls_in_its_own_frame_with_row_headings_in_view(browser, served):  # type: ignore[no-untyped-def]
    context = _context(browser, phonekit.VIEWPORTS["320"], "xlarge")
    page = context.new_page()
    page.goto(served["long"] + "catalog/kind/budget/", wait_until="load")
    page.locator("table.gk-listing td.gk-title a").first.click()
    page.wait_for_load_state("load")
    frames = page.locator(".gk-data-wrap")
    widest = max(range(frames.count()), key=lambda i: frames.nth(i).evaluate("e => e.scrollWidth - e.clientWidth"))
    frame = frames.nth(widest)
    assert frame.evaluate("e => e.scrollWidth > e.clientWidth")
    assert frame.get_attribute("tabindex") == "0" and frame.get_attribute("role") == "region"
    assert "可横向滚动" in frame.get_attribute("aria-label") and frame.locator("caption").inner_text() in frame.get_attribute("aria-label")
    frame.focus()
    for _ in range(6):
        page.keyboard.press("ArrowRight")
    page.wait_for_timeout(300)
    assert frame.evaluate("e => e.scrollLeft") > 0
    heading = frame.locator("tbody th[scope=row]").first.bounding_box()
    assert abs(heading["x"] - frame.bounding_box()["x"]) <= 1  # the row heading stayed at the frame's left edge
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    context.close()
