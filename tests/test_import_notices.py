"""A 中标（成交）结果公告 as issued, in as a procurement entry: every field from its line, nothing guessed."""

from __future__ import annotations

from pathlib import Path

import yaml

import build

ROOT = Path(__file__).resolve().parents[1]
NOTICE = """东莞市财政局办公设备采购项目中标（成交）结果公告
一、项目编号：DGCG2024-0186
二、项目名称：东莞市财政局办公设备采购项目
三、中标（成交）信息
供应商名称：东莞市某某科技有限公司
供应商地址：东莞市南城街道某某路1号
中标（成交）金额：118.6万元
四、主要标的信息
货物类：台式计算机 120台
五、评审专家名单：张某、李某、王某
六、代理服务收费标准及金额：1.2万元
七、公告期限
自本公告发布之日起1个工作日。
八、凡对本次公告内容提出询问，请按以下方式联系。
1.采购人信息
名称：东莞市财政局
2.采购代理机构信息
名称：东莞市公共资源交易中心
2024年6月18日
"""


def test_a_result_notice_text_becomes_a_procurement_entry(make_project, tmp_path: Path, capsys) -> None:
    root = make_project({"catalog/organs.yml": (ROOT / "catalog/organs.yml").read_text(encoding="utf-8"),
                         "catalog/topics.yml": (ROOT / "catalog/topics.yml").read_text(encoding="utf-8")})
    (tmp_path / "公告.txt").write_text(NOTICE, encoding="utf-8")
    assert build.main(["-f", str(root / "mkdocs.yml"), "import", str(tmp_path / "公告.txt"), "--no-check"]) == 0
    out = capsys.readouterr().out
    written = root / "catalog/procurement/2024/dg-finance-dgcg2024-0186-zhongbiao.md"
    assert str(written) in out
    data = yaml.safe_load(written.read_text(encoding="utf-8").split("---\n")[1])
    assert data["project_no"] == "DGCG2024-0186" and data["notice_type"] == "中标结果公告" and data["organ"] == "dg-finance"
    assert data["suppliers"] == [{"name": "东莞市某某科技有限公司", "address": "东莞市南城街道某某路1号", "amount": 1186000}]
    assert data["published"].isoformat() == "2024-06-18"
    assert "118.6万元" in written.read_text(encoding="utf-8")  # the conversion to 元 is stated in the file


def test_a_document_of_no_importable_kind_is_named_not_guessed(make_project, tmp_path: Path, capsys) -> None:
    root = make_project()
    (tmp_path / "随笔.txt").write_text("今天天气很好。\n", encoding="utf-8")
    assert build.main(["-f", str(root / "mkdocs.yml"), "import", str(tmp_path / "随笔.txt")]) == 1
    out = capsys.readouterr().out
    assert "看不出 随笔.txt 是哪一类文件" in out and "--kind" in out and "Traceback" not in out
