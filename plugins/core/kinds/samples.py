"""Consistent sample figures for benchmarks: entries of the figure-heavy kinds that pass every check.

``bench/generate.py`` uses them so that a 100,000-entry catalog exercises the
table, chart and CSV code paths without tripping the sums. No MkDocs here.
"""

from __future__ import annotations

from .annual_report.format import PROACTIVE, REQUEST_ROWS, REVIEW_GROUPS, format_for

BUDGET_TABLES = """\
tables:
  - table: 收支总表
    name: 2024年部门收支总体情况表
    unit: 万元
    income:
      columns: [预算数]
      rows:
        - {name: 一、一般公共预算拨款收入, values: [100.00]}
        - {name: 二、事业收入, values: [10.00]}
        - {name: 本年收入合计, values: [110.00]}
        - {name: 上年结转结余, values: [5.00]}
        - {name: 收入总计, values: [115.00]}
    expense:
      columns: [预算数]
      rows:
        - {code: "201", name: 一般公共服务支出, values: [95.00]}
        - {code: "208", name: 社会保障和就业支出, values: [20.00]}
        - {name: 本年支出合计, values: [115.00]}
        - {name: 结转下年, values: [0]}
        - {name: 支出总计, values: [115.00]}
  - table: 收入总表
    name: 2024年部门收入总体情况表
    unit: 万元
    columns: [合计, 上年结转, 一般公共预算拨款收入, 事业收入]
    rows:
      - {name: 合计, values: [115.00, 5.00, 100.00, 10.00]}
      - {code: "201", name: 一般公共服务支出, values: [95.00, 5.00, 80.00, 10.00]}
      - {code: "20106", name: 财政事务, values: [95.00, 5.00, 80.00, 10.00]}
      - {code: "2010601", name: 行政运行, values: [60.00, 0, 50.00, 10.00]}
      - {code: "2010602", name: 一般行政管理事务, values: [35.00, 5.00, 30.00, 0]}
      - {code: "208", name: 社会保障和就业支出, values: [20.00, 0, 20.00, 0]}
      - {code: "20805", name: 行政事业单位养老支出, values: [20.00, 0, 20.00, 0]}
      - {code: "2080505", name: 机关事业单位基本养老保险缴费支出, values: [20.00, 0, 20.00, 0]}
  - table: 支出总表
    name: 2024年部门支出总体情况表
    unit: 万元
    columns: [合计, 基本支出, 项目支出]
    rows:
      - {name: 合计, values: [115.00, 80.00, 35.00]}
      - {code: "201", name: 一般公共服务支出, values: [95.00, 60.00, 35.00]}
      - {code: "20106", name: 财政事务, values: [95.00, 60.00, 35.00]}
      - {code: "2010601", name: 行政运行, values: [60.00, 60.00, 0]}
      - {code: "2010602", name: 一般行政管理事务, values: [35.00, 0, 35.00]}
      - {code: "208", name: 社会保障和就业支出, values: [20.00, 20.00, 0]}
      - {code: "20805", name: 行政事业单位养老支出, values: [20.00, 20.00, 0]}
      - {code: "2080505", name: 机关事业单位基本养老保险缴费支出, values: [20.00, 20.00, 0]}
  - table: 财政拨款收支总表
    name: 2024年财政拨款收支总体情况表
    unit: 万元
    income:
      columns: [预算数]
      rows:
        - {name: 一、本年收入, values: [100.00]}
        - {name: 一般公共预算拨款, level: 2, values: [100.00]}
        - {name: 政府性基金预算拨款, level: 2, values: [0]}
        - {name: 二、上年结转, values: [5.00]}
        - {name: 一般公共预算拨款, level: 2, values: [5.00]}
        - {name: 收入总计, values: [105.00]}
    expense:
      columns: [合计, 一般公共预算, 政府性基金预算]
      rows:
        - {code: "201", name: 一般公共服务支出, values: [85.00, 85.00, 0]}
        - {code: "208", name: 社会保障和就业支出, values: [20.00, 20.00, 0]}
        - {name: 本年支出合计, values: [105.00, 105.00, 0]}
        - {name: 支出总计, values: [105.00, 105.00, 0]}
  - table: 一般公共预算支出表
    name: 2024年一般公共预算支出情况表
    unit: 万元
    columns: [合计, 基本支出, 项目支出]
    rows:
      - {name: 合计, values: [105.00, 70.00, 35.00]}
      - {code: "201", name: 一般公共服务支出, values: [85.00, 50.00, 35.00]}
      - {code: "20106", name: 财政事务, values: [85.00, 50.00, 35.00]}
      - {code: "2010601", name: 行政运行, values: [50.00, 50.00, 0]}
      - {code: "2010602", name: 一般行政管理事务, values: [35.00, 0, 35.00]}
      - {code: "208", name: 社会保障和就业支出, values: [20.00, 20.00, 0]}
      - {code: "20805", name: 行政事业单位养老支出, values: [20.00, 20.00, 0]}
      - {code: "2080505", name: 机关事业单位基本养老保险缴费支出, values: [20.00, 20.00, 0]}
  - table: 一般公共预算基本支出表
    name: 2024年一般公共预算基本支出情况表
    unit: 万元
    columns: [合计, 人员经费, 公用经费]
    rows:
      - {name: 合计, values: [70.00, 55.00, 15.00]}
      - {code: "301", name: 工资福利支出, values: [55.00, 55.00, 0]}
      - {code: "30101", name: 基本工资, values: [35.00, 35.00, 0]}
      - {code: "30108", name: 机关事业单位基本养老保险缴费, values: [20.00, 20.00, 0]}
      - {code: "302", name: 商品和服务支出, values: [15.00, 0, 15.00]}
      - {code: "30201", name: 办公费, values: [10.00, 0, 10.00]}
      - {code: "30217", name: 公务接待费, values: [5.00, 0, 5.00]}
  - table: 三公经费支出表
    name: 2024年一般公共预算“三公”经费支出情况表
    unit: 万元
    columns: [合计, 因公出国（境）费, 公务用车购置及运行费, 公务用车购置及运行费/公务用车购置费, 公务用车购置及运行费/公务用车运行费, 公务接待费]
    rows:
      - {name: 预算数, values: [48.30, 0, 38.50, 0, 38.50, 9.80]}
  - table: 政府性基金预算支出表
    name: 2024年政府性基金预算支出情况表
    unit: 万元
    columns: [合计, 基本支出, 项目支出]
    rows: []
    note: 本部门没有使用政府性基金预算拨款安排的支出，故本表为空表。
  - table: 国有资本经营预算支出表
    name: 2024年国有资本经营预算支出情况表
    unit: 万元
    columns: [合计, 基本支出, 项目支出]
    rows: []
    note: 本部门没有使用国有资本经营预算拨款安排的支出，故本表为空表。
"""
"""The nine standard tables of a small department (万元); every sum holds."""


def budget_tables(kind: str) -> str:
    tables = BUDGET_TABLES.replace("2024年", "")
    return tables if kind == "budget" else tables.replace("预算数", "决算数")


def annual_report_fields(report_year: int) -> str:
    """The six sections with zero tables in the national format of ``report_year`` (none before 2019)."""
    fmt = format_for(report_year)
    if fmt == 2008:
        return ""
    lines = ["overview: 本年度政府信息公开工作总体情况。", "proactive:"]
    for sub in PROACTIVE[fmt]:
        lines += [f"  {label}: {[0] * len(sub.columns) if len(sub.columns) > 1 else 0}" for label in sub.rows]
    lines.append("requests:")
    lines += [f"  {row.label}: [0, 0, 0, 0, 0, 0, 0]" for row in REQUEST_ROWS[fmt]]
    lines.append("review_litigation:")
    lines += [f"  {group}: [0, 0, 0, 0, 0]" for group in REVIEW_GROUPS]
    lines += ["problems: 无。", "other_matters: 无。"]
    return "\n".join(lines)
