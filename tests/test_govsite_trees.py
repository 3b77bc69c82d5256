"""Facet hubs: topics as a tree without the internal backslash, organs nested under their parent, kinds in the declared order."""

from __future__ import annotations

from bs4 import BeautifulSoup

from conftest import POLICY
from plugins.core.kinds import KINDS

ORGANS = """\
- id: demo-office
  name: 示例市人民政府办公室
  uscc: 11441900007330235A
- id: finance
  name: 示例市财政局
  uscc: 114419000073302510
  parent: demo-office
"""

TOPICS = """\
- id: zwgk
  name: 综合政务\\政务公开
- id: czys
  name: 财政、金融、审计\\财政
"""


def _site(build_site):
    policy = POLICY.replace("title:", "index_no: 11441900007330235A/2024-00007\ntitle:")
    second = (
        POLICY.replace("title:", "index_no: 114419000073302510/2024-00001\ntitle:")
        .replace("organ: demo-office", "organ: finance")
        .replace("示府办〔2024〕3号", "示财〔2024〕1号")
        .replace("示例市政务公开工作要点", "示例市财政专项资金管理办法")
        .replace("topics: [zwgk]", "topics: [czys]")
    )
    return build_site({"catalog/organs.yml": ORGANS, "catalog/topics.yml": TOPICS, "catalog/policy/2024/a.yml": policy, "catalog/policy/2024/b.yml": second})


def test_topic_hub_is_a_tree_and_never_shows_the_backslash(build_site):
    site = _site(build_site)
    html = (site / "catalog/topic/index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    tree = soup.select_one("ul.gk-tree")
    assert tree is not None
    top = [li.find(string=True, recursive=False).strip() for li in tree.find_all("li", recursive=False)]
    assert sorted(top) == ["综合政务", "财政、金融、审计"]
    leaves = {a.get_text() for a in tree.select("ul.gk-tree__branch a")}
    assert leaves == {"政务公开", "财政"}
    assert "\\" not in soup.select_one("article").get_text()
    listing = BeautifulSoup((site / "catalog/topic/czys/index.html").read_text(encoding="utf-8"), "html.parser")
    assert listing.h1.get_text(strip=True) == "主题分类：财政、金融、审计 › 财政"


def test_organ_hub_nests_an_organ_under_its_parent(build_site):
    site = _site(build_site)
    soup = BeautifulSoup((site / "catalog/organ/index.html").read_text(encoding="utf-8"), "html.parser")
    parent = soup.select_one("ul.gk-tree > li")
    assert parent.a.get_text() == "示例市人民政府办公室"
    assert [a.get_text() for a in parent.select("ul.gk-tree__branch a")] == ["示例市财政局"]


def test_kind_hub_follows_the_declared_order_not_the_english_id(build_site):
    notice = "kind: notice\ntitle: 值班安排的通知\norgan: demo-office\npublished: 2024-01-02\ndisclosure: 主动公开\nindex_no: 11441900007330235A/2024-00009\nbody: 第一段。\n"
    site = build_site({"catalog/policy/2024/a.yml": POLICY.replace("title:", "index_no: 11441900007330235A/2024-00007\ntitle:"), "catalog/notice/2024/n.yml": notice})
    soup = BeautifulSoup((site / "catalog/kind/index.html").read_text(encoding="utf-8"), "html.parser")
    shown = [a.get_text() for a in soup.select("ul.gk-facets a")]
    declared = [k.name for k in KINDS]
    assert sorted(shown) == sorted(["政策文件", "通知公告"])
    assert shown == [name for name in declared if name in shown]


def test_site_map_page_links_every_column_kind_topic_organ_and_year(build_site):
    site = _site(build_site)
    page = site / "sitemap/index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    hrefs = [a["href"] for a in soup.select("article a")]
    for href in hrefs:
        target = (page.parent / href).resolve()
        assert (target / "index.html").is_file() or target.is_file(), href
    text = soup.select_one("article").get_text()
    for label in ("政府信息公开目录", "法定主动公开内容", "依申请公开", "政策文件", "政务公开", "示例市财政局", "2024年"):
        assert label in text
    assert "\\" not in text
