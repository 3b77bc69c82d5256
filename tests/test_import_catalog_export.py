"""An existing catalog export (xlsx or CSV) in: one entry per row, every 索引号 kept as published, no name guessed."""

from __future__ import annotations

from pathlib import Path

import yaml
from openpyxl import Workbook

import build

ROOT = Path(__file__).resolve().parents[1]
HEAD = ["序号", "索引号", "信息名称", "发布机构", "生成日期", "发布日期", "文号", "主题分类", "公开方式", "有效性", "链接"]
ROWS = [
    [1, "114419000073302510/2024-00031", "东莞市财政局关于印发《东莞市市级预算绩效管理办法》的通知", "东莞市财政局", "2024-03-01", "2024/3/5", "东财〔2024〕12号", "财政", "主动公开", "有效", "https://www.dg.gov.cn/a/1.html"],
    [2, "114419000073302510/2024-00032", "关于2024年市级预算公开工作的公告", "东莞市财政局", "", "2024年4月2日", "", "财政", "主动公开", "", ""],
    [3, "11441900MB2C12345D/2024-00007", "《东莞市政府采购管理办法》政策解读", "东莞市公共资源交易中心", "", "2024-05-06", "", "政府采购", "依申请公开", "", ""],
    [4, "007330999/2024-00001", "关于开展安全生产检查的通知", "东莞市应急管理局", "", "2024-06-01", "东应急〔2024〕3号", "应急管理", "主动公开", "有效", ""],
]


def project(make_project) -> Path:
    return make_project({"catalog/organs.yml": (ROOT / "catalog/organs.yml").read_text(encoding="utf-8"),
                         "catalog/topics.yml": (ROOT / "catalog/topics.yml").read_text(encoding="utf-8")})


def entries(root: Path) -> dict[str, dict]:
    return {yaml.safe_load(p.read_text(encoding="utf-8"))["index_no"]: yaml.safe_load(p.read_text(encoding="utf-8")) for p in (root / "catalog").rglob("*.yml") if "/" in p.relative_to(root / "catalog").as_posix()}


def test_an_xlsx_export_keeps_every_index_number_and_lists_unknown_organs(make_project, tmp_path: Path, capsys) -> None:
    root = project(make_project)
    book = Workbook()
    sheet = book.active
    sheet.append(["政府信息公开目录导出"])
    for row in [HEAD, *ROWS]:
        sheet.append(row)
    book.save(tmp_path / "目录导出.xlsx")
    status = build.main(["-f", str(root / "mkdocs.yml"), "import", str(tmp_path / "目录导出.xlsx")])
    out = capsys.readouterr().out
    got = entries(root)
    assert set(got) == {row[1] for row in ROWS}  # 100 % of the 索引号 kept, byte for byte
    policy = got["114419000073302510/2024-00031"]
    assert policy["kind"] == "policy" and policy["organ"] == "dg-finance" and policy["published"].isoformat() == "2024-03-05"
    assert policy["doc_no"] == "东财〔2024〕12号" and policy["validity"] == "有效" and "https://www.dg.gov.cn/a/1.html" in policy["body"]
    assert got["114419000073302510/2024-00032"]["kind"] == "notice"
    assert got["11441900MB2C12345D/2024-00007"]["kind"] == "interpretation"
    assert got["11441900MB2C12345D/2024-00007"]["interprets"].startswith("待补：")
    unknown = got["007330999/2024-00001"]
    assert unknown["organ"].startswith("待补：") and "东莞市应急管理局" in out and "- id: 待定-1\n  name: 东莞市应急管理局" in out
    assert (root / "catalog/policy/2024/dg-finance-2024-00031.yml").is_file()
    assert "Traceback" not in out and status == 0
    assert build.main(["-f", str(root / "mkdocs.yml"), "import", str(tmp_path / "目录导出.xlsx"), "--no-check"]) == 1
    assert "已存在，没有覆盖" in capsys.readouterr().out


def test_a_gbk_csv_export_with_other_column_names(make_project, tmp_path: Path, capsys) -> None:
    root = project(make_project)
    lines = ["信息索引号,标题,发文机关,发布时间,发文字号,公开属性", "114419000073302510/2023-00100,关于调整市级财政专项资金管理的通知,东莞市财政局,2023-11-20 09:30:00,东财〔2023〕88号,主动公开",
             "114419000073302510/2023-00100,重复的一行,东莞市财政局,2023-11-21,,主动公开"]
    (tmp_path / "export.csv").write_bytes("\n".join(lines).encode("gb18030"))
    assert build.main(["-f", str(root / "mkdocs.yml"), "import", str(tmp_path / "export.csv"), "--no-check"]) == 1
    out = capsys.readouterr().out
    got = entries(root)
    assert list(got) == ["114419000073302510/2023-00100"] and got["114419000073302510/2023-00100"]["kind"] == "policy"
    assert "重复的索引号" in out
