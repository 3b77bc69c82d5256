"""征求意见 (重大行政决策预公开): the period, the ways to comment, the 采纳情况, the policy both ways,
the page, the data files, search, scaffold and the wall."""

from __future__ import annotations

import csv
import datetime
import gzip
import json

import feedparser
import pytest
import yaml
from bs4 import BeautifulSoup

from kinds_fixtures import check as run
from plugins.core import pipeline, scaffold
from plugins.core.problems.diagnostics import Severity
from plugins.core.kinds.consultation import rules
from plugins.core.kinds.consultation.codes import SECTION
from plugins.core.search.reader import IndexReader

CONSULTATION_CODES = {code.name: code for code in SECTION.codes}

DRAFT = """\
---
kind: consultation
title: 关于公开征求《示例市养犬管理规定（草案征求意见稿）》意见的公告
index_no: 11441900007330235A/2024-00031
organ: demo-office
published: 2024-05-06
topics: [zwgk]
disclosure: 主动公开
decision_organ: demo-finance
start: 2024-05-06
end: 2024-06-05
status: 已反馈
basis: |
  依据《中华人民共和国动物防疫法》，起草了本规定。

  **起草说明**见附件。
comment:
  address: 示例市人民政府办公室法制科（邮编 523000）
  email: zqyj@example.gov.cn
  url: https://www.example.gov.cn/zqyj/2024-31
adoption:
  text: 共收到意见 12 条，采纳 5 条；未采纳的主要是超出立法权限的建议。
  received: 12
  adopted: 5
  released: 2024-07-01
resulted_in: policy/2024/dogs
related: [policy/2024/dogs]
---
第一条　为了规范养犬行为，制定本规定。
"""

POLICY = """\
kind: policy
title: 示例市养犬管理规定
index_no: 11441900007330235A/2024-00040
organ: demo-office
doc_no: 示府〔2024〕8号
written: 2024-07-10
published: 2024-07-15
topics: [zwgk]
disclosure: 主动公开
validity: 有效
related: [consultation/2024/draft]
body: 第一条　为了规范养犬行为，制定本规定。
"""

PATHS = {"draft": "catalog/consultation/2024/draft.md", "policy": "catalog/policy/2024/dogs.yml"}


def files(**changes: str | None) -> dict[str, str]:
    texts = {"draft": DRAFT, "policy": POLICY, **changes}
    return {PATHS[k]: v for k, v in texts.items() if v is not None}


def line_of(text: str, prefix: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if line.startswith(prefix))


def only(diagnostics, code):
    found = [d for d in diagnostics if d.code == code]
    assert len(found) == 1, [str(d) for d in diagnostics]
    return found[0]


def test_a_complete_consultation_and_its_policy_pass(make_project):
    result = run(make_project, files())
    assert [str(d) for d in result.diagnostics] == []
    assert result.public is not None


# --- the period --------------------------------------------------------------


def test_a_period_shorter_than_30_days_warns_unless_a_reason_is_given(make_project):
    short = DRAFT.replace("end: 2024-06-05", "end: 2024-05-20")
    found = only(run(make_project, files(draft=short)).diagnostics, "consultation-period-short")
    assert found.severity is Severity.WARNING
    assert (found.file, found.line, found.field, found.label) == (PATHS["draft"], line_of(short, "end:"), "end", "征求意见截止日期")
    assert "共 15 日" in found.message and "2024-05-06" in found.message and "2024-05-20" in found.message
    assert "shorter_reason" in found.fix and "2024-06-04" in found.fix and "第十五条" in found.fix
    reasoned = short.replace("status: 已反馈\n", "status: 已反馈\nshorter_reason: 汛期临近，情况紧急\n")
    assert run(make_project, files(draft=reasoned)).diagnostics == []


def test_exactly_30_days_first_and_last_included_is_enough(make_project):
    thirty = DRAFT.replace("end: 2024-06-05", "end: 2024-06-04")
    assert run(make_project, files(draft=thirty)).diagnostics == []
    found = only(run(make_project, files(draft=DRAFT.replace("end: 2024-06-05", "end: 2024-06-03"))).diagnostics, "consultation-period-short")
    assert "共 29 日" in found.message


