"""The problem codes of the narrative checks: one section, shared by every kind that runs them."""

from ...problems.codes.code import ERROR, Code, Section

SECTION = Section("narrative", "说明中的数字（`budget`、`final_account`、`three_public`、`annual_report`）", (
    Code("narrative-table-mismatch", ERROR, "正文（说明）中的金额与表格或字段中同一项目的数不同。措辞写明了口径（如“财政拨款基本支出”）时是错误；口径没有写明（全部资金还是财政拨款）而哪一张表都对不上时是警告", "核对原件：录入时抄错的按表格改正；原件如此的，照原件公开，登记为“原文如此”", levels="错误/警告", as_issued=True),
    Code("narrative-self-mismatch", ERROR, "正文自身前后不一致：同一项目在两处写了不同的数；增减额不等于本年数减上年数（或预算数）；“其中”各项之和不等于合计。两处都没有写明口径的同一项目、先写动词的增减（“减少公务接待费1.60万元”，可能只是增减的一部分）是警告", "核对原件：录入时抄错的改正；原件如此的，照原件公开，登记为“原文如此”", levels="错误/警告", as_issued=True),
    Code("narrative-rate", ERROR, "正文中的百分比（增长率、占比、完成预算的比例）与旁边的数字算出的不同（按印出的位数四舍五入后仍不同）", "核对原件：录入时抄错的改正；原件如此的，照原件公开，登记为“原文如此”", levels="错误/警告", as_issued=True),
))
"""The codes of the narrative checks, one section shared by every kind that runs them."""

AS_ISSUED = "照原件公开：若原件如此，登记为“原文如此”；若是录入时抄错，按原件改正"
