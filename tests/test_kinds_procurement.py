"""政府采购: a consistent project passes; each mistake is caught at its file and line."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup

from plugins.core import pipeline
from plugins.core.problems.diagnostics import Severity

INTENTION = """\
kind: procurement
title: 示例市财政局2024年9月政府采购意向公开
index_no: 114419000073302510/2024-00001
organ: demo-finance
published: 2024-07-15
disclosure: 主动公开
project_no: SLCG2024-018
project_name: 示例市财政局预算管理一体化系统运维服务项目
notice_type: 采购意向
budget_amount: 1980000
requirement: 一体化系统12个月运行维护服务。
planned: 2024-09
"""

TENDER = """\
kind: procurement
title: 示例市财政局预算管理一体化系统运维服务项目招标公告
index_no: 114419000073302510/2024-00002
organ: demo-finance
published: 2024-09-02
disclosure: 主动公开
project_no: SLCG2024-018
project_name: 示例市财政局预算管理一体化系统运维服务项目
notice_type: 招标公告
method: 公开招标
agency: 示例市公共资源交易中心
budget_amount: 1980000
deadline: 2024-09-24 09:30
"""

CORRECTION = """\
kind: procurement
title: 示例市财政局预算管理一体化系统运维服务项目更正公告
index_no: 114419000073302510/2024-00003
organ: demo-finance
published: 2024-09-10
disclosure: 主动公开
project_no: SLCG2024-018
project_name: 示例市财政局预算管理一体化系统运维服务项目
notice_type: 更正公告
corrects: procurement/2024/2-tender
deadline: 2024-09-27 09:30
reason: 投标截止时间顺延。
"""

RESULT = """\
kind: procurement
title: 示例市财政局预算管理一体化系统运维服务项目中标结果公告
index_no: 114419000073302510/2024-00004
organ: demo-finance
published: 2024-10-08
disclosure: 主动公开
project_no: SLCG2024-018
project_name: 示例市财政局预算管理一体化系统运维服务项目
notice_type: 中标结果公告
decided: 2024-09-30
suppliers:
  - name: 示例信息科技有限公司
    uscc: 91441900MA4UX8K7R6
    amount: 1836000
"""

CONTRACT = """\
kind: procurement
title: 示例市财政局预算管理一体化系统运维服务项目合同公告
index_no: 114419000073302510/2024-00005
organ: demo-finance
published: 2024-10-14
disclosure: 主动公开
project_no: SLCG2024-018
project_name: 示例市财政局预算管理一体化系统运维服务项目
notice_type: 合同公告
signed: 2024-10-11
contract_no: SLCZ-HT-2024-018
suppliers:
  - name: 示例信息科技有限公司
    uscc: 91441900MA4UX8K7R6
    amount: 1836000