def test_an_end_before_the_start_is_an_error(make_project):
    wrong = DRAFT.replace("end: 2024-06-05", "end: 2024-04-05")
    result = run(make_project, files(draft=wrong))
    found = only(result.diagnostics, "consultation-period-order")
    assert found.is_error and found.line == line_of(wrong, "end:") and "2024-04-05" in found.message
    assert result.public is None


# --- how to comment ----------------------------------------------------------


def test_the_link_must_be_http_or_https_and_the_email_shaped(make_project):
    wrong = DRAFT.replace("url: https://www.example.gov.cn/zqyj/2024-31", "url: javascript:alert(1)").replace(
        "email: zqyj@example.gov.cn", "email: zqyj at example.gov.cn")
    result = run(make_project, files(draft=wrong))
    url = only(result.diagnostics, "consultation-url-invalid")
    email = only(result.diagnostics, "consultation-email-invalid")
    assert url.is_error and (url.line, url.field, url.label) == (line_of(wrong, "  url:"), "comment.url", "在线征集网址")
    assert "javascript:alert(1)" in url.message and "https://" in url.fix
    assert email.is_error and email.line == line_of(wrong, "  email:") and "zqyj at example.gov.cn" in email.message


@pytest.mark.parametrize("url", ["mailto:zqyj@example.gov.cn", "www.example.gov.cn/zqyj", "https://www.example.gov.cn/征求意见", "ftp://example.gov.cn/a"])
def test_links_a_browser_would_not_open_as_typed_are_refused(make_project, url):
    wrong = DRAFT.replace("url: https://www.example.gov.cn/zqyj/2024-31", f"url: {url}")
    found = only(run(make_project, files(draft=wrong)).diagnostics, "consultation-url-invalid")
    assert found.is_error and url in found.message


def test_no_way_to_comment_warns(make_project):
    none = "\n".join(line for line in DRAFT.splitlines() if not line.startswith(("comment:", "  address:", "  email:", "  url:"))) + "\n"
    found = only(run(make_project, files(draft=none)).diagnostics, "consultation-channel-missing")
    assert found.severity is Severity.WARNING and "address" in found.fix
    emptied = "\n".join(line for line in DRAFT.splitlines() if not line.startswith(("  address:", "  email:", "  url:"))) + "\n"
    found = only(run(make_project, files(draft=emptied)).diagnostics, "consultation-channel-missing")  # a bare "comment:" loads
    assert found.line == line_of(emptied, "comment:")


def test_the_deciding_organ_is_in_the_registry(make_project):
    wrong = DRAFT.replace("decision_organ: demo-finance", "decision_organ: demo-financ")
    found = only(run(make_project, files(draft=wrong)).diagnostics, "consultation-organ-unknown")
    assert found.is_error and found.line == line_of(wrong, "decision_organ:") and "demo-financ" in found.message


def test_a_public_consultation_without_a_draft_warns(make_project):
    bare = DRAFT.replace("第一条　为了规范养犬行为，制定本规定。\n", "")
    found = only(run(make_project, files(draft=bare)).diagnostics, "consultation-draft-missing")
    assert found.severity is Severity.WARNING and found.field == "title" and "附件" in found.fix


def test_published_after_the_period_began_warns(make_project):
    late = DRAFT.replace("published: 2024-05-06", "published: 2024-05-08")
    found = only(run(make_project, files(draft=late)).diagnostics, "consultation-published-late")
    assert found.severity is Severity.WARNING and found.line == line_of(late, "published:") and "2024-05-08" in found.message


# --- the 采纳情况 ------------------------------------------------------------

OPEN = DRAFT.split("status: 已反馈\n")[0] + DRAFT.split("status: 已反馈\n")[1].split("adoption:")[0] + "related: [policy/2024/dogs]\n---\n正文。\n"


def test_adoption_overdue_after_30_working_days(make_project):
    root = make_project(files(draft=OPEN, policy=POLICY.replace("related: [consultation/2024/draft]\n", "")))
    catalog = pipeline.run(root / "catalog", root).catalog
    # 2024-06-05 + 30 working days (端午 6/10 skipped) = 2024-07-18
    assert list(rules.adoption(catalog, today=datetime.date(2024, 7, 18))) == []
    found = only(list(rules.adoption(catalog, today=datetime.date(2024, 7, 19))), "consultation-adoption-overdue")
    assert found.severity is None and found.line == line_of(OPEN, "end:")  # a rule called by hand: check_catalog settles it from Kind.codes
    assert CONSULTATION_CODES["consultation-adoption-overdue"].severity is Severity.WARNING
    assert "2024-06-05" in found.message and "30 个工作日" in found.message and "2024-07-18" in found.message
    assert "adoption:" in found.fix and "已反馈" in found.fix


