"""部门预算 / 部门决算: real consistent tables pass; each inconsistency is caught at its cell;
pages show accessible tables, build-time SVG charts and CSV downloads."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from attachkit import pdf
from kinds_fixtures import BUDGET, FINAL_ACCOUNT, THREE_PUBLIC_2024, change, check, found, line_of, messages
from plugins.core import pipeline

PATH = "catalog/budget/2024/budget.yml"
FINAL = "catalog/final_account/2025/final.yml"
REPO = Path(__file__).resolve().parents[1]


def test_consistent_budget_and_final_account_pass(make_project):
    result = check(make_project, {PATH: BUDGET, FINAL: FINAL_ACCOUNT, "catalog/three_public/2024/tp.yml": THREE_PUBLIC_2024})
    assert result.diagnostics == []
    assert result.public is not None


def test_demo_catalog_budget_entries_pass():
    """The demo's real-shaped 2024 budget and 2023 final account (东莞市财政局) are clean."""
    result = pipeline.run(REPO / "catalog", REPO)
    mine = [d for d in result.diagnostics if d.file.startswith(("catalog/budget/", "catalog/final_account/"))]
    assert mine == []
    kinds = {e.kind for e in result.catalog.entries}
    assert {"budget", "final_account"} <= kinds


# One wrong number (or code, or label) → one located diagnostic with a stable code.
CASES = [
    # (what, old text, new text, occurrence, expected code)
    ("合计 ≠ 基本支出 + 项目支出", '{code: "2010602", name: 一般行政管理事务, values: [35.00, 0, 35.00]}', '{code: "2010602", name: 一般行政管理事务, values: [35.00, 0, 36.00]}', 1, "budget-columns-sum"),
    ("款 ≠ Σ项", '{code: "20106", name: 财政事务, values: [95.00, 60.00, 35.00]}', '{code: "20106", name: 财政事务, values: [96.00, 61.00, 35.00]}', 1, "budget-parent-sum"),
    ("合计行 ≠ Σ类", "{name: 合计, values: [115.00, 80.00, 35.00]}", "{name: 合计, values: [116.00, 81.00, 35.00]}", 1, "budget-total-row"),
    ("收入总计 ≠ 支出总计", "{name: 支出总计, values: [115.00]}", "{name: 支出总计, values: [116.00]}", 1, "budget-unbalanced"),
    ("基本支出表合计 ≠ 一般公共预算支出表的基本支出", "{name: 合计, values: [70.00, 55.00, 15.00]}", "{name: 合计, values: [71.00, 55.00, 16.00]}", 1, "budget-cross-table"),
    ("科目编码写错", 'code: "20106", name: 财政事务, values: [95.00, 60.00', 'code: "201-06", name: 财政事务, values: [95.00, 60.00', 1, "budget-code-format"),
    ("功能分类表里出现经济分类编码", '{code: "2010602", name: 一般行政管理事务, values: [35.00, 0, 35.00]}', '{code: "30201", name: 办公费, values: [0, 0, 0]}\n      - {code: "2010602", name: 一般行政管理事务, values: [35.00, 0, 35.00]}', 1, "budget-code-kind"),
    ("少写一列", '{code: "2010601", name: 行政运行, values: [60.00, 60.00, 0]}', '{code: "2010601", name: 行政运行, values: [60.00, 60.00]}', 1, "budget-row-width"),
    ("同一编码两次", '{code: "2080505", name: 机关事业单位基本养老保险缴费支出, values: [20.00, 20.00, 0]}', '{code: "20805", name: 机关事业单位基本养老保险缴费支出, values: [20.00, 20.00, 0]}', 2, "budget-code-duplicate"),
    ("列名写了另一个单位", "columns: [合计, 基本支出, 项目支出]", "columns: [合计（元）, 基本支出, 项目支出]", 1, "budget-unit-mixed"),
    ("空表没有说明", "    note: 本部门没有使用政府性基金预算拨款安排的支出，故本表为空表。\n", "", 1, "budget-empty-note"),
    ("同一张标准表两次", "  - table: 国有资本经营预算支出表\n    name: 2024年国有资本经营预算支出情况表", "  - table: 国有资本经营预算支出表\n    name: 2024年国有资本经营预算支出情况表\n    unit: 万元\n    rows: []\n    note: 无\n  - table: 国有资本经营预算支出表\n    name: 2024年国有资本经营预算支出情况表（续）", 1, "budget-table-duplicate"),
]


