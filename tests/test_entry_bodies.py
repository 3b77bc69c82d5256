"""Entry pages as written: line breaks kept, the annual report in its sections, budgets in the standard
order with the tables in the page contents; 当前位置, lang, one number typography, and every link of a
built site resolving inside it. Tiny sites built for real, read as a browser or crawler reads them."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from kinds_fixtures import ANNUAL_REPORT, BUDGET
from plugins.core.pages import numbers
from plugins.core.pages.script import language
from plugins.core.review.render import _markdown

ROOT = Path(__file__).resolve().parent.parent
EXTENSIONS = ["tables", "nl2br", "attr_list", "md_in_html", "admonition"]

NOTICE = """\
---
kind: notice
title: 示例市财政局关于采购结果的公告
index_no: 114419000073302510/2024-00031
organ: demo-finance
published: 2024-10-08
topics: [czys]
disclosure: 主动公开
---
## 一、中标信息

供应商名称：示例信息科技有限公司
供应商地址：示例市科技九路2号
中标金额：1,836,000.00元

## 二、其他事项

本公告期限为1个工作日。
"""


def read(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def entry_page(site: Path, index_no: str) -> BeautifulSoup:
    return read(site, f"xxgk/{index_no}/index.html")


def toc(soup: BeautifulSoup) -> list[tuple[str, str]]:
    return [(a.get_text(" ", strip=True), a["href"]) for a in soup.select("nav.md-nav--secondary a.md-nav__link")]


def heading_order(soup: BeautifulSoup) -> list[str]:
    return [h.get_text(" ", strip=True) for h in soup.select("article h2, article h3")]


# --- 1. single line breaks ------------------------------------------------------


def test_a_notice_keeps_its_field_lines_as_line_breaks(build_site):
    site = build_site({"catalog/notice/2024/result.md": NOTICE}, markdown_extensions=EXTENSIONS)
    body = entry_page(site, "114419000073302510/2024-00031").select_one(".gk-body")
    paragraph = next(p for p in body.select("p") if "供应商名称" in p.get_text())
    assert len(paragraph.find_all("br")) == 2  # three lines, two breaks, one paragraph
    lines = [line.strip() for line in paragraph.get_text("\n").split("\n") if line.strip()]
    assert lines == ["供应商名称：示例信息科技有限公司", "供应商地址：示例市科技九路2号", "中标金额：1,836,000.00元"]


def test_the_review_preview_keeps_line_breaks_with_the_repositorys_settings():
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert "nl2br" in config["markdown_extensions"]
    html = _markdown(config).convert("采购人：示例市财政局\n联系电话：（略）")
    assert re.search(r"采购人：示例市财政局<br ?/?>\s*联系电话", html)


# --- 2. the annual report ---------------------------------------------------------


def test_annual_report_text_is_in_its_sections_once_never_in_the_metadata_table(build_site):
    site = build_site({"catalog/annual_report/2025/report.yml": "index_no: 114419000073302510/2025-00001\n" + ANNUAL_REPORT})
    soup = entry_page(site, "114419000073302510/2025-00001")
    article = soup.select_one("article")
    meta_table = article.select_one("table.gk-meta").get_text()
    assert "全年主动公开政府信息120条" not in meta_table and "统计期限" not in meta_table
    assert "**" not in article.get_text()
    assert article.get_text().count("全年主动公开政府信息120条") == 1
    assert article.select_one("strong").get_text() == "（一）主动公开。"
    sections = [h.get_text(strip=True) for h in article.select("h2")]
    expected = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]
    assert sections[: len(expected)] == expected
    assert [name for name, _ in toc(soup)][: len(expected)] == expected
    overview = article.find("h2", string="一、总体情况")
    assert "全年主动公开政府信息120条" in overview.find_next("p").get_text()  # the text under its heading


# --- 3. budgets in the standard order --------------------------------------------

BUDGET_BODY = """\
body: |
  ## 第一部分 部门概况

  本部门负责全市财政工作。

  ## 第二部分 2024年部门预算情况说明

  2024年收支预算总计如下表。

  ## 第三部分 名词解释

  **机关运行经费**：为保障行政单位运行用于购买货物和服务的各项资金。