def test_status_open_after_the_end_is_stale(make_project):
    stale = OPEN.replace("end: 2024-06-05\n", "end: 2024-06-05\nstatus: 征求意见中\n")
    root = make_project(files(draft=stale, policy=POLICY.replace("related: [consultation/2024/draft]\n", "")))
    catalog = pipeline.run(root / "catalog", root).catalog
    found = only(list(rules.adoption(catalog, today=datetime.date(2024, 6, 10))), "consultation-status-stale")
    assert found.line == line_of(stale, "status:")


def test_said_answered_without_an_adoption_and_counts_that_disagree(make_project):
    said = OPEN.replace("end: 2024-06-05\n", "end: 2024-06-05\nstatus: 已反馈\n")
    assert only(run(make_project, files(draft=said, policy=POLICY.replace("related: [consultation/2024/draft]\n", ""))).diagnostics, "consultation-adoption-missing").is_error
    early = DRAFT.replace("released: 2024-07-01", "released: 2024-06-01")
    found = only(run(make_project, files(draft=early)).diagnostics, "consultation-adoption-early")
    assert found.severity is Severity.WARNING and found.line == line_of(early, "  released:")
    more = DRAFT.replace("adopted: 5", "adopted: 13")
    found = only(run(make_project, files(draft=more)).diagnostics, "consultation-adoption-count")
    assert found.is_error and found.line == line_of(more, "  adopted:") and "13" in found.message and "12" in found.message


# --- the policy, both ways ---------------------------------------------------


def test_the_resulting_policy_must_exist_and_be_a_policy(make_project):
    wrong = DRAFT.replace("resulted_in: policy/2024/dogs", "resulted_in: policy/2024/dog")
    found = only(run(make_project, files(draft=wrong)).diagnostics, "unknown-reference")
    assert found.line == line_of(wrong, "resulted_in:") and "policy/2024/dogs" in found.fix
    reading = "kind: interpretation\ntitle: 解读\norgan: demo-office\npublished: 2024-07-16\ndisclosure: 主动公开\ninterprets: policy/2024/dogs\n"
    to_reading = DRAFT.replace("resulted_in: policy/2024/dogs", "resulted_in: interpretation/2024/r")
    found = only(run(make_project, {**files(draft=to_reading), "catalog/interpretation/2024/r.yml": reading}).diagnostics, "consultation-result-kind")
    assert found.is_error and found.field == "resulted_in"


def test_a_policy_naming_its_consultation_is_named_back(make_project):
    unnamed = DRAFT.replace("resulted_in: policy/2024/dogs\n", "")
    found = only(run(make_project, files(draft=unnamed)).diagnostics, "consultation-result-missing")
    assert found.severity is Severity.WARNING and found.file == PATHS["draft"]
    assert "《示例市养犬管理规定》" in found.message and "resulted_in: 11441900007330235A/2024-00040" in found.fix


def test_a_withheld_policy_is_never_named_in_a_message_about_a_public_consultation(make_project):
    secret = POLICY.replace("disclosure: 主动公开", "disclosure: 不予公开\nexemption: process-info\nexemption_reason: 内部研究")
    unnamed = DRAFT.replace("resulted_in: policy/2024/dogs\n", "").replace("related: [policy/2024/dogs]\n", "")
    result = run(make_project, files(draft=unnamed, policy=secret))
    printed = "\n".join(str(d) for d in result.diagnostics)
    assert "养犬管理规定》" not in printed.replace("养犬管理规定（草案", "") and "dogs" not in printed and "2024-00040" not in printed


def test_a_public_consultation_may_not_name_a_withheld_policy(make_project):
    secret = POLICY.replace("disclosure: 主动公开", "disclosure: 不予公开\nexemption: process-info\nexemption_reason: 内部研究").replace("related: [consultation/2024/draft]\n", "")
    named = DRAFT.replace("related: [policy/2024/dogs]\n", "")
    result = run(make_project, files(draft=named, policy=secret))
    found = only(result.diagnostics, "link-to-withheld")
    assert found.is_error and found.line == line_of(named, "resulted_in:")
    assert result.public is None


