"""Figures in the 说明 checked against the tables and against each other (预决算, “三公”, 年度报告).

Each test copies the demo catalog (real-shaped 东莞市财政局 documents whose figures
agree), changes one figure the way real published documents disagree with
themselves, runs the check for real and asserts the finding quotes both places.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from plugins.core import pipeline
from plugins.core.load.figures_text import read

REPO = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data" / "narrative"
BUDGET = "catalog/budget/2024/dg-finance-2024-budget.md"
FINAL = "catalog/final_account/2024/dg-finance-2023-final-account.md"
THREE_PUBLIC = "catalog/three_public/2024/dg-finance-2024-sangong-budget.yml"
REPORT = "catalog/annual_report/2025/dg-finance-2024-report.yml"
CODES = ("narrative-table-mismatch", "narrative-self-mismatch", "narrative-rate", "budget-class-cross-table")


def run(tmp_path: Path, changes: dict[str, tuple[str, str]] | None = None, bodies: dict[str, str] | None = None) -> list:
    """Copy the demo catalog, replace one text in a file (or a Markdown body), check; the narrative findings."""
    shutil.copytree(REPO / "catalog", tmp_path / "catalog")
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    for path, (old, new) in (changes or {}).items():
        text = (tmp_path / path).read_text(encoding="utf-8")
        assert old in text, old
        (tmp_path / path).write_text(text.replace(old, new, 1), encoding="utf-8")
    for path, body in (bodies or {}).items():
        text = (tmp_path / path).read_text(encoding="utf-8")
        head = text.split("\n---\n", 1)[0]
        (tmp_path / path).write_text(head + "\n---\n" + body, encoding="utf-8")
    result = pipeline.run(tmp_path / "catalog", tmp_path)
    return [d for d in result.diagnostics if d.code in CODES]


def line_of(tmp_path: Path, path: str, needle: str) -> int:
    for number, line in enumerate((tmp_path / path).read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(needle)


# --- correct documents: nothing -------------------------------------------------


def test_demo_catalog_gives_no_narrative_finding():
    result = pipeline.run(REPO / "catalog", REPO)
    assert [str(d) for d in result.diagnostics if d.code in CODES] == []


@pytest.mark.parametrize("path, body", [(FINAL, "final-account-template.md"), (BUDGET, "budget-template.md")])
def test_correct_texts_in_the_standard_template_give_nothing(tmp_path, path, body):
    """The 说明 as real departments write it (收入/支出 shares, 类 structure, “三公” items with 完成预算的 x%,
    机关运行经费 with its change and rate, 政府采购 items, 当年拨款, a 绩效 amount): every figure agrees."""
    assert [str(d) for d in run(tmp_path, bodies={path: (DATA / body).read_text(encoding="utf-8")})] == []


SAME_FIGURES = [
    (BUDGET, "公务接待费9.80万元。", "公务接待费98,000元。"),  # 元 in the text, 万元 in the table
    (BUDGET, "公务接待费9.80万元。", "公务接待费9.8万元。"),  # printed to 0.1 万元
    (BUDGET, "2024年部门收支预算总计11326.44万元", "2024年部门收支预算总计1.13亿元"),  # printed to 0.01 亿元
    (BUDGET, "2024年部门收支预算总计11326.44万元", "2024年部门收支预算总计１１，３２６．４４万元"),  # full-width, 千分位
    (BUDGET, "比上年增加412.18万元", "比上年增加412.18万元，增长3.8%"),
    (FINAL, "完成预算的95.8%", "完成预算的95.84%"),
    (FINAL, "国内公务接待91批次、668人次", "国内公务接待91批次、668人次，外事接待0批次、0人次"),
    (BUDGET, "项目支出4612.30万元。", "项目支出4612.30万元。财政拨款收入10826.44万元，财政拨款支出11126.44万元。"),
    (BUDGET, "项目支出4612.30万元。", "项目支出4612.30万元，分别占59.3%和40.7%。"),
    (THREE_PUBLIC, "公务用车保有量6辆", "截至2023年12月31日公务用车保有量6辆"),  # a date, not last year's figure
    (FINAL, "占本年支出合计的98.2%", "占本年支出合计10617.14万元的98.2%"),  # the base keeps its own scope
    (REPORT, "全年新收政府信息公开申请22件", "全年新收政府信息公开申请22件（比上年增加5件，其中自然人申请18件）"),  # not table cells
    (REPORT, "结转下年度1件。", "结转下年度1件。全年发生行政复议1件，行政诉讼0件，予以公开12件。"),
]


@pytest.mark.parametrize("path, old, new", SAME_FIGURES, ids=[c[2][-16:] for c in SAME_FIGURES])
def test_the_same_figures_written_another_way_give_nothing(tmp_path, path, old, new):
    assert [str(d) for d in run(tmp_path, {path: (old, new)})] == []


# --- the text against the tables --------------------------------------------------


def test_all_funds_basic_expenditure_written_as_the_fiscal_one_is_an_error_quoting_both(tmp_path):
    sentence = "其中一般公共预算财政拨款基本支出6471.42万元，项目支出4069.42万元。"
    found = run(tmp_path, {FINAL: ("主要用于财政事务", sentence + "主要用于财政事务")})
    hits = [d for d in found if d.code == "narrative-table-mismatch"]
    assert len(hits) == 1, [str(d) for d in found]
    d = hits[0]
    text_line = line_of(tmp_path, FINAL, sentence)
    table_line = line_of(tmp_path, FINAL, "{name: 合计, values: [10425.44, 6356.02, 4069.42]}")
    assert d.is_error and d.file == FINAL and d.line == text_line
    assert d.column == (tmp_path / FINAL).read_text(encoding="utf-8").splitlines()[text_line - 1].index("6471.42") + 1
    message = str(d)
    assert f"说明第{text_line}行写基本支出" in message and "6471.42万元" in message
    assert "《一般公共预算财政拨款支出决算表》" in message and "6,356.02万元" in message and f"{FINAL}:{table_line}" in message
    assert "全部资金" in message  # the hint: the figure is the all-funds one of 支出决算表
    assert "原文如此" in message


def test_an_ambiguous_subject_that_matches_no_table_is_a_warning(tmp_path):
    found = run(tmp_path, {FINAL: ("主要是压减会议费、培训费和办公费。", "主要是压减会议费、培训费和办公费。本部门基本支出6417.42万元。")})
    hits = [d for d in found if d.code == "narrative-table-mismatch"]
    assert hits and all(not d.is_error for d in hits), [str(d) for d in found]


def test_swapped_digits_between_two_places_are_found_with_both_lines(tmp_path):
    found = run(tmp_path, {FINAL: ("本年支出中基本支出6471.42万元，项目支出4145.72万元", "本年支出中基本支出6471.42万元，项目支出4154.72万元")})
    by_code = {d.code: d for d in found}
    assert set(by_code) == {"narrative-table-mismatch", "narrative-self-mismatch"}, [str(d) for d in found]
    against_table = str(by_code["narrative-table-mismatch"])
    assert "4154.72万元" in against_table and "4,145.72万元" in against_table and "《支出决算表》" in against_table
    itself = by_code["narrative-self-mismatch"]
    summary_line = line_of(tmp_path, FINAL, "summary:")
    body_line = line_of(tmp_path, FINAL, "4154.72")
    assert {itself.line, by_code["narrative-table-mismatch"].line} <= {summary_line, body_line}
    assert f"第{summary_line}行" in str(itself) and f"第{body_line}行" in str(itself)


def test_a_class_a_cent_apart_between_two_tables(tmp_path):
    old = '{code: "210", name: 卫生健康支出, values: [252.44, 252.44, 0, 0]}'
    found = run(tmp_path, {FINAL: (old, '{code: "210", name: 卫生健康支出, values: [252.45, 252.45, 0, 0]}')})
    hits = [d for d in found if d.code == "budget-class-cross-table"]
    assert len(hits) == 1 and hits[0].is_error, [str(d) for d in found]
    fiscal_line = line_of(tmp_path, FINAL, "252.45")
    general_line = line_of(tmp_path, FINAL, '{code: "210", name: 卫生健康支出, values: [252.44, 252.44, 0]}')
    assert hits[0].line == general_line
    assert f"第{fiscal_line}行" in hits[0].message and "相差 0.01" in hits[0].message and "252.45" in hits[0].message


def test_a_three_public_figure_against_its_table(tmp_path):
    found = run(tmp_path, {FINAL: ("2023年度“三公”经费支出决算50.41万元", "2023年度“三公”经费支出决算50.14万元")})
    codes = sorted(d.code for d in found)
    assert codes.count("narrative-table-mismatch") == 1  # 50.14 vs the table's 50.41
    assert "narrative-rate" in codes  # 完成预算的95.8% no longer follows
    assert "narrative-self-mismatch" in codes  # the summary says 50.41


# --- the text against itself -------------------------------------------------------


def test_a_wrong_percentage_is_found(tmp_path):
    found = run(tmp_path, {FINAL: ("占政府采购支出总额的80.8%", "占政府采购支出总额的85.8%")})
    assert len(found) == 1 and found[0].code == "narrative-rate" and found[0].is_error
    assert "1402.60万元" in found[0].message and "1736.20万元" in found[0].message and "80.79%" in found[0].message


def test_a_share_whose_base_the_wording_leaves_open_is_a_warning(tmp_path):
    found = run(tmp_path, {FINAL: ("占本年支出合计的98.2%", "占本年支出合计的98.5%")})
    assert [(d.code, d.is_error) for d in found] == [("narrative-rate", False)]


def test_a_share_of_a_listed_whole(tmp_path):
    body = (DATA / "budget-template.md").read_text(encoding="utf-8").replace("项目支出4612.30万元，占40.7%", "项目支出4612.30万元，占47.0%")
    found = run(tmp_path, bodies={BUDGET: body})
    assert [d.code for d in found] == ["narrative-rate"] and "40.72%" in found[0].message


def test_a_change_that_is_not_this_year_minus_last(tmp_path):
    found = run(tmp_path, {BUDGET: ("比上年减少4.30万元：", "比上年减少4.03万元：")})
    assert len(found) == 1 and found[0].code == "narrative-self-mismatch" and found[0].is_error
    assert "48.30万元" in found[0].message and "52.60万元" in found[0].message and "4.30万元" in found[0].message


def test_a_change_against_last_year_stated_in_the_same_clause(tmp_path):
    old = "2024年机关运行经费预算1077.73万元，比上年减少36.52万元"
    assert run(tmp_path, {BUDGET: (old, "2024年机关运行经费预算1077.73万元，比上年1114.25万元减少36.52万元")}) == []
    found = run(tmp_path / "b", {BUDGET: (old, "2024年机关运行经费预算1077.73万元，比上年1114.52万元减少36.52万元")})
    assert [d.code for d in found] == ["narrative-self-mismatch"] and "1114.52万元" in found[0].message and "36.79万元" in found[0].message


def test_a_rate_in_the_sentence_after_its_figure(tmp_path):
    """“…支出10425.44万元。与上年相比，…增加520.12万元，增长5.3%”: the rate follows from the change and this year's figure."""
    old = "占本年支出合计的98.2%，"
    right = "占本年支出合计的98.2%。与上年相比，一般公共预算财政拨款支出增加520.12万元，增长5.3%。其中"
    assert run(tmp_path, {FINAL: (old, right)}) == []
    found = run(tmp_path / "b", {FINAL: (old, right.replace("5.3%", "5.0%"))})
    assert [d.code for d in found] == ["narrative-rate"] and "520.12万元" in found[0].message and "10425.44万元" in found[0].message