@pytest.mark.parametrize("what, old, new, nth, code", CASES, ids=[c[0] for c in CASES])
def test_each_inconsistency_is_located(make_project, what, old, new, nth, code):
    text, line = change(BUDGET, old, new, nth)
    result = check(make_project, {PATH: text})
    hits = [d for d in result.diagnostics if d.code == code]
    assert hits, f"{what}: expected [{code}], got {found(result, PATH)}"
    assert any(d.file == PATH and d.is_error for d in hits)
    if code == "budget-empty-note":
        assert any(d.line == line_of(text, "- table: 政府性基金预算支出表") for d in hits)
    elif code == "budget-table-duplicate":
        assert hits[0].line == line_of(text, "（续）")
    elif code != "budget-unbalanced":
        assert any(d.line == line for d in hits), f"{what}: expected line {line}, got {[(d.line, str(d)) for d in hits]}"
    assert result.public is None  # nothing is rendered from a catalog with errors
    for d in hits:  # every message names the field, says what is wrong and how to fix it
        text_out = str(d)
        assert f"{PATH}:{d.line}:" in text_out and f"[{code}]" in text_out and " — " in text_out


def test_parent_sum_message_names_the_codes_and_the_difference(make_project):
    text, line = change(BUDGET, "{code: \"20106\", name: 财政事务, values: [95.00, 60.00, 35.00]}", "{code: \"20106\", name: 财政事务, values: [96.00, 61.00, 35.00]}")
    result = check(make_project, {PATH: text})
    message = next(str(d) for d in result.diagnostics if d.code == "budget-parent-sum" and d.line == line)
    assert "20106 财政事务" in message and "2010601 行政运行" in message
    assert "96.00" in message and "95.00" in message and "相差 1.00" in message
    assert "(数值)" in message  # the Chinese label of the field


def test_unbalanced_points_at_the_expense_total(make_project):
    text, _ = change(BUDGET, "{name: 结转下年, values: [0]}", "{name: 结转下年, values: [1.00]}")
    text, line = change(text, "{name: 支出总计, values: [115.00]}", "{name: 支出总计, values: [116.00]}")
    result = check(make_project, {PATH: text})
    assert [(d.line, d.code) for d in result.diagnostics if d.is_error] == [(line, "budget-unbalanced")]


def test_rounding_to_the_cent_is_tolerated(make_project):
    """Three 项 of 33.33 under a 款 of 100.00: published tables round each cell, so this is consistent."""
    text = BUDGET.replace(
        '      - {code: "2010601", name: 行政运行, values: [60.00, 60.00, 0]}\n      - {code: "2010602", name: 一般行政管理事务, values: [35.00, 0, 35.00]}\n',
        '      - {code: "2010601", name: 行政运行, values: [31.67, 31.67, 0]}\n'
        '      - {code: "2010602", name: 一般行政管理事务, values: [31.66, 14.16, 17.50]}\n'
        '      - {code: "2010699", name: 其他财政事务支出, values: [31.66, 14.16, 17.50]}\n',
        1,
    )
    result = check(make_project, {PATH: text})
    assert not [d for d in result.diagnostics if d.code == "budget-parent-sum"]
    off, _ = change(text, "[31.67, 31.67, 0]", "[31.97, 31.97, 0]")
    assert messages(check(make_project, {PATH: off}), "budget-parent-sum")