# --- the site: page, policy backlink, data files, search, feeds ---------------

SITE_URL = "https://gk.example.gov.cn/"
ON_REQUEST = (
    DRAFT.replace("index_no: 11441900007330235A/2024-00031", "index_no: 11441900007330235A/2024-00032")
    .replace("关于公开征求", "关于内部征求").replace("disclosure: 主动公开", "disclosure: 依申请公开\nexemption: process-info\nexemption_reason: 尚在内部研究的草案")
    .replace("法制科", "保密科").replace("zqyj@", "neibu@").replace("采纳 5 条", "采纳 4 条").replace("动物防疫法", "内部防疫办法")
    .replace("resulted_in: policy/2024/dogs\n", "").replace("related: [policy/2024/dogs]\n", "").replace("第一条　为了规范养犬行为", "草案正文不应出现")
)
WITHHELD = (
    ON_REQUEST.replace("index_no: 11441900007330235A/2024-00032", "index_no: 11441900007330235A/2024-00033")
    .replace("关于内部征求", "关于绝密征求").replace("disclosure: 依申请公开", "disclosure: 不予公开")
)
ON_REQUEST_SECRETS = ("保密科", "neibu@", "采纳 4 条", "内部防疫办法", "草案正文不应出现", "尚在内部研究的草案")
WITHHELD_SECRETS = ("关于绝密征求", "11441900007330235A/2024-00033")


def site_files() -> dict[str, str]:
    return {**files(), "catalog/consultation/2024/inner.md": ON_REQUEST, "catalog/consultation/2024/secret.md": WITHHELD}


