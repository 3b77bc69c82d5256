"""预决算 tables entered as printed: the two-halves 基本支出决算表, the “三公” table in either orientation,
required tables by year, the tables-in-attachment choice, and the 说明's figures — correct documents pass,
a wrong figure is found at its place, a table the checks cannot read is an error that says so."""

from __future__ import annotations

import csv
import io
from urllib.parse import unquote

from bs4 import BeautifulSoup

from attachkit import pdf
from kinds_fixtures import BUDGET, FINAL_ACCOUNT, THREE_PUBLIC_2024, change, check, line_of

PATH = "catalog/budget/2024/budget.yml"
FINAL = "catalog/final_account/2025/final.yml"
TP_FINAL = "catalog/three_public/2025/tp-final.yml"


def _replace_table(text: str, key: str, new: str) -> str:
    start = text.index(f"  - table: {key}\n")
    end = text.index("  - table: ", start + 1)
    return text[:start] + new + text[end:]


HALVES = """\
  - table: 一般公共预算基本支出表
    name: 2024年一般公共预算财政拨款基本支出决算表
    unit: 万元
    personnel:
      columns: [决算数]
      rows:
        - {code: "301", name: 工资福利支出, values: [55.00]}
        - {code: "30101", name: 基本工资, values: [35.00]}
        - {code: "30108", name: 机关事业单位基本养老保险缴费, values: [20.00]}
        - {name: 人员经费合计, values: [55.00]}
    public_use:
      columns: [决算数]
      rows:
        - {code: "302", name: 商品和服务支出, values: [15.00]}
        - {code: "30201", name: 办公费, values: [10.00]}
        - {code: "30217", name: 公务接待费, values: [5.00]}
        - {name: 公用经费合计, values: [15.00]}
"""

ONE_LIST = """\
  - table: 一般公共预算基本支出表
    name: 2024年一般公共预算财政拨款基本支出决算表
    unit: 万元
    columns: [决算数]
    rows:
      - {code: "301", name: 工资福利支出, values: [55.00]}
      - {code: "30101", name: 基本工资, values: [35.00]}
      - {code: "30108", name: 机关事业单位基本养老保险缴费, values: [20.00]}
      - {code: "302", name: 商品和服务支出, values: [15.00]}
      - {code: "30201", name: 办公费, values: [10.00]}
      - {code: "30217", name: 公务接待费, values: [5.00]}
      - {name: 人员经费合计, values: [55.00]}
      - {name: 公用经费合计, values: [15.00]}
"""

ITEMS_ON_TOP = """\
  - table: 三公经费支出表
    name: 2024年一般公共预算财政拨款“三公”经费支出决算表
    unit: 万元
    columns: [合计/预算数, 合计/决算数, 因公出国（境）费/预算数, 因公出国（境）费/决算数, 公务用车购置及运行费/小计/预算数, 公务用车购置及运行费/小计/决算数, 公务用车购置及运行费/公务用车购置费/预算数, 公务用车购置及运行费/公务用车购置费/决算数, 公务用车购置及运行费/公务用车运行费/预算数, 公务用车购置及运行费/公务用车运行费/决算数, 公务接待费/预算数, 公务接待费/决算数]
    rows:
      - {name: 金额, values: [50.00, 48.30, 0, 0, 40.00, 38.50, 0, 0, 40.00, 38.50, 10.00, 9.80]}
"""

ITEMS_DOWN = """\
  - table: 三公经费支出表
    name: 2024年一般公共预算财政拨款“三公”经费支出决算表
    unit: 万元
    columns: [预算数, 决算数]
    rows:
      - {name: 合计, values: [50.00, 48.30]}
      - {name: 因公出国（境）费, values: [0, 0]}
      - {name: 公务用车购置及运行费, values: [40.00, 38.50]}
      - {name: 其中：公务用车购置费, values: [0, 0]}
      - {name: 公务用车运行费, values: [40.00, 38.50]}
      - {name: 公务接待费, values: [10.00, 9.80]}
"""

TP_2024_FINAL = THREE_PUBLIC_2024.replace("stage: 预算", "stage: 决算").replace("“三公”经费预算", "“三公”经费决算").replace(
    "published: 2024-02-08", "published: 2025-08-01")


