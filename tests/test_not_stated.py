"""“未说明”: a value the published document does not give, entered as such and never replaced by an invented one.

Built for real: the page says 原件未说明, the rules that need the value say nothing false, the data files and
OCDS leave it out (never 0, never an empty-string placeholder), and only the fields that allow it accept it.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

from bs4 import BeautifulSoup

from kinds_fixtures import THREE_PUBLIC_2023
from plugins.core import pipeline
from test_kinds_policy import NEW, OLD
from test_kinds_procurement import TENDER, files
from test_ocds import RECORDS, RELEASES, errors

INQUIRY = """\
kind: procurement
title: 示例市财政局办公家具采购询价公告
index_no: 114419000073302510/2024-00031
organ: demo-finance
published: 2024-06-03
disclosure: 主动公开
project_no: 未说明
project_name: 示例市财政局办公家具采购
notice_type: 询价公告
method: 询价
budget_amount: 未说明
max_price: 未说明
deadline: 2024-06-10 09:30
"""
"""A 询价公告 as published: no project number, no budget, no 最高限价."""
INQUIRY_PATH = "catalog/procurement/2024/6-inquiry.yml"

CEILING_ONLY = TENDER.replace("budget_amount: 1980000", "budget_amount: 未说明\nmax_price: 1950000")
"""A 招标公告 that states only its 最高控制价."""

VEHICLES_SUBTOTAL = THREE_PUBLIC_2023.replace(
    "vehicles: {amount: 41.20, purchase: 0, operation: 41.20, purchased: 0, fleet: 7}",
    "vehicles: {amount: 41.20, purchase: 未说明, operation: 未说明, fleet: 7}",
)
"""A “三公” table that gives 公务用车购置及运行费 as one 小计, not split into 购置 and 运行."""
THREE_PUBLIC_PATH = "catalog/three_public/2023/demo-finance-sangong.yml"


def page_of(site: Path, index_no: str) -> BeautifulSoup:
    return BeautifulSoup((site / "xxgk" / index_no / "index.html").read_text(encoding="utf-8"), "html.parser")


def meta_rows(soup: BeautifulSoup) -> dict[str, str]:
    return {row.th.get_text(strip=True): row.td.get_text(strip=True) for row in soup.select("table.gk-meta tr")}


def data(site: Path, kind: str) -> list[dict]:
    return json.loads((site / "data" / f"{kind}.json").read_text(encoding="utf-8"))["entries"]


def test_a_notice_without_project_number_budget_or_ceiling_is_published_as_such(build_site, make_project):
    project = {**files(tender=CEILING_ONLY), INQUIRY_PATH: INQUIRY}
    root = make_project(project)
    result = pipeline.run(root / "catalog", root)
    mine = [str(d) for d in result.diagnostics if d.file == INQUIRY_PATH]
    assert mine == [], mine  # 未说明 fills the required fields honestly: no false error, no invented value asked for
    site = build_site(project, site_url="https://xxgk.example.gov.cn/", plugins=[{"gk-catalog": {"ocid_prefix": "ocds-abc123"}}, "gk-exports"])

    rows = meta_rows(page_of(site, "114419000073302510/2024-00031"))
    assert rows["项目编号"] == "原件未说明" and rows["预算金额（元）"] == "原件未说明" and rows["最高限价（元）"] == "原件未说明"
    assert "所属采购项目" not in page_of(site, "114419000073302510/2024-00031").get_text()  # no invented project

    records = {r["index_no"]: r for r in data(site, "procurement")}
    inquiry = records["114419000073302510/2024-00031"]
    assert inquiry["project_no"] is None and inquiry["budget_amount"] is None and inquiry["max_price"] is None
    assert inquiry["not_stated"] == ["project_no", "budget_amount", "max_price"]
    assert "not_stated" not in records["114419000073302510/2024-00001"]
    table = list(csv.DictReader(io.StringIO((site / "data" / "procurement.csv").read_text(encoding="utf-8-sig"))))
    row = next(r for r in table if r["索引号"] == "114419000073302510/2024-00031")
    assert [row[k] for k in ("项目编号", "预算金额（元）", "最高限价（元）")] == ["", "", ""]
    assert "未说明" not in (site / "data" / "procurement.csv").read_text(encoding="utf-8-sig")

    everything = json.dumps(json.loads((site / "data/ocds/release-package.json").read_text(encoding="utf-8")), ensure_ascii=False)
    assert "未说明" not in everything and "办公家具" not in everything  # no project, so no OCDS release with made-up ids
    releases = json.loads((site / "data/ocds/SLCG2024-018/release-package.json").read_text(encoding="utf-8"))
    assert errors(RELEASES, releases) == []
    assert errors(RECORDS, json.loads((site / "data/ocds/SLCG2024-018/record-package.json").read_text(encoding="utf-8"))) == []
    tender = next(r for r in releases["releases"] if r["id"] == "114419000073302510/2024-00002")["tender"]
    assert tender["value"] == {"amount": 1950000, "currency": "CNY"}  # the 最高控制价 the notice states, not the budget it does not


def test_a_three_public_table_with_only_the_vehicle_subtotal(build_site, make_project):
    root = make_project({THREE_PUBLIC_PATH: VEHICLES_SUBTOTAL})
    result = pipeline.run(root / "catalog", root)
    assert [str(d) for d in result.diagnostics if d.file == THREE_PUBLIC_PATH] == []
    # the total is still checked, against the subtotal: a wrong total is caught with no invented split
    wrong = VEHICLES_SUBTOTAL.replace("total: 52.60", "total: 52.70")
    root = make_project({THREE_PUBLIC_PATH: wrong})
    found = [d for d in pipeline.run(root / "catalog", root).diagnostics if d.file == THREE_PUBLIC_PATH]
    assert [d.code for d in found] == ["three-public-total"]
    assert "公务用车购置及运行费 41.20" in found[0].message and "购置费" not in found[0].message.replace("购置及运行费", "")
    # without the subtotal nothing can be checked: said so
    bare = VEHICLES_SUBTOTAL.replace("amount: 41.20, purchase", "purchase")
    root = make_project({THREE_PUBLIC_PATH: bare})
    found = [d for d in pipeline.run(root / "catalog", root).diagnostics if d.file == THREE_PUBLIC_PATH]
    assert [d.code for d in found] == ["three-public-vehicles-not-stated"] and found[0].is_error

    site = build_site({THREE_PUBLIC_PATH: VEHICLES_SUBTOTAL}, plugins=["gk-catalog", "gk-exports"])
    entry = json.loads((site / "data" / "three_public.json").read_text(encoding="utf-8"))["entries"][0]
    page = next(p for p in (site / "xxgk").rglob("index.html") if "三公" in p.read_text(encoding="utf-8"))
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    table = soup.select_one(".gk-three-public table")
    cells = {tr.select("th, td")[0].get_text(strip=True): [c.get_text(strip=True) for c in tr.select("td")] for tr in table.select("tbody tr")}
    assert cells["其中：公务用车购置费"][-1] == "原件未说明" and cells["公务用车运行费"][-1] == "原件未说明"
    assert cells["公务用车购置及运行费"][-1] == "41.20"
    assert entry["vehicles"]["purchase"] is None and entry["vehicles"]["operation"] is None and entry["vehicles"]["amount"] == 41.2
    assert entry["not_stated"] == ["vehicles.purchase", "vehicles.operation"]
    # the chart speaks of the subtotal as one item: no bar of an invented split, no “largest” item from partial data
    chart = soup.select_one(".gk-three-public").get_text(" ", strip=True)
    assert "最大的是公务用车购置及运行费" in chart and "公务用车购置费：" not in chart
    beside = next(page.parent.glob("*.csv")).read_text(encoding="utf-8-sig")
    assert "未说明" not in beside and ",0," not in beside.split("公务用车购置费", 1)[1].splitlines()[0]


def test_only_fields_that_allow_it_accept_it(make_project):
    text = THREE_PUBLIC_2023.replace("reception: {amount: 11.40", "reception: {amount: 未说明").replace("fiscal_year: 2023", "fiscal_year: 未说明")
    root = make_project({THREE_PUBLIC_PATH: text})
    result = pipeline.run(root / "catalog", root)
    mine = {d.field: d for d in result.errors if d.file == THREE_PUBLIC_PATH}
    assert set(mine) >= {"reception.amount", "fiscal_year"}
    for field in ("reception.amount", "fiscal_year"):
        assert mine[field].message.startswith("这一项不能写“未说明”") and "按原件填写" in mine[field].fix, mine[field]
    # 发布日期 is the day this site publishes it: 未说明 only for an archive entry that keeps the old system's number
    undated = THREE_PUBLIC_2023.replace("published: 2023-02-10", "published: 未说明")
    root = make_project({THREE_PUBLIC_PATH: undated})
    found = [d for d in pipeline.run(root / "catalog", root).errors if d.file == THREE_PUBLIC_PATH]
    assert [(d.field, d.code) for d in found] == [("published", "published-not-stated")] and "本网站发布它的日期" in found[0].fix
    # a value that is neither a number nor 未说明, on a field that allows 未说明: one plain message
    wrong = VEHICLES_SUBTOTAL.replace("purchase: 未说明", "purchase: 约5万")
    root = make_project({THREE_PUBLIC_PATH: wrong})
    found = [d for d in pipeline.run(root / "catalog", root).errors if d.file == THREE_PUBLIC_PATH]
    assert [d.field for d in found] == ["vehicles.purchase"] and "约5万" in str(found[0])


def test_the_editor_schemas_accept_it_exactly_where_the_build_does():
    import yaml
    from jsonschema import Draft7Validator

    root = Path(__file__).resolve().parents[1]

    def errors(kind: str, text: str) -> list[str]:
        schema = json.loads((root / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8"))
        data = yaml.load(text, Loader=yaml.BaseLoader)  # as the editor's YAML extension reads it: every scalar text
        return sorted(".".join(map(str, e.absolute_path)) for e in Draft7Validator(schema).iter_errors(data))

    assert errors("procurement", INQUIRY) == []
    assert errors("three_public", VEHICLES_SUBTOTAL) == []
    assert errors("three_public", THREE_PUBLIC_2023.replace("reception: {amount: 11.40", "reception: {amount: 未说明")) == ["reception.amount"]


UNDATED_POLICY = NEW.replace("written: 2024-09-20", "written: 未说明").replace("doc_no: 示府办〔2024〕21号", "doc_no: 示府办〔2022〕21号")
"""A policy that prints no 成文日期 (and whose 文号 year is two years before its 发布日期)."""
POLICY_FILES = {"catalog/policy/2024/new.yml": UNDATED_POLICY, "catalog/policy/2019/old.yml": OLD}


def test_a_document_that_prints_no_written_date(build_site, make_project):
    root = make_project(POLICY_FILES)
    result = pipeline.run(root / "catalog", root)
    mine = [d for d in result.diagnostics if d.file == "catalog/policy/2024/new.yml"]
    # 未说明 is accepted; the 文号 year is then checked against the 发布日期, and the fix asks for no 成文日期 that does not exist
    assert [d.code for d in mine] == ["doc-no-year"], [str(d) for d in mine]
    assert "发布日期 2024-09-27" in mine[0].message and "written" not in mine[0].fix
    site = build_site(POLICY_FILES, site_url="https://xxgk.example.gov.cn/", plugins=["gk-catalog", "gk-exports"])
    soup = page_of(site, "11441900007330235A/2024-00021")
    assert meta_rows(soup)["成文日期"] == "原件未说明"
    assert "未说明" not in str(soup.select_one("head"))  # no meta tag carries it as if it were a date
    record = {r["index_no"]: r for r in data(site, "policy")}["11441900007330235A/2024-00021"]
    assert record["written"] is None and record["not_stated"] == ["written"] and record["published"] == "2024-09-27"
    table = list(csv.DictReader(io.StringIO((site / "data" / "policy.csv").read_text(encoding="utf-8-sig"))))
    row = next(r for r in table if r["索引号"] == "11441900007330235A/2024-00021")
    assert row["成文日期"] == ""


def test_the_editor_schema_takes_no_written_date_but_not_an_unstated_publication_date():
    import yaml
    from jsonschema import Draft7Validator

    schema = json.loads((Path(__file__).resolve().parents[1] / "schemas" / "policy.schema.json").read_text(encoding="utf-8"))

    def errors(text: str) -> list[str]:
        return sorted(".".join(map(str, e.absolute_path)) for e in Draft7Validator(schema).iter_errors(yaml.load(text, Loader=yaml.BaseLoader)))

    assert errors(UNDATED_POLICY) == []
    assert errors(NEW.replace("published: 2024-09-27", "published: 未说明")) == []  # the schema takes it; the build asks for the archive mark
    assert errors(NEW.replace("published: 2024-09-27", "published: 2024年9月27日")) == ["published"]


ARCHIVE = """\
kind: policy
title: 示例市人民政府关于加强档案工作的通知
index_no: K12-01-2009-0003
index_no_legacy: true
organ: demo-office
doc_no: 示府〔2009〕3号
written: 未说明
published: 未说明
disclosure: 主动公开
validity: 有效
body: 各镇人民政府：现就加强档案工作通知如下。
"""
"""A row of the old system's catalog export: its 索引号 kept, no 发布日期 recorded, no 成文日期 printed."""
ARCHIVE_FILES = {**POLICY_FILES, "catalog/policy/2009/archive.yml": ARCHIVE}
ARCHIVE_URL = "xxgk/K12-01-2009-0003/"