def page(site, index_no: str) -> BeautifulSoup:
    return BeautifulSoup((site / "xxgk" / index_no / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_the_page_shows_status_period_how_to_comment_basis_adoption_and_the_policy(build_site):
    site = build_site(files(), site_url=SITE_URL)
    soup = page(site, "11441900007330235A/2024-00031")
    note = soup.select_one(".gk-consultation")
    assert note.select_one(".admonition-title").get_text() == "已反馈"
    assert "2024-05-06 至 2024-06-05（31日）" in note.get_text()
    assert soup.select_one(".gk-decision-organ").get_text() == "决策机关：示例市财政局"
    link = soup.select_one(".gk-channels a[href^='https:']")
    assert link["href"] == "https://www.example.gov.cn/zqyj/2024-31" and set(link["rel"]) == {"nofollow", "noopener"}
    assert soup.select_one(".gk-channels a[href^='mailto:']")["href"] == "mailto:zqyj@example.gov.cn"
    assert "示例市人民政府办公室法制科（邮编 523000）" in soup.select_one(".gk-channels").get_text()
    basis = soup.select_one(".gk-basis")
    assert basis.strong.get_text() == "起草说明" and "动物防疫法" in basis.get_text()
    assert soup.select_one(".gk-adoption-counts").get_text() == "收到意见 12 条，采纳 5 条。"
    assert "未采纳的主要是超出立法权限的建议" in soup.select_one(".gk-adoption").get_text()
    result = soup.select_one(".gk-resulted-in a")
    assert result.get_text() == "示例市养犬管理规定" and "示府〔2024〕8号" in soup.select_one(".gk-resulted-in").get_text()
    assert (site / "xxgk/11441900007330235A/2024-00031" / result["href"] / "index.html").resolve() == (site / "xxgk/11441900007330235A/2024-00040/index.html").resolve()
    assert "第一条" in soup.select_one(".gk-body").get_text()  # the draft
    rows = {th.get_text(): td.get_text() for th, td in zip(soup.select(".gk-meta th"), soup.select(".gk-meta td"))}
    assert rows["征求意见开始日期"] == "2024-05-06" and rows["征求意见截止日期"] == "2024-06-05" and rows["类别"] == "征求意见"
    assert "决策机关" not in rows and "形成的政策文件" not in rows and "起草说明和决策依据" not in rows


def test_the_policy_page_lists_its_consultation_even_when_only_the_consultation_names_it(build_site):
    site = build_site(files(policy=POLICY.replace("related: [consultation/2024/draft]\n", "")))
    items = page(site, "11441900007330235A/2024-00040").select(".gk-related li")
    assert [(li.select_one(".gk-rel").get_text(), li.a.get_text()) for li in items] == [("征求意见", "关于公开征求《示例市养犬管理规定（草案征求意见稿）》意见的公告")]


def test_data_files_feeds_and_search_have_the_consultation(build_site):
    site = build_site(files(), plugins=["gk-catalog", "gk-exports", "gk-search"], site_url=SITE_URL)
    data = json.loads((site / "data/consultation.json").read_text(encoding="utf-8"))
    record = data["entries"][0]
    assert record["kind_name"] == "征求意见" and (record["start"], record["end"]) == ("2024-05-06", "2024-06-05")
    assert record["comment"] == {"address": "示例市人民政府办公室法制科（邮编 523000）", "email": "zqyj@example.gov.cn", "url": "https://www.example.gov.cn/zqyj/2024-31"}
    assert record["adoption"]["received"] == 12 and record["adoption"]["released"] == "2024-07-01"
    assert record["resulted_in"] == "11441900007330235A/2024-00040"
    raw = (site / "data/consultation.csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(raw.splitlines()))
    row = dict(zip(rows[0], rows[1]))
    assert row["意见反馈方式·电子邮箱"] == "zqyj@example.gov.cn" and row["形成的政策文件"] == "11441900007330235A/2024-00040"
    assert row["意见收集和采纳情况·采纳意见（条）"] == "5"
    feed = feedparser.parse((site / "feeds/consultation.xml").read_bytes())
    assert not feed.bozo and feed.feed.title == "测试目录 · 征求意见"
    assert [e.link for e in feed.entries] == [SITE_URL + "xxgk/11441900007330235A/2024-00031/"]
    reader = IndexReader(site / "search")
    hits = [reader.doc(n)["t"] for n in reader.search("立法权限")]  # words of the 采纳情况 only
    assert hits == ["关于公开征求《示例市养犬管理规定（草案征求意见稿）》意见的公告"]
    assert [reader.doc(n)["t"] for n in reader.search("动物防疫法")] == hits  # the 起草说明和决策依据
    assert ["consultation", "征求意见"] in [k[:2] for k in json.loads((site / "search/manifest.json").read_text(encoding="utf-8"))["kinds"]]


def test_on_request_and_withheld_consultations_leak_nothing(build_site):
    site = build_site(site_files(), plugins=["gk-catalog", "gk-exports", "gk-search"], site_url=SITE_URL)
    for path in site.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            data = gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data
            for secret in (*ON_REQUEST_SECRETS, *WITHHELD_SECRETS):
                assert secret.encode("utf-8") not in data, f"{secret} leaked into {path.relative_to(site)}"
    soup = page(site, "11441900007330235A/2024-00032")
    assert soup.h1.get_text(strip=True).startswith("关于内部征求") and soup.select_one(".gk-on-request")
    assert soup.select_one(".gk-consultation") is None and soup.select_one(".gk-channels") is None
    records = json.loads((site / "data/consultation.json").read_text(encoding="utf-8"))["entries"]
    inner = next(r for r in records if r["index_no"] == "11441900007330235A/2024-00032")
    assert inner["comment"] == {"address": None, "email": None, "url": None} and inner["adoption"] == {"received": None, "adopted": None, "released": None, "text": None}
    assert inner["start"] is None and inner["basis"] is None


# --- build.py new consultation -----------------------------------------------


def test_the_scaffold_round_trips_through_check(make_project):
    root = make_project({})
    path = scaffold.new_entry(root / "catalog", "consultation", "dogs")
    text = path.read_text(encoding="utf-8")
    assert "kind: consultation" in text and "征求意见截止日期（必填）" in text and "不少于 30 日" in text
    data = yaml.safe_load(text)
    start, end = data["start"], data["end"]
    assert (end - start).days + 1 == rules.MIN_DAYS
    filled = text.replace("title:  #", "title: 关于公开征求意见的公告  #", 1).replace("organ:  #", "organ: demo-office  #", 1).replace(
        "  email:  #", "  email: zqyj@example.gov.cn  #")
    path.write_text(filled, encoding="utf-8")
    result = pipeline.run(root / "catalog", root)
    assert [d.code for d in result.diagnostics if d.is_error] == []
    assert {d.code for d in result.diagnostics} <= {"consultation-draft-missing", "index-no-preview"}, [str(d) for d in result.diagnostics]
    loaded = result.catalog.of_kind("consultation")[0]
    assert loaded.meta.comment.email == "zqyj@example.gov.cn"


# --- serve: an edit on one side rebuilds the other ----------------------------


def _build(project, site_dir, *, serve: bool) -> dict[str, bytes]:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / site_dir))
    config.plugins.on_startup(command="serve" if serve else "build", dirty=serve)
    try:
        build(config, dirty=serve)
    finally:
        config.plugins.on_shutdown()
    return {p.relative_to(project / site_dir).as_posix(): p.read_bytes() for p in (project / site_dir).rglob("*") if p.is_file()}


def test_serve_rebuilds_the_consultation_and_its_policy_as_a_full_build(make_project):
    root = make_project(files(policy=POLICY.replace("related: [consultation/2024/draft]\n", "")))
    first = _build(root, "served", serve=True)
    assert '<span class="gk-rel">征求意见</span>' in first["xxgk/11441900007330235A/2024-00040/index.html"].decode("utf-8")
    policy = root / PATHS["policy"]
    policy.write_text(policy.read_text(encoding="utf-8").replace("title: 示例市养犬管理规定", "title: 示例市养犬管理条例"), encoding="utf-8")
    served = _build(root, "served", serve=True)
    assert served == _build(root, "full", serve=False)
    assert "示例市养犬管理条例" in served["xxgk/11441900007330235A/2024-00031/index.html"].decode("utf-8")
    draft = root / PATHS["draft"]
    draft.write_text(draft.read_text(encoding="utf-8").replace("resulted_in: policy/2024/dogs\n", ""), encoding="utf-8")
    served = _build(root, "served", serve=True)
    assert served == _build(root, "full", serve=False)
    assert "gk-related" not in served["xxgk/11441900007330235A/2024-00040/index.html"].decode("utf-8")


def test_without_a_stated_status_the_page_tells_it_from_the_dates(build_site):
    today = datetime.date.today()
    open_now = (DRAFT.replace("status: 已反馈\n", "").split("adoption:")[0] + "---\n草案。\n").replace(
        "start: 2024-05-06", f"start: {today - datetime.timedelta(days=1)}").replace("end: 2024-06-05", f"end: {today + datetime.timedelta(days=40)}").replace(
        "published: 2024-05-06", f"published: {today - datetime.timedelta(days=1)}")
    site = build_site({f"catalog/consultation/{(today - datetime.timedelta(days=1)).year}/draft.md": open_now})
    note = page(site, "11441900007330235A/2024-00031").select_one(".gk-consultation")
    assert note.select_one(".admonition-title").get_text() == "征求意见中" and "info" in note["class"]
    assert "（42日）" in note.get_text()


HOSTILE = "*粗体* &amp; <b>标记</b> [链接](http://x.example) | `代码`\n1. 序号"


def test_search_words_are_the_words_the_section_shows(make_project):
    from plugins.core.pages.site import Site
    from plugins.core.search.documents import section_text

    text = "  text: |\n    共收到意见" + HOSTILE.replace("\n", "\n    ") + "\n\n    - 第二段\n"
    marked = DRAFT.replace("  text: 共收到意见 12 条，采纳 5 条；未采纳的主要是超出立法权限的建议。\n", text).replace("（邮编 523000）", HOSTILE.replace("\n", " "))
    policy = POLICY.replace("title: 示例市养犬管理规定", f"title: 示例市养犬管理规定{HOSTILE.replace(chr(10), ' ')}")
    root = make_project(files(draft=marked, policy=policy))
    result = pipeline.run(root / "catalog", root)
    assert result.public is not None, [str(d) for d in result.errors]
    site = Site(result.public)
    kind = site.kinds["consultation"]
    entry = next(e for e in result.public.entries if e.kind == "consultation")
    assert kind.search_text(entry, site) == section_text(kind.section(entry, site))
    assert "标记" in kind.search_text(entry, site) and "形成的政策文件" in kind.search_text(entry, site)
