"""Feeds, data files, sitemap, 404 and meta tags, as a crawler or a data user reads them."""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup

from conftest import POLICY
from plugins.core.outputs import exports
from plugins.core.kinds import KINDS as DECLARED
from plugins.core.load.kind import KindSet

from plugins.core.outputs.sitemap import sitemap_files

KINDS = KindSet(DECLARED)

ROOT = Path(__file__).resolve().parent.parent
SITE_URL = "https://gk.example.gov.cn/"
PLUGINS = ["gk-catalog", "gk-exports"]
SECRET_TITLE = "关于绝密考核方案的请示"
SECRET_INDEX = "11441900007330235A/2024-00009"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def policy(n: int, day: int, title: str = "示例市政务公开工作要点") -> str:
    return POLICY.replace("title:", f"index_no: 11441900007330235A/2024-{n:05d}\ntitle:").replace(
        "示例市政务公开工作要点", f"{title}{n}"
    ).replace("published: 2024-03-05", f"published: 2024-03-{day:02d}")


ON_REQUEST = """\
kind: notice
title: 示例市考核评分细则
index_no: 114419000073302510/2024-00002
organ: demo-finance
published: 2024-03-10
topics: [czys]
disclosure: 依申请公开
exemption: process-info
exemption_reason: 内部考核细则，审查认为仅依申请提供。
summary: 年度考核的评分项目和分值。
body: 正文不应出现在任何输出中。
"""

WITHHELD = f"""\
kind: notice
title: {SECRET_TITLE}
index_no: {SECRET_INDEX}
organ: demo-office
published: 2024-03-11
topics: [zwgk]
disclosure: 不予公开
exemption: process-info
exemption_reason: 请示报告属于过程性信息。
summary: 绝密考核方案摘要。
"""


@pytest.fixture
def site(build_site):
    files = {f"catalog/policy/2024/p{n}.yml": policy(n, n) for n in range(1, 4)}
    files["catalog/notice/2024/on-request.yml"] = ON_REQUEST
    files["catalog/notice/2024/withheld.yml"] = WITHHELD
    return build_site(files, plugins=PLUGINS, site_url=SITE_URL)


def all_output_bytes(site: Path) -> list[tuple[Path, bytes]]:
    found = []
    for path in site.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            found.append((path, gzip.decompress(data) if path.suffix == ".gz" else data))
    return found


def test_nothing_withheld_reaches_any_output_byte(site):
    for path, data in all_output_bytes(site):
        for secret in (SECRET_TITLE, SECRET_INDEX, "绝密考核方案摘要", "正文不应出现", "内部考核细则", "过程性信息"):
            assert secret.encode("utf-8") not in data, f"{secret} leaked into {path.relative_to(site)}"


def test_atom_feed_parses_newest_first_with_absolute_links(site):
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.title == "测试目录"
    titles = [e.title for e in feed.entries]
    assert titles == ["示例市考核评分细则", "示例市政务公开工作要点3", "示例市政务公开工作要点2", "示例市政务公开工作要点1"]
    first = feed.entries[1]
    assert first.link == SITE_URL + "xxgk/11441900007330235A/2024-00003/"
    assert first.published.startswith("2024-03-03T00:00:00+08:00")
    assert first.id.startswith("urn:uuid:")
    assert first.author == "示例市人民政府办公室"
    assert {t.term for t in first.tags} >= {"policy", "综合政务\\政务公开"}
    assert "示府办〔2024〕3号" in first.content[0].value
    on_request = feed.entries[0]
    assert "依申请公开" in on_request.content[0].value


def test_feed_ids_are_stable_across_builds_and_site_moves(build_site, tmp_path):
    first = feedparser.parse((build_site({"catalog/policy/2024/p1.yml": policy(1, 1)}, plugins=PLUGINS, site_url=SITE_URL) / "feed.xml").read_bytes())
    moved = feedparser.parse((build_site({}, plugins=PLUGINS, site_url="https://new.example.gov.cn/") / "feed.xml").read_bytes())
    assert [e.id for e in first.entries] == [e.id for e in moved.entries]
    assert moved.entries[0].link.startswith("https://new.example.gov.cn/")


def test_one_feed_per_kind_and_empty_kinds_still_valid(site):
    for kind in KINDS:
        feed = feedparser.parse((site / "feeds" / f"{kind}.xml").read_bytes())
        assert not feed.bozo, (kind, feed.get("bozo_exception"))
        assert all(t.term == kind for e in feed.entries for t in e.tags[:1])
    assert len(feedparser.parse((site / "feeds/policy.xml").read_bytes()).entries) == 3
    assert feedparser.parse((site / "feeds/budget.xml").read_bytes()).entries == []


