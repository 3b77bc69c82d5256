"""``build.py import`` of a 部门决算 exported from the finance system as Excel: every cell back where it was printed."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

import build

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "catalog/final_account/2024/dg-finance-2023-final-account.md"
NARRATIVE = ["东莞市财政局2023年度部门决算", "第一部分 部门概况", "一、主要职能", "负责全市财政收支管理，",
             "拟订财政政策。", "第二部分 2023年度部门决算表"]


def demo_entry() -> dict:
    return yaml.safe_load(DEMO.read_text(encoding="utf-8").split("---\n")[1])


def _header(columns: list[str]) -> list[list[str]]:
    depth = max(len(c.split("/")) for c in columns)
    return [[(c.split("/") + [c.split("/")[-1]] * depth)[level] for c in columns] for level in range(depth)]


def _code_cells(code: str | None, split: bool) -> list[str]:
    if not split:
        return [code or ""]
    code = code or ""
    return [code[:3], code[3:5], code[5:7]]


def write_workbook(path: Path, tables: list[dict]) -> None:
    """The tables as a finance system exports them: title and 单位 rows, merged headings, a blank spacer column, 类/款/项 split in one sheet."""
    book = Workbook()
    book.remove(book.active)
    narrative = book.create_sheet("说明")
    for i, line in enumerate(NARRATIVE, 1):
        narrative.cell(i, 1, line)
    for n, table in enumerate(tables, 1):
        sheet = book.create_sheet(f"表{n}")
        split = table.get("table") == "支出总表"
        sheet.append([table["name"]])
        sheet.append([f"单位：{table['unit']}"])
        if "income" in table:
            sides = [table["income"], table["expense"]]
            sheet.append(["收入", "收入", "支出", "支出"])
            sheet.append(["项目", *sides[0]["columns"], "项目", *sides[1]["columns"]])
            for i in range(max(len(sides[0]["rows"]), len(sides[1]["rows"]))):
                line: list = []
                for side in sides:
                    row = side["rows"][i] if i < len(side["rows"]) else {"name": "", "values": [""] * len(side["columns"])}
                    line += [(row.get("code", "") + " " + row["name"]).strip() if row.get("code") else row["name"], *row["values"]]
                sheet.append(line)
            sheet.merge_cells("A3:B3")
            sheet.merge_cells("C3:D3")
            continue
        code_heads = ["类", "款", "项"] if split else ["科目编码"]
        heads = _header(table["columns"])
        for level, head in enumerate(heads):
            sheet.append([*(code_heads if level == len(heads) - 1 else ["科目编码"] * len(code_heads)), "科目名称", None, *head])
        for row in table["rows"]:
            sheet.append([*_code_cells(row.get("code"), split), row["name"], None, *["-" if v == 0 and n % 2 else v for v in row["values"]]])
        if not table["rows"]:
            sheet.append([table.get("note", "")])
        start = len(code_heads) + 3
        for level in range(len(heads) - 1):  # a spanning heading is one merged cell, as exported
            col = 0
            while col < len(heads[level]):
                end = col
                while end + 1 < len(heads[level]) and heads[level][end + 1] == heads[level][col] and heads[level + 1][end + 1] != heads[level][col]:
                    end += 1
                if end > col:
                    sheet.merge_cells(f"{get_column_letter(start + col)}{3 + level}:{get_column_letter(start + end)}{3 + level}")
                col = end + 1
        sheet.merge_cells(f"A1:{get_column_letter(len(code_heads) + 2 + len(table['columns']))}1")
    book.save(path)


def test_a_final_account_from_excel_comes_back_cell_for_cell(make_project, tmp_path: Path, capsys) -> None:
    root = make_project({"catalog/organs.yml": (ROOT / "catalog/organs.yml").read_text(encoding="utf-8"),
                         "catalog/topics.yml": (ROOT / "catalog/topics.yml").read_text(encoding="utf-8")})
    expected = demo_entry()["tables"]
    source = tmp_path / "东莞市财政局2023年度部门决算.xlsx"
    write_workbook(source, expected)
    status = build.main(["-f", str(root / "mkdocs.yml"), "import", str(source), "--no-check"])
    out = capsys.readouterr().out
    written = root / "catalog/final_account/2024/dg-finance-2023-final-account.md"
    assert str(written) in out, out
    data = yaml.safe_load(written.read_text(encoding="utf-8").split("---\n")[1])
    assert data["kind"] == "final_account" and data["organ"] == "dg-finance" and data["fiscal_year"] == 2023
    got = data["tables"]
    right = total = 0
    wrong: list[str] = []

    def compare(exp_rows: list[dict], got_rows: list[dict], where: str) -> None:
        nonlocal right, total
        for i, row in enumerate(exp_rows):
            theirs = got_rows[i] if i < len(got_rows) else {"values": []}
            for j, value in enumerate(row["values"]):
                total += 1
                mine = theirs["values"][j] if j < len(theirs["values"]) else None
                if mine == value or (value == 0 and mine == "-"):
                    right += 1
                else:
                    wrong.append(f"{where} 第{i + 1}行 {row['name']} 第{j + 1}列：{value} ≠ {mine}")
            total += 2
            right += (theirs.get("code") == row.get("code")) + (theirs.get("name") == row["name"])

    assert len(got) == len(expected)
    for exp, mine in zip(expected, got):
        assert mine["table"] == exp["table"] and mine["name"] == exp["name"] and mine["unit"] == exp["unit"]
        if "income" in exp:
            for side in ("income", "expense"):
                assert mine[side]["columns"] == exp[side]["columns"]
                compare(exp[side]["rows"], mine[side]["rows"], f"{exp['name']}/{side}")
        else:
            assert mine["columns"] == exp["columns"], exp["name"]
            compare(exp["rows"], mine["rows"], exp["name"])
    assert right == total, f"{right}/{total} cells right ({100 * right / total:.1f}%):\n" + "\n".join(wrong[:20])
    body = written.read_text(encoding="utf-8").split("---\n", 2)[2]
    assert "## 第一部分 部门概况" in body and "负责全市财政收支管理，拟订财政政策。" in body
    assert status == 0


def test_import_then_check_names_only_what_the_editor_must_fill(make_project, tmp_path: Path, capsys) -> None:
    root = make_project({"catalog/organs.yml": (ROOT / "catalog/organs.yml").read_text(encoding="utf-8"),
                         "catalog/topics.yml": (ROOT / "catalog/topics.yml").read_text(encoding="utf-8")})
    source = tmp_path / "决算.xlsx"
    write_workbook(source, demo_entry()["tables"])
    assert build.main(["-f", str(root / "mkdocs.yml"), "import", str(source)]) == 0
    out = capsys.readouterr().out
    codes = re.findall(r"\[([a-z-]+)\]", out)
    assert codes and set(codes) <= {"import-unfilled"}, out  # the tables themselves pass every sum check
    assert "published(发布日期)" in out
    assert build.main(["-f", str(root / "mkdocs.yml"), "import", str(source)]) == 1  # never over the file written
    assert "已存在，没有覆盖" in capsys.readouterr().out


def test_a_final_account_from_its_printed_pdf(make_project, capsys) -> None:
    """The demo 决算 printed by a browser as a finance system prints it (tests/data/intake/make_fixtures.py):
    ruled tables, merged headings, cells wrapped over two lines, tables continued on the next page, page numbers."""
    root = make_project({"catalog/organs.yml": (ROOT / "catalog/organs.yml").read_text(encoding="utf-8"),
                         "catalog/topics.yml": (ROOT / "catalog/topics.yml").read_text(encoding="utf-8")})
    source = ROOT / "tests/data/intake/final-account.pdf"
    assert build.main(["-f", str(root / "mkdocs.yml"), "import", str(source), "--no-check"]) == 0
    written = root / "catalog/final_account/2024/dg-finance-2023-final-account.md"
    text = written.read_text(encoding="utf-8")
    data = yaml.safe_load(text.split("---\n")[1])
    expected = demo_entry()["tables"]
    right = total = 0
    wrong = []
    for exp, mine in zip(expected, data["tables"]):
        for side in ("income", "expense") if "income" in exp else (None,):
            e, m = (exp[side], mine.get(side) or {}) if side else (exp, mine)
            for i, row in enumerate(e["rows"]):
                theirs = (m.get("rows") or [])[i] if i < len(m.get("rows") or []) else {"values": []}
                for j, value in enumerate([row.get("code"), row["name"], *row["values"]]):
                    got = [theirs.get("code"), theirs.get("name"), *theirs["values"]][j] if j < 2 + len(theirs["values"]) else None
                    total += 1
                    if got == value or (value == 0 and got == "-"):
                        right += 1
                    else:
                        wrong.append(f"{exp['name']} {row['name']} {j}: {value!r} ≠ {got!r}")
    assert len(data["tables"]) == len(expected)
    assert right == total, f"{right}/{total} cells right ({100 * right / total:.1f}%):\n" + "\n".join(wrong[:20])
    assert (written.parent / "dg-finance-2023-final-account.pdf").read_bytes() == source.read_bytes()
    assert "## 第一部分 部门概况" in text


def test_a_scanned_pdf_is_named_as_such_and_nothing_is_written(make_project, tmp_path: Path, capsys) -> None:
    from PIL import Image

    root = make_project()
    scan = tmp_path / "扫描件.pdf"
    Image.new("RGB", (600, 800), "white").save(scan, "PDF")
    assert build.main(["-f", str(root / "mkdocs.yml"), "import", str(scan)]) == 1
    out = capsys.readouterr().out
    assert "是扫描件" in out and "没有文字层" in out and "Traceback" not in out
    assert not (root / "catalog/final_account").exists()


def test_pdf_text_is_read_as_a_person_reads_it() -> None:
    from plugins.core.sources.pdf import clean

    assert clean("科⽬编\n码") == "科目编码"  # a Kangxi look-alike and a wrapped cell
    assert clean("部⻔决算") == "部门决算"
    assert clean("Total\nexpense") == "Total expense"
