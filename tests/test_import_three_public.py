"""``build.py import`` of “三公”经费 预算 and 决算: printed PDFs, Excel, CSV and the 说明 alone — every figure from its place, none invented."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from openpyxl import Workbook

import build
from plugins.core.sources import figures
from plugins.core.sources.read import read

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests/data/intake"


def project(make_project) -> Path:
    return make_project({"catalog/organs.yml": (ROOT / "catalog/organs.yml").read_text(encoding="utf-8"),
                         "catalog/topics.yml": (ROOT / "catalog/topics.yml").read_text(encoding="utf-8")})


def load(path: Path) -> tuple[dict[str, Any], str, str]:
    """(fields, head comment, body) of a written entry."""
    text = path.read_text(encoding="utf-8")
    if text.startswith("---\n"):
        _, front, body = text.split("---\n", 2)
    else:
        front, body = text, ""
    head = "\n".join(line for line in front.splitlines() if line.startswith("#"))
    return yaml.safe_load(front), head, body


def flat(data: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(data, dict):
        out: dict[str, Any] = {}
        for key, value in data.items():
            out.update(flat(value, f"{prefix}{key}."))
        return out
    return {prefix[:-1]: data}


def compare(got: dict[str, Any], expected: dict[str, Any]) -> tuple[int, int, list[str]]:
    """(right, total, what is wrong) over the expected figures."""
    mine = flat(got)
    wrong = [f"{key}: {value!r} ≠ {mine.get(key)!r}" for key, value in expected.items() if mine.get(key) != value]
    return len(expected) - len(wrong), len(expected), wrong


def invented(data: dict[str, Any], source: Path) -> list[str]:
    """Figures in the entry that the source does not print (0 for a printed “-” is printed)."""
    document = read(source)
    printed = {figures.figure(c.text) for g in document.grids for row in g.rows for c in row if figures.figure(c.text) is not None}
    printed |= {figures.figure(m) for line in document.lines for m in re.findall(r"\d[\d,]*(?:\.\d+)?", line.text)}
    dashed = any(figures.is_dash(c.text) for g in document.grids for row in g.rows for c in row)
    out = []
    for key, value in flat(data).items():
        if key in ("fiscal_year",) or isinstance(value, bool) or not isinstance(value, (int, float)):
            continue
        if value not in printed and not (value == 0 and dashed):
            out.append(f"{key}: {value}")
    return out


def fill_published(path: Path, date: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"published: 待补：[^\n]*", f"published: {date}", text), encoding="utf-8")


FINAL = {
    "kind": "three_public", "organ": "dg-finance", "fiscal_year": 2023, "stage": "决算", "unit": "万元",
    "total": 25.16, "outbound.amount": 0, "vehicles.amount": 16.46, "vehicles.purchase": 0, "vehicles.operation": 16.46,
    "vehicles.fleet": 5, "reception.amount": 8.7, "reception.batches": 78, "reception.people": 526,
    "change_reason": "主要原因是严格执行中央八项规定精神，压减公务接待批次和公务用车运行费用。",
}
FINAL_PLACES = {"total": "第1页 表格 第5行第7列", "outbound.amount": "第1页 表格 第5行第8列", "vehicles.amount": "第1页 表格 第5行第9列",
                "vehicles.purchase": "第1页 表格 第5行第10列", "vehicles.operation": "第1页 表格 第5行第11列", "reception.amount": "第1页 表格 第5行第12列"}


def test_a_final_table_printed_across_the_top_with_its_counts_in_the_text(make_project, capsys) -> None:
    """The 财政部 template: 预算数 and 决算数 spanning 合计 / 因公出国 / 公务用车 (小计, 购置费, 运行费) / 公务接待; the counts only in the 说明."""
    root = project(make_project)
    source = DATA / "three-public-final.pdf"
    assert build.main(["-f", str(root / "mkdocs.yml"), "import", str(source)]) == 0  # no --kind: “三公” in the title
    out = capsys.readouterr().out
    written = root / "catalog/three_public/2024/dg-finance-2023-three-public-final-account.md"
    assert str(written) in out, out
    data, head, body = load(written)
    right, total, wrong = compare(data, FINAL)
    assert right == total, wrong
    for key, place in FINAL_PLACES.items():  # each figure from the 决算数 half, by its printed place
        assert f"#   {key} ← {place}" in head, head
    assert "#   vehicles.fleet ← 正文 第1页" in head and "#   reception.people ← 正文 第1页" in head
    assert "“-”或空白的 2 项按 0 写入：因公出国（境）费（第1页 表格 第5行第8列）、公务用车购置费（第1页 表格 第5行第10列）" in head
    assert "本年预算数" in head and 28.15 not in flat(data).values()  # the 预算数 half is not taken for the 决算
    assert "previous" not in data  # “比上年减少3.20万元” is a difference, not last year's figure
    assert "groups" not in data["outbound"]  # 未安排团组: no count printed, none written
    assert invented(data, source) == []
    assert not body.startswith("东莞市财政局") and "526人次。" in body and "### 一、“三公”经费财政拨款支出决算总体情况" in body
    assert (written.parent / "dg-finance-2023-three-public-final-account.pdf").read_bytes() == source.read_bytes()
    assert data["attachments"] == [{"file": "dg-finance-2023-three-public-final-account.pdf", "title": "three-public-final"}]
    assert set(re.findall(r"\[([a-z-]+)\]", out)) == {"import-unfilled"} and "published(发布日期)" in out
    fill_published(written, "2024-09-20")
    assert build.main(["-f", str(root / "mkdocs.yml"), "check"]) == 0, capsys.readouterr().out


BUDGET = {
    "stage": "预算", "fiscal_year": 2024, "unit": "元", "total": 483000, "outbound.amount": 0, "vehicles.amount": 385000,
    "vehicles.purchase": 0, "vehicles.operation": 385000, "vehicles.fleet": 6, "reception.amount": 98000,
    "reception.batches": 85, "reception.people": 620, "previous.total": 526000, "previous.outbound": 0,
    "previous.vehicles": 412000, "previous.reception": 114000,
    "change_reason": "2.公务用车购置及运行费：公务用车保有量由7辆减至6辆；3.公务接待费：压减接待批次",
}


def test_a_budget_table_down_the_side_in_yuan_with_last_years_column(make_project, capsys) -> None:
    root = project(make_project)
    source = DATA / "three-public-budget.pdf"
    assert build.main(["-f", str(root / "mkdocs.yml"), "import", str(source), "--no-check"]) == 0
    written = root / "catalog/three_public/2024/dg-finance-2024-three-public-budget.md"
    data, head, body = load(written)
    right, total, wrong = compare(data, BUDGET)
    assert right == total, wrong
    assert "#   total ← 第1页 表格 第2行第2列" in head and "#   previous.total ← 第1页 表格 第2行第3列" in head
    assert "#   vehicles.fleet ← 第1页 表格 第8行第2列" in head  # the 保有量 row, not the 原因 text beside 公务用车
    assert "增减额" not in str(data) and -43000 not in flat(data).values()  # a change column is not a figure of either year
    assert invented(data, source) == []
    assert body.startswith("2024年东莞市财政局“三公”经费财政拨款预算483,000.00元")  # the title is the entry's, not the body's
    fill_published(written, "2024-02-08")
    assert build.main(["-f", str(root / "mkdocs.yml"), "check"]) == 0, capsys.readouterr().out


def test_an_xlsx_with_merged_headings_an_unreadable_cell_and_a_dash(make_project, tmp_path: Path, capsys) -> None:
    """Items as rows under 2023年 (预算数 / 决算数, merged) and 2022年决算数; “见说明” in a cell is 待补 at its cell, “-” is 0 with a note."""
    root = project(make_project)
    book = Workbook()
    sheet = book.active
    sheet.title = "三公经费"
    sheet.append(["东莞市财政局2023年度“三公”经费支出决算表"])
    sheet.merge_cells("A1:E1")
    sheet.append(["单位：万元"])
    sheet.append(["项目", None, "2023年", None, "2022年决算数"])
    sheet.append(["项目", None, "预算数", "决算数", "2022年决算数"])
    sheet.merge_cells("A3:B4")
    sheet.merge_cells("C3:D3")
    sheet.merge_cells("E3:E4")
    rows = [
        ("合计", 28.15, 25.16, 28.36), ("因公出国（境）费", 3.5, 3.1, "-"), ("公务用车购置及运行费", 14.6, 13.36, 16.1),
        ("其中：公务用车购置费", "-", "-", "-"), ("公务用车运行费", 14.6, 13.36, 16.1), ("公务接待费", 10.05, "见说明", 12.26),
        ("因公出国（境）团组数（个）", 1, 1, None), ("因公出国（境）人次（人）", 3, 3, None), ("公务用车保有量（辆）", 5, 5, 6),
        ("国内公务接待批次（个）", 80, 78, 90), ("国内公务接待人次（人）", 560, 526, 650),
    ]
    for row in rows:
        sheet.append([row[0], None, *row[1:]])
    source = tmp_path / "三公经费决算.xlsx"
    book.save(source)
    assert build.main(["-f", str(root / "mkdocs.yml"), "import", str(source), "--organ", "dg-finance"]) == 0  # written; the check after it names the unread cell
    out = capsys.readouterr().out
    written = root / "catalog/three_public/2024/dg-finance-2023-three-public-final-account.md"
    data, head, _ = load(written)
    expected = {"stage": "决算", "unit": "万元", "total": 25.16, "outbound.amount": 3.1, "outbound.groups": 1, "outbound.people": 3,
                "vehicles.amount": 13.36, "vehicles.purchase": 0, "vehicles.operation": 13.36, "vehicles.fleet": 5,
                "reception.amount": "待补：工作表“三公经费”D10", "reception.batches": 78, "reception.people": 526,
                "previous.total": 28.36, "previous.outbound": 0, "previous.vehicles": 16.1, "previous.reception": 12.26}
    right, total, wrong = compare(data, expected)
    assert right == total, wrong
    assert "工作表“三公经费”D10：公务接待费：原件读出“见说明”，不是数字" in out
    assert "reception.amount(金额)" in out and "[import-unfilled]" in out
    assert "#   total ← 工作表“三公经费”D5" in head and "#   previous.total ← 工作表“三公经费”E5" in head
    assert "公务用车购置费（工作表“三公经费”D8）" in head  # the dash, as printed, is 0
    assert invented(data, source) == []


def test_a_csv_across_the_top_with_a_row_per_year_fails_only_on_what_the_document_lacks(make_project, tmp_path: Path, capsys) -> None:
    root = project(make_project)
    lines = ["东莞市财政局2023年“三公”经费决算表", "单位：万元",
             "项目,合计,因公出国（境）费,公务用车购置及运行费,公务用车购置及运行费,公务用车购置及运行费,公务接待费",
             ",,,小计,购置费,运行费,",
             "2023年决算数,\"1,025.16\",0,916.46,900.00,16.46,108.70",
             "2022年决算数,128.36,-,116.10,100,16.10,12.26"]
    source = tmp_path / "sangong.csv"
    source.write_text("\n".join(lines), encoding="utf-8")
    assert build.main(["-f", str(root / "mkdocs.yml"), "import", str(source), "--organ", "dg-finance"]) == 0
    out = capsys.readouterr().out
    data, _, _ = load(root / "catalog/three_public/2024/dg-finance-2023-three-public-final-account.md")
    expected = {"total": 1025.16, "outbound.amount": 0, "vehicles.amount": 916.46, "vehicles.purchase": 900.0, "vehicles.operation": 16.46,
                "reception.amount": 108.7, "previous.total": 128.36, "previous.outbound": 0, "previous.vehicles": 116.1, "previous.reception": 12.26}
    right, total, wrong = compare(data, expected)
    assert right == total, wrong
    assert set(re.findall(r"\[([a-z-]+)\]", out)) == {"import-unfilled"}  # only the date the document does not print
    fill_published(root / "catalog/three_public/2024/dg-finance-2023-three-public-final-account.md", "2024-09-20")
    assert build.main(["-f", str(root / "mkdocs.yml"), "check"]) == 1
    out = capsys.readouterr().out
    codes = set(re.findall(r"\[([a-z-]+)\]", out))
    # a 决算 that spends on cars and receptions must say how many (中办发〔2016〕13号), and why it grew: the document's gaps, reported, not filled
    assert codes == {"three-public-counts-missing", "three-public-reason-missing"}, out
    assert "购置数" in out and "保有量" in out and "批次" in out


NARRATIVE = """东莞市财政局2023年度“三公”经费决算情况说明
2023年“三公”经费财政拨款支出决算为25.16万元，比上年减少3.2万元，
下降11.3%。其中：因公出国（境）费0万元；公务用车购置及运行费16.46万元，
公务用车保有量5辆；公务接待费8.70万元，共接待78批次、526人次。
变化的主要原因是严格执行中央八项规定精神，压减公务接待。
"""


def test_the_narrative_alone_gives_what_it_states_and_nothing_else(make_project, tmp_path: Path, capsys) -> None:
    root = project(make_project)
    source = tmp_path / "三公说明.txt"
    source.write_text(NARRATIVE, encoding="utf-8")
    assert build.main(["-f", str(root / "mkdocs.yml"), "import", str(source), "--no-check"]) == 0
    out = capsys.readouterr().out
    written = root / "catalog/three_public/2024/dg-finance-2023-three-public-final-account.md"
    data, head, body = load(written)
    expected = {"stage": "决算", "unit": "万元", "fiscal_year": 2023, "total": 25.16, "outbound.amount": 0, "vehicles.amount": 16.46,
                "vehicles.fleet": 5, "reception.amount": 8.7, "reception.batches": 78, "reception.people": 526,
                "change_reason": "变化的主要原因是严格执行中央八项规定精神，压减公务接待。"}
    right, total, wrong = compare(data, expected)
    assert right == total, wrong
    # the split of 公务用车 is not printed: unfilled, never 16.46 − 0 or any sum
    assert data["vehicles"]["purchase"] == "待补：原件正文 中的公务用车购置费"
    assert data["vehicles"]["operation"] == "待补：原件正文 中的公务用车运行费"
    assert "previous" not in data  # “比上年减少3.2万元” does not make 28.36
    assert "#   total ← 正文 第2行" in head and "#   reception.people ← 正文 第4行" in head
    assert "原件正文：公务用车购置费：原件中没有找到" in out
    assert invented(data, source) == []
    assert "压减公务接待。" in body


def test_a_budget_document_is_still_a_budget_and_a_three_public_document_never_one() -> None:
    from plugins.core.intake.run import drafts_of
    from plugins.core.kinds import KINDS
    from plugins.core.load.kind import KindSet
    from plugins.core.sources.document import Request

    kinds = KindSet(KINDS)
    request = Request(organs={"dg-finance": "东莞市财政局"})
    assert drafts_of(read(DATA / "three-public-budget.pdf"), kinds, request, None)[0].kind == "three_public"  # type: ignore[index]
    assert drafts_of(read(DATA / "final-account.pdf"), kinds, request, None)[0].kind == "final_account"  # type: ignore[index]


def test_the_three_public_table_of_a_printed_final_account_with_kind_named(make_project, capsys) -> None:
    """``--kind three_public`` on the 部门决算 PDF: its 三公 table (预算数 and 决算数 spanning the items, merged cells
    over two and three header rows) gives the 决算数 half exactly as the demo entry's table prints it."""
    root = project(make_project)
    source = DATA / "final-account.pdf"
    assert build.main(["-f", str(root / "mkdocs.yml"), "import", str(source), "--kind", "three_public", "--no-check"]) == 0
    data, head, _ = load(root / "catalog/three_public/2024/dg-finance-2023-three-public-final-account.md")
    demo = yaml.safe_load((ROOT / "catalog/final_account/2024/dg-finance-2023-final-account.md").read_text(encoding="utf-8").split("---\n")[1])
    table = next(t for t in demo["tables"] if t["table"] == "三公经费支出表")
    printed = dict(zip(table["columns"], table["rows"][0]["values"]))
    expected = {"stage": "决算", "unit": "万元", "fiscal_year": 2023, "total": printed["决算数/合计"], "outbound.amount": printed["决算数/因公出国（境）费"],
                "vehicles.amount": printed["决算数/公务用车购置及运行费"], "vehicles.purchase": printed["决算数/公务用车购置及运行费/公务用车购置费"],
                "vehicles.operation": printed["决算数/公务用车购置及运行费/公务用车运行费"], "reception.amount": printed["决算数/公务接待费"]}
    right, total, wrong = compare(data, expected)
    assert right == total, wrong
    assert "本年预算数" in head and invented(data, source) == []