def test_feed_keeps_only_the_newest_fifty(build_site):
    files = {f"catalog/policy/2024/p{n}.yml": policy(n, 1 + n % 28) for n in range(1, 56)}
    site = build_site(files, plugins=PLUGINS, site_url=SITE_URL)
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert len(feed.entries) == 50
    dates = [e.published for e in feed.entries]
    assert dates == sorted(dates, reverse=True)
    assert "2024-03-01" not in dates[-1]  # the oldest five (days 1, 1, 2, 2, 3 …) dropped


def test_feed_size_option_sets_how_many_entries_each_feed_keeps(build_site):
    files = {f"catalog/policy/2024/p{n}.yml": policy(n, n) for n in range(1, 13)}
    site = build_site(files, plugins=["gk-catalog", {"gk-exports": {"feed_size": 5}}], site_url=SITE_URL)
    for feed_file in ("feed.xml", "feeds/policy.xml"):
        feed = feedparser.parse((site / feed_file).read_bytes())
        assert [e.title for e in feed.entries] == [f"示例市政务公开工作要点{n}" for n in range(12, 7, -1)]


def test_feed_without_site_url_resolves_relative_links(build_site):
    site = build_site({"catalog/policy/2024/p1.yml": policy(1, 1)}, plugins=PLUGINS)
    feed = feedparser.parse((site / "feeds/policy.xml").read_bytes(), response_headers={"content-location": "https://x.example/feeds/policy.xml", "content-type": "application/atom+xml"})
    assert not feed.bozo
    assert feed.entries[0].link == "https://x.example/xxgk/11441900007330235A/2024-00001/"


def read_json(site: Path, kind: str) -> dict:
    return json.loads((site / "data" / f"{kind}.json").read_text(encoding="utf-8"))


