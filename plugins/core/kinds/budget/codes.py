"""The problem codes of this kind's rules, declared once (docs/problem-codes.md shows them under #budget)."""

from ...problems.codes.code import ERROR, WARNING, Code, Section

SECTION = Section("budget", "部门预算和部门决算（`budget`、`final_account`）", (
    Code("budget-parent-sum", ERROR, "每个类等于其下各款之和、每个款等于其下各项之和（每一列分别核对）；无编码的上级行等于其分项之和；“其中”行之和不超过上级行", as_issued=True),
    Code("budget-total-row", ERROR, "合计行等于所合计的各行之和", as_issued=True),
    Code("budget-columns-sum", ERROR, "每一行：合计 = 基本支出 + 项目支出（一般地：合计/小计列 = 同级其他列之和，跨列表头 = 其下各列之和）", as_issued=True),
    Code("budget-unbalanced", ERROR, "收支对照表收入总计 = 支出总计", as_issued=True),
    Code("budget-cross-table", ERROR, "各表之间的同一个数：支出总表合计 = 收支总表本年支出合计；收入总表合计 = 收支总表收入总计（或本年收入合计）；一般公共预算基本支出表合计 = 一般公共预算支出表的基本支出合计；一般公共预算支出表、政府性基金预算支出表、国有资本经营预算支出表的合计 = 财政拨款收支总表支出一栏相应列的本年支出合计。相差约一万倍时提示可能是单位写错", as_issued=True),
    Code("budget-class-cross-table", ERROR, "同一个功能分类科目（类/款/项）在两张表中数字不同（哪怕相差一分）：支出总表与收支总表支出一栏（预算还有收入总表）的合计；一般公共预算支出表、政府性基金预算支出表、国有资本经营预算支出表的合计与财政拨款收支总表支出一栏相应的列", as_issued=True),
    Code("budget-table-missing", ERROR, "缺少该年度应公开的标准报表（规则和依据见 docs/kinds-budget.md“标准报表”）；报表只在附件中时写 `tables_in_attachment`", levels="错误（143号所列 8 张表；2020 年度起决算的国有资本经营预算表）/警告（143号之前的年度；预算和 2020 年度以前决算的国有资本经营预算表）"),
    Code("budget-tables-in-attachment", ERROR, "`tables_in_attachment` 写的文件不是本条目的附件"),
    Code("budget-layout-unknown", ERROR, "程序读不懂这张表的表头：合计列下又分几列，或看不出哪一列是本表的金额合计（用 `total_column` 写明）；“三公”经费表找不到本阶段的合计"),
    Code("budget-figures-mismatch", ERROR, "`figures` 中说明的数字互相矛盾（收入总计 ≠ 支出总计，基本支出 ≠ 人员经费 + 公用经费），或与报表、同年“三公”经费条目不一致", as_issued=True),
    Code("budget-table-duplicate", ERROR, "同一张标准表出现两次（跨页印刷的续表写 `continues: true` 或表名以“（续）”结尾）"),
    Code("budget-continued", ERROR, "续表前面没有它接续的表，或表头、单位与上一张不同"),
    Code("budget-empty-note", ERROR, "空表没有 `note` 说明原因（“没有数据的表格应当列出空表并说明”）"),
    Code("budget-two-sided", ERROR, "收支对照表没有分 `income`/`expense` 两半，或同时写了 `rows`"),
    Code("budget-columns-missing", ERROR, "有数据行但没有 `columns`"),
    Code("budget-row-width", ERROR, "一行的数字个数与表头列数不同"),
    Code("budget-code-format", ERROR, "科目编码不是 3/5/7 位数字（经济分类 3/5 位），给出改正后的写法"),
    Code("budget-code-kind", ERROR, "功能分类表中出现 3 开头的经济分类编码，或基本支出表中出现 2 开头的功能分类编码"),
    Code("budget-code-duplicate", ERROR, "同一张表中科目编码重复"),
    Code("budget-parent-missing", WARNING, "款或项的上级科目不在表中"),
    Code("budget-unit-mixed", ERROR, "列名或表名写明的单位与 `unit` 不同（一张表只用一个单位）", as_issued=True),
    Code("budget-three-public-mismatch", WARNING, "“三公”经费表的合计与同一机构、同一年度、同一阶段的“三公”经费条目不一致", as_issued=True),
    Code("budget-late", WARNING, "发布日期晚于批复日期 20 天以上（《预算法》第十四条“批复后二十日内”）"),
    Code("budget-date-order", ERROR, "批复日期晚于发布日期"),
    Code("budget-year", ERROR, "决算在决算年度结束前发布；预算在预算年度之后才发布", levels="错误（预算为警告）"),
    Code("budget-explanation-missing", WARNING, "正文没有提到机关运行经费、政府采购或“三公”经费（《预算法》第十四条要求说明机关运行经费）"),
))