"""

PATHS = {
    "intention": "catalog/procurement/2024/1-intention.yml",
    "tender": "catalog/procurement/2024/2-tender.yml",
    "correction": "catalog/procurement/2024/3-correction.yml",
    "result": "catalog/procurement/2024/4-result.yml",
    "contract": "catalog/procurement/2024/5-contract.yml",
}
CHAIN = {"intention": INTENTION, "tender": TENDER, "correction": CORRECTION, "result": RESULT, "contract": CONTRACT}


def files(**changes: str | None) -> dict[str, str]:
    """The consistent chain, with some notices replaced (or dropped with None)."""
    texts = {**CHAIN, **changes}
    return {PATHS[name]: text for name, text in texts.items() if text is not None}


def run(make_project, project_files):
    root = make_project(project_files)
    return pipeline.run(root / "catalog", root)


def line_of(text: str, prefix: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if line.lstrip().startswith(prefix))


def only(diagnostics, code):
    found = [d for d in diagnostics if d.code == code]
    assert len(found) == 1, [str(d) for d in diagnostics]
    return found[0]


def test_a_consistent_project_passes_without_any_message(make_project):
    result = run(make_project, files())
    assert [str(d) for d in result.diagnostics] == []
    assert result.public is not None


def test_result_whose_procurement_notice_is_dated_later_is_an_error(make_project):
    later = TENDER.replace("published: 2024-09-02", "published: 2024-10-09").replace("deadline: 2024-09-24 09:30", "deadline: 2024-10-31 09:30")
    result = run(make_project, files(tender=later, correction=None))
    found = only(result.diagnostics, "result-without-notice")
    assert found.severity is Severity.ERROR
    assert (found.file, found.line) == (PATHS["result"], line_of(RESULT, "project_no:"))
    assert "SLCG2024-018" in found.message and "2024-10-09" in found.message and "earlier_notice" in found.fix
    assert result.public is None


def test_result_whose_procurement_notice_is_not_in_the_catalog_is_a_warning(make_project):
    result = run(make_project, files(tender=None, correction=None))
    found = only(result.diagnostics, "result-without-notice")
    assert found.severity is Severity.WARNING and found.line == line_of(RESULT, "project_no:")
    assert "earlier_notice" in found.fix


def test_a_typo_in_the_project_number_is_caught_with_the_likely_number(make_project):
    typo = RESULT.replace("project_no: SLCG2024-018", "project_no: SLCG2024-01B")
    result = run(make_project, files(result=typo))
    found = only(result.diagnostics, "result-without-notice")
    assert "SLCG2024-018" in found.fix and found.is_error
    assert any(d.code == "project-project-name-mismatch" for d in result.diagnostics) is False


def test_result_published_from_elsewhere_can_name_the_earlier_notice_url(make_project):
    alone = RESULT + "earlier_notice: http://www.ccgp.gov.cn/cggg/dfgg/gkzb/202409/t20240902_1.htm\n"
    result = run(make_project, files(intention=None, tender=None, correction=None, result=alone, contract=None))
    assert [d.code for d in result.diagnostics] == []


def test_result_more_than_two_working_days_late_is_a_warning_with_the_count(make_project):
    # decided Friday 9/27; published 10/9: 9/29 (调休), 9/30, 10/8, 10/9 = 4 working days.
    late = RESULT.replace("decided: 2024-09-30", "decided: 2024-09-27").replace("published: 2024-10-08", "published: 2024-10-09")
    result = run(make_project, files(result=late))
    found = only(result.diagnostics, "result-late")
    assert found.severity is Severity.WARNING
    assert (found.file, found.line) == (PATHS["result"], line_of(late, "published:"))
    assert "第 4 个工作日" in found.message
    assert "国庆节 2024-10-01至10-07" in found.message and "2024-09-29" in found.message
    assert "最迟应于 2024-09-30" in found.fix  # two working days: Sunday 9/29 (调休) and 9/30
    assert result.public is not None  # a warning does not stop the build


def test_result_on_time_across_national_day(make_project):
    # Decided 9/30, published 10/8: a Monday–Friday count would say 6 days, the calendar says 1.
    result = run(make_project, files())
    assert not [d for d in result.diagnostics if d.code == "result-late"]


def test_contract_notice_late_is_a_warning(make_project):
    late = CONTRACT.replace("published: 2024-10-14", "published: 2024-10-16")
    result = run(make_project, files(contract=late))
    found = only(result.diagnostics, "contract-late")
    assert found.line == line_of(late, "published:")
    assert "第 4 个工作日" in found.message  # 10/12 (调休 Saturday), 10/14, 10/15, 10/16
    assert "2024-10-12" in found.message


def test_notice_published_before_the_fact_it_reports_is_an_error(make_project):
    early = CONTRACT.replace("signed: 2024-10-11", "signed: 2024-10-15")
    result = run(make_project, files(contract=early))
    found = only(result.diagnostics, "date-order")
    assert found.is_error and found.file == PATHS["contract"] and found.line == line_of(early, "published:")


def test_correction_must_point_at_a_notice_of_the_same_project(make_project):
    other = TENDER.replace("SLCG2024-018", "SLCG2024-099").replace("2024-00002", "2024-00009")
    wrong = CORRECTION.replace("corrects: procurement/2024/2-tender", "corrects: procurement/2024/9-other")
    project = files(correction=wrong)
    project["catalog/procurement/2024/9-other.yml"] = other
    result = run(make_project, project)
    found = only(result.diagnostics, "correction-other-project")
    assert (found.file, found.line, found.field, found.label) == (PATHS["correction"], line_of(wrong, "corrects:"), "corrects", "更正的公告")


def test_correction_cannot_come_before_the_original(make_project):
    early = CORRECTION.replace("published: 2024-09-10", "published: 2024-09-01")
    result = run(make_project, files(correction=early))
    assert only(result.diagnostics, "correction-before-original").line == line_of(early, "corrects:")


def test_a_correction_is_a_new_entry_of_type_correction(make_project):
    edited = RESULT + "corrects: procurement/2024/2-tender\n"
    result = run(make_project, files(result=edited))
    found = only(result.diagnostics, "corrects-not-correction")
    assert found.line == line_of(edited, "corrects:")
    missing = CORRECTION.replace("corrects: procurement/2024/2-tender\n", "")
    result = run(make_project, files(correction=missing))
    found = only(result.diagnostics, "procurement-field-missing")
    assert (found.field, found.label, found.line) == ("corrects", "更正的公告", line_of(missing, "notice_type:"))


def test_supplier_credit_code_check_character(make_project):
    bad = RESULT.replace("91441900MA4UX8K7R6", "91441900MA4UX8K7R7")
    result = run(make_project, files(result=bad))
    found = only(result.diagnostics, "uscc-check")
    assert (found.file, found.line, found.field) == (PATHS["result"], line_of(bad, "uscc:"), "suppliers[0].uscc")
    assert "校验码" in found.message and "应为 6" in found.message


@pytest.mark.parametrize(
    ("name", "key"),
    [("tender", "budget_amount"), ("tender", "deadline"), ("result", "decided"), ("contract", "signed"), ("intention", "planned")],
)
def test_each_notice_type_requires_its_fields(make_project, name, key):
    text = "\n".join(line for line in CHAIN[name].splitlines() if not line.startswith(f"{key}:")) + "\n"
    result = run(make_project, files(**{name: text}))
    found = [d for d in result.diagnostics if d.code == "procurement-field-missing"]
    assert [(d.file, d.field, d.line) for d in found] == [(PATHS[name], key, line_of(text, "notice_type:"))]
    # 结果确定日期 is not printed on every real notice: without it only the time limit goes unchecked
    assert found[0].severity is (Severity.WARNING if key == "decided" else Severity.ERROR)


def test_planned_month_written_in_chinese_gets_the_iso_form(make_project):
    text = INTENTION.replace("planned: 2024-09", "planned: 2024年9月")
    found = only(run(make_project, files(intention=text)).diagnostics, "planned-format")
    assert found.line == line_of(text, "planned:") and "应写作 2024-09" in found.fix


def test_result_needs_supplier_amounts(make_project):
    no_amount = RESULT.replace("    amount: 1836000\n", "")
    result = run(make_project, files(result=no_amount))
    found = only(result.diagnostics, "supplier-amount-missing")
    assert found.line == line_of(no_amount, "- name:")


def test_project_name_differs_between_notices(make_project):
    renamed = CONTRACT.replace("project_name: 示例市财政局预算管理一体化系统运维服务项目", "project_name: 示例市财政局一体化系统运维项目")
    result = run(make_project, files(contract=renamed))
    found = only(result.diagnostics, "project-project-name-mismatch")
    assert found.line == line_of(renamed, "project_name:") and PATHS["intention"] in found.message


def test_amount_above_budget_suggests_a_unit_mistake(make_project):
    over = RESULT.replace("amount: 1836000", "amount: 18360000")
    result = run(make_project, files(result=over))
    assert only(result.diagnostics, "amount-over-budget").severity is Severity.WARNING


def test_intention_less_than_30_days_before_the_tender(make_project):
    late = INTENTION.replace("published: 2024-07-15", "published: 2024-08-20")
    result = run(make_project, files(intention=late))
    found = only(result.diagnostics, "intention-late")
    assert "13 日" in found.message and found.line == line_of(late, "published:")


def test_open_tender_period_shorter_than_20_days(make_project):
    short = TENDER.replace("deadline: 2024-09-24 09:30", "deadline: 2024-09-12 09:30")
    result = run(make_project, files(tender=short))
    assert only(result.diagnostics, "tender-period-short").line == line_of(short, "deadline:")


def test_unknown_notice_type_lists_the_allowed_ones(make_project):
    wrong = TENDER.replace("notice_type: 招标公告", "notice_type: 公开招标公告")
    result = run(make_project, files(tender=wrong))
    found = next(d for d in result.diagnostics if d.field == "notice_type")
    assert found.line == line_of(wrong, "notice_type:") and "中标结果公告" in found.fix


# --- pages -------------------------------------------------------------------


def read(site, path):
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def test_project_page_gathers_every_notice_in_date_order(build_site):
    site = build_site(files())
    soup = read(site, "catalog/procurement/project/SLCG2024-018/index.html")
    assert soup.h1.get_text(strip=True) == "示例市财政局预算管理一体化系统运维服务项目"
    rows = soup.select("table.gk-project-notices tbody tr")
    assert [r.select("td")[1].get_text(strip=True) for r in rows] == ["采购意向", "招标公告", "更正公告", "中标结果公告", "合同公告"]
    dates = [r.time["datetime"] for r in rows]
    assert dates == sorted(dates)
    tender_row = rows[1]
    assert "已更正" in tender_row.get_text()
    # every link on the project page resolves to a built page
    page_dir = site / "catalog/procurement/project/SLCG2024-018"
    for a in soup.select("table.gk-project-notices a"):
        assert (page_dir / a["href"] / "index.html").resolve().is_file(), a["href"]
    facts = {th.get_text(strip=True): th.find_next_sibling("td").get_text(strip=True) for th in soup.select("table.gk-meta th")}
    assert facts["项目编号"] == "SLCG2024-018" and facts["采购人"] == "示例市财政局" and facts["当前进度"] == "合同公告"
    suppliers = soup.select("table.gk-suppliers tbody tr")
    assert suppliers and "示例信息科技有限公司" in suppliers[0].get_text() and "1,836,000" in suppliers[0].get_text()


def test_each_notice_links_to_its_project_and_corrections_both_ways(build_site):
    site = build_site(files())
    tender = read(site, "xxgk/114419000073302510/2024-00002/index.html")
    link = tender.select_one(".gk-project a")
    assert link.get_text(strip=True) == "示例市财政局预算管理一体化系统运维服务项目"
    target = (site / "xxgk/114419000073302510/2024-00002" / link["href"] / "index.html").resolve()
    assert target == (site / "catalog/procurement/project/SLCG2024-018/index.html").resolve()
    banner = tender.select_one(".gk-corrected")
    assert banner is not None and "更正公告" in banner.get_text()
    correction = read(site, "xxgk/114419000073302510/2024-00003/index.html")
    assert "本公告更正" in correction.select_one(".gk-corrects").get_text()


def test_project_index_lists_projects(build_site):
    site = build_site(files())
    soup = read(site, "catalog/procurement/projects/index.html")
    assert "SLCG2024-018" in soup.select_one("table.gk-listing tbody").get_text()


def test_withheld_notice_never_reaches_project_page_or_data(build_site):
    secret = TENDER.replace("disclosure: 主动公开", "disclosure: 不予公开\nexemption: process-info").replace(
        "title: 示例市财政局预算管理一体化系统运维服务项目招标公告", "title: 机密评标底价说明")
    project = files(tender=secret, correction=None)
    project[PATHS["result"]] = RESULT + "earlier_notice: http://www.ccgp.gov.cn/a.htm\n"
    site = build_site(project)
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".txt"):
            assert "机密评标底价说明" not in path.read_text(encoding="utf-8", errors="ignore"), path
    release_package = json.loads((site / "data/ocds/SLCG2024-018/release-package.json").read_text(encoding="utf-8"))
    assert [r["tag"] for r in release_package["releases"]] == [["planning"], ["award"], ["contract"]]


def test_amounts_and_deadlines_read_naturally_on_the_notice_page(build_site):
    site = build_site(files())
    soup = read(site, "xxgk/114419000073302510/2024-00002/index.html")
    rows = {th.get_text(strip=True): th.find_next_sibling("td").get_text(strip=True) for th in soup.select("table.gk-meta th")}
    assert rows["预算金额（元）"] == "1,980,000"
    assert rows["投标（响应）截止时间"] == "2024-09-24 09:30"


def test_a_zero_budget_left_from_the_template_counts_as_missing(make_project):
    text = TENDER.replace("budget_amount: 1980000", "budget_amount: 0")
    found = only(run(make_project, files(tender=text)).diagnostics, "procurement-field-missing")
    assert found.field == "budget_amount" and found.is_error