def read_csv(site: Path, kind: str) -> list[list[str]]:
    raw = (site / "data" / f"{kind}.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "CSV must start with a UTF-8 BOM for Excel"
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_json_data_per_kind_with_documented_keys(site):
    policies = read_json(site, "policy")
    assert policies["schema_version"] == exports.SCHEMA_VERSION
    assert policies["count"] == 3
    record = policies["entries"][-1]
    assert record["index_no"] == "11441900007330235A/2024-00001"
    assert record["url"] == SITE_URL + "xxgk/11441900007330235A/2024-00001/"
    assert record["organ_name"] == "示例市人民政府办公室"
    assert record["organ_uscc"] == "11441900007330235A"
    assert record["doc_no"] == "示府办〔2024〕3号"
    assert record["topics"] == ["综合政务\\政务公开"]
    assert record["validity"] == "有效"
    assert list(record) == [c.key for c in exports.columns(KINDS["policy"])]
    notices = read_json(site, "notice")
    assert [r["title"] for r in notices["entries"]] == ["示例市考核评分细则"]
    assert notices["entries"][0]["disclosure"] == "依申请公开"
    assert not {"exemption", "exemption_reason", "body"} & set(notices["entries"][0])
    index = json.loads((site / "data/index.json").read_text(encoding="utf-8"))
    assert {d["kind"]: d["count"] for d in index["datasets"]}["notice"] == 1


def test_csv_per_kind_has_bom_chinese_header_and_one_row_per_entry(site):
    rows = read_csv(site, "policy")
    assert rows[0] == [c.label for c in exports.columns(KINDS["policy"]) if c.in_csv]
    assert rows[0][:3] == ["索引号", "标题", "网址"]
    assert len(rows) == 4
    by_index = {r[0]: dict(zip(rows[0], r)) for r in rows[1:]}
    row = by_index["11441900007330235A/2024-00002"]
    assert row["发布日期"] == "2024-03-02"
    assert row["主题分类"] == "综合政务\\政务公开"
    assert row["发布机构"] == "示例市人民政府办公室"
    assert read_csv(site, "budget") == [[c.label for c in exports.columns(KINDS["budget"]) if c.in_csv]]


def test_csv_flattens_nested_values(build_site):
    three_public = """\
    kind: three_public
    title: 示例市财政局2024年“三公”经费预算
    index_no: 114419000073302510/2024-00001
    organ: demo-finance
    published: 2024-03-01
    disclosure: 主动公开
    fiscal_year: 2024
    stage: 预算
    outbound: {amount: 1.5, groups: 1, people: 3}
    vehicles: {purchase: 0, operation: 2.25}
    reception: {amount: 0.75}
    total: 4.5
    change_reason: 压减一般性支出
    """
    site = build_site({"catalog/three_public/2024/sg.yml": three_public}, plugins=PLUGINS, site_url=SITE_URL)
    rows = read_csv(site, "three_public")
    row = dict(zip(rows[0], rows[1]))
    assert row["因公出国(境)费·金额"] == "1.5"
    assert row["因公出国(境)费·团组数"] == "1"
    assert row["公务用车购置及运行费·运行费"] == "2.25"
    assert row["合计"] == "4.5"
    record = read_json(site, "three_public")["entries"][0]
    assert record["outbound"]["people"] == 3 and record["total"] == 4.5


def test_data_schema_doc_lists_every_column_of_every_kind():
    doc = (ROOT / "docs" / "data-schema.md").read_text(encoding="utf-8")
    assert f"schema_version: {exports.SCHEMA_VERSION}" in doc or f"`schema_version` = {exports.SCHEMA_VERSION}" in doc
    for kind in KINDS:
        assert f"`{kind}`" in doc, kind
        for column in exports.columns(KINDS[kind]):
            assert re.search(rf"`{re.escape(column.key)}`\s*\|\s*{re.escape(column.label)}\s*\|", doc), (kind, column)


def test_sitemap_lists_built_pages_with_publication_dates(site):
    root = ET.fromstring((site / "sitemap.xml").read_bytes())
    urls = {u.findtext(f"{SM}loc"): u.findtext(f"{SM}lastmod") for u in root.iter(f"{SM}url")}
    assert urls[SITE_URL + "xxgk/11441900007330235A/2024-00002/"] == "2024-03-02"
    assert urls[SITE_URL + "xxgk/114419000073302510/2024-00002/"] == "2024-03-10"
    assert SITE_URL in urls and SITE_URL + "catalog/" in urls
    assert not any(SECRET_INDEX in u or "404" in u for u in urls)
    for path in site.rglob("index.html"):
        url = SITE_URL + path.parent.relative_to(site).as_posix() + "/"
        assert url.replace("/./", "/") in urls or path.parent == site, url
    assert gzip.decompress((site / "sitemap.xml.gz").read_bytes()) == (site / "sitemap.xml").read_bytes()


def test_sitemap_splits_past_the_protocol_limit():
    pages = [(f"xxgk/p{n}/", None) for n in range(25)]
    files = sitemap_files(SITE_URL, pages, max_urls=10)
    index = ET.fromstring(files["sitemap.xml"])
    assert index.tag == f"{SM}sitemapindex"
    parts = [s.findtext(f"{SM}loc") for s in index]
    assert parts == [SITE_URL + f"sitemaps/sitemap-{n}.xml" for n in (1, 2, 3)]
    counted = sum(len(ET.fromstring(files[f"sitemaps/sitemap-{n}.xml"])) for n in (1, 2, 3))
    assert counted == 25


def test_no_site_url_means_no_sitemap_and_a_chinese_warning(build_site, caplog):
    site = build_site({"catalog/policy/2024/p1.yml": policy(1, 1)}, plugins=PLUGINS)
    assert not (site / "sitemap.xml").exists()
    assert any("site_url" in r.getMessage() and "站点地图" in r.getMessage() for r in caplog.records)


def test_404_page_is_chinese_and_links_home(site):
    soup = BeautifulSoup((site / "404.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.h1.get_text(strip=True) == "页面不存在（404）"
    assert "页面不存在" in soup.title.get_text()
    assert "/catalog/" in [a["href"] for a in soup.select(".md-content a")]


def test_entry_page_carries_government_meta_tags(site):
    soup = BeautifulSoup((site / "xxgk/11441900007330235A/2024-00001/index.html").read_text(encoding="utf-8"), "html.parser")
    meta = {m["name"]: m["content"] for m in soup.find_all("meta", attrs={"name": True})}
    assert meta["ArticleTitle"] == "示例市政务公开工作要点1"
    assert meta["PubDate"] == "2024-03-01"
    assert meta["ContentSource"] == "示例市人民政府办公室"
    assert meta["ColumnName"] == "政策文件"
    assert meta["SiteName"] == "测试目录"
    assert meta["SiteDomain"] == "gk.example.gov.cn"
    assert meta["IndexNo"] == "11441900007330235A/2024-00001"
    assert meta["Url"] == SITE_URL + "xxgk/11441900007330235A/2024-00001/"
    feeds = [link["href"] for link in soup.find_all("link", type="application/atom+xml")]
    assert feeds == ["../../../feed.xml", "../../../feeds/policy.xml"]
