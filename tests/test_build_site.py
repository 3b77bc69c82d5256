"""End-to-end: tiny catalogs built with MkDocs, asserted on the HTML a reader sees."""

from __future__ import annotations

from bs4 import BeautifulSoup

from conftest import POLICY


def read(site, path):
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def test_entry_page_shows_metadata_with_chinese_labels(build_site):
    site = build_site({"catalog/policy/2024/yaodian.yml": POLICY.replace("title:", "index_no: 11441900007330235A/2024-00007\ntitle:")})
    soup = read(site, "xxgk/11441900007330235A/2024-00007/index.html")
    assert soup.h1.get_text(strip=True) == "示例市政务公开工作要点"
    rows = {th.get_text(strip=True): th.find_next_sibling("td").get_text(strip=True) for th in soup.select("table.gk-meta th")}
    assert rows["索引号"] == "11441900007330235A/2024-00007"
    assert rows["发布机构"] == "示例市人民政府办公室"
    assert rows["文号"] == "示府办〔2024〕3号"
    assert rows["发布日期"] == "2024-03-05"
    assert rows["主题分类"] == "综合政务 › 政务公开"  # a path, never the internal backslash
    assert "各区人民政府" in soup.select_one(".gk-body").get_text()
