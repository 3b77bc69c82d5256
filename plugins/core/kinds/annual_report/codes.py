"""The problem codes of this kind's rules, declared once (docs/problem-codes.md shows them under #annual-report)."""

from ...problems.codes.code import ERROR, WARNING, Code, Section

SECTION = Section("annual-report", "政府信息公开工作年度报告（`annual_report`）", (
    Code("annual-report-requests-identity", ERROR, "表三每一列：一 + 二 = 三（七）总计 + 四（“本列数据的勾稽关系”）", as_issued=True),
    Code("annual-report-requests-total", ERROR, "表三每一列：（七）总计 = （一）至（六）各小项之和", as_issued=True),
    Code("annual-report-requests-column-total", ERROR, "表三每一行：总计 = 自然人 + 法人或其他组织五列", as_issued=True),
    Code("annual-report-review-total", ERROR, "表四每组：总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结", as_issued=True),
    Code("annual-report-label", ERROR, "行标签与统一格式不一致，给出应写的原文：少字多字、另一版格式的标签是错误；只是全角半角、括号、“1、”与“1.”、引号不同是警告（网站照统一格式显示）", levels="错误/警告"),
    Code("annual-report-row-missing", ERROR, "统一格式中的行没有填写"),
    Code("annual-report-row-width", ERROR, "一行的数字个数不对"),
    Code("annual-report-number", ERROR, "件数不是非负整数（“本年增/减”可为负，金额可有小数）"),
    Code("annual-report-blank", WARNING, "表三有空格子，按 0 计算"),
    Code("annual-report-section-missing", ERROR, "缺少六部分之一"),
    Code("annual-report-format", ERROR, "`report_format` 与报告年度不符（错误）；2018 年及以前的报告写了表格（警告，不校验）", levels="错误/警告"),
    Code("annual-report-figure-mismatch", WARNING, "表二第（一）项或 `withheld` 与目录计算的数字不同（只在报告涉及的机构都在 organs.yml 中标明 `catalog_complete_since`、且不晚于报告年度时核对）", as_issued=True),
    Code("annual-report-complete-since", ERROR, "organs.yml 中的 `catalog_complete_since` 不是年份"),
    Code("annual-report-withheld-unknown", ERROR, "`withheld` 中的编号不在负面清单中"),
    Code("annual-report-late", WARNING, "部门报告晚于次年1月31日、本级政府报告晚于次年3月31日公布（《条例》第四十九条；2018 年及以前均为3月31日）"),
    Code("annual-report-too-early", ERROR, "报告年度尚未结束就发布"),
    Code("annual-report-duplicate", WARNING, "同一机构同一年度有两份报告"),
))
