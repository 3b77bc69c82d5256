"""The problem codes of this kind's rules, declared once (docs/problem-codes.md shows them under #policy)."""

from ...problems.codes.code import ERROR, WARNING, Code, Section

SECTION = Section("policy", "政策文件（`policy`）", (
    Code("repeal-date-missing", ERROR, "有效性为废止，没写废止日期"),
    Code("repeal-basis-missing", ERROR, "有效性为废止，既没写废止依据也没写废止说明"),
    Code("expiry-date-missing", ERROR, "有效性为失效，没写失效日期"),
    Code("validity-inconsistent", ERROR, "写了废止日期或废止依据，有效性却是有效或失效"),
    Code("repealed-by-kind", ERROR, "废止依据不是政策文件或通知"),
    Code("repealed-before-replacement", WARNING, "废止日期早于新文件的成文日期"),
    Code("replacement-not-valid", WARNING, "替代它的文件本身也已失效或废止"),
    Code("expired-still-valid", WARNING, "失效日期已过，有效性仍为有效"),
    Code("validity-missing", WARNING, "政策文件没写有效性"),
    Code("doc-no-year", WARNING, "文号中的年份与成文日期的年份不同（任何类别的条目都检查）", as_issued=True),
    Code("doc-no-duplicate", WARNING, "两个条目用了同一个文号", as_issued=True),
))
