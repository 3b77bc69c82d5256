"""gk-search in real headless Chromium (Debian's /usr/bin/chromium): type a query, see the right entries.

Each test builds a tiny site, serves it over http on a free localhost port
(stdlib http.server in a thread) and drives the header search box with the
keyboard, with Material's instant navigation on, at the root and under a
sub-path site_url.
"""

from __future__ import annotations

import functools
import json
import http.server
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

pytest.importorskip("playwright")
from playwright.sync_api import expect, sync_playwright  # noqa: E402

from plugins.core.search.index import token_hash
from plugins.core.search.match import query_tokens
from plugins.core.search.tokenize import normalize
from test_search_site import FILES, PLUGINS

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"]
THEME = {"name": "material", "language": "zh", "font": False, "features": ["navigation.instant"]}
BUDGET_TITLE = "示例市财政局2024年部门预算公开"
TRADITIONAL_TITLE = "示例市政務公開工作要點"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed (apt-get install chromium)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.requests = []  # type: ignore[attr-defined]
    page.errors = []  # type: ignore[attr-defined]
    page.on("request", lambda r: page.requests.append(r.url))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    yield page
    context.close()


def search(page, query: str) -> list[str]:
    """Type ``query`` into the header box like a reader; return the result titles shown."""
    box = page.locator("header [data-gk-search] input[role=combobox]")
    box.click()
    box.fill("")
    page.keyboard.type(query, delay=20)
    page.wait_for_function(
        "q => window.gkSearch && gkSearch.last && gkSearch.last.query === q", arg=query, timeout=15000
    )
    return page.locator("#gk-search-list [role=option] .gk-hit__title").all_inner_texts()


def test_typing_a_word_finds_simplified_and_traditional_entries_and_opens_one(build_site, page, tmp_path):
    # Material's instant navigation trusts sitemap URLs only on the host *and port* of
    # site_url, so the site is built for the port it is served on.
    with serve(tmp_path / "site") as origin:
        build_site(FILES, plugins=PLUGINS, theme=THEME, site_url=origin + "/")
        page.goto(origin + "/")
        assert search(page, "预算") == [BUDGET_TITLE, TRADITIONAL_TITLE]  # title hit first; 預算 found too
        assert page.locator("#gk-search-status").inner_text().startswith("共 2 条结果")
        assert page.locator("header input[role=combobox]").get_attribute("aria-expanded") == "true"
        marks = page.locator("#gk-search-list mark").all_inner_texts()
        assert "预算" in marks and "預算" in marks
        meta = page.locator("#gk-search-list [role=option]").first.locator(".gk-hit__meta").inner_text()
        for shown in ("索引号：114419000073302510/2024-00001", "发布日期：2024-03-08", "发布机构：示例市财政局"):
            assert shown in meta
        assert "绝密" not in page.locator("#gk-search-list").inner_text()

        page.evaluate("window.stillThesamePage = true")
        page.keyboard.press("ArrowDown")
        page.keyboard.press("ArrowDown")
        combobox = page.locator("header input[role=combobox]")
        second = page.locator("#gk-search-list [role=option]").nth(1)
        assert combobox.get_attribute("aria-activedescendant") == second.get_attribute("id")
        assert second.get_attribute("aria-selected") == "true"
        page.keyboard.press("Enter")
        page.wait_for_url(origin + "/xxgk/11441900007330235A/2024-00002/")
        expect(page.locator("article.md-content__inner h1")).to_have_text(TRADITIONAL_TITLE)  # instant: content swaps after the URL

        # instant navigation swapped the content and kept the header: the same box searches again
        assert page.evaluate("window.stillThesamePage === true")
        assert search(page, "政务公开") == ["示例市政务公开工作要点", TRADITIONAL_TITLE]
        page.keyboard.press("Escape")
        page.keyboard.press("Escape")
        assert not page.locator("#__search").is_checked()
    assert all(url.startswith(origin) for url in page.requests), [u for u in page.requests if not u.startswith(origin)]
    assert not page.errors