def test_basic_table_in_two_halves_passes_and_is_checked(make_project, build_site):
    text = _replace_table(FINAL_ACCOUNT, "一般公共预算基本支出表", HALVES)
    assert check(make_project, {FINAL: text}).diagnostics == []
    # a wrong 人员经费合计 is found in its half; the two halves together are compared with the 一般公共预算支出表
    broken, line = change(text, "{name: 人员经费合计, values: [55.00]}", "{name: 人员经费合计, values: [56.00]}")
    assert ("budget-total-row", line) in {(d.code, d.line) for d in check(make_project, {FINAL: broken}).diagnostics}
    broken, line = change(text, '{code: "30201", name: 办公费, values: [10.00]}', '{code: "30201", name: 办公费, values: [11.00]}')
    broken = broken.replace('{code: "302", name: 商品和服务支出, values: [15.00]}', '{code: "302", name: 商品和服务支出, values: [16.00]}').replace(
        "{name: 公用经费合计, values: [15.00]}", "{name: 公用经费合计, values: [16.00]}")
    across = [d for d in check(make_project, {FINAL: broken}).diagnostics if d.code == "budget-cross-table"]
    assert len(across) == 1 and "71.00" in across[0].message and "70.00" in across[0].message
    # the page shows both halves side by side, and the CSV names each row's half
    site = build_site({FINAL: text})
    page = next(p for p in (site / "xxgk").rglob("index.html") if "基本支出决算表" in p.read_text(encoding="utf-8"))
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    captions = [c.get_text() for c in soup.select(".gk-sides caption")]
    assert "2024年一般公共预算财政拨款基本支出决算表（人员经费）（单位：万元）" in captions
    assert "2024年一般公共预算财政拨款基本支出决算表（公用经费）（单位：万元）" in captions
    number = next(i for i, h in enumerate(soup.select("h3[id^=table-]"), 1) if "基本支出" in h.get_text())
    rows = list(csv.reader(io.StringIO((page.parent / f"table-{number:02d}.csv").read_bytes().decode("utf-8-sig"))))
    assert ["人员经费", "", "人员经费合计", "55.00"] in rows and ["公用经费", "30201", "办公费", "10.00"] in rows


def test_basic_table_with_both_totals_on_the_last_line(make_project):
    text = _replace_table(FINAL_ACCOUNT, "一般公共预算基本支出表", ONE_LIST)
    assert check(make_project, {FINAL: text}).diagnostics == []
    broken, line = change(text, "{name: 公用经费合计, values: [15.00]}", "{name: 公用经费合计, values: [14.00]}")
    assert [(d.code, d.line) for d in check(make_project, {FINAL: broken}).diagnostics if d.code == "budget-total-row"] == [("budget-total-row", line)]


def test_three_public_table_with_items_on_top(make_project):
    text = _replace_table(FINAL_ACCOUNT, "三公经费支出表", ITEMS_ON_TOP)
    assert check(make_project, {FINAL: text, TP_FINAL: TP_2024_FINAL}).diagnostics == []
    # the sums are checked: a wrong 决算 合计, a wrong 小计
    broken, line = change(text, "[50.00, 48.30, 0, 0,", "[50.00, 48.40, 0, 0,")
    codes = {(d.code, d.line) for d in check(make_project, {FINAL: broken, TP_FINAL: TP_2024_FINAL}).diagnostics}
    assert ("budget-columns-sum", line) in codes and ("budget-three-public-mismatch", line) in codes
    broken, line = change(text, "40.00, 38.50, 0, 0, 40.00, 38.50", "40.00, 38.50, 0, 0, 40.00, 37.50")
    messages = [d.message for d in check(make_project, {FINAL: broken}).diagnostics if d.code == "budget-columns-sum"]
    assert any("公务用车购置费 + 公务用车运行费" in m for m in messages)


def test_three_public_table_with_items_down_the_rows(make_project):
    text = _replace_table(FINAL_ACCOUNT, "三公经费支出表", ITEMS_DOWN)
    assert check(make_project, {FINAL: text, TP_FINAL: TP_2024_FINAL}).diagnostics == []
    broken, line = change(text, "{name: 公务接待费, values: [10.00, 9.80]}", "{name: 公务接待费, values: [10.00, 9.90]}")
    codes = {(d.code, d.line) for d in check(make_project, {FINAL: broken}).diagnostics}
    assert ("budget-total-row", line_of(broken, "{name: 合计, values: [50.00, 48.30]}")) in codes
    other = TP_2024_FINAL.replace("total: 48.30", "total: 48.40").replace("reception: {amount: 9.80", "reception: {amount: 9.90")
    hits = [d for d in check(make_project, {FINAL: text, TP_FINAL: other}).diagnostics if d.code == "budget-three-public-mismatch"]
    assert len(hits) == 1 and "48.30" in hits[0].message and "48.40" in hits[0].message


