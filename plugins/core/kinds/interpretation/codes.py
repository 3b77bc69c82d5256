"""The problem codes of this kind's rules, declared once (docs/problem-codes.md shows them under #interpretation)."""

from ...problems.codes.code import WARNING, Code, Section

SECTION = Section("interpretation", "政策解读（`interpretation`）", (
    Code("interpretation-late", WARNING, "解读在政策发布后超过 3 个工作日才发布（写明第几个工作日和跳过的节假日）"),
    Code("interpretation-before-policy", WARNING, "解读早于政策发布"),
    Code("interpreter-missing", WARNING, "专家解读没写解读主体"),
    Code("workday-calendar-missing", WARNING, "年份超出 chinesecalendar 收录的范围：该年的工作日暂按周一至周五计算", "国务院办公厅公布该年节假日安排后，升级 chinesecalendar（`pip install -U chinesecalendar`）再检查"),
))