def test_filters_and_single_characters(build_site, page):
    site = build_site(FILES, plugins=PLUGINS, theme=THEME)
    with serve(site) as origin:
        page.goto(origin + "/")
        # all three have 公开 in the title and about as often in the body: newest first
        assert search(page, "公开") == ["示例市政务公开工作要点", BUDGET_TITLE, TRADITIONAL_TITLE]
        page.select_option("header select[name=kind]", label="政策文件（2）")
        page.wait_for_function("() => gkSearch.last && document.querySelectorAll('#gk-search-list [role=option]').length === 2")
        assert page.locator("#gk-search-list .gk-hit__title").all_inner_texts() == ["示例市政务公开工作要点", TRADITIONAL_TITLE]
        assert "筛选：政策文件" in page.locator("#gk-search-status").inner_text()
        page.fill("header input[role=combobox]", "")  # filters alone list that kind, newest first
        page.select_option("header select[name=kind]", label="通知公告（2）")
        page.wait_for_function("() => document.querySelector('#gk-search-status').textContent.startsWith('共 2 条')")
        assert page.locator("#gk-search-list .gk-hit__title").all_inner_texts() == ["示例市考核评分细则", BUDGET_TITLE]
        page.select_option("header select[name=kind]", value="")
        assert search(page, "财") == [BUDGET_TITLE]  # one character: titles only
        assert "单字只搜索标题" in page.locator("#gk-search-status").inner_text()
        assert search(page, "泸沽湖") == []
        assert "没有找到" in page.locator("#gk-search-status").inner_text()

        page.goto(origin + "/guide/?q=部門預算")  # a shared search link opens with its results
        page.wait_for_function("() => gkSearch.last && gkSearch.last.query === '部門預算'")
        assert page.locator("#gk-search-list .gk-hit__title").all_inner_texts() == [BUDGET_TITLE, TRADITIONAL_TITLE]
        page.keyboard.press("Escape")
        page.keyboard.press("Escape")
        page.locator("article.md-content__inner h1").click()
        page.keyboard.press("/")  # the keyboard shortcut Material's own search has
        assert page.evaluate("document.activeElement.getAttribute('role')") == "combobox"
    assert not page.errors


def test_works_under_a_sub_path_site_url(build_site, page, tmp_path):
    www = tmp_path / "www"
    with serve(www) as origin:
        base = origin + "/gk/demo/"
        site = build_site(FILES, plugins=PLUGINS, theme=THEME, site_url=base)
        shutil.copytree(site, www / "gk" / "demo")
        page.goto(base + "xxgk/11441900007330235A/2024-00003/")  # a deep page: paths are relative to it
        assert search(page, "預算") == [BUDGET_TITLE, TRADITIONAL_TITLE]
        link = page.locator("#gk-search-list a[role=option]").first
        assert link.get_attribute("href") == base + "xxgk/114419000073302510/2024-00001/"
        page.evaluate("window.stillThesamePage = true")
        link.click()
        page.wait_for_url(base + "xxgk/114419000073302510/2024-00001/")
        expect(page.locator("article.md-content__inner h1")).to_have_text(BUDGET_TITLE)
        assert page.evaluate("window.stillThesamePage === true")  # instant navigation, under the sub-path
        assert search(page, "政务") == ["示例市政务公开工作要点", TRADITIONAL_TITLE]
        assert any(u.startswith(base + "search/shards/") for u in page.requests)
    assert not page.errors


