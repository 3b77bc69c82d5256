"""Listing tables that become cards on a phone, and the pager, as built into a real site."""

from __future__ import annotations

from bs4 import BeautifulSoup

from conftest import POLICY
from plugins.core.pages.listings import card_table, page_numbers, title_html


def _policies(n: int) -> dict[str, str]:
    return {
        f"catalog/policy/2024/p{i:03d}.yml": POLICY.replace("示例市政务公开工作要点", f"示例市政务公开工作要点（第{i}号）").replace(
            "示府办〔2024〕3号", f"示府办〔2024〕{i}号")
        for i in range(1, n + 1)
    }


def test_every_cell_carries_its_heading_and_the_title_is_marked(build_site):
    site = build_site(_policies(2))
    soup = BeautifulSoup((site / "catalog/kind/policy/index.html").read_text(encoding="utf-8"), "html.parser")
    table = soup.select_one("table.gk-listing")
    assert "gk-cards" in table["class"]
    assert [th.get_text() for th in table.select("thead th[scope=col]")] == ["标题", "文号", "发布机构", "发布日期", "索引号"]
    row = table.select_one("tbody tr")
    assert [td["data-label"] for td in row.select("td")] == ["标题", "文号", "发布机构", "发布日期", "索引号"]
    assert row.select_one("td.gk-title a").get_text().startswith("示例市政务公开工作要点")
    # on a card only the 索引号 shows its label; 文号 · 发布机构 · 日期 speak for themselves
    assert [td["data-label"] for td in row.select("td.gk-lab")] == ["索引号"]


def test_pager_at_top_and_bottom_with_first_last_and_a_jump_form(build_site):
    site = build_site(_policies(120))
    first = BeautifulSoup((site / "catalog/kind/policy/index.html").read_text(encoding="utf-8"), "html.parser")
    navs = first.select("nav.gk-pager")
    assert [n["aria-label"] for n in navs] == ["分页（页首）", "分页"]
    article = str(first.select_one("article"))
    assert article.index("gk-pager") < article.index("<table") < article.rindex("gk-pager")
    # numbered from the oldest end: the front is the highest number, 末页 is page 1, the numbers run down
    pages = int(navs[1].select_one("form.gk-jump")["data-gk-pages"])
    assert pages >= 2
    links = {a.get_text(): a["href"] for a in navs[1].select("a")}
    assert links["下一页"] == f"{pages - 1}/" and links["末页"] == "1/"
    numbers = [int(a.get_text()) for a in navs[1].select("a[aria-label]")]
    assert numbers == sorted(numbers, reverse=True) and numbers[-1] == 1
    assert [s.get_text() for s in navs[1].select(".gk-pager__off")] == ["首页", "上一页"]
    assert navs[1].select_one("[aria-current=page]").get_text() == f"第 {pages} 页（当前）"
    form = navs[1].select_one("form.gk-jump")
    assert form.has_attr("hidden") and form["data-gk-second"] == "2/" and form["data-gk-front"] == str(pages)
    assert navs[0].select_one("input")["id"] != navs[1].select_one("input")["id"]  # two forms, two labels
    assert not (site / f"catalog/kind/policy/{pages}").exists()  # the front has one address
    older = BeautifulSoup((site / "catalog/kind/policy/1/index.html").read_text(encoding="utf-8"), "html.parser")
    links = {a.get_text(): a["href"] for a in older.select("nav.gk-pager")[1].select("a")}
    assert links["首页"] == "../" and links["上一页"] == ("../" if pages == 2 else "../2/") and "末页" not in links
    assert older.select_one("nav.gk-pager [aria-current=page]").get_text() == "第 1 页（当前）"
    assert "第 1 页" in older.select_one("h1").get_text() and not older.select(".gk-total")
    # an older page does not say how many pages there are (it stays as it is when one is added): the script asks
    form = older.select("nav.gk-pager")[1].select_one("form.gk-jump")
    assert not form.has_attr("data-gk-pages") and not form.select_one("input").has_attr("max") and form["data-gk-first"] == "../"
    assert "共" not in older.select_one("table.gk-listing caption").get_text()
    # every entry once, newest first from the front page to page 1
    numbers_seen = []
    for n in range(pages, 0, -1):
        path = site / ("catalog/kind/policy/index.html" if n == pages else f"catalog/kind/policy/{n}/index.html")
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        numbers_seen += [int(a.get_text().split("第")[-1].rstrip("号）")) for a in page.select("table.gk-listing td.gk-title a")]
    assert numbers_seen == list(range(120, 0, -1))