def test_an_archive_entry_whose_publication_date_is_not_known(build_site, make_project):
    import feedparser

    root = make_project(ARCHIVE_FILES)
    result = pipeline.run(root / "catalog", root)
    assert [str(d) for d in result.diagnostics if d.file == "catalog/policy/2009/archive.yml"] == []  # no date rule, no year-folder rule, no number to allocate
    site = build_site(ARCHIVE_FILES, site_url="https://xxgk.example.gov.cn/", plugins=["gk-catalog", "gk-exports"])

    soup = page_of(site, "K12-01-2009-0003")
    rows = meta_rows(soup)
    assert rows["发布日期"] == "原件未说明" and rows["成文日期"] == "原件未说明"
    assert soup.find("meta", attrs={"name": "PubDate"}) is None and soup.find("meta", attrs={"name": "IndexNo"})["content"] == "K12-01-2009-0003"
    assert "未说明" not in " ".join(t["datetime"] for t in soup.select("time[datetime]"))
    crumbs = [a.get_text(strip=True) for a in soup.select("nav.gk-crumbs a")]
    assert crumbs[0] == "首页" and "政策文件" in crumbs[-1] and not any(c.endswith("年") for c in crumbs)  # no year crumb: it is in no year's listing

    listing = BeautifulSoup((site / "catalog/kind/policy/index.html").read_text(encoding="utf-8"), "html.parser")
    titles = [a.get_text(strip=True) for a in listing.select("table a[href*='xxgk/']")]
    assert titles[-1] == "示例市人民政府关于加强档案工作的通知" and len(titles) == 3  # newest first, the undated one last
    shown = listing.select("table tr")[-1].get_text(" ", strip=True)
    assert "原件未说明" in shown
    years = sorted(p.parent.name for p in (site / "catalog/year").glob("*/index.html"))
    assert years == ["2019", "2024"]  # no year invented for it
    assert all("K12-01-2009-0003" not in (site / "catalog/year" / y / "index.html").read_text(encoding="utf-8") for y in years)

    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert [e.title for e in feed.entries] and all("档案工作" not in e.title for e in feed.entries)  # Atom needs a date: left out, never given one
    sm = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    listed = {u.findtext(f"{sm}loc"): u.findtext(f"{sm}lastmod") for u in ET.parse(site / "sitemap.xml").getroot()}
    assert listed["https://xxgk.example.gov.cn/" + ARCHIVE_URL] is None  # listed, with no lastmod invented
    assert listed["https://xxgk.example.gov.cn/xxgk/11441900007330235A/2024-00021/"] == "2024-09-27"

    records = data(site, "policy")
    assert records[-1]["index_no"] == "K12-01-2009-0003"  # the data file lists it last too
    assert records[-1]["published"] is None and records[-1]["written"] is None and records[-1]["not_stated"] == ["written", "published"]
    table = list(csv.DictReader(io.StringIO((site / "data" / "policy.csv").read_text(encoding="utf-8-sig"))))
    assert table[-1]["发布日期"] == "" and table[-1]["索引号"] == "K12-01-2009-0003"