def test_a_table_the_checks_cannot_read_is_an_error_that_says_so(make_project):
    unreadable = ITEMS_DOWN.replace("columns: [预算数, 决算数]", "columns: [2023年决算数, 2024年决算数]")
    text = _replace_table(FINAL_ACCOUNT, "三公经费支出表", unreadable)
    hits = [d for d in check(make_project, {FINAL: text}).diagnostics if d.code == "budget-layout-unknown"]
    assert hits and all(d.is_error for d in hits) and "total_column" in hits[0].fix
    assert hits[0].line == line_of(text, "columns: [2023年决算数, 2024年决算数]")
    named = unreadable.replace("    rows:\n", "    total_column: 2024年决算数\n    rows:\n", 1)
    assert check(make_project, {FINAL: _replace_table(FINAL_ACCOUNT, "三公经费支出表", named)}).diagnostics == []
    spanning = ITEMS_ON_TOP.replace("合计/预算数, 合计/决算数", "预算数/合计/甲, 预算数/合计/乙")
    hits = [d for d in check(make_project, {FINAL: _replace_table(FINAL_ACCOUNT, "三公经费支出表", spanning)}).diagnostics if d.code == "budget-layout-unknown"]
    assert hits and "看不出哪一列是合计" in hits[0].message


def _without(text: str, *keys: str) -> str:
    for key in keys:
        start = text.index(f"  - table: {key}\n")
        nxt = text.find("  - table: ", start + 1)
        text = text[:start] + (text[nxt:] if nxt >= 0 else "")
    return text


def test_required_tables_depend_on_the_year(make_project):
    def missing(text: str, path: str) -> list[tuple[str, str]]:
        return [(d.severity.value, d.message) for d in check(make_project, {path: text}).diagnostics if d.code == "budget-table-missing" and d.file == path]

    budget_2015 = _without(BUDGET.replace("fiscal_year: 2024", "fiscal_year: 2015").replace("2024-02", "2015-02"), "政府性基金预算支出表", "国有资本经营预算支出表")
    got = missing(budget_2015, "catalog/budget/2015/b.yml")
    assert [s for s, _ in got] == ["warning"] and "早于财预〔2016〕143号" in got[0][1]  # archive: no 9th table asked
    final_2018 = _without(FINAL_ACCOUNT.replace("fiscal_year: 2024", "fiscal_year: 2018").replace("2025-0", "2019-0"), "国有资本经营预算支出表")
    got = missing(final_2018, "catalog/final_account/2019/f.yml")
    assert [s for s, _ in got] == ["warning"] and "现行做法" in got[0][1]
    final_2021 = _without(FINAL_ACCOUNT.replace("fiscal_year: 2024", "fiscal_year: 2021").replace("2025-0", "2022-0"), "国有资本经营预算支出表", "政府性基金预算支出表")
    got = missing(final_2021, "catalog/final_account/2022/f.yml")
    assert [s for s, _ in got] == ["error", "error"] and "143号规定" in got[0][1] and "2020年度起" in got[1][1]


FIGURES = """\
figures:
  unit: 万元
  income_total: 115.00
  expense_total: 115.00
  basic: 70.00
  personnel: 55.00
  public_use: 15.00
  three_public: 48.30
"""