def test_browser_normalises_and_hashes_like_the_index(build_site, page):
    site = build_site(FILES, plugins=PLUGINS)
    samples = ["預算編制ＡＢＣ１２３", "臺灣資訊", "東府辦〔2016〕47號", "Ⅻ①ﬁ𪜀", "乾隆 後來 著作"]
    tokens = ["预算", "澜沧", "2016", "11441900007330235a", "𪜀𠀀"]
    queries = ["預算編制", "政府信息公开网", "税", "47号 预算", "東府辦〔2016〕47號", "，。"]
    with serve(site) as origin:
        page.goto(origin + "/")
        search(page, "预算")  # loads the manifest and its traditional→simplified table
        got = page.evaluate(
            "([s, t, q]) => [s.map(gkSearch.normalize), t.map(gkSearch.tokenHash),"
            " q.map(x => [gkSearch.parseQuery(x).tokens, gkSearch.parseQuery(x).titleOnly])]",
            [samples, tokens, queries],
        )
    assert got[0] == [normalize(s) for s in samples]
    assert got[1] == [token_hash(t) for t in tokens]
    assert got[2] == [list(query_tokens(q)) for q in queries]


VECTORS = json.loads((Path(__file__).parent / "search_vectors.json").read_text(encoding="utf-8"))


def test_browser_runs_the_shared_vectors(build_site, page):
    """The specification's cases (tests/search_vectors.json) give in gk-search.js what they give in match.py."""
    site = build_site(FILES, plugins=PLUGINS)
    with serve(site) as origin:
        page.goto(origin + "/")
        search(page, "预算")  # loads the manifest and its traditional→simplified table
        got = page.evaluate(
            """v => ({
              text: v.text.map(c => gkSearch.matchText(gkSearch.normalize(c.text))),
              words: v.words.map(c => gkSearch.queryWords(c.query)),
              tokens: v.tokens.map(c => { const p = gkSearch.parseQuery(c.query); return [p.tokens, p.exact, p.titleOnly]; }),
              match: v.match.map(c => gkSearch.matchesDoc(gkSearch.parseQuery(c.query), {h: c.heading, x: c.text, i: c.index_no})),
            })""",
            VECTORS,
        )
    assert got["text"] == [c["match_text"] for c in VECTORS["text"]]
    assert got["words"] == [c["words"] for c in VECTORS["words"]]
    assert got["tokens"] == [[c["tokens"], c["exact"], c["title_only"]] for c in VECTORS["tokens"]]
    assert got["match"] == [c["match"] for c in VECTORS["match"]]


PHRASES = [
    ("“三公”经费", "公开2024年“三公”经费预算。"), ("三公經費", "公開三公經費。"), ("三公和经费", "三公和经费分开写。"),
    ("国发〔2017〕", "依据国发〔2017〕12号文件。"), ("国发〔2016〕", "依据国发〔2016〕3号和粤府〔2017〕1号。"),
    ("25.16万元", "支出合计25.16万元。"), ("125.16万元", "支出合计125.16万元。"), ("25.16 万元", "支出合计25.16 万元。"),
    ("第2号", "2024年第2号公告。"), ("第12号", "2024年第12号公告。"), ("政府采购", "按照政府采购法执行。"),
    ("0.5万元", "其中0.5万元用于培训。"), ("10.5万元", "其中10.5万元用于维修。"),
]
EXACT_QUERIES = ["三公经费", "国发〔2017〕", "25.16万元", "第2号", "0.5万元", "政府采购", "2017", "预算", "三公",
                 "11441900007330235A/2024-00002", "2024-00003"]


def phrase_files() -> dict[str, str]:
    files = dict(FILES)
    for n, (name, body) in enumerate(PHRASES, start=10):
        files[f"catalog/notice/2024/p{n}.yml"] = (
            f"kind: notice\ntitle: 示例市财政局通知{n}号（{name}）\nindex_no: 114419000073302510/2024-000{n}\n"
            f"organ: demo-finance\npublished: 2024-04-{n:02d}\ntopics: [czys]\ndisclosure: 主动公开\nbody: {body}\n"
        )
    return files


