"""The problem codes of this kind's rules, declared once (docs/problem-codes.md shows them under #consultation)."""

from ...problems.codes.code import ERROR, WARNING, Code, Section

SECTION = Section("consultation", "征求意见（`consultation`）", (
    Code("consultation-period-order", ERROR, "截止日期早于开始日期"),
    Code("consultation-period-short", WARNING, "期限（含首尾两日）少于 30 日，且没有写 `shorter_reason`；提示写明最早的合规截止日期"),
    Code("consultation-published-late", WARNING, "发布日期晚于征求意见开始日期：征求意见稿应在开始时发布"),
    Code("consultation-channel-missing", WARNING, "没有写任何意见反馈方式"),
    Code("consultation-email-invalid", ERROR, "电子邮箱不是 名称@域名 的形式"),
    Code("consultation-url-invalid", ERROR, "在线征集网址不是 http 或 https 网址（如 `javascript:`、全角冒号、网址中直接写中文；中文写成 %XX 形式）"),
    Code("consultation-organ-unknown", ERROR, "决策机关编号不在 organs.yml 中"),
    Code("consultation-draft-missing", WARNING, "主动公开的征求意见既没有正文也没有附件：草案没有公开"),
    Code("consultation-adoption-overdue", WARNING, "征求意见截止后超过 30 个工作日仍没有写采纳情况 `adoption`"),
    Code("consultation-status-stale", WARNING, "已过截止日期，状态仍写着征求意见中"),
    Code("consultation-adoption-missing", ERROR, "状态为已反馈，但没有写采纳情况"),
    Code("consultation-adoption-count", ERROR, "采纳意见条数多于收到的意见条数"),
    Code("consultation-adoption-early", WARNING, "采纳情况公布日期早于征求意见截止日期"),
    Code("consultation-result-kind", ERROR, "`resulted_in` 指向的不是政策文件或通知"),
    Code("consultation-result-missing", WARNING, "政策文件在 `related` 中列出了这次征求意见，但征求意见的 `resulted_in` 没有指向它：两边要互相链接"),
))
