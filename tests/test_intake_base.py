"""The parts every importer shares: readers with places, the unfilled mark, the writer that never overwrites."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
import yaml
from openpyxl import Workbook

from plugins.core.intake import writer
from plugins.core.load.unfilled import unfilled
from plugins.core.sources.document import Draft, SourceError, Unread
from plugins.core.sources.read import read

from kinds_fixtures import BUDGET, check, found, messages

TODAY = datetime.date(2026, 12, 4)


def test_xlsx_merged_headers_spacer_columns_and_places(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "支出决算表"
    sheet["A1"] = "支出决算表"
    sheet.merge_cells("A1:E1")
    sheet["A2"] = "单位：万元"
    sheet["A3"], sheet["B3"], sheet["D3"] = "科目编码", "科目名称", "本年支出"
    sheet.merge_cells("D3:E3")
    sheet["D4"], sheet["E4"] = "基本支出", "项目支出"
    sheet["A5"], sheet["B5"], sheet["D5"], sheet["E5"] = "2010601", "行政运行", 3856.42, 0
    book.save(tmp_path / "t.xlsx")
    grid = read(tmp_path / "t.xlsx").grids[0]
    assert grid.caption == ["支出决算表", "单位：万元"]
    assert grid.texts() == [["科目编码", "科目名称", "本年支出", "本年支出"], ["", "", "基本支出", "项目支出"], ["2010601", "行政运行", "3856.42", "0"]]
    assert grid.rows[2][2].place == "工作表“支出决算表”D5"  # the blank spacer column C is dropped, the place is the sheet's own


def test_csv_in_gbk_and_refused_forms(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_bytes("索引号,信息名称\n1,关于印发通知\n".encode("gb18030"))
    assert read(tmp_path / "a.csv").grids[0].texts() == [["索引号", "信息名称"], ["1", "关于印发通知"]]
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(SourceError, match="另存为” .xlsx"):
        read(tmp_path / "old.xls")
    (tmp_path / "bad.xlsx").write_bytes(b"not a zip")
    with pytest.raises(SourceError, match="不是能读取的 xlsx"):
        read(tmp_path / "bad.xlsx")
    (tmp_path / "bad.pdf").write_bytes(b"%PDF-1.4 garbage")
    with pytest.raises(SourceError, match="PDF"):
        read(tmp_path / "bad.pdf")


def test_writer_keeps_rows_on_one_line_lists_unread_and_never_overwrites(tmp_path: Path) -> None:
    source = tmp_path / "in.pdf"
    source.write_bytes(b"%PDF")
    meta = {"kind": "final_account", "title": "某局2023年度部门决算", "tables": [{"name": "支出决算表", "unit": "万元", "columns": ["合计"],
            "rows": [{"code": "201", "name": "一般公共服务支出", "values": [12.5]}, {"name": "合计", "values": [unfilled("第3页 表格 第5行第2列")]}]}]}
    draft = Draft("final_account", 2023, "dg-finance-2023-final-account", meta, body="## 一、部门概况\n\n正文。",
                  unread=[Unread("第3页 表格 第5行第2列", "支出决算表“合计”的“合计”")], attachment=source)
    path = writer.write(draft, tmp_path / "catalog", source, TODAY)
    text = path.read_text(encoding="utf-8")
    assert path == tmp_path / "catalog/final_account/2023/dg-finance-2023-final-account.md"
    assert "- {code: '201', name: 一般公共服务支出, values: [12.5]}" in text
    assert "#   第3页 表格 第5行第2列：支出决算表“合计”的“合计”" in text
    data = yaml.safe_load(text.split("---\n")[1])
    assert data["attachments"] == [{"file": "dg-finance-2023-final-account.pdf", "title": "in"}]
    assert (path.parent / "dg-finance-2023-final-account.pdf").read_bytes() == b"%PDF"
    with pytest.raises(writer.Exists):
        writer.write(draft, tmp_path / "catalog", source, TODAY)
    assert path.read_text(encoding="utf-8") == text


def test_an_unfilled_mark_is_an_error_at_its_line_and_nothing_else(make_project) -> None:
    text = BUDGET.replace("title: 示例市财政局2024年部门预算", "title: 待补：第1页 标题")
    result = check(make_project, {"catalog/budget/2024/b.yml": text})
    assert found(result, "catalog/budget/2024/b.yml") == [(2, "import-unfilled", "error")]
    assert "原件读出这一项（第1页 标题）" in messages(result, "import-unfilled")[0]
