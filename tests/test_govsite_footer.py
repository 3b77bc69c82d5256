"""The government website footer configured in mkdocs.yml, and the feed links that made Material request a missing sitemap."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from mkdocs.config import load_config

from conftest import POLICY
from plugins.catalog.config import FOOTER_ITEMS, CatalogConfig

FOOTER = {
    "sponsor": "演示县人民政府办公室",
    "organizer": "演示县政务服务数据管理局",
    "site_id_code": "0000000000",
    "icp": "京ICP备00000000号",
    "police": "京公网安备00000000000000号",
    "police_code": "00000000000000",
    "contact": "联系电话 010-00000000",
    "demo": True,
}


class _Footer(HTMLParser):
    """Text of the footer's items and the rel of every <link> in the page."""

    def __init__(self) -> None:
        super().__init__()
        self.items: list[str] = []
        self.rels: list[tuple[str, str]] = []
        self.icp_href = ""
        self._depth = 0
        self._li = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "link":
            self.rels.append((a.get("rel") or "", a.get("href") or ""))
        if tag == "ul" and "gk-footer__items" in (a.get("class") or ""):
            self._depth = 1
        elif tag == "li" and self._depth:
            self._li = True
            self.items.append("")
        elif tag == "a" and self._li and "beian.miit" in (a.get("href") or ""):
            self.icp_href = a.get("href") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "ul" and self._depth:
            self._depth = 0
        elif tag == "li":
            self._li = False

    def handle_data(self, data: str) -> None:
        if self._li:
            self.items[-1] += data


def _parse(path) -> _Footer:
    p = _Footer()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def test_footer_items_on_every_page_and_no_generator_line(build_site):
    site = build_site(
        {"catalog/policy/2024/yaodian.yml": POLICY.replace("title:", "index_no: 11441900007330235A/2024-00007\ntitle:")},
        plugins=[{"gk-catalog": {"footer": FOOTER}}, "gk-exports"],
        site_url="https://xxgk.example.gov.cn/",
    )
    entry = site / "xxgk/11441900007330235A/2024-00007/index.html"
    for page in (site / "index.html", entry):
        html = page.read_text(encoding="utf-8")
        assert "Made with" not in html
        f = _parse(page)
        assert f.items == [
            "主办单位：演示县人民政府办公室",
            "承办单位：演示县政务服务数据管理局",
            "网站标识码：0000000000",
            "京ICP备00000000号",
            "京公网安备00000000000000号",
            "联系我们：联系电话 010-00000000",
            "网站地图",
        ]
        assert f.icp_href == "https://beian.miit.gov.cn/"
        assert "均为虚构" in html
    # Material fetches sitemap.xml beside every link[rel=alternate]; a feed under feeds/ made that /feeds/sitemap.xml (404).
    feeds = [(rel, href) for rel, href in _parse(entry).rels if href.endswith(".xml")]
    assert feeds and all(rel == "alternate feed" for rel, _ in feeds)


def _validate(tmp_path, footer: object) -> tuple[list, list]:
    cfg = CatalogConfig(config_file_path=str(tmp_path / "mkdocs.yml"))
    cfg.load_dict({"footer": footer})
    return cfg.validate()


def test_missing_footer_items_warn_in_chinese_naming_the_key(tmp_path):
    errors, warnings = _validate(tmp_path, {"sponsor": "某县人民政府办公室"})
    assert errors == []
    text = "\n".join(str(w) for _, w in warnings)
    required = [k for k, (_, req) in FOOTER_ITEMS.items() if req and k != "sponsor"]
    for key in required:
        assert f"footer 下写 {key}:" in text
        assert FOOTER_ITEMS[key][0] in text
    assert "sponsor:" not in text


@pytest.mark.parametrize(
    ("footer", "said"),
    [
        ("主办单位", "页脚 footer 应为键值对"),
        ({"icq": "x"}, "没有 'icq' 这一项"),
        ({"icp": ["京ICP备1号"]}, "footer.icp（ICP备案号）应为一段文字"),
        ({"demo": "是"}, "footer.demo（演示标记）应为 true 或 false"),
    ],
)
def test_bad_footer_values_are_errors_in_chinese(tmp_path, footer, said):
    errors, _ = _validate(tmp_path, footer)
    assert errors and said in str(errors[0][1])


def test_demo_mkdocs_yml_has_every_required_footer_item():
    config = load_config("mkdocs.yml")
    footer = config.plugins["gk-catalog"].config.footer
    assert all(footer.get(k) for k, (_, req) in FOOTER_ITEMS.items() if req)
    assert footer["demo"] is True