def test_a_whole_table_typed_in_the_wrong_column_order_is_reported_compactly(make_project):
    """Every row written as [基本支出, 项目支出, 合计]: three located errors, then one summary line."""
    import re

    start = BUDGET.index("    name: 2024年部门支出总体情况表")
    end = BUDGET.index("  - table: 财政拨款收支总表")

    def rotate(match: re.Match) -> str:
        total, basic, project = match.group(1).split(", ")
        return f"values: [{basic}, {project}, {total}]"

    block = re.sub(r"values: \[([^\]]+)\]", rotate, BUDGET[start:end])
    text = BUDGET[:start] + block + BUDGET[end:]
    result = check(make_project, {PATH: text})
    column_errors = [d for d in result.diagnostics if d.code == "budget-columns-sum"]
    assert len(column_errors) == 4  # 3 rows named + 1 summary (rows like [60, 0, 60] still add up)
    assert [d.line for d in column_errors[:3]] == [line_of(text, "{name: 合计, values: [80.00, 35.00, 115.00]}"), line_of(text, '{code: "201", name: 一般公共服务支出, values: [60.00', 1), line_of(text, '{code: "20106", name: 财政事务, values: [60.00')]
    summary = column_errors[3]
    assert "另有 1 处" in summary.message and "顺序" in summary.fix


def test_missing_standard_table(make_project):
    start = BUDGET.index("  - table: 三公经费支出表")
    end = BUDGET.index("  - table: 政府性基金预算支出表")
    text = BUDGET[:start] + BUDGET[end:]
    result = check(make_project, {PATH: text})
    hits = [d for d in result.diagnostics if d.code == "budget-table-missing"]
    assert len(hits) == 1 and hits[0].is_error
    assert "一般公共预算“三公”经费支出情况表" in hits[0].message
    assert hits[0].line == line_of(text, "- table: 收支总表")


def test_ninth_table_is_required_for_final_accounts_only(make_project):
    start = FINAL_ACCOUNT.index("  - table: 国有资本经营预算支出表")
    final = FINAL_ACCOUNT[:start]
    budget = BUDGET[: BUDGET.index("  - table: 国有资本经营预算支出表")]
    result = check(make_project, {PATH: budget, FINAL: final})
    by_file = {d.file: d for d in result.diagnostics if d.code == "budget-table-missing"}
    assert by_file[FINAL].is_error and "国有资本经营预算财政拨款支出决算表" in by_file[FINAL].message
    assert not by_file[PATH].is_error  # 143号 lists 8 budget tables; the 9th is current practice


def test_table_type_is_inferred_from_the_published_title(make_project):
    text = BUDGET
    for key in ("收支总表", "收入总表", "支出总表", "财政拨款收支总表", "一般公共预算支出表", "一般公共预算基本支出表", "三公经费支出表", "政府性基金预算支出表", "国有资本经营预算支出表"):
        text = text.replace(f"  - table: {key}\n    name:", "  - name:", 1)
    assert "- table:" not in text
    result = check(make_project, {PATH: text})
    assert result.diagnostics == []


def test_two_sided_table_must_have_both_halves(make_project):
    text = BUDGET.replace("    expense:\n      columns: [预算数]", "    spending:\n      columns: [预算数]", 1)
    result = check(make_project, {PATH: text})
    assert any(d.code == "unknown-field" for d in result.diagnostics)
    start = text.index("    spending:")
    end = text.index("  - table: 收入总表")
    result = check(make_project, {PATH: text[:start] + text[end:]})
    assert [d.code for d in result.diagnostics if d.is_error] == ["budget-two-sided"]


def test_tables_in_yuan_and_wan_yuan_are_compared_after_conversion(make_project):
    yuan = BUDGET.replace(
        "    name: 2024年一般公共预算基本支出情况表\n    unit: 万元",
        "    name: 2024年一般公共预算基本支出情况表\n    unit: 元",
    )
    start = yuan.index("    name: 2024年一般公共预算基本支出情况表")
    end = yuan.index("  - table: 三公经费支出表")
    block = yuan[start:end]
    converted = block
    for value in ("70.00", "55.00", "15.00", "35.00", "20.00", "10.00", "5.00"):
        converted = converted.replace(value, f"{float(value) * 10000:.2f}")
    result = check(make_project, {PATH: yuan[:start] + converted + yuan[end:]})
    assert result.diagnostics == []
    result = check(make_project, {PATH: yuan})  # unit says 元 but the figures are still 万元
    hit = next(d for d in result.diagnostics if d.code == "budget-cross-table")
    assert "单位" in hit.fix and "一万倍" in hit.fix