def test_completion_of_the_budget_within_one_sentence(tmp_path):
    """“年初预算为3650.00万元，支出决算为3702.18万元，完成年初预算的101.4%”: checked with no table behind it."""
    body = (DATA / "final-account-template.md").read_text(encoding="utf-8").replace("完成年初预算的101.4%", "完成年初预算的104.1%")
    found = run(tmp_path, bodies={FINAL: body})
    assert [d.code for d in found] == ["narrative-rate"] and "3702.18万元" in found[0].message and "3650.00万元" in found[0].message


def test_a_rate_that_the_change_beside_it_does_not_give(tmp_path):
    body = (DATA / "final-account-template.md").read_text(encoding="utf-8").replace("降低6.7%", "降低7.6%")
    found = run(tmp_path, bodies={FINAL: body})
    assert [d.code for d in found] == ["narrative-rate"] and "72.25万元" in found[0].message


def test_items_that_do_not_add_up_to_the_stated_total(tmp_path):
    found = run(tmp_path, {FINAL: ("货物类152.40万元", "货物类125.40万元")})
    assert len(found) == 1 and found[0].code == "narrative-self-mismatch"
    assert "1736.20万元" in found[0].message and "1,709.20万元" in found[0].message


# --- “三公” entries and annual reports -----------------------------------------------


