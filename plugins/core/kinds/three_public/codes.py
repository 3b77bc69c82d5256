"""The problem codes of this kind's rules, declared once (docs/problem-codes.md shows them under #three-public)."""

from ...problems.codes.code import ERROR, WARNING, Code, Section

SECTION = Section("three-public", "“三公”经费（`three_public`）", (
    Code("three-public-total", ERROR, "合计 = 因公出国(境)费 + 公务用车购置费 + 公务用车运行费 + 公务接待费", as_issued=True),
    Code("three-public-vehicles", ERROR, "写了小计 `vehicles.amount` 时，小计 = 购置费 + 运行费", as_issued=True),
    Code("three-public-vehicles-not-stated", ERROR, "公务用车购置费或运行费写了 `未说明`（原件只给小计），但没有写小计 `vehicles.amount`：合计无从核对", "按原件写 `vehicles.amount`"),
    Code("three-public-reason-missing", ERROR, "合计比上年（或决算比同年预算）有增减，但没有写 `change_reason`（143号：对增减变化情况进行说明）"),
    Code("three-public-counts-missing", ERROR, "决算中某项有支出却没写相应数量：团组数和人次、购置数、保有量、接待批次和人次（中办发〔2016〕13号）", as_issued=True),
    Code("three-public-counts", ERROR, "人次少于团组数或批次（错误）；有支出但数量为 0、数量不为 0 但没有支出、保有量为 0 却有运行费（警告）", levels="错误/警告", as_issued=True),
    Code("three-public-previous-mismatch", WARNING, "`previous` 写的上年数与目录中上年条目的合计不一致", as_issued=True),
    Code("three-public-previous-total", ERROR, "`previous` 写的上年各项之和不等于上年合计（或上年购置费 + 运行费 ≠ 上年公务用车购置及运行费）", as_issued=True),
    Code("three-public-rate", ERROR, "`change_rate`（原文增减率）与合计和上年数按原文的小数位数算出的不同（错误）；不是百分数（警告）", levels="错误/警告", as_issued=True),
    Code("three-public-duplicate", ERROR, "同一机构、同一年度、同一阶段、同一口径（`scope`）登记了两次"),
))