def test_dates_and_explanations(make_project):
    late = BUDGET.replace("approved: 2024-02-01", "approved: 2024-01-05").replace("published: 2024-02-06", "published: 2024-03-01")
    bare = BUDGET.replace("body: 本部门2024年机关运行经费预算15.00万元；政府采购预算12.00万元；“三公”经费预算48.30万元。", "body: 本部门2024年收支预算115.00万元。")
    early = FINAL_ACCOUNT.replace("published: 2025-08-01", "published: 2024-12-20").replace("approved: 2025-07-20", "approved: 2024-12-10")
    result = check(make_project, {PATH: late, "catalog/budget/2024/bare.yml": bare, "catalog/final_account/2024/early.yml": early})
    codes = {(d.file, d.code, d.severity.value) for d in result.diagnostics}
    assert (PATH, "budget-late", "warning") in codes
    assert ("catalog/budget/2024/bare.yml", "budget-explanation-missing", "warning") in codes
    assert ("catalog/final_account/2024/early.yml", "budget-year", "error") in codes
    message = messages(result, "budget-late")[0]
    assert "2024-01-05" in message and "二十日" in message and f"{PATH}:{line_of(late, 'published:')}:" in message


def test_three_public_table_agrees_with_the_three_public_entry(make_project):
    other = THREE_PUBLIC_2024.replace("total: 48.30", "total: 48.30")
    text, line = change(BUDGET, "{name: 预算数, values: [48.30, 0, 38.50, 0, 38.50, 9.80]}", "{name: 预算数, values: [47.30, 0, 38.50, 0, 38.50, 8.80]}")
    result = check(make_project, {PATH: text, "catalog/three_public/2024/tp.yml": other})
    hits = [d for d in result.diagnostics if d.code == "budget-three-public-mismatch"]
    assert [(d.line, d.severity.value) for d in hits] == [(line, "warning")]
    assert "47.30" in hits[0].message and "48.30" in hits[0].message


def test_missing_parent_row_is_a_warning(make_project):
    text = BUDGET.replace('      - {code: "20805", name: 行政事业单位养老支出, values: [20.00, 20.00, 0]}\n', "", 1)
    result = check(make_project, {PATH: text})
    hits = [d for d in result.diagnostics if d.code == "budget-parent-missing"]
    assert hits and all(not d.is_error for d in hits)


# --- the published page -----------------------------------------------------


def _page(site: Path) -> tuple[BeautifulSoup, Path]:
    pages = [p for p in (site / "xxgk").rglob("index.html") if "部门预算" in p.read_text(encoding="utf-8") or "部门决算" in p.read_text(encoding="utf-8")]
    assert len(pages) == 1
    return BeautifulSoup(pages[0].read_text(encoding="utf-8"), "html.parser"), pages[0].parent


def test_page_shows_accessible_tables_charts_and_csv(build_site):
    site = build_site({PATH: BUDGET})
    soup, folder = _page(site)
    tables = soup.select("table.gk-data")
    captions = [t.caption.get_text() for t in tables]
    assert "2024年部门支出总体情况表（单位：万元）" in captions
    assert "2024年部门收支总体情况表（收入）（单位：万元）" in captions and "2024年部门收支总体情况表（支出）（单位：万元）" in captions
    spend = next(t for t in tables if t.caption.get_text().startswith("2024年部门支出总体情况表"))
    assert [th.get_text() for th in spend.select("thead th")] == ["科目编码", "科目名称", "合计", "基本支出", "项目支出"]
    assert all(th["scope"] == "col" for th in spend.select("thead th"))
    row = next(tr for tr in spend.select("tbody tr") if tr.th.get_text() == "行政运行")
    assert row.th["scope"] == "row"
    assert [td.get_text() for td in row.select("td")] == ["2010601", "60.00", "60.00", "0.00"]
    assert all("gk-num" in td["class"] for td in row.select("td")[1:])  # right-aligned by figures.css
    # spanning headings: 公务用车购置及运行费 spans 小计 / 购置费 / 运行费
    sangong = next(t for t in tables if "三公" in t.caption.get_text())
    group = next(th for th in sangong.select("thead th") if th.get_text() == "公务用车购置及运行费")
    assert group["scope"] == "colgroup" and group["colspan"] == "3"
    # an empty table is still shown, with its explanation
    fund = next(t for t in tables if t.caption.get_text().startswith("2024年政府性基金预算支出情况表"))
    assert "本表无数据" in fund.get_text()
    assert "故本表为空表" in fund.find_parent("div").find_next_sibling("p").get_text()
    # charts are drawn at build time (HTML text, SVG bars), named for screen readers
    charts = soup.select("figure.gk-figure .gk-chart")
    assert len(charts) >= 2
    for chart in charts:
        assert chart["role"] == "img"
        title_id, desc_id = chart["aria-labelledby"].split()
        assert soup.find(id=title_id).get_text() and soup.find(id=desc_id).get_text()
    function_chart = charts[0]
    assert "一般公共服务支出" in function_chart.get_text() and "95.00" in function_chart.get_text()
    assert not soup.find("script", string=lambda s: s and "svg" in s)  # nothing drawn by JavaScript
    # CSV downloads beside the page: UTF-8 with BOM, one per table with data
    links = [a["href"] for a in soup.select("p.gk-download a")]
    assert len(links) == 7  # 9 tables, 2 of them empty
    data = (folder / links[2]).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["科目编码", "科目名称", "合计（万元）", "基本支出（万元）", "项目支出（万元）"]
    assert ["2010601", "行政运行", "60.00", "60.00", "0.00"] in rows