def all_results(page, query: str) -> tuple[list[str], str]:
    """Every title the reader can reach for ``query`` (显示更多 until it goes), and the count line."""
    titles = search(page, query)
    more = page.locator("header .gk-search-more")
    while more.is_visible():
        before = len(titles)
        more.click()
        page.wait_for_function("n => document.querySelectorAll('#gk-search-list [role=option]').length > n || document.querySelector('header .gk-search-more').hidden", arg=before)
        titles = page.locator("#gk-search-list [role=option] .gk-hit__title").all_inner_texts()
    return titles, page.locator("#gk-search-status").inner_text()


def test_browser_shows_exactly_the_truth_and_says_so(build_site, page):
    """Each query's results in Chromium are the entries whose own text has it (truth from the YAML), as reader.py finds them."""
    import yaml

    from plugins.core.search.match import matches
    from plugins.core.search.reader import IndexReader

    files = phrase_files()
    site = build_site(files, plugins=PLUGINS, theme=THEME)
    entries = [yaml.safe_load(text) for path, text in files.items() if path.startswith("catalog/")]
    public = [e for e in entries if e["disclosure"] != "不予公开"]
    reader = IndexReader(site / "search")
    with serve(site) as origin:
        page.goto(origin + "/")
        for query in EXACT_QUERIES:
            expected = {e["title"] for e in public if matches(
                query, "\n".join([e["title"], e.get("doc_no", "")]), "\n".join([e.get("summary", ""), e.get("body", "") if e["disclosure"] == "主动公开" else ""]), e["index_no"])}
            shown, status = all_results(page, query)
            assert set(shown) == expected and len(shown) == len(expected), (query, shown, expected)
            assert shown == [reader.doc(n)["t"] for n in reader.search(query)], query  # same order as the Python reader
            if expected:
                assert status.startswith(f"共 {len(expected)} 条"), (query, status)
            else:
                assert "没有找到" in status, (query, status)
    assert not page.errors


SHOTS = Path("/work/wt/shots")


def shot(page, tmp_path: Path, name: str) -> None:
    """A full-page screenshot in the test's folder (and in the shared shots folder when there is one, to look at)."""
    path = tmp_path / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    if SHOTS.is_dir():
        shutil.copy(path, SHOTS / f"search-{name}.png")