def test_an_xlsx_with_the_items_across_the_top_and_budget_and_final_beneath(make_project, tmp_path: Path) -> None:
    """Merged item headings over 预算数 / 决算数 pairs, 公务用车 spanning 小计 / 购置费 / 运行费, counts in their own columns."""
    root = project(make_project)
    book = Workbook()
    sheet = book.active
    sheet.title = "表7"
    sheet.append(["东莞市财政局2023年“三公”经费支出决算表"])
    sheet.append(["单位：元"])
    sheet.append(["合计", None, "因公出国（境）费", None, "公务用车购置及运行费", None, None, None, None, None, "公务接待费", None, "公务用车保有量（辆）", "国内公务接待批次（个）", "国内公务接待人次（人）"])
    sheet.append([None] * 4 + ["小计", None, "购置费", None, "运行费", None] + [None] * 5)
    sheet.append(["预算数", "决算数"] * 6 + ["决算数"] * 3)
    sheet.append([281500, 251600, 0, 0, 182000, 164600, "-", "-", 182000, 164600, 99500, 87000, 5, 78, 526])
    for cells in ("A3:B4", "C3:D4", "E3:J3", "E4:F4", "G4:H4", "I4:J4", "K3:L4", "M3:M5", "N3:N5", "O3:O5"):
        sheet.merge_cells(cells)
    source = tmp_path / "三公执行.xlsx"
    book.save(source)
    assert build.main(["-f", str(root / "mkdocs.yml"), "import", str(source), "--organ", "dg-finance", "--no-check"]) == 0
    data, head, _ = load(root / "catalog/three_public/2024/dg-finance-2023-three-public-final-account.md")
    expected = {"stage": "决算", "unit": "元", "total": 251600, "outbound.amount": 0, "vehicles.amount": 164600, "vehicles.purchase": 0,
                "vehicles.operation": 164600, "vehicles.fleet": 5, "reception.amount": 87000, "reception.batches": 78, "reception.people": 526}
    right, total, wrong = compare(data, expected)
    assert right == total, wrong
    assert "#   total ← 工作表“表7”B6" in head and "#   vehicles.operation ← 工作表“表7”J6" in head
    assert invented(data, source) == []


def test_a_budget_figure_in_a_final_accounts_text_is_not_taken_for_the_final(make_project, tmp_path: Path) -> None:
    root = project(make_project)
    source = tmp_path / "说明.txt"
    source.write_text("东莞市财政局2023年度“三公”经费决算情况说明\n2023年“三公”经费预算为28.15万元，决算为25.16万元。"
                      "其中：因公出国（境）费预算0万元，决算0万元；公务接待费8.70万元。\n", encoding="utf-8")
    assert build.main(["-f", str(root / "mkdocs.yml"), "import", str(source), "--no-check"]) == 0
    data, _, _ = load(root / "catalog/three_public/2024/dg-finance-2023-three-public-final-account.md")
    assert data["total"].startswith("待补：") and data["outbound"]["amount"].startswith("待补：")  # never 28.15 or the budget's 0
    assert data["reception"]["amount"] == 8.7