def test_only_an_archive_entry_may_leave_its_publication_date_unstated(make_project):
    undated = NEW.replace("published: 2024-09-27", "published: 未说明")
    root = make_project({"catalog/policy/2024/new.yml": undated})
    found = [d for d in pipeline.run(root / "catalog", root).errors if d.file == "catalog/policy/2024/new.yml"]
    assert [(d.field, d.code) for d in found] == [("published", "published-not-stated")], [str(d) for d in found]
    assert "index_no_legacy: true" in found[0].fix and "本网站发布它的日期" in found[0].fix


def test_an_undated_archive_procurement_notice_is_shown_but_makes_no_ocds_release(build_site, make_project):
    from test_kinds_procurement import RESULT

    archive = RESULT.replace("index_no: 114419000073302510/2024-00004", "index_no: CG-2024-0004\nindex_no_legacy: true").replace("published: 2024-10-08", "published: 未说明")
    project = files(result=archive)
    root = make_project(project)
    mine = [str(d) for d in pipeline.run(root / "catalog", root).diagnostics if d.file.endswith("4-result.yml")]
    assert mine == []  # no time-limit or order rule on a notice whose date is not known
    site = build_site(project, site_url="https://xxgk.example.gov.cn/", plugins=[{"gk-catalog": {"ocid_prefix": "ocds-abc123"}}, "gk-exports"])
    assert meta_rows(page_of(site, "CG-2024-0004"))["发布日期"] == "原件未说明"
    releases = json.loads((site / "data/ocds/SLCG2024-018/release-package.json").read_text(encoding="utf-8"))
    assert errors(RELEASES, releases) == []
    ids = [r["id"] for r in releases["releases"]]
    assert "CG-2024-0004" not in ids and "114419000073302510/2024-00002" in ids  # an OCDS release needs its date: left out, never given one
    assert "未说明" not in json.dumps(releases, ensure_ascii=False)
