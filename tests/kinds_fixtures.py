"""Consistent 预决算, “三公” and 年度报告 entries for the tests, and helpers to break them.

Every figure below adds up (类 = Σ款 = Σ项, 合计 = 基本支出 + 项目支出, the
tables agree with each other), so a test changes exactly one thing and expects
exactly the diagnostic that change deserves.
"""

from __future__ import annotations

from pathlib import Path

from plugins.core import pipeline
from plugins.core.kinds import samples  # the same consistent tables the benchmark uses

BUDGET = """\
kind: budget
title: 示例市财政局2024年部门预算
organ: demo-finance
fiscal_year: 2024
approved: 2024-02-01
published: 2024-02-06
topics: [czys]
disclosure: 主动公开
security_review: 已审查
head_signoff: 已审签
body: 本部门2024年机关运行经费预算15.00万元；政府采购预算12.00万元；“三公”经费预算48.30万元。
""" + samples.BUDGET_TABLES

FINAL_ACCOUNT = (
    BUDGET.replace("kind: budget", "kind: final_account")
    .replace("2024年部门预算", "2024年度部门决算")
    .replace("fiscal_year: 2024", "fiscal_year: 2024")
    .replace("approved: 2024-02-01", "approved: 2025-07-20")
    .replace("published: 2024-02-06", "published: 2025-08-01")
    .replace("预算数", "决算数")
    .replace("“三公”经费预算48.30万元", "“三公”经费决算48.30万元")  # a 决算's 说明 states the 决算 figure
)

THREE_PUBLIC_2023 = """\
kind: three_public
title: 示例市财政局2023年“三公”经费预算
organ: demo-finance
fiscal_year: 2023
stage: 预算
unit: 万元
published: 2023-02-10
topics: [czys]
disclosure: 主动公开
outbound: {amount: 0, groups: 0, people: 0}
vehicles: {amount: 41.20, purchase: 0, operation: 41.20, purchased: 0, fleet: 7}
reception: {amount: 11.40, batches: 96, people: 710}
total: 52.60
"""

THREE_PUBLIC_2024 = """\
kind: three_public
title: 示例市财政局2024年“三公”经费预算
organ: demo-finance
fiscal_year: 2024
stage: 预算
unit: 万元
published: 2024-02-08
topics: [czys]
disclosure: 主动公开
outbound: {amount: 0, groups: 0, people: 0}
vehicles: {amount: 38.50, purchase: 0, operation: 38.50, purchased: 0, fleet: 6}
reception: {amount: 9.80, batches: 85, people: 620}
total: 48.30
change_reason: 公务用车保有量由7辆减至6辆，压减公务接待批次。
"""

REQUESTS_2021 = """\
requests:
  一、本年新收政府信息公开申请数量: [18, 3, 0, 0, 1, 0, 22]
  二、上年结转政府信息公开申请数量: [1, 0, 0, 0, 0, 0, 1]
  （一）予以公开: [9, 2, 0, 0, 1, 0, 12]
  （二）部分公开（区分处理的，只计这一情形，不计其他情形）: [2, 0, 0, 0, 0, 0, 2]
  1.属于国家秘密: [0, 0, 0, 0, 0, 0, 0]
  2.其他法律行政法规禁止公开: [0, 0, 0, 0, 0, 0, 0]
  3.危及“三安全一稳定”: [0, 0, 0, 0, 0, 0, 0]
  4.保护第三方合法权益: [1, 0, 0, 0, 0, 0, 1]
  5.属于三类内部事务信息: [0, 0, 0, 0, 0, 0, 0]
  6.属于四类过程性信息: [1, 0, 0, 0, 0, 0, 1]
  7.属于行政执法案卷: [0, 0, 0, 0, 0, 0, 0]
  8.属于行政查询事项: [0, 0, 0, 0, 0, 0, 0]
  1.本机关不掌握相关政府信息: [2, 1, 0, 0, 0, 0, 3]
  2.没有现成信息需要另行制作: [1, 0, 0, 0, 0, 0, 1]
  3.补正后申请内容仍不明确: [0, 0, 0, 0, 0, 0, 0]
  1.信访举报投诉类申请: [1, 0, 0, 0, 0, 0, 1]
  2.重复申请: [0, 0, 0, 0, 0, 0, 0]
  3.要求提供公开出版物: [0, 0, 0, 0, 0, 0, 0]
  4.无正当理由大量反复申请: [0, 0, 0, 0, 0, 0, 0]
  5.要求行政机关确认或重新出具已获取信息: [0, 0, 0, 0, 0, 0, 0]
  1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请: [1, 0, 0, 0, 0, 0, 1]
  2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请: [0, 0, 0, 0, 0, 0, 0]
  3.其他: [0, 0, 0, 0, 0, 0, 0]
  （七）总计: [18, 3, 0, 0, 1, 0, 22]
  四、结转下年度继续办理: [1, 0, 0, 0, 0, 0, 1]
"""

