"""Hostile editor text in the markup added lately: 当前位置 (HTML and JSON-LD), 原文如此 notes, chart tooltips,
listing cards' data-label, and the review report's HTML. What a parser sees must be the text as written,
and nothing of it may run.

One budget is built for real (site and review report) with a title, a table name, a 功能分类 row name and
a 原文如此 reason that hold ``</script>``, quotes, ``&``, ``</textarea>``, ``{{ }}``, a U+2028 and an RTL override.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import NEGATIVE_LIST, ORGANS, TOPICS, write_files
from kinds_fixtures import BUDGET, change
from plugins.core import pipeline
from test_as_issued import RIGHT, WRONG, cli, mkdocs_build
from test_review import commit_all, git, review

HOSTILE = "甲</script><script>alert(1)</script>\"乙'&amp;</textarea>{{ 7*7 }}\u2028丙\u202e丁"
ENTRY = "catalog/budget/2024/demo-finance-budget.yml"


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON string syntax, every non-ASCII character escaped)."""
    return json.dumps(text)


def flat(text: str) -> str:
    """The text as a one-line field shows it: the loader folds U+2028 (a YAML line break) like any other."""
    return " ".join(text.split("\u2028"))


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    write_files(root, {"catalog/organs.yml": ORGANS, "catalog/topics.yml": TOPICS, "catalog/negative-list.yml": NEGATIVE_LIST,
                       "content/index.md": "# 首页\n", "content/apply.md": "# 依申请公开指南\n", "content/guide.md": "# 信息公开指南\n"})
    config = {"site_name": "测试目录", "docs_dir": "content", "site_url": "https://xxgk.example.gov.cn/",
              "theme": {"name": "material", "language": "zh", "font": False}, "plugins": ["gk-catalog"],
              "markdown_extensions": ["tables", "nl2br", "attr_list", "md_in_html", "admonition"]}
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    commit_all(root, "基准版本")
    git(root, "tag", "base")
    text, line = change(BUDGET, RIGHT, WRONG)
    text = text.replace("title: 示例市财政局2024年部门预算", f"title: {q('预算' + HOSTILE)}")
    text = text.replace("name: 2024年部门支出总体情况表", f"name: {q('支出表' + HOSTILE)}")
    text = text.replace('{code: "201", name: 一般公共服务支出,', '{code: "201", name: ' + q("科目" + HOSTILE) + ",")
    write_files(root, {ENTRY: text})
    codes = sorted({d.code for d in pipeline.run(root / "catalog", root).diagnostics if d.file == ENTRY and d.line == line})
    assert "budget-total-row" in codes
    for code in codes:
        proc = cli(root, "asissued", f"{ENTRY}:{line}", "--code", code, "--by", "张三", "--reason", "核实" + HOSTILE)
        assert proc.returncode == 0, proc.stdout + proc.stderr
    commit_all(root, "照原样公开的预算")
    mkdocs_build(root)
    proc, _, _ = review(root)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return root


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def no_hostile_script(soup: BeautifulSoup) -> None:
    for script in soup.find_all("script"):
        assert "alert(1)" not in (script.string or "") or script.get("type") == "application/ld+json", script
    assert not soup.find_all("textarea")


def test_the_entry_page_shows_the_text_as_written_in_every_new_place(hostile):
    (page,) = [p for p in (hostile / "site" / "xxgk").rglob("index.html") if "预算甲" in p.read_text(encoding="utf-8")]
    soup = soup_of(page)
    no_hostile_script(soup)
    assert soup.h1.get_text() == flat("预算" + HOSTILE)
    nav = soup.select_one('nav[aria-label="当前位置"]')
    assert nav.select("li")[-1].get_text() == "预算" + HOSTILE
    (ld,) = soup.head.select('script[type="application/ld+json"]')
    assert "<" not in ld.string and json.loads(ld.string)["itemListElement"][-1]["name"] == "预算" + HOSTILE
    notes = [li.get_text() for li in soup.select(".gk-as-issued li")]
    assert notes and all("核实说明：核实" + flat(HOSTILE) in n for n in notes)
    assert any("支出表" + HOSTILE in n for n in notes)  # the finding quotes the table's name as written
    tips = [row["title"] for row in soup.select(".gk-chart__row")]
    assert "科目" + HOSTILE + "：95.00万元" in tips
    assert "支出表" + HOSTILE in [h.get_text() for h in soup.find_all("h3")]


def test_the_listing_cards_label_each_cell_and_show_the_title_as_written(hostile):
    soup = soup_of(hostile / "site" / "catalog" / "kind" / "budget" / "index.html")
    no_hostile_script(soup)
    cell = next(td for td in soup.select("td[data-label]") if "预算甲" in td.get_text())
    assert cell["data-label"] == "标题" and "".join(cell.get_text().split()) == "".join(("预算" + HOSTILE).split())  # long words get break points


def test_the_review_report_html_quotes_the_findings_as_text(hostile):
    soup = soup_of(hostile / "out" / "review.html")
    no_hostile_script(soup)
    text = soup.get_text()
    assert "支出表" + flat(HOSTILE) in text or "支出表" + HOSTILE in text
    assert "核实" + flat(HOSTILE) in text