"""


def test_budget_page_reads_overview_explanation_terms_then_the_tables_all_in_the_contents(build_site):
    text = "index_no: 114419000073302510/2024-00103\n" + re.sub(r"^body: .*\n", BUDGET_BODY, BUDGET, flags=re.M)
    site = build_site({"catalog/budget/2024/budget.yml": text})
    soup = entry_page(site, "114419000073302510/2024-00103")
    order = heading_order(soup)
    at = {name: order.index(name) for name in ("第一部分 部门概况", "第二部分 2024年部门预算情况说明", "第三部分 名词解释", "预算报表")}
    assert at["第一部分 部门概况"] < at["第二部分 2024年部门预算情况说明"] < at["第三部分 名词解释"] < at["预算报表"]
    tables = [h for h in soup.select("article h3") if (h.get("id") or "").startswith("table-")]
    assert len(tables) == 9 and all(order.index(h.get_text(strip=True)) > at["预算报表"] for h in tables)
    contents = toc(soup)
    names = [name for name, _ in contents]
    for heading in tables:  # each table in the page contents, linked to its anchor
        assert (heading.get_text(strip=True), f"#{heading['id']}") in contents
    assert names.index("第一部分 部门概况") < names.index("预算报表") < names.index(tables[0].get_text(strip=True))
    for _, href in contents:
        assert soup.find(id=unquote(href[1:])) is not None, href


# --- 4. 当前位置 -----------------------------------------------------------------

HOSTILE_TITLE = '示例</script><script>alert("x")</script>通知'


def crumbs(soup: BeautifulSoup) -> list[tuple[str, str | None]]:
    nav = soup.select_one('nav[aria-label="当前位置"]')
    assert nav is not None and nav.find("ol") is not None
    return [(li.get_text(strip=True), li.a["href"] if li.a else None) for li in nav.select("ol > li")]


def breadcrumb_json(soup: BeautifulSoup) -> dict:
    scripts = soup.select('script[type="application/ld+json"]')
    assert len(scripts) == 1
    assert "<" not in scripts[0].string  # nothing in the data can end the script element
    data = json.loads(scripts[0].string)
    assert data["@type"] == "BreadcrumbList"
    return data


def test_breadcrumbs_on_entry_listing_and_hand_written_pages(build_site, make_project):
    policy = NOTICE.replace("kind: notice", "kind: policy\nvalidity: 有效").replace("示例市财政局关于采购结果的公告", HOSTILE_TITLE)
    site = build_site({"catalog/policy/2024/p.md": policy}, site_url="https://xxgk.example.gov.cn/")
    page = "xxgk/114419000073302510/2024-00031/index.html"
    soup = read(site, page)
    trail = crumbs(soup)
    assert [name for name, _ in trail] == ["首页", "政府信息公开", "政策文件", "2024年", HOSTILE_TITLE.replace('"', '"')]
    assert trail[-1][1] is None and soup.select_one('nav[aria-label="当前位置"] [aria-current="page"]')
    base = site / page
    for _, href in trail[:-1]:  # every step links to a page of the site
        target = (base.parent / href).resolve()
        assert (target / "index.html" if target.is_dir() else target).is_file(), href
    data = breadcrumb_json(soup)
    items = data["itemListElement"]
    assert [i["position"] for i in items] == [1, 2, 3, 4, 5]
    assert items[-1]["name"] == HOSTILE_TITLE
    assert items[0]["item"] == "https://xxgk.example.gov.cn/"
    assert items[2]["item"] == "https://xxgk.example.gov.cn/catalog/kind/policy/"
    assert items[-1]["item"] == "https://xxgk.example.gov.cn/xxgk/114419000073302510/2024-00031/"
    assert not [s for s in soup.find_all("script") if "alert" in (s.string or "") and s.get("type") != "application/ld+json"]

    listing = crumbs(read(site, "catalog/topic/czys/index.html"))
    assert [name for name, _ in listing] == ["首页", "政府信息公开", "按主题分类浏览", "财政、金融、审计 › 财政"]
    assert [name for name, _ in crumbs(read(site, "catalog/year/index.html"))] == ["首页", "政府信息公开", "按年度浏览"]
    assert [name for name, _ in crumbs(read(site, "guide/index.html"))] == ["首页", "信息公开指南"]
    assert [name for name, _ in crumbs(read(site, "sitemap/index.html"))] == ["首页", "网站地图"]
    assert read(site, "index.html").select_one('nav[aria-label="当前位置"]') is None  # the home page is where it starts


# --- 5. lang ---------------------------------------------------------------------

TRADITIONAL = """\
---
kind: notice
title: 雲浮市人民政府辦公室關於政府信息公開工作的通知
index_no: 114419000073302510/2016-00002
organ: demo-finance
published: 2016-03-31
topics: [zwgk]
disclosure: 主动公开
---
根據《中華人民共和國政府信息公開條例》的規定，現將有關事項通知如下：各單位要進一步加強領導、明確責任。
"""


def test_an_entry_in_traditional_characters_is_marked_zh_hant_and_the_site_zh_cn(build_site):
    site = build_site({"catalog/notice/2016/t.md": TRADITIONAL, "catalog/notice/2024/result.md": NOTICE})
    traditional = entry_page(site, "114419000073302510/2016-00002")
    assert traditional.html["lang"] == "zh-CN"
    marked = traditional.select_one('article [lang="zh-Hant"]')
    assert marked is not None and marked.find("h1") is not None and "根據" in marked.select_one(".gk-body").get_text()
    simplified = entry_page(site, "114419000073302510/2024-00031")
    assert simplified.html["lang"] == "zh-CN" and simplified.select_one('[lang="zh-Hant"]') is None
    assert read(site, "index.html").html["lang"] == "zh-CN"


def test_script_is_told_from_the_text():
    assert language("雲浮市人民政府辦公室2015年政府信息公開工作年度報告") == "zh-Hant"
    assert language("云浮市人民政府办公室2015年政府信息公开工作年度报告") == "zh-CN"
    assert language("东莞市著名的乾隆年间建筑保护办法，全文共十二条，适用于本市行政区域。") == "zh-CN"  # two stray forms
    assert language("", None, 3) == "zh-CN"


# --- 6. numbers ----------------------------------------------------------------


@pytest.mark.parametrize(("value", "digits", "shown"), [
    (10826.44, None, "10,826.44"), (1836000, None, "1,836,000"), (1980000.0, None, "1,980,000"),
    (48.3, 2, "48.30"), (-4.300000000000004, None, "−4.3"), (-0.001, 2, "0.00"), (0.125, None, "0.125"), (None, None, ""),
])
def test_amounts_keep_their_decimals_and_use_a_true_minus(value, digits, shown):
    assert numbers.amount(value, digits) == shown


def test_changes_units_and_years_have_one_form():
    assert numbers.percent(-8.2) == "−8.2%" and numbers.percent(3.54) == "+3.5%" and numbers.percent(None) == "—"
    assert numbers.signed(1.2, 2) == "+1.20" and numbers.signed(0.0, 2) == "0.00"
    assert numbers.with_unit(48.3, "万元", 2) == "48.30万元" and numbers.year(2025) == "2025年"
    assert numbers.decimals([120.0, 10826.44, 3]) == 2


def test_pages_print_numbers_one_way(build_site):
    text = "index_no: 114419000073302510/2024-00103\n" + BUDGET
    site = build_site({"catalog/budget/2024/budget.yml": text, "catalog/notice/2024/result.md": NOTICE})
    year_listing = read(site, "catalog/year/2024/index.html")
    assert year_listing.h1.get_text(strip=True) == "年度：2024年"
    page = entry_page(site, "114419000073302510/2024-00103")
    cells = [td.get_text() for td in page.select("table.gk-data td.gk-num")]
    assert cells and all(not c.startswith("-") for c in cells)
    assert all(re.fullmatch(r"−?\d{1,3}(,\d{3})*\.\d\d", c) for c in cells if c)  # one form: separators, the table's two decimals
    for svg_text in page.select("svg.gk-chart title"):
        assert not re.search(r"\d 万元", svg_text.get_text())


# --- 7. every link resolves; the footer's 网站地图 ---------------------------------


@pytest.fixture(scope="module")
def demo(demo_site: Path) -> Path:
    """The demo site (conftest.demo_site: built once for every module that reads it)."""
    return demo_site


def local_target(site: Path, page: Path, url: str) -> Path | None:
    """The file a relative or root-relative URL of ``page`` names in the site, or None for another host."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or url.startswith(("#", "mailto:", "tel:", "data:", "javascript:")):
        return None
    path = unquote(parts.path)
    if not path:
        return None
    target = (site / path.lstrip("/")) if path.startswith("/") else (page.parent / path)
    target = target.resolve()
    return target / "index.html" if path.endswith("/") or target.is_dir() else target


