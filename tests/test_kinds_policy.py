"""政策文件 and 政策解读: validity lifecycle, the replacement, timely interpretations, links both ways."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from plugins.core import pipeline
from plugins.core.problems.diagnostics import Severity

NEW = """\
kind: policy
title: 示例市人民政府办公室关于印发《示例市政府投资项目管理办法》的通知
index_no: 11441900007330235A/2024-00021
organ: demo-office
doc_no: 示府办〔2024〕21号
written: 2024-09-20
published: 2024-09-27
disclosure: 主动公开
validity: 有效
effective: 2024-11-01
expires: 2029-10-31
body: 现印发给你们，请认真贯彻执行。示府办〔2019〕35号同时废止。
"""

OLD = """\
kind: policy
title: 示例市人民政府办公室关于印发《示例市政府投资项目管理办法》的通知（2019年）
index_no: 11441900007330235A/2019-00035
organ: demo-office
doc_no: 示府办〔2019〕35号
written: 2019-06-10
published: 2019-06-14
disclosure: 主动公开
validity: 废止
effective: 2019-07-01
repealed: 2024-11-01
repealed_by: policy/2024/new
"""

TEXT_READING = """\
kind: interpretation
title: 《示例市政府投资项目管理办法》政策解读
index_no: 11441900007330235A/2024-00022
organ: demo-office
published: 2024-09-30
disclosure: 主动公开
interprets: policy/2024/new
form: 文字
"""

GRAPHIC = """\
kind: interpretation
title: 一图读懂《示例市政府投资项目管理办法》
index_no: 11441900007330235A/2024-00023
organ: demo-office
published: 2024-10-08
disclosure: 主动公开
interprets: policy/2024/new
form: 图解
"""

PATHS = {
    "new": "catalog/policy/2024/new.yml",
    "old": "catalog/policy/2019/old.yml",
    "text": "catalog/interpretation/2024/text.yml",
    "graphic": "catalog/interpretation/2024/graphic.yml",
}
ALL = {"new": NEW, "old": OLD, "text": TEXT_READING, "graphic": GRAPHIC}


def files(**changes: str | None) -> dict[str, str]:
    texts = {**ALL, **changes}
    return {PATHS[k]: v for k, v in texts.items() if v is not None}


def run(make_project, project_files):
    root = make_project(project_files)
    return pipeline.run(root / "catalog", root)


def line_of(text: str, prefix: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if line.startswith(prefix))


def only(diagnostics, code):
    found = [d for d in diagnostics if d.code == code]
    assert len(found) == 1, [str(d) for d in diagnostics]
    return found[0]


def test_consistent_policies_and_interpretations_pass(make_project):
    result = run(make_project, files())
    assert [str(d) for d in result.diagnostics] == []


# --- validity lifecycle ------------------------------------------------------


def test_repealed_needs_a_date(make_project):
    text = OLD.replace("repealed: 2024-11-01\n", "")
    found = only(run(make_project, files(old=text)).diagnostics, "repeal-date-missing")
    assert (found.file, found.line, found.field, found.label) == (PATHS["old"], line_of(text, "validity:"), "validity", "有效性")
    assert found.is_error and "repealed:" in found.fix


def test_repealed_needs_what_repealed_it_or_a_reason(make_project):
    text = OLD.replace("repealed_by: policy/2024/new\n", "")
    found = only(run(make_project, files(old=text)).diagnostics, "repeal-basis-missing")
    assert found.line == line_of(text, "validity:") and "repeal_reason" in found.fix
    with_reason = text + "repeal_reason: 经规范性文件清理，决定废止（示府办〔2024〕9号附件2第3项）\n"
    assert run(make_project, files(old=with_reason)).diagnostics == []


def test_expired_needs_the_expiry_date(make_project):
    text = NEW.replace("validity: 有效", "validity: 失效").replace("expires: 2029-10-31\n", "")
    found = only(run(make_project, files(new=text)).diagnostics, "expiry-date-missing")
    assert found.line == line_of(text, "validity:")


def test_valid_policy_with_a_repeal_date_is_inconsistent(make_project):
    text = OLD.replace("validity: 废止", "validity: 有效")
    found = only(run(make_project, files(old=text)).diagnostics, "validity-inconsistent")
    assert (found.line, found.field) == (line_of(text, "repealed:"), "repealed")


def test_valid_policy_past_its_expiry_date_is_flagged(make_project):
    text = NEW.replace("expires: 2029-10-31", "expires: 2020-10-31").replace("effective: 2024-11-01", "effective: 2019-11-01")
    found = only(run(make_project, files(new=text)).diagnostics, "expired-still-valid")
    assert found.severity is Severity.WARNING and found.line == line_of(text, "expires:")


def test_expiry_before_effect_is_an_error(make_project):
    text = NEW.replace("expires: 2029-10-31", "expires: 2024-10-31")
    found = only(run(make_project, files(new=text)).diagnostics, "date-order")
    assert found.line == line_of(text, "expires:") and found.is_error


def test_repealed_before_the_replacement_existed(make_project):
    text = OLD.replace("repealed: 2024-11-01", "repealed: 2024-01-01")
    found = only(run(make_project, files(old=text)).diagnostics, "repealed-before-replacement")
    assert found.line == line_of(text, "repealed:") and "2024-09-20" in found.message


def test_replacement_must_be_a_policy_or_notice(make_project):
    text = OLD.replace("repealed_by: policy/2024/new", "repealed_by: interpretation/2024/text")
    found = only(run(make_project, files(old=text)).diagnostics, "repealed-by-kind")
    assert found.line == line_of(text, "repealed_by:")


def test_policy_without_validity_gets_a_warning(make_project):
    text = NEW.replace("validity: 有效\n", "")
    found = only(run(make_project, files(new=text)).diagnostics, "validity-missing")
    assert found.severity is Severity.WARNING and found.field == "validity"


@pytest.mark.parametrize(("written", "expected"), [("示府办[2024]21号", "示府办〔2024〕21号"), ("示府办〔2024〕021号", "示府办〔2024〕21号"), ("示府办〔2024〕第21号", "示府办〔2024〕21号")])
def test_doc_no_in_gb_t_9704_form(make_project, written, expected):
    text = NEW.replace("doc_no: 示府办〔2024〕21号", f"doc_no: {written}")
    found = [d for d in run(make_project, files(new=text)).diagnostics if d.field == "doc_no"]
    assert len(found) == 1 and found[0].line == line_of(text, "doc_no:") and expected in found[0].fix


# --- interpretations ---------------------------------------------------------


def test_interpretation_after_three_working_days_warns_with_count_and_holidays(make_project):
    # policy Friday 9/27; 10/9 is the 4th working day (9/29 调休, 9/30, 10/8, 10/9); 10/1–10/7 skipped.
    late = GRAPHIC.replace("published: 2024-10-08", "published: 2024-10-09")
    result = run(make_project, files(graphic=late))
    found = only(result.diagnostics, "interpretation-late")
    assert found.severity is Severity.WARNING
    assert (found.file, found.line) == (PATHS["graphic"], line_of(late, "published:"))
    assert "第 4 个工作日" in found.message and "超过 3 个工作日" in found.message
    assert "国庆节 2024-10-01至10-07" in found.message and "2024-09-29" in found.message
    assert "最迟于 2024-10-08" in found.fix
    assert result.public is not None


def test_interpretation_on_the_third_working_day_after_national_day_is_on_time(make_project):
    # A Monday–Friday count would make 10/8 the 7th day; on the official calendar it is the 3rd.
    assert run(make_project, files()).diagnostics == []


def test_interpretation_before_its_policy(make_project):
    early = TEXT_READING.replace("published: 2024-09-30", "published: 2024-09-20")
    found = only(run(make_project, files(text=early)).diagnostics, "interpretation-before-policy")
    assert found.line == line_of(early, "published:")


def test_interpretation_of_an_unknown_policy(make_project):
    wrong = TEXT_READING.replace("interprets: policy/2024/new", "interprets: policy/2024/nwe")
    found = only(run(make_project, files(text=wrong)).diagnostics, "unknown-reference")
    assert found.line == line_of(wrong, "interprets:") and "policy/2024/new" in found.fix


def test_interpretation_form_is_checked(make_project):
    wrong = GRAPHIC.replace("form: 图解", "form: 漫画")
    found = [d for d in run(make_project, files(graphic=wrong)).diagnostics if d.field == "form"]
    assert len(found) == 1 and found[0].line == line_of(wrong, "form:") and "图解" in found[0].fix


def test_years_outside_the_calendar_are_counted_monday_to_friday_with_a_warning(make_project):
    from plugins.core.check import workdays

    year = workdays.LAST_YEAR + 1
    policy = NEW.replace("2024-09-27", f"{year}-03-05").replace("2024-09-20", f"{year}-03-01").replace("2024-11-01", f"{year}-04-01").replace("2024〕", f"{year}〕")
    reading = TEXT_READING.replace("2024-09-30", f"{year}-03-06")
    project = {f"catalog/policy/{year}/new.yml": policy, f"catalog/interpretation/{year}/text.yml": reading.replace("policy/2024/new", f"policy/{year}/new")}
    found = only(run(make_project, project).diagnostics, "workday-calendar-missing")
    assert found.severity is Severity.WARNING and str(year) in found.message and "周一至周五" in found.message


# --- pages -------------------------------------------------------------------


def read(site, path):
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def test_policy_page_links_its_interpretations_and_back(build_site):
    site = build_site(files())
    policy = read(site, "xxgk/11441900007330235A/2024-00021/index.html")
    readings = {a.get_text(strip=True): a["href"] for a in policy.select(".gk-readings a")}
    assert set(readings) == {"《示例市政府投资项目管理办法》政策解读", "一图读懂《示例市政府投资项目管理办法》"}
    assert "图解" in policy.select_one(".gk-readings").get_text()
    related = [li.get_text(" ", strip=True) for li in policy.select(".gk-related li")]
    assert any(r.startswith("政策解读") for r in related)
    for href in readings.values():
        target = (site / "xxgk/11441900007330235A/2024-00021" / href / "index.html").resolve()
        assert target.is_file()
        back = BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser").select_one(".gk-interprets a")
        assert back.get_text(strip=True) == "示例市人民政府办公室关于印发《示例市政府投资项目管理办法》的通知"
        assert (target.parent / back["href"] / "index.html").resolve() == (site / "xxgk/11441900007330235A/2024-00021/index.html").resolve()


def test_repealed_policy_shows_what_replaced_it_first(build_site):
    site = build_site(files())
    old = read(site, "xxgk/11441900007330235A/2019-00035/index.html")
    banner = old.select_one(".gk-repealed")
    assert banner is not None and "本文件已于 2024-11-01 废止" in banner.get_text()
    link = banner.select_one(".gk-replaced-by a")
    assert link.get_text(strip=True).startswith("示例市人民政府办公室关于印发") and "示府办〔2024〕21号" in banner.get_text()
    # the banner comes right under the title, before the metadata table
    article = str(old.select_one("article") or old)
    assert article.index("gk-repealed") < article.index("gk-meta")
    new = read(site, "xxgk/11441900007330235A/2024-00021/index.html")
    assert "示府办〔2019〕35号" in new.select_one(".gk-replaces").get_text()


def test_listings_mark_repealed_and_expired_policies(build_site):
    expired = NEW.replace("index_no: 11441900007330235A/2024-00021", "index_no: 11441900007330235A/2024-00031").replace(
        "validity: 有效", "validity: 失效").replace("effective: 2024-11-01", "effective: 2024-10-01").replace("expires: 2029-10-31", "expires: 2024-12-31").replace(
        "示府办〔2024〕21号", "示府办〔2024〕31号").replace("《示例市政府投资项目管理办法》的通知", "《示例市2024年冬季供暖工作方案》的通知")
    project = files()
    project["catalog/policy/2024/expired.yml"] = expired
    site = build_site(project)
    listing = read(site, "catalog/kind/policy/index.html")
    rows = {tr.select_one("a").get_text(strip=True): tr.get_text(" ", strip=True) for tr in listing.select("table.gk-listing tbody tr")}
    assert "已废止" in rows["示例市人民政府办公室关于印发《示例市政府投资项目管理办法》的通知（2019年）"]
    assert "已失效" in rows["示例市人民政府办公室关于印发《示例市2024年冬季供暖工作方案》的通知"]
    assert "已" not in rows["示例市人民政府办公室关于印发《示例市政府投资项目管理办法》的通知"].split("》的通知")[-1]


def test_a_notice_can_be_interpreted_and_repealed_too(build_site):
    notice = NEW.replace("kind: policy", "kind: notice").replace("validity: 有效\n", "").replace("effective: 2024-11-01\n", "").replace("expires: 2029-10-31\n", "")
    project = files()
    del project[PATHS["new"]]
    project["catalog/notice/2024/new.yml"] = notice
    for key in ("old", "text", "graphic"):
        project[PATHS[key]] = project[PATHS[key]].replace("policy/2024/new", "notice/2024/new")
    site = build_site(project)
    page = read(site, "xxgk/11441900007330235A/2024-00021/index.html")
    assert len(page.select(".gk-readings a")) == 2 and page.select_one(".gk-replaces") is not None
    old = read(site, "xxgk/11441900007330235A/2019-00035/index.html")
    assert old.select_one(".gk-repealed .gk-replaced-by a") is not None


def test_doc_no_year_must_match_the_signing_year(make_project):
    text = NEW.replace("doc_no: 示府办〔2024〕21号", "doc_no: 示府办〔2023〕21号")
    found = only(run(make_project, files(new=text)).diagnostics, "doc-no-year")
    assert found.severity is Severity.WARNING and found.line == line_of(text, "doc_no:") and "2024-09-20" in found.message


def test_the_same_doc_no_on_two_documents(make_project):
    text = OLD.replace("doc_no: 示府办〔2019〕35号", "doc_no: 示府办〔2024〕21号").replace("written: 2019-06-10", "written: 2024-06-10").replace(
        "published: 2019-06-14", "published: 2024-06-14").replace("effective: 2019-07-01", "effective: 2024-07-01").replace("2019-00035", "2024-00035")
    project = files(old=None)
    project["catalog/policy/2024/old.yml"] = text
    found = only(run(make_project, project).diagnostics, "doc-no-duplicate")
    assert (found.file, found.line) == ("catalog/policy/2024/old.yml", line_of(text, "doc_no:"))
    assert f"{PATHS['new']}:{line_of(NEW, 'doc_no:')}" in found.message