def test_an_added_entry_leaves_the_older_pages_as_they_were(build_site, tmp_path):
    """The point of numbering from the oldest end: adding the newest entry changes the front page, not the older ones."""
    import shutil

    site = build_site(_policies(120))
    kept = tmp_path / "before"
    shutil.copytree(site / "catalog/kind/policy", kept)
    site = build_site(_policies(121))
    older = sorted(p.relative_to(kept) for p in kept.rglob("index.html") if p.parent != kept)
    same = [p for p in older if (site / "catalog/kind/policy" / p).is_file() and (site / "catalog/kind/policy" / p).read_bytes() == (kept / p).read_bytes()]
    assert len(older) >= 1 and len(same) >= len(older) - 1, (older, same)
    front = BeautifulSoup((site / "catalog/kind/policy/index.html").read_text(encoding="utf-8"), "html.parser")
    assert front.select_one("table.gk-listing td.gk-title a").get_text().endswith("（第121号）")
    assert front.select_one(".gk-total").get_text() == "共 121 条"


def _page_files(site, base="catalog/kind/policy"):  # type: ignore[no-untyped-def]
    """Number of the front page, and the bytes of every older page by number."""
    folder = site / base
    front = BeautifulSoup((folder / "index.html").read_text(encoding="utf-8"), "html.parser")
    pages = int(front.select("nav.gk-pager")[1].select_one("form.gk-jump")["data-gk-pages"])
    return pages, {n: (folder / str(n) / "index.html").read_bytes() for n in range(1, pages)}


def test_a_page_more_at_the_newest_end_leaves_the_older_pages_byte_for_byte(build_site):
    """Entries added at the newest end until the listing has more pages: the older pages keep their bytes,
    but for the two below the old front page, whose pagers reach a page more."""
    pages, before = _page_files(build_site(_policies(300)))
    later, after = _page_files(build_site(_policies(420)))
    assert pages >= 5 and later > pages
    same = [n for n in before if after[n] == before[n]]
    assert same == [n for n in before if n < pages - 2], (pages, later, same)
    for n in range(pages - 2, pages):  # same entries, a pager that reaches a page more
        titles = [BeautifulSoup(files[n], "html.parser").select("td.gk-title a") for files in (before, after)]
        assert [a.get_text() for a in titles[0]] == [a.get_text() for a in titles[1]]


def test_page_numbers_reach_any_page_in_a_few_steps():
    assert page_numbers(1, 3) == [1, 2, 3]
    assert page_numbers(57, 2000) == [1, None, 40, None, 50, None, 55, 56, 57, 58, 59, 60, None, 100, None, 1000, None, 2000]
    # from page 1 to page 1234 without JavaScript: follow the largest round number below the target each time
    page, steps = 1, 0
    while page != 1234 and steps < 20:
        shown = [n for n in page_numbers(page, 2000) if n is not None]
        page = max(n for n in shown if n <= 1234) if 1234 not in shown else 1234
        steps += 1
    assert page == 1234 and steps <= 8


def test_cells_and_headings_are_escaped_and_long_words_marked():
    html = card_table("<caption>", ["<b>"], [["<i>x</i>"]])
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one("caption").get_text() == "<caption>" and soup.select_one("th").get_text() == "<b>"
    assert soup.select_one("td")["data-label"] == "<b>"
    marked = BeautifulSoup(title_html("关于公布https://www.example.gov.cn/a<b>.html的公告"), "html.parser")
    assert marked.select_one("span.gk-long").get_text() == "https://www.example.gov.cn/a<b>.html"
    assert marked.get_text() == "关于公布https://www.example.gov.cn/a<b>.html的公告" and not marked.select("b")
    assert title_html("2024—2026年") == "2024—2026年"


def test_theme_stylesheets_close_every_block():
    """A brace too few makes the browser drop every rule after it (the cards, the stacked metadata table)."""
    from pathlib import Path

    folder = Path(__file__).resolve().parent.parent / "plugins" / "catalog" / "theme" / "assets" / "stylesheets"
    for sheet in sorted(folder.glob("*.css")):
        depth = 0
        for char in sheet.read_text(encoding="utf-8"):
            depth += {"{": 1, "}": -1}.get(char, 0)
            assert depth >= 0, sheet.name
        assert depth == 0, sheet.name


def _block(css: str, opening: str) -> str:
    """The text between ``opening``'s brace and its matching one."""
    start = css.index(opening) + len(opening)
    depth, i = 1, start
    while depth:
        depth += {"{": 1, "}": -1}.get(css[i], 0)
        i += 1
    return css[start: i - 1]


def test_the_card_rules_for_browsers_without_container_queries_are_the_same_rules():
    """reflow.css writes the card rules twice: by container width, and by screen width under ``@supports not``
    (a browser either knows container queries or ignores them, so CSS has no way to say both once). The two
    copies must not drift apart: a fix made in one is made in the other."""
    from pathlib import Path

    css = (Path(__file__).resolve().parents[1] / "plugins/catalog/theme/assets/stylesheets/reflow.css").read_text(encoding="utf-8")
    by_container = _block(css, "@container gk-list (max-width: 46em) {")
    fallback = _block(_block(css, "@supports not (container-type: inline-size) {"), "@media screen and (max-width: 47.99em) {")
    assert "gk-cards td:not(.gk-title)::before" in by_container
    assert by_container.strip() == fallback.strip()
