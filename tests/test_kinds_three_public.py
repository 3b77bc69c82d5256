"""“三公”经费: sums, counts, the change from last year (computed and shown), the reason required."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from bs4 import BeautifulSoup

from kinds_fixtures import THREE_PUBLIC_2023, THREE_PUBLIC_2024, change, check, line_of, messages
from plugins.core import pipeline

Y2023 = "catalog/three_public/2023/tp-2023.yml"
Y2024 = "catalog/three_public/2024/tp-2024.yml"
REPO = Path(__file__).resolve().parents[1]


def test_consecutive_years_pass(make_project):
    result = check(make_project, {Y2023: THREE_PUBLIC_2023, Y2024: THREE_PUBLIC_2024})
    assert result.diagnostics == []


def test_demo_catalog_three_public_entries_pass():
    result = pipeline.run(REPO / "catalog", REPO)
    assert [d for d in result.diagnostics if d.file.startswith("catalog/three_public/")] == []
    assert len([e for e in result.catalog.entries if e.kind == "three_public"]) >= 2


def test_total_must_equal_the_sum(make_project):
    text, line = change(THREE_PUBLIC_2024, "total: 48.30", "total: 48.50")
    result = check(make_project, {Y2023: THREE_PUBLIC_2023, Y2024: text})
    hits = [d for d in result.diagnostics if d.code == "three-public-total"]
    assert [(d.file, d.line) for d in hits] == [(Y2024, line)]
    assert "48.50" in hits[0].message and "38.50" in hits[0].message and "9.80" in hits[0].message
    assert hits[0].label == "合计"


def test_vehicles_subtotal_is_purchase_plus_operation(make_project):
    text, line = change(THREE_PUBLIC_2024, "amount: 38.50, purchase: 0", "amount: 39.50, purchase: 0")
    result = check(make_project, {Y2024: text})
    assert [(d.line, d.code) for d in result.diagnostics if d.is_error] == [(line, "three-public-vehicles")]


def test_reason_is_required_when_the_total_changed(make_project):
    text = THREE_PUBLIC_2024.replace("change_reason: 公务用车保有量由7辆减至6辆，压减公务接待批次。\n", "")
    result = check(make_project, {Y2023: THREE_PUBLIC_2023, Y2024: text})
    hits = [d for d in result.diagnostics if d.code == "three-public-reason-missing"]
    assert [(d.file, d.line) for d in hits] == [(Y2024, line_of(text, "total:"))]
    assert "减少4.30万元" in hits[0].message and "下降8.17%（计算值）" in hits[0].message
    assert "change_reason" in hits[0].fix


def test_no_reason_needed_when_unchanged_or_without_a_previous_year(make_project):
    same = THREE_PUBLIC_2023.replace("fiscal_year: 2023", "fiscal_year: 2024").replace("published: 2023-02-10", "published: 2024-02-10")
    result = check(make_project, {Y2023: THREE_PUBLIC_2023, Y2024: same})
    assert result.diagnostics == []
    alone = THREE_PUBLIC_2024.replace("change_reason: 公务用车保有量由7辆减至6辆，压减公务接待批次。\n", "").replace("organ: demo-finance", "organ: demo-office")
    result = check(make_project, {"catalog/three_public/2024/office.yml": alone})
    assert [d for d in result.diagnostics if d.file.endswith("office.yml")] == []


def test_previous_figures_written_in_the_entry_count_too(make_project):
    text = THREE_PUBLIC_2024.replace("change_reason: 公务用车保有量由7辆减至6辆，压减公务接待批次。\n", "previous: {total: 52.60}\n")
    result = check(make_project, {Y2024: text})
    assert [d.code for d in result.diagnostics] == ["three-public-reason-missing"]
    wrong = THREE_PUBLIC_2024 + "previous: {total: 50.00}\n"
    result = check(make_project, {Y2023: THREE_PUBLIC_2023, Y2024: wrong})
    hits = [d for d in result.diagnostics if d.code == "three-public-previous-mismatch"]
    assert [(d.line, d.severity.value) for d in hits] == [(line_of(wrong, "previous:"), "warning")]
    assert "50.00" in hits[0].message and "52.60" in hits[0].message


def test_final_account_needs_the_counts(make_project):
    final = (
        THREE_PUBLIC_2024.replace("stage: 预算", "stage: 决算").replace("published: 2024-02-08", "published: 2025-08-01")
        .replace("reception: {amount: 9.80, batches: 85, people: 620}", "reception: {amount: 9.80}")
    )
    result = check(make_project, {"catalog/three_public/2025/final.yml": final})
    hits = [d for d in result.diagnostics if d.code == "three-public-counts-missing"]
    assert [(d.line, d.is_error) for d in hits] == [(line_of(final, "reception:"), True)]
    assert "批次、人次" in hits[0].message and "中办发〔2016〕13号" in hits[0].fix
    budget = THREE_PUBLIC_2024.replace("reception: {amount: 9.80, batches: 85, people: 620}", "reception: {amount: 9.80}")
    assert not [m for m in messages(check(make_project, {Y2024: budget}), "three-public-counts-missing") if Y2024 in m]


def test_counts_that_contradict_each_other(make_project):
    text, line = change(THREE_PUBLIC_2024, "batches: 85, people: 620", "batches: 85, people: 62")
    text2, line2 = change(THREE_PUBLIC_2024, "outbound: {amount: 0, groups: 0, people: 0}", "outbound: {amount: 3.50, groups: 0, people: 0}")
    text2 = text2.replace("total: 48.30", "total: 51.80")
    result = check(make_project, {Y2024: text, "catalog/three_public/2024/other.yml": text2.replace("organ: demo-finance", "organ: demo-office")})
    people = [d for d in result.diagnostics if d.code == "three-public-counts" and d.file == Y2024]
    assert [(d.line, d.is_error) for d in people] == [(line, True)]
    groups = [d for d in result.diagnostics if d.code == "three-public-counts" and d.file != Y2024]
    assert [(d.line, d.is_error) for d in groups] == [(line2, False)] and "团组数为 0" in groups[0].message


def test_one_entry_per_organ_year_and_stage(make_project):
    result = check(make_project, {Y2024: THREE_PUBLIC_2024, "catalog/three_public/2024/again.yml": THREE_PUBLIC_2024})
    assert [d.code for d in result.diagnostics] == ["three-public-duplicate"]


def _page(site: Path, year: int) -> tuple[BeautifulSoup, Path]:
    for page in (site / "xxgk").rglob("index.html"):
        text = page.read_text(encoding="utf-8")
        if f"{year}年“三公”经费预算</h1>" in text or f"示例市财政局{year}年“三公”经费预算</h1>" in text:
            return BeautifulSoup(text, "html.parser"), page.parent
    raise AssertionError(f"no page for {year}")


def test_page_shows_the_change_from_last_year(build_site):
    site = build_site({Y2023: THREE_PUBLIC_2023, Y2024: THREE_PUBLIC_2024})
    soup, folder = _page(site, 2024)
    change_line = soup.select_one("p.gk-change").get_text()
    assert "48.30万元" in change_line and "减少4.30万元" in change_line and "下降8.17%（计算值）" in change_line
    table = soup.select_one("table.gk-data")
    assert [th.get_text() for th in table.select("thead th")] == ["项目", "2024年预算数", "2023年预算数", "增减额", "增减率（计算值）"]
    cells = {tr.th.get_text(): [td.get_text() for td in tr.select("td")] for tr in table.select("tbody tr")}
    # the page shows a true minus sign (U+2212); the CSV below keeps the ASCII one for spreadsheets
    assert cells["合计"] == ["48.30", "52.60", "−4.30", "−8.17%"]
    assert cells["公务用车运行费"] == ["38.50", "41.20", "−2.70", "−6.55%"]
    assert cells["因公出国（境）费"][3] == "—"  # 0 → 0: no rate
    assert "公务用车保有量由7辆减至6辆" in soup.select_one("p.gk-note").get_text()
    counts = soup.select("table.gk-data")[1]
    rows = {tr.th.get_text(): [td.get_text() for td in tr.select("td")] for tr in counts.select("tbody tr")}
    assert rows["公务用车保有量（辆）"] == ["6", "7"] and rows["国内公务接待人次"] == ["620", "710"]
    chart = soup.select_one(".gk-chart")
    assert "2023年" in chart.get_text() and "2024年" in chart.get_text()
    assert soup.find(id=chart["aria-labelledby"].split()[1]).get_text().startswith("共 4 项")
    href = soup.select_one("p.gk-download a")["href"]
    data = (folder / href).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["项目", "2024年预算数（万元）", "2023年预算数（万元）", "增减额（万元）", "增减率（计算值，%）"]
    assert ["合计", "48.30", "52.60", "-4.30", "-8.17"] in rows


def test_last_year_on_request_is_not_shown(build_site):
    """The comparison reads only entries published in full: a 依申请公开 year's figures stay behind the wall."""
    hidden = THREE_PUBLIC_2023.replace("disclosure: 主动公开", "disclosure: 依申请公开\nexemption: process-info")
    site = build_site({Y2023: hidden, Y2024: THREE_PUBLIC_2024})
    soup, _ = _page(site, 2024)
    assert "52.60" not in soup.get_text() and "41.20" not in soup.get_text()
    assert "无法计算增减" in soup.select_one("p.gk-change").get_text()
    hidden_page, folder = _page(site, 2023)
    assert not hidden_page.select("table.gk-data") and not list(folder.glob("*.csv"))