def unresolved(site: Path) -> list[str]:
    """Every href/src of every page that names a file missing from the site."""
    missing: list[str] = []
    for page in sorted(site.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for element in soup.find_all(["a", "link", "script", "img", "source", "iframe"]):
            for attribute in ("href", "src"):
                url = element.get(attribute)
                if not url:
                    continue
                target = local_target(site, page, url)
                if target is None:
                    continue
                if not str(target).startswith(str(site.resolve())) or not target.is_file():
                    missing.append(f"{page.relative_to(site)}: {attribute}={url}")
    return missing


def test_every_href_src_and_link_of_the_demo_resolves_inside_the_site(demo):
    assert len(list(demo.rglob("*.html"))) > 40
    assert unresolved(demo) == []
    assert not (demo / "feeds" / "sitemap.xml").exists()  # nothing asks for it any more (main.html: rel="alternate feed")


def test_the_footer_links_the_site_map_on_every_page_configured_or_not(demo, build_site):
    for page in ("index.html", "catalog/index.html", "guide/index.html", "sitemap/index.html", "404.html"):
        soup = read(demo, page)
        link = soup.find("footer").find("a", string="网站地图")
        assert link is not None and local_target(demo, demo / page, link["href"]) == (demo / "sitemap" / "index.html").resolve(), page
    bare = build_site({"catalog/notice/2024/result.md": NOTICE})
    soup = entry_page(bare, "114419000073302510/2024-00031")
    link = soup.select_one("footer a[href$='sitemap/']")
    assert link is not None and (bare / "xxgk/114419000073302510/2024-00031" / link["href"] / "index.html").resolve().is_file()


@pytest.mark.browser
def test_entry_pages_fit_a_phone_at_every_font_size(demo):
    """The 信息索引 and the bodies of every entry page stay within 390 px (data tables scroll in their own frame)."""
    import sitekit
    from playwright.sync_api import sync_playwright

    if not sitekit.chromium_available():
        pytest.skip("Debian chromium not installed (make browser-deps)")
    entries = sorted(p.parent.relative_to(demo).as_posix() + "/" for p in (demo / "xxgk").rglob("index.html"))
    assert len(entries) > 20
    wide: list[str] = []
    with sitekit.serve(demo) as base, sync_playwright() as playwright:
        browser = sitekit.launch(playwright)
        try:
            for font in ("", "large", "xlarge"):
                context = browser.new_context(viewport={"width": 390, "height": 844})
                page = context.new_page()
                page.goto(base)
                page.evaluate(f"localStorage.setItem('gk-font', '{font}')")
                for url in entries:
                    page.goto(base + url)
                    width = page.evaluate("document.documentElement.scrollWidth")
                    if width > 390:
                        wide.append(f"{font or '标准字号'} {url} {width}px")
                context.close()
        finally:
            browser.close()
    assert wide == []


def test_links_resolve_to_files_without_directory_urls(build_site):
    """use_directory_urls: false (a site opened from a plain file host): 当前位置 and the footer name .html files."""
    site = build_site({"catalog/notice/2024/result.md": NOTICE}, use_directory_urls=False)
    page = site / "xxgk/114419000073302510/2024-00031.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    hrefs = [href for _, href in crumbs(soup) if href] + [soup.find("footer").find("a", string="网站地图")["href"]]
    assert all(href.endswith(".html") for href in hrefs), hrefs
    assert unresolved(site) == []
