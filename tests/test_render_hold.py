"""Generated HTML is kept away from Markdown (speed) and comes back intact."""

from __future__ import annotations

import posixpath
import random

from bs4 import BeautifulSoup

from conftest import POLICY
from plugins.core.pages.page import NONCE, RAW_MARK, hold, markdown_block, restore
from plugins.core.pages.urls import relpath

BODY = """\
body: |
  ## 第一条 目的

  为规范**政务公开**工作，制定本办法。

  - 主动公开
  - 依申请公开

  <table><tr><th>项目</th><td>金额</td></tr></table>
"""


def test_built_pages_carry_no_placeholder_and_the_body_is_still_markdown(build_site):
    entry = POLICY.replace("title:", "index_no: 11441900007330235A/2024-00001\ntitle:").replace("body: 各区人民政府，市府直属各单位。\n", BODY)
    site = build_site({"catalog/policy/2024/p.yml": entry})
    for page in site.rglob("*.html"):
        assert "gk-raw" not in page.read_text(encoding="utf-8"), page
    soup = BeautifulSoup((site / "xxgk/11441900007330235A/2024-00001/index.html").read_text(encoding="utf-8"), "html.parser")
    body = soup.select_one("div.gk-body")
    assert body.h2.get_text(strip=True) == "第一条 目的"
    assert body.strong.get_text() == "政务公开"
    assert [li.get_text() for li in body.select("ul li")] == ["主动公开", "依申请公开"]
    assert body.table.th.get_text() == "项目"
    assert soup.select_one("table.gk-meta caption").get_text() == "信息索引"
    assert "第一条 目的" in [a.get_text(strip=True) for a in soup.select(".md-nav--secondary a")]
    listing = BeautifulSoup((site / "catalog/kind/policy/index.html").read_text(encoding="utf-8"), "html.parser")
    assert listing.select_one("table.gk-listing a")["href"] == "../../../xxgk/11441900007330235A/2024-00001/"


def test_hold_and_restore_round_trip_and_markdown_blocks_stay_markdown():
    raw: list[str] = []
    text = "# 标题\n" + hold(raw, "<table><tr><td>1</td></tr></table>" + markdown_block("*x*", "gk-narrative"))
    assert "*x*" in text and "<table>" not in text and len(raw) == 3
    marks = RAW_MARK.findall(text)
    assert marks == ["0", "1", "2"]
    html = "<h1>标题</h1>\n" + "".join(f"<!--gk-raw-{NONCE}-{n}-->" if n != "1" else f"<!--gk-raw-{NONCE}-1--><p><em>x</em></p>" for n in marks)
    assert restore(html, raw) == '<h1>标题</h1>\n<table><tr><td>1</td></tr></table><div class="gk-narrative"><p><em>x</em></p></div>'


def test_a_mark_typed_by_an_editor_is_no_mark():
    raw: list[str] = []
    hold(raw, "<p>trusted</p>")
    typed = "<!--gk-raw-0--><!--gk-raw-99-->"
    assert restore(typed, raw) == typed  # the marks of this process carry a random part
    assert restore(f"<!--gk-raw-{NONCE}-99-->", raw) == ""  # and a mark past the list is never an IndexError


def test_fast_relpath_agrees_with_posixpath():
    parts = ["xxgk", "catalog", "kind", "policy", "11441900007330235A", "2024-00001", "2.md"]
    rng = random.Random(7)
    for _ in range(5000):
        target = "/".join(rng.choice(parts) for _ in range(rng.randint(0, 4)))
        start = "/".join(rng.choice(parts) for _ in range(rng.randint(0, 4)))
        assert relpath(target, start + "/") == posixpath.relpath(target or ".", start or "."), (target, start)