ANNUAL_REPORT = """\
kind: annual_report
title: 示例市财政局2024年政府信息公开工作年度报告
organ: demo-finance
report_year: 2024
report_scope: 部门
published: 2025-01-20
topics: [zwgk]
disclosure: 主动公开
preface: 本报告所列数据的统计期限自2024年1月1日起至2024年12月31日止。
overview: |
  **（一）主动公开。** 全年主动公开政府信息120条。
proactive:
  规章: [0, 0, 0]
  行政规范性文件: [2, 1, 2]
  行政许可: 14
  行政处罚: 3
  行政强制: 0
  行政事业性收费: 0
""" + REQUESTS_2021 + """\
review_litigation:
  行政复议: [1, 0, 0, 0, 1]
  未经复议直接起诉: [0, 0, 0, 0, 0]
  复议后起诉: [0, 0, 0, 0, 0]
problems: 政策解读形式较为单一。
other_matters: 本年度未收取信息处理费。
withheld:
  process-info: 1
"""

POLICIES = {
    # issued 2024, in force
    "catalog/policy/2024/shicai-2024-5.yml": """\
kind: policy
title: 示例市财政局关于印发预算绩效管理办法的通知
organ: demo-finance
doc_no: 示财〔2024〕5号
written: 2024-03-01
published: 2024-03-04
topics: [czys]
disclosure: 主动公开
validity: 有效
effective: 2024-04-01
""",
    # issued 2024, replaces the 2019 one
    "catalog/policy/2024/shicai-2024-9.yml": """\
kind: policy
title: 示例市财政局关于印发专项资金管理办法的通知
organ: demo-finance
doc_no: 示财〔2024〕9号
written: 2024-06-01
published: 2024-06-03
topics: [czys]
disclosure: 主动公开
validity: 有效
effective: 2024-07-01
""",
    # repealed in 2024
    "catalog/policy/2019/shicai-2019-2.yml": """\
kind: policy
title: 示例市财政局关于印发专项资金管理暂行办法的通知
organ: demo-finance
doc_no: 示财〔2019〕2号
written: 2019-02-01
published: 2019-02-03
topics: [czys]
disclosure: 主动公开
validity: 废止
effective: 2019-03-01
repealed: 2024-07-01
repealed_by: policy/2024/shicai-2024-9
""",
    # withheld in 2024: counted, never published
    "catalog/notice/2024/qingshi.yml": """\
kind: notice
title: 关于预算编制口径的请示
organ: demo-finance
published: 2024-10-10
topics: [czys]
disclosure: 不予公开
exemption: process-info
exemption_reason: 请示报告属于过程性信息。
""",
}


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """1-based line of the nth line containing ``needle``."""
    seen = 0
    for number, line in enumerate(text.splitlines(), 1):
        if needle in line:
            seen += 1
            if seen == nth:
                return number
    raise AssertionError(f"{needle!r} not in text")


def change(text: str, old: str, new: str, nth: int = 1) -> tuple[str, int]:
    """Replace the nth occurrence of ``old``; return the new text and the line it is on."""
    start = -1
    for _ in range(nth):
        start = text.index(old, start + 1)
    line = text.count("\n", 0, start) + 1
    return text[:start] + new + text[start + len(old):], line


def check(make_project, files: dict[str, str]) -> pipeline.Result:
    root: Path = make_project(files)
    return pipeline.run(root / "catalog", root)


def found(result: pipeline.Result, path: str) -> list[tuple[int, str, str]]:
    """(line, code, severity) of every diagnostic in one file."""
    return sorted((d.line, d.code, d.severity.value) for d in result.diagnostics if d.file == path)


def messages(result: pipeline.Result, code: str) -> list[str]:
    return [str(d) for d in result.diagnostics if d.code == code]