def test_svg_is_well_formed_xml(build_site):
    site = build_site({PATH: BUDGET})
    soup, _ = _page(site)
    for svg in soup.select("svg.gk-chart"):
        root = ET.fromstring(str(svg))
        assert root.tag.endswith("svg")
        bars = [r for r in root.iter() if r.tag.endswith("rect")]
        assert bars and all(float(r.get("width")) >= 0 for r in bars)


def test_withheld_budget_publishes_no_figures(build_site):
    """依申请公开: the page lists the metadata only; no table, chart or CSV leaves the wall."""
    text = BUDGET.replace("disclosure: 主动公开", "disclosure: 依申请公开\nexemption: process-info")
    site = build_site({PATH: text})
    soup, folder = _page(site)
    assert not soup.select("table.gk-data") and not soup.select("svg.gk-chart")
    assert not list(folder.glob("*.csv"))
    assert "2010601" not in soup.get_text() and "11,5" not in soup.get_text()


def test_layouts_seen_in_real_tables_pass(make_project):
    """Block subtotals (人员经费合计 / 公用经费合计), 其中 rows, and 人员经费/公用经费 printed flat
    beside 基本支出 are all consistent shapes, not mistakes."""
    start = BUDGET.index("    name: 2024年一般公共预算基本支出情况表")
    end = BUDGET.index("  - table: 三公经费支出表")
    blocks = """\
    name: 2024年一般公共预算基本支出情况表
    unit: 万元
    columns: [金额]
    rows:
      - {code: "301", name: 工资福利支出, values: [55.00]}
      - {code: "30101", name: 基本工资, values: [35.00]}
      - {code: "30108", name: 机关事业单位基本养老保险缴费, values: [20.00]}
      - {name: 人员经费合计, values: [55.00]}
      - {code: "302", name: 商品和服务支出, values: [15.00]}
      - {code: "30201", name: 办公费, values: [10.00]}
      - {code: "30217", name: 公务接待费, values: [5.00]}
      - {name: 公用经费合计, values: [15.00]}
      - {name: 合计, values: [70.00]}
"""
    text = BUDGET[:start] + blocks + BUDGET[end:]
    text = text.replace(
        "        - {name: 一、一般公共预算拨款收入, values: [100.00]}\n",
        "        - {name: 一、一般公共预算拨款收入, values: [100.00]}\n        - {name: 其中：经费拨款, values: [90.00]}\n",
    )
    text = text.replace(  # numbered sub-rows as printed: 一、 … 1. … 2. …
        "        - {name: 二、上年结转, values: [5.00]}\n        - {name: 一般公共预算拨款, level: 2, values: [5.00]}\n",
        "        - {name: 二、上年结转, values: [5.00]}\n        - {name: 1.一般公共预算拨款, values: [\"4.00\"]}\n        - {name: 2.政府性基金预算拨款, values: [\"1.00\"]}\n",
    )
    text = text.replace("{name: 合计, values: [115.00, 5.00, 100.00, 10.00]}", "{name: 合计, values: [\"115.00\", \"5.00\", \"1,00.00\", \"10.00\"]}".replace("1,00.00", "100.00"))
    text = text.replace('{code: "2010601", name: 行政运行, values: [60.00, 0, 50.00, 10.00]}', '{code: "2010601", name: 行政运行, values: ["60.00", "-", "50.00", "10.00"]}')
    flat_start = text.index("    name: 2024年部门支出总体情况表")
    flat_end = text.index("  - table: 财政拨款收支总表")
    flat = text[flat_start:flat_end].replace("columns: [合计, 基本支出, 项目支出]", "columns: [合计, 基本支出, 人员经费, 公用经费, 项目支出]")
    for old, new in (("[115.00, 80.00, 35.00]", "[115.00, 80.00, 60.00, 20.00, 35.00]"), ("[95.00, 60.00, 35.00]", "[95.00, 60.00, 45.00, 15.00, 35.00]"),
                     ("[60.00, 60.00, 0]", "[60.00, 60.00, 45.00, 15.00, 0]"), ("[35.00, 0, 35.00]", "[35.00, 0, 0, 0, 35.00]"), ("[20.00, 20.00, 0]", "[20.00, 20.00, 15.00, 5.00, 0]")):
        flat = flat.replace(old, new)
    text = text[:flat_start] + flat + text[flat_end:]
    result = check(make_project, {PATH: text})
    assert result.diagnostics == []
    broken, line = change(text, '{name: 2.政府性基金预算拨款, values: ["1.00"]}', '{name: 2.政府性基金预算拨款, values: ["1.50"]}')
    result = check(make_project, {PATH: broken})
    assert [(d.line, d.code) for d in result.diagnostics] == [(line - 2, "budget-parent-sum")]  # at 二、上年结转
    big = BUDGET.replace("{name: 一、一般公共预算拨款收入, values: [100.00]}", '{name: 一、一般公共预算拨款收入, values: ["1,000,100.00"]}')
    assert "1,000,000.00" in next(d.message for d in check(make_project, {PATH: big}).diagnostics if d.code == "budget-total-row")
    broken, line = change(text, "{name: 公用经费合计, values: [15.00]}", "{name: 公用经费合计, values: [16.00]}")
    result = check(make_project, {PATH: broken})
    assert [(d.line, d.code) for d in result.diagnostics] == [(line, "budget-total-row")]
    broken, line = change(text, "[60.00, 60.00, 45.00, 15.00, 0]", "[60.00, 60.00, 45.00, 16.00, 0]")
    result = check(make_project, {PATH: broken})
    assert ("budget-columns-sum", line) in {(d.code, d.line) for d in result.diagnostics}
    assert any("人员经费 + 公用经费" in d.message for d in result.diagnostics if d.code == "budget-columns-sum")