def test_results_page_filters_sorts_pages_and_offers_a_shorter_query(build_site, page, tmp_path):
    """search/?q=… lists every result a page at a time; the URL carries query, filters, sort and page."""
    files = phrase_files()
    for n in range(30, 45):  # fifteen more 通知 with 预算 in the body, so the results take two pages
        files[f"catalog/notice/2024/b{n}.yml"] = (
            f"kind: notice\ntitle: 示例市财政局资金通知{n}号\nindex_no: 114419000073302510/2024-000{n}\n"
            f"organ: demo-finance\npublished: 2024-05-{n - 15:02d}\ntopics: [czys]\ndisclosure: 主动公开\nbody: 调整部门预算{n}万元。\n"
        )
    site = build_site(files, plugins=PLUGINS, theme=THEME)
    with serve(site) as origin:
        page.goto(origin + "/search/?q=预算")
        page.wait_for_function("() => gkSearch.lastPage && gkSearch.lastPage.query === '预算'")
        status = page.locator("#gk-page-status").inner_text()
        total = page.evaluate("gkSearch.lastPage.total")
        assert total > 10 and status.startswith(f"共 {total} 条结果，第 1–10 条")
        first = page.locator(".gk-search-page__list .gk-hit__title").all_inner_texts()
        assert len(first) == 10 and BUDGET_TITLE in first[:2]  # title hits first
        shot(page, tmp_path, "results-page")
        page.add_script_tag(path=str(Path(__file__).parent / "vendor" / "axe.min.js"))
        axe = page.evaluate("() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})")
        assert [v["id"] for v in axe["violations"] if v["impact"] in ("serious", "critical")] == []
        page.locator(".gk-search-page__pages a", has_text="2").first.click()
        page.wait_for_function("() => gkSearch.lastPage.url === location.href && gkSearch.lastPage.page === 2")
        assert "page=2" in page.url
        second = page.locator(".gk-search-page__list .gk-hit__title").all_inner_texts()
        assert len(first) + len(second) == total and not set(first) & set(second)

        page.select_option(".gk-search-page select[name=sort]", value="date")  # newest first, whatever the title says
        page.wait_for_function("() => location.search.includes('sort=date') && gkSearch.lastPage.url === location.href")
        dated = page.locator(".gk-search-page__list .gk-hit__meta").all_inner_texts()
        dates = [next(part for part in meta.split("发布日期：")[1:]) [:10] for meta in dated]
        assert dates == sorted(dates, reverse=True)

        page.select_option(".gk-search-page select[name=kind]", value="policy")
        page.wait_for_function("() => location.search.includes('kind=policy') && gkSearch.lastPage.url === location.href")
        assert page.locator(".gk-search-page__list .gk-hit__title").all_inner_texts() == [TRADITIONAL_TITLE]

        shared = page.url  # a shared link opens the same page of the same search
        other = page.context.new_page()
        other.goto(shared)
        other.wait_for_function("() => gkSearch.lastPage && gkSearch.lastPage.query === '预算'")
        assert other.locator(".gk-search-page__list .gk-hit__title").all_inner_texts() == [TRADITIONAL_TITLE]
        assert other.locator(".gk-search-page select[name=sort]").input_value() == "date"
        other.close()

        page.goto(origin + "/search/?q=三公经费预算公开说明")  # no entry has it all; 三公经费 and 预算 are there
        page.wait_for_function("() => gkSearch.lastPage && gkSearch.lastPage.query === '三公经费预算公开说明'")
        assert "没有找到" in page.locator("#gk-page-status").inner_text()
        offers = page.locator(".gk-search-page__shorter a").all_inner_texts()
        assert offers and all(len(o) < len("三公经费预算公开说明") for o in offers)
        browse = page.locator(".gk-search-page__browse a")
        assert browse.count() >= 2 and browse.first.get_attribute("href") == origin + "/catalog/"
        shot(page, tmp_path, "results-empty")
        page.locator(".gk-search-page__shorter a").first.click()
        page.wait_for_function("q => gkSearch.lastPage.query === q && gkSearch.lastPage.url === location.href", arg=offers[0])

        page.goto(origin + "/")  # the header box links its search to the results page
        search(page, "预算")
        link = page.locator("header .gk-search-all")
        assert link.is_visible() and link.get_attribute("href") == origin + "/search/?q=%E9%A2%84%E7%AE%97"
    assert not page.errors


def test_a_count_that_needs_checking_becomes_exact_in_the_background(build_site, page):
    """35 candidates of a long 文号: the first page checks ten, the rest are checked after it is shown; then 共 35."""
    files = dict(FILES)
    for n in range(50, 85):
        files[f"catalog/notice/2024/c{n}.yml"] = (
            f"kind: notice\ntitle: 示例市财政局转发通知{n}号\nindex_no: 114419000073302510/2024-000{n}\n"
            f"organ: demo-finance\npublished: 2024-{6 + (n - 50) // 28:02d}-{(n - 50) % 28 + 1:02d}\ntopics: [czys]\ndisclosure: 主动公开\nbody: 依据示府发〔2023〕9号执行。\n"
        )
    files["catalog/notice/2024/c99.yml"] = (
        "kind: notice\ntitle: 示例市财政局另一通知\nindex_no: 114419000073302510/2024-00099\norgan: demo-finance\n"
        "published: 2024-07-01\ntopics: [czys]\ndisclosure: 主动公开\nbody: 示府发和〔2023〕分开写。\n"
    )
    site = build_site(files, plugins=PLUGINS, theme=THEME)
    with serve(site) as origin:
        page.goto(origin + "/")
        assert len(search(page, "示府发〔2023〕")) == 10
        page.wait_for_function("() => !gkSearch.checking")
        assert page.locator("#gk-search-status").inner_text().startswith("共 35 条结果")
    assert not page.errors
