"""政府信息公开工作年度报告 (2021 format): verbatim labels, the 申请 identity, deadlines,
and the figures the catalog knows compared with what the editor wrote."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ORGANS
from kinds_fixtures import ANNUAL_REPORT, POLICIES, change, check, line_of, messages
from plugins.core import pipeline
from plugins.core.kinds.annual_report.report import report_lines

COMPLETE = {"catalog/organs.yml": ORGANS.replace('  uscc: "114419000073302510"\n', '  uscc: "114419000073302510"\n  catalog_complete_since: 2020\n')}
"""示例市财政局 marked complete: the catalog can vouch for its counts, so they are compared."""

PATH = "catalog/annual_report/2025/report.yml"
REPO = Path(__file__).resolve().parents[1]


def test_consistent_report_matches_the_catalog(make_project):
    result = check(make_project, {PATH: ANNUAL_REPORT, **POLICIES})
    assert result.diagnostics == []


def test_demo_catalog_annual_reports_pass():
    result = pipeline.run(REPO / "catalog", REPO)
    assert [d for d in result.diagnostics if d.file.startswith("catalog/annual_report/")] == []
    years = {e.meta.report_year for e in result.catalog.entries if e.kind == "annual_report"}
    assert 2024 in years and 2015 in years  # a 2021-format report and a pre-2019 one


def test_identity_one_plus_two_equals_seven_plus_four(make_project):
    text, line = change(ANNUAL_REPORT, "四、结转下年度继续办理: [1, 0, 0, 0, 0, 0, 1]", "四、结转下年度继续办理: [2, 0, 0, 0, 0, 0, 2]")
    result = check(make_project, {PATH: text, **POLICIES})
    hits = [d for d in result.diagnostics if d.code == "annual-report-requests-identity"]
    assert {(d.file, d.line) for d in hits} == {(PATH, line)}
    columns = [d.message.split("列")[0] for d in hits]
    assert columns == ["“自然人”", "“总计”"]  # per column, only the columns that are off
    assert "一（18）+ 二（1）= 19" in hits[0].message and "三（七）总计（18）+ 四（2）= 20" in hits[0].message
    assert "第一项加第二项之和" in hits[0].fix


def test_seven_is_the_sum_of_the_results(make_project):
    text, line = change(ANNUAL_REPORT, "（一）予以公开: [9, 2, 0, 0, 1, 0, 12]", "（一）予以公开: [9, 1, 0, 0, 1, 0, 11]")
    result = check(make_project, {PATH: text, **POLICIES})
    hits = [d for d in result.diagnostics if d.code == "annual-report-requests-total"]
    assert [(d.line, d.message.split("列")[0]) for d in hits] == [(line_of(text, "（七）总计"), "“商业企业”"), (line_of(text, "（七）总计"), "“总计”")]


def test_total_column_is_the_sum_of_applicants(make_project):
    text, line = change(ANNUAL_REPORT, "1.本机关不掌握相关政府信息: [2, 1, 0, 0, 0, 0, 3]", "1.本机关不掌握相关政府信息: [2, 1, 0, 0, 0, 0, 4]")
    result = check(make_project, {PATH: text, **POLICIES})
    hits = [d for d in result.diagnostics if d.code == "annual-report-requests-column-total"]
    assert [(d.line, d.field) for d in hits] == [(line, "requests.1.本机关不掌握相关政府信息[6]")]


def test_review_and_litigation_totals(make_project):
    text, line = change(ANNUAL_REPORT, "复议后起诉: [0, 0, 0, 0, 0]", "复议后起诉: [1, 0, 0, 0, 0]")
    result = check(make_project, {PATH: text, **POLICIES})
    assert [(d.line, d.code) for d in result.diagnostics if d.is_error] == [(line, "annual-report-review-total")]


@pytest.mark.parametrize("written, fixed", [
    ("(一)予以公开", "（一）予以公开"),
    ("1、属于国家秘密", "1.属于国家秘密"),
    ("3.危及\"三安全一稳定\"", "3.危及“三安全一稳定”"),
])
def test_labels_must_be_verbatim(make_project, written, fixed):
    text, line = change(ANNUAL_REPORT, fixed + ":", ('"' + written.replace('"', '\\"') + '"' if '"' in written else written) + ":")
    result = check(make_project, {PATH: text, **POLICIES})
    hits = [d for d in result.diagnostics if d.code == "annual-report-label"]
    assert [(d.line, d.is_error) for d in hits] == [(line, False)]  # unambiguous: a warning, the page prints the verbatim label
    assert f"应写作 {fixed}" in hits[0].fix
    assert not messages(result, "annual-report-requests-identity")  # the row still counts


def test_labels_of_another_format_and_unknown_rows(make_project):
    text, line = change(ANNUAL_REPORT, "  行政规范性文件: [2, 1, 2]", "  规范性文件: [2, 1, 2]")
    result = check(make_project, {PATH: text, **POLICIES})
    hit = next(d for d in result.diagnostics if d.code == "annual-report-label")
    assert hit.line == line and "另一版统一格式" in hit.message
    assert any(d.code == "annual-report-row-missing" and "行政规范性文件" in d.message for d in result.diagnostics)
    text, line = change(ANNUAL_REPORT, "  行政许可: 14", "  行政审批: 14")
    hit = next(d for d in check(make_project, {PATH: text, **POLICIES}).diagnostics if d.code == "annual-report-label")
    assert hit.line == line and "行政许可" in hit.fix and hit.is_error


def test_widths_and_numbers(make_project):
    text, line = change(ANNUAL_REPORT, "2.重复申请: [0, 0, 0, 0, 0, 0, 0]", "2.重复申请: [0, 0, 0, 0, 0, 0]")
    result = check(make_project, {PATH: text, **POLICIES})
    assert [(d.line, d.code) for d in result.diagnostics if d.is_error] == [(line, "annual-report-row-width")]
    text, line = change(ANNUAL_REPORT, "  行政处罚: 3", "  行政处罚: 3.5")
    result = check(make_project, {PATH: text, **POLICIES})
    assert [(d.line, d.code) for d in result.diagnostics if d.is_error] == [(line, "annual-report-number")]


def test_blank_cells_count_as_zero_with_a_warning(make_project):
    text = ANNUAL_REPORT.replace("2.重复申请: [0, 0, 0, 0, 0, 0, 0]", "2.重复申请: [0, ~, 0, 0, 0, 0, 0]")
    result = check(make_project, {PATH: text, **POLICIES})
    assert [(d.code, d.severity.value) for d in result.diagnostics] == [("annual-report-blank", "warning")]


def test_missing_row_and_section(make_project):
    text = ANNUAL_REPORT.replace("  3.其他: [0, 0, 0, 0, 0, 0, 0]\n", "").replace("problems: 政策解读形式较为单一。\n", "")
    result = check(make_project, {PATH: text, **POLICIES})
    codes = sorted(d.code for d in result.diagnostics if d.is_error)
    assert codes == ["annual-report-row-missing", "annual-report-section-missing"]
    section = next(d for d in result.diagnostics if d.code == "annual-report-section-missing")
    assert "存在的主要问题及改进情况" in section.message


def test_computed_figures_are_compared_with_what_was_written(make_project):
    text, line = change(ANNUAL_REPORT, "  行政规范性文件: [2, 1, 2]", "  行政规范性文件: [3, 1, 2]")
    text, withheld_line = change(text, "  process-info: 1", "  process-info: 2")
    result = check(make_project, {PATH: text, **POLICIES, **COMPLETE})
    hits = [d for d in result.diagnostics if d.code == "annual-report-figure-mismatch"]
    assert [(d.line, d.severity.value) for d in hits] == [(line, "warning"), (withheld_line, "warning")]
    assert "填写为 3" in hits[0].message and "计算为 2" in hits[0].message and "本年制发件数" in hits[0].message
    assert "填写为 2 条" in hits[1].message and "登记为 1 条" in hits[1].message
    assert result.public is not None  # warnings do not stop the build


def test_comparisons_only_where_the_catalog_can_vouch(make_project):
    """No organ marked complete (or complete only from a later year): nothing is compared, and the
    report command says the figures are for reference — never a warning on every incomplete catalog."""
    wrong, _ = change(ANNUAL_REPORT, "  行政规范性文件: [2, 1, 2]", "  行政规范性文件: [3, 1, 2]")
    for organs in ({}, {"catalog/organs.yml": COMPLETE["catalog/organs.yml"].replace("2020", "2025")}):
        root = make_project({PATH: wrong, **POLICIES, **organs})
        result = pipeline.run(root / "catalog", root)
        assert [d for d in result.diagnostics if d.code == "annual-report-figure-mismatch"] == []
        text = "\n".join(report_lines(result.catalog, 2024, "demo-finance"))
        assert "目录不能担保这些数字完整" in text and "未核对（目录不能担保上述数字完整）" in text
        assert "一致" not in text
    assert "晚于 2024 年才完整" in text and "示例市财政局（2025 年起）" in text
    marked = check(make_project, {PATH: wrong, **POLICIES, **COMPLETE})
    assert [d.code for d in marked.diagnostics] == ["annual-report-figure-mismatch"]
    bad = check(make_project, {PATH: ANNUAL_REPORT, **POLICIES, "catalog/organs.yml": COMPLETE["catalog/organs.yml"].replace("2020", "二〇二〇")})
    hits = [d for d in bad.diagnostics if d.code == "annual-report-complete-since"]
    assert [(d.file, d.is_error) for d in hits] == [("catalog/organs.yml", True)] and "“二〇二〇”" in hits[0].message


def test_report_never_says_consistent_when_nothing_was_computed(make_project):
    root = make_project({PATH: ANNUAL_REPORT.replace("withheld:\n  process-info: 1\n", ""), **COMPLETE})
    lines = report_lines(pipeline.run(root / "catalog", root).catalog, 2024, "demo-finance")
    text = "\n".join(lines)
    assert "无法计算" in text and "未核对（目录中没有可比较的数字）" in text and "一致" not in text


def test_no_comparison_when_the_catalog_has_no_policies_of_the_organ(make_project):
    result = check(make_project, {PATH: ANNUAL_REPORT.replace("withheld:\n  process-info: 1\n", "")})
    assert result.diagnostics == []


@pytest.mark.parametrize("scope, published, code", [
    ("部门", "2025-02-10", "annual-report-late"),
    ("本级政府", "2025-03-20", None),
    ("本级政府", "2025-04-02", "annual-report-late"),
    ("部门", "2024-12-30", "annual-report-too-early"),
])
def test_deadlines(make_project, scope, published, code):
    text = ANNUAL_REPORT.replace("report_scope: 部门", f"report_scope: {scope}").replace("published: 2025-01-20", f"published: {published}")
    folder = "2024" if published.startswith("2024") else "2025"
    result = check(make_project, {f"catalog/annual_report/{folder}/r.yml": text})
    codes = [d.code for d in result.diagnostics if d.code.startswith("annual-report-") and d.code != "annual-report-figure-mismatch"]
    assert codes == ([code] if code else [])
    if code == "annual-report-late":
        hit = next(d for d in result.diagnostics if d.code == code)
        assert not hit.is_error and "第四十九条" in hit.message
        assert ("1月31日" if scope == "部门" else "3月31日") in hit.message


def test_pre_2019_reports_are_free_text(make_project):
    text = "kind: annual_report\ntitle: 示例市2016年政府信息公开工作年度报告\norgan: demo-office\nreport_year: 2016\nreport_scope: 本级政府\npublished: 2017-03-25\ndisclosure: 主动公开\nbody: 一、概述……\n"
    result = check(make_project, {"catalog/annual_report/2017/r.yml": text})
    assert result.diagnostics == []


def test_report_command_prints_the_computed_figures(make_project):
    root = make_project({PATH: ANNUAL_REPORT, **POLICIES, **COMPLETE})
    lines = report_lines(pipeline.run(root / "catalog", root).catalog, 2024, "demo-finance")
    text = "\n".join(lines)
    assert "行政规范性文件" in text and "process-info（过程性信息）：1" in text and "政策文件数和不予公开条目数与上述计算一致" in text
    assert "目录完整：示例市财政局自 2020 年起" in text
    row = next(line for line in lines if "行政规范性文件" in line)
    assert row.split()[1:] == ["2", "1", "2"]
    assert "关于预算编制口径的请示" not in text  # withheld entries are counted, never named
    run = subprocess.run(
        [sys.executable, str(REPO / "build.py"), "-f", str(root / "mkdocs.yml"), "report", "--year", "2024", "--organ", "demo-finance"],
        capture_output=True, text=True, cwd=root, timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == text.strip()


def _page(site: Path) -> tuple[BeautifulSoup, Path]:
    for page in (site / "xxgk").rglob("index.html"):
        text = page.read_text(encoding="utf-8")
        if "年政府信息公开工作年度报告</h1>" in text:
            return BeautifulSoup(text, "html.parser"), page.parent
    raise AssertionError("no report page")


def test_page_has_the_six_sections_and_the_tables(build_site):
    site = build_site({PATH: ANNUAL_REPORT, **POLICIES})
    soup, folder = _page(site)
    headings = [h.get_text(strip=True) for h in soup.select("article h2")]
    sections = [h for h in headings if h[:2] in ("一、", "二、", "三、", "四、", "五、", "六、")]
    assert sections == ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]
    assert soup.select_one(".gk-narrative strong").get_text() == "（一）主动公开。"  # Markdown in narratives
    proactive = soup.select("table.gk-proactive")
    assert [t.caption.get_text() for t in proactive] == ["第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项"]
    assert [th.get_text() for th in proactive[0].select("thead th")] == ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
    requests = soup.select_one("table.gk-requests")
    frame = requests.parent  # the scroll frame every data table sits in: keyboard-scrollable, a named region
    assert "gk-data-wrap" in frame["class"] and frame["tabindex"] == "0" and frame["role"] == "region"
    assert frame["aria-label"].startswith("收到和处理政府信息公开申请情况")
    body_rows = requests.select("tbody tr")
    assert len(body_rows) == 25
    labels = [tr.select("th")[-1].get_text() for tr in body_rows]
    assert labels[0] == "一、本年新收政府信息公开申请数量" and labels[-2] == "（七）总计" and labels[-1] == "四、结转下年度继续办理"
    group = requests.find("th", string="三、本年度办理结果")
    assert group["scope"] == "rowgroup" and group["rowspan"] == "22"
    assert requests.find("th", string="（三）不予公开")["rowspan"] == "8"
    assert [td.get_text() for td in body_rows[0].select("td")] == ["18", "3", "0", "0", "1", "0", "22"]
    review = soup.select_one("table.gk-review")
    assert review.find("th", string="行政诉讼")["colspan"] == "10"
    data = (folder / "requests.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["分组", "项目", "自然人"] and len(rows) == 26


def test_new_report_template_carries_the_verbatim_labels(make_project):
    """build.py new annual_report: every row of the national format, ready to fill; the zeros add up."""
    from plugins.core.scaffold import template

    text = template("annual_report").replace("title:  #", "title: 示例市财政局年度报告  #").replace("organ:  #", "organ: demo-finance  #")
    year = int(text.split("report_year: ")[1].split()[0])
    text = text.replace("published: ", f"published: {year + 1}-01-15  # ", 1)
    for key in ("overview", "problems", "other_matters"):
        text = text.replace(f"{key}:  #", f"{key}: 无  #")
    result = check(make_project, {f"catalog/annual_report/{year + 1}/new.yml": text})
    assert [d.code for d in result.diagnostics] == [], [str(d) for d in result.diagnostics]


def test_new_budget_template_lists_the_standard_tables():
    from plugins.core.scaffold import template

    text = template("final_account")
    for name in ("收入支出决算总表", "一般公共预算财政拨款“三公”经费支出决算表", "国有资本经营预算财政拨款支出决算表"):
        assert f"name: {name}" in text
    assert text.count("  - table: ") == 9


def report_2019() -> str:
    """The fixture report as a 2020 report in the 2019 format (国办公开办函〔2019〕60号)."""
    start, end = ANNUAL_REPORT.index("proactive:"), ANNUAL_REPORT.index("requests:")
    proactive = (
        "proactive:\n  规章: [0, 0, 0]\n  规范性文件: [3, 3, 41]\n  行政许可: [12, -2, 230]\n  其他对外管理服务事项: [4, 0, 17]\n"
        "  行政处罚: [6, 1, 25]\n  行政强制: [1, 0, 0]\n  行政事业性收费: [2, 0]\n  政府集中采购: [8, 356.4]\n"
    )
    text = ANNUAL_REPORT[:start] + proactive + ANNUAL_REPORT[end:]
    text = text.replace("report_year: 2024", "report_year: 2020").replace("published: 2025-01-20", "published: 2021-01-20")
    six = "  1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请: [1, 0, 0, 0, 0, 0, 1]\n  2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请: [0, 0, 0, 0, 0, 0, 0]\n  3.其他: [0, 0, 0, 0, 0, 0, 0]\n"
    return text.replace(six, "  （六）其他处理: [1, 0, 0, 0, 0, 0, 1]\n").replace("withheld:\n  process-info: 1\n", "")


def test_2019_format_for_report_years_2019_and_2020(make_project):
    """Other table 二 rows (本年增/减 may be negative), and （六）其他处理 is a single row."""
    text = report_2019()
    result = check(make_project, {"catalog/annual_report/2021/r.yml": text})
    assert result.diagnostics == []
    wrong = text.replace("  规范性文件: [3, 3, 41]", "  行政规范性文件: [3, 3, 41]")
    result = check(make_project, {"catalog/annual_report/2021/r.yml": wrong})
    assert any(d.code == "annual-report-label" and "另一版" in d.message for d in result.diagnostics)


def test_2019_format_page(build_site):
    site = build_site({"catalog/annual_report/2021/r.yml": report_2019()})
    soup, _ = _page(site)
    requests = soup.select_one("table.gk-requests")
    assert len(requests.select("tbody tr")) == 23
    assert requests.find("th", string="三、本年度办理结果")["rowspan"] == "20"
    captions = [t.caption.get_text() for t in soup.select("table.gk-proactive")]
    assert captions[-1] == "第二十条第（九）项"
    row = next(tr for tr in soup.select("table.gk-proactive tr") if tr.th and tr.th.get_text() == "政府集中采购")
    assert [td.get_text() for td in row.select("td")] == ["8", "356.40"]
