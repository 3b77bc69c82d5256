"""gk-search in a real MkDocs build: index files from the public view only, search box in the header."""

from __future__ import annotations

import gzip
import json
import logging
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import NEGATIVE_LIST, ORGANS, TOPICS, write_files
from plugins.core.search.reader import IndexReader

PLUGINS = ["gk-catalog", "gk-search"]

BUDGET = """\
kind: notice
title: 示例市财政局2024年部门预算公开
index_no: 114419000073302510/2024-00001
organ: demo-finance
published: 2024-03-08
topics: [czys]
disclosure: 主动公开
summary: 公开2024年部门预算。
body: 按照规定公开本部门2024年收支预算总表。
"""

TRADITIONAL = """\
kind: policy
title: 示例市政務公開工作要點
index_no: 11441900007330235A/2024-00002
organ: demo-office
doc_no: 示府办〔2024〕5号
written: 2024-03-01
published: 2024-03-05
topics: [zwgk]
disclosure: 主动公开
validity: 有效
body: 全面公開部門預算和“三公”經費，推進財政資金信息公開。
"""

PLAIN = """\
kind: policy
title: 示例市政务公开工作要点
index_no: 11441900007330235A/2024-00003
organ: demo-office
doc_no: 示府办〔2024〕3号
written: 2024-03-01
published: 2024-03-10
topics: [zwgk]
disclosure: 主动公开
validity: 有效
body: 各区人民政府，市府直属各单位：做好政务公开工作。
"""

ON_REQUEST = """\
kind: notice
title: 示例市考核评分细则
index_no: 114419000073302510/2024-00004
organ: demo-finance
published: 2024-03-12
topics: [czys]
disclosure: 依申请公开
exemption: process-info
exemption_reason: 内部考核细则，审查认为仅依申请提供。
summary: 年度考核的评分项目。
body: 评分暗语澜沧江畔只在依申请时提供。
"""

WITHHELD = """\
kind: notice
title: 绝密预算调整方案泸沽湖
index_no: 114419000073302510/2024-00005
organ: demo-finance
published: 2024-03-11
topics: [czys]
disclosure: 不予公开
exemption: state-secret
exemption_reason: 经保密部门确定为国家秘密。
summary: 泸沽湖预算调整。
"""

FILES = {
    "catalog/notice/2024/budget.yml": BUDGET,
    "catalog/policy/2024/traditional.yml": TRADITIONAL,
    "catalog/policy/2024/plain.yml": PLAIN,
    "catalog/notice/2024/on-request.yml": ON_REQUEST,
    "catalog/notice/2024/withheld.yml": WITHHELD,
}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """One build shared by the tests of this module (a build takes a second or two)."""
    root = tmp_path_factory.mktemp("search-site")
    write_files(root, {
        "catalog/organs.yml": ORGANS, "catalog/topics.yml": TOPICS, "catalog/negative-list.yml": NEGATIVE_LIST,
        "content/index.md": "# 首页\n", "content/apply.md": "# 依申请公开指南\n", "content/guide.md": "# 信息公开指南\n",
        **FILES,
    })
    config = {"site_name": "测试目录", "docs_dir": "content", "plugins": PLUGINS,
              "theme": {"name": "material", "language": "zh", "font": False}}
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    cfg = load_config(str(root / "mkdocs.yml"))
    cfg.plugins.on_startup(command="build", dirty=False)
    try:
        build(cfg)
    finally:
        cfg.plugins.on_shutdown()
    return root / "site"


def index_text(site: Path) -> str:
    """Every byte under site/search, decompressed and decoded."""
    parts = []
    for path in sorted((site / "search").rglob("*")):
        if path.is_file():
            raw = path.read_bytes()
            parts.append((gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw).decode("utf-8", "replace"))
    return "\n".join(parts)


