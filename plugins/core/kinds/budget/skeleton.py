"""``build.py new`` for 预算/决算: the nine standard tables, ready to fill."""

from __future__ import annotations
from .standards import STANDARDS, standard_name




SKELETON_COLUMNS = {
    "budget": {
        "收入总表": "[合计, 上年结转, 一般公共预算拨款收入, 政府性基金预算拨款收入, 国有资本经营预算拨款收入, 财政专户管理资金收入, 单位资金/事业收入, 单位资金/其他收入]",
        "支出总表": "[合计, 基本支出, 项目支出]",
        "一般公共预算支出表": "[合计, 基本支出, 项目支出]",
        "一般公共预算基本支出表": "[合计, 人员经费, 公用经费]",
        "三公经费支出表": "[合计, 因公出国（境）费, 公务用车购置及运行费, 公务用车购置及运行费/公务用车购置费, 公务用车购置及运行费/公务用车运行费, 公务接待费]",
        "政府性基金预算支出表": "[合计, 基本支出, 项目支出]",
        "国有资本经营预算支出表": "[合计, 基本支出, 项目支出]",
    },
    "final_account": {
        "收入总表": "[本年收入合计, 财政拨款收入, 上级补助收入, 事业收入, 经营收入, 附属单位上缴收入, 其他收入]",
        "支出总表": "[本年支出合计, 基本支出, 项目支出, 上缴上级支出, 经营支出, 对附属单位补助支出]",
        "一般公共预算支出表": "[合计, 基本支出, 项目支出]",
        "一般公共预算基本支出表": "[合计, 人员经费, 公用经费]",
        "三公经费支出表": "[预算数/合计, 预算数/因公出国（境）费, 预算数/公务用车购置及运行费/公务用车购置费, 预算数/公务用车购置及运行费/公务用车运行费, 预算数/公务接待费, "
        "决算数/合计, 决算数/因公出国（境）费, 决算数/公务用车购置及运行费/公务用车购置费, 决算数/公务用车购置及运行费/公务用车运行费, 决算数/公务接待费]",
        "政府性基金预算支出表": "[年初结转和结余, 本年收入, 本年支出, 本年支出/基本支出, 本年支出/项目支出, 年末结转和结余]",
        "国有资本经营预算支出表": "[合计, 基本支出, 项目支出]",
    },
}


def skeleton(kind: str) -> str:
    """``tables:`` with every standard table of this kind; rows are filled in by the editor."""
    money = "决算数" if kind == "final_account" else "预算数"
    lines = [
        "tables:  # 报表（必填）：该年度应公开的标准表都要列出（见 docs/kinds-budget.md）；没有数据的表保留 rows: [] 并在 note 中说明原因；只在附件中的写 tables_in_attachment",
        "  # 每行写成 {code: \"2010601\", name: 行政运行, values: [数, 数, …]}，数的顺序与 columns 一致；",
        "  # 合计行不写 code：{name: 合计, values: […]}。写法见 docs/kinds-budget.md",
    ]
    for standard in STANDARDS:
        lines += [f"  - table: {standard.key}", f"    name: {standard_name(standard, kind)}", "    unit: 万元"]
        if standard.two_sided:
            lines += ["    income:  # 收入", f"      columns: [{money}]", "      rows: []", "    expense:  # 支出", f"      columns: [{money}]", "      rows: []"]
        else:
            lines += [f"    columns: {SKELETON_COLUMNS[kind][standard.key]}", "    rows: []", "    note:  # 空表的说明"]
    return "\n".join(lines) + "\n"