def test_figures_are_checked_with_and_without_tables(make_project, build_site):
    head = BUDGET[: BUDGET.index("tables:")]
    attachment = "tables_in_attachment: 2024年部门预算.pdf\nattachments:\n  - {file: 2024年部门预算.pdf, title: 2024年部门预算（含报表）}\n"
    files = {"catalog/budget/2024/2024年部门预算.pdf": pdf("2024 budget"), "catalog/three_public/2024/tp.yml": THREE_PUBLIC_2024}
    assert check(make_project, {PATH: head + attachment + FIGURES, **files}).diagnostics == []
    wrong = FIGURES.replace("personnel: 55.00", "personnel: 56.00").replace("three_public: 48.30", "three_public: 84.30").replace("expense_total: 115.00", "expense_total: 151.00")
    text = head + attachment + wrong
    result = check(make_project, {PATH: text, **files})
    assert sorted((d.code, d.line) for d in result.diagnostics) == sorted([
        ("budget-figures-mismatch", line_of(text, "expense_total: 151.00")),
        ("budget-figures-mismatch", line_of(text, "basic: 70.00")),
        ("budget-figures-mismatch", line_of(text, "three_public: 84.30")),
    ])
    assert any("48.30 万元" in d.message and "84.30 万元" in d.message for d in result.diagnostics)
    # with the tables entered, a figure is compared with the table that states it
    with_tables = BUDGET + FIGURES.replace("basic: 70.00", "basic: 80.00").replace("  personnel: 55.00\n  public_use: 15.00\n", "")  # 80.00 = 支出总表 (all funds)
    assert [d for d in check(make_project, {PATH: with_tables}).diagnostics if d.file == PATH] == []
    off = BUDGET + FIGURES.replace("basic: 70.00\n", "basic: 75.00\n").replace("personnel: 55.00", "personnel: 60.00")
    hits = [d for d in check(make_project, {PATH: off}).diagnostics if d.code == "budget-figures-mismatch"]
    assert len(hits) == 2 and any("80.00 万元" in d.message and "70.00 万元" in d.message for d in hits)
    # the page says where the tables are, and that the site has not checked them
    site = build_site({PATH: head + attachment + FIGURES, **files})
    page = next(p for p in (site / "xxgk").rglob("index.html") if "2024年部门预算（含报表）" in p.read_text(encoding="utf-8"))
    note = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one("p.gk-tables-in-attachment")
    assert note is not None and "未经本网站核对" in note.get_text()
    assert (page.parent / unquote(note.a["href"])).is_file()
    shown = next(t for t in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select("table.gk-data") if "说明中的主要数字" in t.caption.get_text())
    assert {tr.th.get_text(): tr.td.get_text() for tr in shown.select("tbody tr")}["“三公”经费"] == "48.30"


def test_yuan_tables_show_the_decimals_the_document_prints(build_site):
    yuan = BUDGET.replace("unit: 万元", "unit: 元", 3)  # 收支总表 … 支出总表 in 元
    wholes = yuan
    for old in ("115.00", "100.00", "80.00", "35.00", "95.00", "60.00", "20.00", "15.00", "1.00", "5.00", "10.00"):
        wholes = wholes.replace(old, old[:-3])
    site = build_site({PATH: wholes})
    page = next(p for p in (site / "xxgk").rglob("index.html") if "2024年部门收支总体情况表" in p.read_text(encoding="utf-8"))
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    tables = soup.select("table.gk-data")
    first = [td.get_text() for td in tables[0].select("td.gk-num")]
    assert first and all(not t.endswith(".00") for t in first if t)
    assert any(td.get_text().endswith(".00") for t in tables[3:] for td in t.select("td.gk-num"))  # 万元 tables keep 2
    stated = yuan.replace("    unit: 元\n", "    unit: 元\n    decimals: 2\n", 1)
    soup = BeautifulSoup(next(p for p in (build_site({PATH: stated}) / "xxgk").rglob("index.html") if "2024年部门收支总体情况表" in p.read_text(encoding="utf-8")).read_text(encoding="utf-8"), "html.parser")
    assert all(td.get_text().endswith(".00") for td in soup.select("table.gk-data")[0].select("td.gk-num") if td.get_text())