def test_index_holds_the_public_view_only(site):
    reader = IndexReader(site / "search")
    assert reader.manifest["docs"] == 4  # three public entries and the 依申请公开 metadata
    text = index_text(site)
    assert "示例市考核评分细则" in text  # 依申请公开: its catalog metadata is public
    for secret in ("泸沽", "沽湖", "绝密预算", "114419000073302510/2024-00005", "澜沧", "评分暗语"):
        assert secret not in text
    titles = {reader.doc(n)["t"] for n in range(reader.manifest["docs"])}
    assert "绝密预算调整方案泸沽湖" not in titles
    assert not reader.search("泸沽湖") and not reader.search("澜沧江")


def test_budget_finds_simplified_and_traditional_entries_and_links_to_their_pages(site):
    reader = IndexReader(site / "search")
    hits = [reader.doc(n) for n in reader.search("预算")]
    assert [h["t"] for h in hits] == ["示例市财政局2024年部门预算公开", "示例市政務公開工作要點"]  # title hit first
    assert [h["t"] for h in map(reader.doc, reader.search("預算"))] == [h["t"] for h in hits]
    first = hits[0]
    assert (first["i"], first["d"], first["o"]) == ("114419000073302510/2024-00001", "2024-03-08", "示例市财政局")
    for hit in hits:
        page = BeautifulSoup((site / hit["u"] / "index.html").read_text(encoding="utf-8"), "html.parser")
        assert page.h1.get_text(strip=True) == hit["t"]


def test_filters_come_from_the_public_view(site):
    manifest = json.loads((site / "search" / "manifest.json").read_text(encoding="utf-8"))
    assert [k[:2] for k in manifest["kinds"]] == [["policy", "政策文件"], ["notice", "通知公告"]]
    assert [[o[1], o[2]] for o in manifest["organs"]] == [["示例市人民政府办公室", 2], ["示例市财政局", 2]]
    assert manifest["years"] == [[2024, 0, 3]]


def test_every_page_has_the_search_box_hidden_until_javascript_runs(site):
    page = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    box = page.select_one("header.md-header [data-gk-search]")
    assert box is not None and box.has_attr("hidden")
    combobox = box.select_one("input[role=combobox]")
    assert combobox["aria-controls"] == box.select_one("[role=listbox]")["id"]
    assert box.select_one("[role=status][aria-live=polite]") is not None
    scripts = [s["src"] for s in page.select("script[src]")]
    assert "assets/javascripts/gk-search.js" in scripts
    assert not any(s.startswith(("http:", "https:", "//")) for s in scripts)
    assert (site / "assets/javascripts/gk-search.js").is_file() and (site / "assets/stylesheets/gk-search.css").is_file()
    assert not (site / "search" / "search_index.json").exists()  # Material's one-file index is gone
    entry = site / "xxgk/114419000073302510/2024-00001/index.html"
    assert 'data-gk-search' in entry.read_text(encoding="utf-8")


def test_the_results_page_sits_beside_the_index_and_without_javascript_points_to_the_listings(site):
    page = BeautifulSoup((site / "search" / "index.html").read_text(encoding="utf-8"), "html.parser")
    results = page.select_one("article [data-gk-search-page]")
    assert results is not None and results.has_attr("hidden")  # shown by gk-search.js
    assert {s["name"] for s in results.select("select")} == {"kind", "organ", "year", "sort"}
    assert results.select_one("input[name=q]") is not None and results.select_one("[role=status]") is not None
    fallback = page.select_one("noscript a")
    assert fallback["href"] == "../catalog/" and (site / "catalog" / "index.html").is_file()
    for link in results.select(".gk-search-page__browse a"):
        assert (site / "search" / link["href"] / "index.html").resolve().is_file(), link["href"]
    assert (site / "search" / "manifest.json").is_file()  # the index files are still there
    assert page.title.get_text().startswith("搜索")


def test_with_materials_search_still_on_the_editor_is_told_and_only_the_index_is_written(build_site, caplog):
    with caplog.at_level(logging.WARNING):
        site = build_site({"catalog/notice/2024/budget.yml": BUDGET}, plugins=["search", *PLUGINS])
    assert any("[search-duplicate]" in r.getMessage() and "mkdocs.yml" in r.getMessage() for r in caplog.records)
    assert "data-gk-search" not in (site / "index.html").read_text(encoding="utf-8")
    assert IndexReader(site / "search").search("预算") == [0]
