"""“三公” pages say only what the data gives: the largest item only from a complete breakdown, the
document's own rate as written beside a labelled computed one, a report's scope, 元 without invented .00."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from kinds_fixtures import BUDGET, THREE_PUBLIC_2024, check

Y2024 = "catalog/three_public/2024/tp-2024.yml"
REGION = "catalog/three_public/2024/tp-region.yml"

NOW = """\
kind: three_public
title: 示例市财政局2024年“三公”经费预算
organ: demo-finance
fiscal_year: 2024
stage: 预算
unit: 万元
published: 2024-02-08
topics: [czys]
disclosure: 主动公开
outbound: {amount: 0, groups: 0, people: 0}
vehicles: {amount: 70.02, purchase: 0, operation: 70.02, purchased: 0, fleet: 6}
reception: {amount: 17.00, batches: 85, people: 620}
total: 87.02
change_reason: 压减公务用车运行费和公务接待费。
"""


def _page(site: Path, title: str) -> BeautifulSoup:
    for page in (site / "xxgk").rglob("index.html"):
        text = page.read_text(encoding="utf-8")
        if f"{title}</h1>" in text:
            return BeautifulSoup(text, "html.parser")
    raise AssertionError(f"no page {title}")


def test_largest_item_of_last_year_only_from_its_full_breakdown(build_site):
    partial = NOW + "previous: {total: 100.00, outbound: 0, vehicles: 80.00, reception: 20.00}\n"
    soup = _page(build_site({Y2024: partial}), "示例市财政局2024年“三公”经费预算")
    desc = soup.select_one("div.gk-chart > span.gk-sr").get_text()
    last_year = desc.split("2023年：")[1].split("。")[0]
    assert "最大" not in last_year and "公务用车运行费" not in last_year.split("；")[0]  # its split was not entered
    assert "2024年：" in desc and "最大的是公务用车运行费" in desc.split("2024年：")[1]
    assert "2023年的分项数字不全" in soup.select_one("section.gk-three-public").get_text()
    full = NOW + "previous: {total: 100.00, outbound: 0, vehicles: 80.00, purchase: 5.00, operation: 75.00, reception: 20.00}\n"
    soup = _page(build_site({Y2024: full}), "示例市财政局2024年“三公”经费预算")
    desc = soup.select_one("div.gk-chart > span.gk-sr").get_text()
    assert "2023年：" in desc and "最大的是公务用车运行费" in desc.split("2023年：")[1].split("。")[0]
    assert "分项数字不全" not in soup.get_text()
    rows = {tr.th.get_text(): [td.get_text() for td in tr.select("td")] for tr in soup.select("table.gk-data")[0].select("tbody tr")}
    assert rows["其中：公务用车购置费"][1] == "5.00" and rows["公务用车运行费"][1] == "75.00"


def test_last_years_breakdown_must_add_up(make_project):
    wrong = NOW + "previous: {total: 100.00, outbound: 0, vehicles: 80.00, purchase: 5.00, operation: 70.00, reception: 20.00}\n"
    hits = [d for d in check(make_project, {Y2024: wrong}).diagnostics if d.code == "three-public-previous-total"]
    assert len(hits) == 1 and "80.00" in hits[0].message and "75.00" in hits[0].message


def test_the_documents_rate_as_written_and_the_computed_one_labelled(make_project, build_site):
    stated = NOW + "previous: {total: 100.00, outbound: 0, vehicles: 80.00, reception: 20.00}\nchange_rate: 下降12.98%\n"
    assert check(make_project, {Y2024: stated}).diagnostics == []
    soup = _page(build_site({Y2024: stated}), "示例市财政局2024年“三公”经费预算")
    line = soup.select_one("p.gk-change").get_text()
    assert "原文增减率下降12.98%（计算值−12.98%）" in line and "13.0" not in soup.get_text()
    table = soup.select("table.gk-data")[0]
    assert "增减率（计算值）" in [th.get_text() for th in table.select("thead th")]
    assert {tr.th.get_text(): tr.select("td")[3].get_text() for tr in table.select("tbody tr")}["合计"] == "−12.98%"
    one_place = stated.replace("下降12.98%", "-13.0%")
    soup = _page(build_site({Y2024: one_place}), "示例市财政局2024年“三公”经费预算")
    assert "原文增减率-13.0%（计算值−13.0%）" in soup.select_one("p.gk-change").get_text()  # the document's precision
    wrong = stated.replace("下降12.98%", "下降21.98%")
    hits = [d for d in check(make_project, {Y2024: wrong}).diagnostics if d.code == "three-public-rate"]
    assert len(hits) == 1 and hits[0].is_error and "下降21.98%" in hits[0].message and "−12.98%" in hits[0].message


def test_scope_keeps_a_region_wide_report_apart(make_project, build_site):
    region = THREE_PUBLIC_2024.replace("2024年“三公”经费预算", "2024年全区“三公”经费预算汇总").replace("total: 48.30", "total: 480.30").replace(
        "reception: {amount: 9.80", "reception: {amount: 441.80") + "scope: 全区汇总\n"
    budget_path = "catalog/budget/2024/budget.yml"
    result = check(make_project, {Y2024: THREE_PUBLIC_2024, REGION: region, budget_path: BUDGET})
    assert result.diagnostics == []  # no duplicate; the budget's 三公 table is compared with the department's own
    again = check(make_project, {Y2024: THREE_PUBLIC_2024, REGION: THREE_PUBLIC_2024, budget_path: BUDGET})
    hits = [d for d in again.diagnostics if d.code == "three-public-duplicate"]
    assert len(hits) == 1 and "（本部门）" in hits[0].message and "scope" in hits[0].fix
    site = build_site({Y2024: THREE_PUBLIC_2024, REGION: region})
    assert "口径：全区汇总（本地区合计）" in _page(site, "示例市财政局2024年全区“三公”经费预算汇总").select_one("p.gk-scope").get_text()
    assert "口径：本部门" in _page(site, "示例市财政局2024年“三公”经费预算").select_one("p.gk-scope").get_text()


def test_yuan_report_of_whole_amounts_shows_no_invented_decimals(build_site):
    yuan = NOW.replace("unit: 万元", "unit: 元").replace("70.02", "700200").replace("17.00", "170000").replace("87.02", "870200")
    yuan += "previous: {total: 1000000, outbound: 0, vehicles: 800000, purchase: 0, operation: 800000, reception: 200000}\n"
    soup = _page(build_site({Y2024: yuan}), "示例市财政局2024年“三公”经费预算")
    cells = [td.get_text() for td in soup.select("table.gk-data")[0].select("td")]
    assert "870,200" in cells and "−129,800" in cells and not any(c.endswith(".00") for c in cells)
    assert "合计870,200元，减少129,800元，下降12.98%（计算值）" in soup.select_one("p.gk-change").get_text()