def test_tables_only_in_an_attachment_is_a_stated_choice(make_project):
    """A package published only as a PDF: saying so (tables_in_attachment) turns the nine missing-table
    errors into nothing to fix; leaving it unsaid keeps them, each pointing at the field that says it."""
    head = BUDGET[: BUDGET.index("tables:")]
    pdf_file = {"catalog/budget/2024/2024年部门预算.pdf": pdf("2024 budget")}
    unsaid = check(make_project, {PATH: head + "attachments:\n  - {file: 2024年部门预算.pdf}\n", **pdf_file})
    missing = [d for d in unsaid.diagnostics if d.code == "budget-table-missing"]
    assert len(missing) == 9 and all("tables_in_attachment" in d.fix for d in missing)
    said = check(make_project, {PATH: head + "tables_in_attachment: 2024年部门预算.pdf\nattachments:\n  - {file: 2024年部门预算.pdf}\n", **pdf_file})
    assert said.diagnostics == []
    wrong = check(make_project, {PATH: head + "tables_in_attachment: 预算.pdf\nattachments:\n  - {file: 2024年部门预算.pdf}\n", **pdf_file})
    assert [(d.code, d.is_error) for d in wrong.diagnostics] == [("budget-tables-in-attachment", True)]
    assert "“预算.pdf”" in wrong.diagnostics[0].message and "2024年部门预算.pdf" in wrong.diagnostics[0].fix