def test_three_public_text_against_its_fields_and_last_year(tmp_path):
    found = run(tmp_path, {THREE_PUBLIC: ("预计接待85批次、620人次", "预计接待85批次、602人次")})
    assert len(found) == 1 and found[0].code == "narrative-table-mismatch" and found[0].is_error
    assert found[0].line == line_of(tmp_path, THREE_PUBLIC, "602人次") and "reception.people" in found[0].message
    found = run(tmp_path / "b", {THREE_PUBLIC: ("相应减少运行维护费2.70万元", "相应减少运行维护费2.07万元")})
    assert len(found) == 1 and found[0].field == "change_reason" and "41.20万元" in found[0].message


def test_annual_report_counts_against_its_tables(tmp_path):
    found = run(tmp_path, {REPORT: ("全年新收政府信息公开申请22件", "全年新收政府信息公开申请23件")})
    assert len(found) == 1 and found[0].code == "narrative-table-mismatch"
    assert found[0].line == line_of(tmp_path, REPORT, "申请23件") and "表三“一、本年新收政府信息公开申请数量”" in found[0].message
    assert f"{REPORT}:{line_of(tmp_path, REPORT, '一、本年新收政府信息公开申请数量: [')}" in found[0].message


# --- the reader ----------------------------------------------------------------------


def test_figures_are_read_in_every_printed_form():
    text = read("收入总计１，２３４．５６万元，其中事业收入3,000元；债务1.2亿元，增长１２．３％。车辆6辆。")
    figures = [f for _, f in text.figures()]
    assert [(round(f.value, 4), f.unit, f.places) for f in figures] == [
        (1234.56, "万元", 2), (0.3, "元", 0), (12000.0, "亿元", 1), (12.3, "%", 1), (6.0, "辆", 0)]
    assert [f.label for f in figures][:2] == ["收入总计", "其中事业收入"]
    assert figures[0].half == pytest.approx(0.005) and figures[2].half == pytest.approx(500)
    level = read("一般公共服务（类）支出8744.82万元；因公出国（境）费0万元").figures()
    assert [(f.label, f.level) for _, f in level] == [("一般公共服务支出", "类"), ("因公出国境费", "")]