def test_a_table_split_over_pages_is_one_table(make_project, build_site):
    """The 一般公共预算支出表 printed over two pages, entered page by page: checked and shown as one table."""
    split = BUDGET.replace(
        '      - {code: "208", name: 社会保障和就业支出, values: [20.00, 20.00, 0]}\n      - {code: "20805", name: 行政事业单位养老支出, values: [20.00, 20.00, 0]}\n      - {code: "2080505", name: 机关事业单位基本养老保险缴费支出, values: [20.00, 20.00, 0]}\n  - table: 一般公共预算基本支出表',
        '  - name: 2024年一般公共预算支出情况表（续）\n    unit: 万元\n    rows:\n      - {code: "208", name: 社会保障和就业支出, values: [20.00, 20.00, 0]}\n      - {code: "20805", name: 行政事业单位养老支出, values: [20.00, 20.00, 0]}\n      - {code: "2080505", name: 机关事业单位基本养老保险缴费支出, values: [20.00, 20.00, 0]}\n  - table: 一般公共预算基本支出表',
    )
    assert "（续）" in split
    assert check(make_project, {PATH: split}).diagnostics == []
    broken, line = change(split, '{code: "2080505", name: 机关事业单位基本养老保险缴费支出, values: [20.00, 20.00, 0]}\n  - table: 一般公共预算基本支出表',
                          '{code: "2080505", name: 机关事业单位基本养老保险缴费支出, values: [21.00, 21.00, 0]}\n  - table: 一般公共预算基本支出表')
    hits = {(d.code, d.line) for d in check(make_project, {PATH: broken}).diagnostics}
    assert ("budget-parent-sum", line - 1) in hits  # 20805 ≠ its 项, found across the page break
    soup = BeautifulSoup(next(p for p in (build_site({PATH: split}) / "xxgk").rglob("index.html") if "一般公共预算支出情况表" in p.read_text(encoding="utf-8")).read_text(encoding="utf-8"), "html.parser")
    assert "（续）" not in soup.select_one("nav.gk-toc").get_text()
    table = next(t for t in soup.select("table.gk-data") if t.caption.get_text().startswith("2024年一般公共预算支出情况表"))
    assert {"2010601", "2080505"} <= {td.get_text() for td in table.select("td.gk-code")}
    alone = split.replace("  - name: 2024年一般公共预算支出情况表（续）\n    unit: 万元\n", "  - name: 2024年一般公共预算支出情况表（续）\n    unit: 元\n")
    hits = [d for d in check(make_project, {PATH: alone}).diagnostics if d.code == "budget-continued"]
    assert len(hits) == 1 and hits[0].line == line_of(alone, "（续）")


def test_three_public_table_printed_without_a_total_column(make_project):
    """Some tables print only the three items: their sum is the 合计 compared with the “三公” entry."""
    no_total = ITEMS_ON_TOP.replace("columns: [合计/预算数, 合计/决算数, ", "columns: [").replace("values: [50.00, 48.30, 0, 0,", "values: [0, 0,")
    text = _replace_table(FINAL_ACCOUNT, "三公经费支出表", no_total)
    assert check(make_project, {FINAL: text, TP_FINAL: TP_2024_FINAL}).diagnostics == []
    other = TP_2024_FINAL.replace("total: 48.30", "total: 48.40").replace("reception: {amount: 9.80", "reception: {amount: 9.90")
    hits = [d for d in check(make_project, {FINAL: text, TP_FINAL: other}).diagnostics if d.code == "budget-three-public-mismatch"]
    assert len(hits) == 1 and "48.30" in hits[0].message


def test_more_decimals_than_two_are_never_rounded_away(build_site):
    """A 万元 table printing four decimals keeps them on the page (10.1234 万元 is not shown as 10.12)."""
    text = BUDGET.replace("{name: 二、事业收入, values: [10.00]}", "{name: 二、事业收入, values: [10.1234]}", 1).replace(
        "{name: 一、一般公共预算拨款收入, values: [100.00]}", "{name: 一、一般公共预算拨款收入, values: [99.8766]}", 1)
    soup = BeautifulSoup(next(p for p in (build_site({PATH: text}) / "xxgk").rglob("index.html") if "2024年部门收支总体情况表" in p.read_text(encoding="utf-8")).read_text(encoding="utf-8"), "html.parser")
    cells = [td.get_text() for td in soup.select("table.gk-data")[0].select("td.gk-num")]
    assert "10.1234" in cells and "99.8766" in cells and "110.0000" in cells


def test_a_rate_column_prints_its_own_decimals(build_site):
    text = BUDGET.replace("columns: [合计, 上年结转, 一般公共预算拨款收入, 事业收入]", "columns: [合计, 上年结转, 一般公共预算拨款收入, 事业收入, 增长率%]", 1)
    start = text.index("  - table: 收入总表")
    end = text.index("  - table: 支出总表")
    block = text[start:end].replace("]}\n", ", 12.9]}\n")
    text = text[:start] + block + text[end:]
    soup = BeautifulSoup(next(p for p in (build_site({PATH: text}) / "xxgk").rglob("index.html") if "2024年部门收入总体情况表" in p.read_text(encoding="utf-8")).read_text(encoding="utf-8"), "html.parser")
    table = next(t for t in soup.select("table.gk-data") if t.caption.get_text().startswith("2024年部门收入总体情况表"))
    first = [td.get_text() for td in table.select("tbody tr")[0].select("td.gk-num")]
    assert first == ["115.00", "5.00", "100.00", "10.00", "12.9"]
