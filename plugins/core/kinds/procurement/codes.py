"""The problem codes of this kind's rules, declared once (docs/problem-codes.md shows them under #procurement)."""

from ...problems.codes.code import ERROR, WARNING, Code, Section

SECTION = Section("procurement", "政府采购（`procurement`）", (
    Code("procurement-field-missing", ERROR, "该类公告缺少必填字段（定位在 `notice_type` 行）；缺 `decided` 只是警告（不少公告不写确定日期，只是无法检查时限）", levels="错误（缺 `decided` 为警告）"),
    Code("supplier-amount-missing", WARNING, "结果或合同公告的供应商没写金额（以费率、单价成交的可忽略）"),
    Code("result-without-notice", ERROR, "中标（成交）结果、终止、废标公告，在同一项目编号下找不到更早的采购公告。同一项目的采购公告日期反而更晚、或项目编号疑似录错（提示最接近的编号）时是错误；目录里根本没有该项目的采购公告时是警告，写上 `earlier_notice`（采购公告的网址）即可", levels="错误/警告"),
    Code("result-before-notice", ERROR, "结果确定日期早于采购公告发布日期", as_issued=True),
    Code("result-late", WARNING, "结果公告、合同公告在结果确定、合同签订后超过 2 个工作日才发布（条例第四十三条、第五十条）"),
    Code("contract-late", WARNING, "结果公告、合同公告在结果确定、合同签订后超过 2 个工作日才发布（条例第四十三条、第五十条）"),
    Code("contract-without-result", WARNING, "合同公告之前没有结果公告"),
    Code("contract-before-result", ERROR, "合同签订日期早于结果确定日期", as_issued=True),
    Code("corrects-not-correction", ERROR, "不是更正公告却写了 `corrects`——更正要新建一条“更正公告”，不要改原公告"),
    Code("corrects-kind", ERROR, "被更正的不是采购公告，或项目编号不同"),
    Code("correction-other-project", ERROR, "被更正的不是采购公告，或项目编号不同"),
    Code("correction-before-original", ERROR, "更正公告早于原公告"),
    Code("project-project-name-mismatch", WARNING, "同一项目编号下项目名称或采购人不一致（常见于编号录错）"),
    Code("project-purchaser-mismatch", WARNING, "同一项目编号下项目名称或采购人不一致（常见于编号录错）"),
    Code("amount-over-budget", WARNING, "中标金额合计或最高限价高于预算（常见于把万元当元写）", as_issued=True),
    Code("intention-late", WARNING, "采购意向公开不足 30 日就发布了采购公告（财库〔2020〕10号）"),
    Code("tender-period-short", WARNING, "公开招标自发布到投标截止不足 20 日"),
    Code("method-mismatch", WARNING, "公告类型与采购方式不一致（如询价公告写了公开招标）"),
    Code("single-source-suppliers", WARNING, "单一来源公示列了多家供应商"),
    Code("planned-format", ERROR, "预计采购时间不是 `年-月`"),
    Code("ocds-ocid-placeholder", WARNING, "有公开的采购项目，但 OCDS 的 ocid 前缀还是占位的 `ocds-xxxxxx`（构建时提示）", "向开放合同伙伴登记前缀，在 `mkdocs.yml` 写 `ocid_prefix`"),
    Code("ocds-publisher-missing", WARNING, "OCDS 数据包的发布者只有网站名称：没有写 `ocds_publisher`（发布数据的机构编号），或它不在 organs.yml 中（构建时提示）", "在 `mkdocs.yml` 的 gk-catalog 下写 `ocds_publisher: 机构编号`"),
    Code("ocds-license-missing", WARNING, "OCDS 数据包没有许可协议 `license` 或发布政策 `publicationPolicy`：没有写 `ocds_license`、`ocds_publication_policy`，或写的不是网址（构建时提示）", "写本单位确定的许可协议和发布政策的网址"),
))
