"""征求意见: the period, the ways to comment, the policy it became, and the 采纳情况 that must follow.

The period counts calendar days, first and last day included: 《重大行政决策程序暂行条例》
第十五条 "公开征求意见的期限一般不少于30日；因情况紧急等原因需要缩短期限的，公开征求意见时
应当予以说明" (《规章制定程序条例》第十五条 likewise). No MkDocs here.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable

from ...check import workdays
from ...problems.diagnostics import Diagnostic
from ...check.rules import is_public, problem, reads_text_of, title_of, withheld
from ...load.model import Catalog, Entry
from .model import CODE, Channels, Consultation, meta_of

MIN_DAYS = 30
"""《重大行政决策程序暂行条例》第十五条: 一般不少于30日."""

ADOPTION_WORKDAYS = 30
"""采纳情况 is due this many working days after the period ends. No national rule fixes the
number (国办发〔2016〕80号: 及时反馈意见收集和采纳情况); 30 working days, about six weeks, leaves
time to sort the opinions and to revise the draft, and matches the 30-day period itself."""

EMAIL = re.compile(r"[^@\s<>\"'()\[\]]+@[^@\s<>\"'()\[\]]+\.[^@\s<>\"'()\[\].]+")
URL = re.compile(r"https?://[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?::[0-9]+)?(?:[/?#][!-~]*)?", re.I)
"""http or https, host and path in ASCII (Chinese in a path is written %XX): what a browser opens as typed."""


def consultations(catalog: Catalog) -> Iterable[tuple[Entry, Consultation]]:
    """This kind's entries with their typed fields."""
    for entry in catalog.of_kind(CODE):
        yield entry, meta_of(entry)


@reads_text_of()
def period(catalog: Catalog) -> Iterable[Diagnostic]:
    """The period ends after it starts and lasts 30 days, or says why it is shorter."""
    for entry, meta in consultations(catalog):
        if meta.end < meta.start:
            yield problem(entry, ("end",), "consultation-period-order",
                          f"征求意见截止日期 {meta.end} 早于开始日期 {meta.start}",
                          "核对两个日期：先写开始日期 start，再写截止日期 end（年-月-日）")
            continue
        days = (meta.end - meta.start).days + 1
        if days < MIN_DAYS and not meta.shorter_reason:
            yield problem(entry, ("end",), "consultation-period-short",
                          f"征求意见期限 {meta.start} 至 {meta.end} 共 {days} 日，少于 {MIN_DAYS} 日，且没有写缩短期限的理由",
                          f"《重大行政决策程序暂行条例》第十五条：期限一般不少于 {MIN_DAYS} 日（截止日期不早于 {meta.start + datetime.timedelta(days=MIN_DAYS - 1)}）；"
                          "因情况紧急等原因缩短的，加一行 shorter_reason: 缩短期限的理由（与征求意见时说明的一致）")
        if isinstance(meta.published, datetime.date) and meta.published > meta.start:
            yield problem(entry, ("published",), "consultation-published-late",
                          f"发布日期 {meta.published} 晚于征求意见开始日期 {meta.start}",
                          "征求意见稿应在征求意见开始时发布：核对发布日期 published 与开始日期 start")


@reads_text_of()
def channels(catalog: Catalog) -> Iterable[Diagnostic]:
    """There is a way to comment, and the e-mail and the link are what they say."""
    for entry, meta in consultations(catalog):
        ways = meta.comment or Channels()
        if not (ways.address or ways.email or ways.url):
            yield problem(entry, ("comment",), "consultation-channel-missing", "没有写意见反馈方式（通信地址、电子邮箱或在线征集网址）",
                          "加上 comment: 并在其下写 address:、email: 或 url: 中的至少一项")
        if ways.email and not EMAIL.fullmatch(ways.email):
            yield problem(entry, ("comment", "email"), "consultation-email-invalid", f"电子邮箱 “{ways.email}” 格式不对",
                          "写成 名称@域名 的形式，如 zqyj@example.gov.cn，不加“mailto:”、空格或括号")
        if ways.url and not URL.fullmatch(ways.url):
            yield problem(entry, ("comment", "url"), "consultation-url-invalid", f"在线征集网址 “{ways.url}” 不是 http 或 https 网址",
                          "写完整的网址，以 https:// 或 http:// 开头，全部用半角字符；网址中的中文写成浏览器地址栏复制出的 %XX 形式")


@reads_text_of()
def decision_organ(catalog: Catalog) -> Iterable[Diagnostic]:
    """决策机关 is an organ of the registry."""
    for entry, meta in consultations(catalog):
        if meta.decision_organ and meta.decision_organ not in catalog.organs:
            yield problem(entry, ("decision_organ",), "consultation-organ-unknown", f"决策机关 {meta.decision_organ} 不在名录中",
                          "写 catalog/organs.yml 中的机构编号；决策机关就是发布机构的，删去这一行")


@reads_text_of(CODE)
def draft(catalog: Catalog) -> Iterable[Diagnostic]:
    """The draft is published: as the body or as an attachment (决策草案)."""
    for entry, meta in consultations(catalog):
        if meta.disclosure == "主动公开" and not entry.body.strip() and not meta.attachments:
            yield problem(entry, ("title",), "consultation-draft-missing", "征求意见条目既没有正文也没有附件：决策草案（征求意见稿）没有公开",
                          "把征求意见稿写在正文中（.md 条目第二个 --- 之后），或作为附件 attachments 列出")


@reads_text_of()
def adoption(catalog: Catalog, *, today: datetime.date | None = None) -> Iterable[Diagnostic]:
    """After the period, 意见收集和采纳情况 is published in time and agrees with itself and the status."""
    today = today or datetime.date.today()
    for entry, meta in consultations(catalog):
        done = meta.adoption
        if done is not None:
            if done.received is not None and done.adopted is not None and done.adopted > done.received:
                yield problem(entry, ("adoption", "adopted"), "consultation-adoption-count",
                              f"采纳意见 {done.adopted} 条，多于收到的意见 {done.received} 条", "核对两个数字：采纳的意见是收到的意见的一部分")
            if done.released is not None and done.released < meta.end:
                yield problem(entry, ("adoption", "released"), "consultation-adoption-early",
                              f"采纳情况公布日期 {done.released} 早于征求意见截止日期 {meta.end}", "核对日期：采纳情况在征求意见结束后公布")
            continue
        if meta.status == "已反馈":
            yield problem(entry, ("status",), "consultation-adoption-missing", "状态为已反馈，但没有写意见收集和采纳情况 adoption",
                          "加上 adoption: 并写 text:（采纳情况说明）、released:（公布日期），有数字的写 received: 和 adopted:")
            continue
        if meta.end < meta.start:
            continue  # reported by period
        due = workdays.add_workdays(meta.end, ADOPTION_WORKDAYS)
        if today > due:
            yield problem(entry, ("end",), "consultation-adoption-overdue",
                          f"征求意见已于 {meta.end} 截止，超过 {ADOPTION_WORKDAYS} 个工作日（{due}）仍未公布意见收集和采纳情况",
                          "采纳情况公布后，在本条目加上 adoption:（text:、released:，有数字的写 received:、adopted:）并把 status 改为 已反馈；"
                          "决策已终止的，在正文中说明")
        elif meta.status == "征求意见中" and today > meta.end:
            yield problem(entry, ("status",), "consultation-status-stale", f"征求意见已于 {meta.end} 截止，状态仍为征求意见中",
                          "把 status 改为 已结束，或删去 status 一行（页面按日期显示状态）")


@reads_text_of()
def resulting_policy(catalog: Catalog) -> Iterable[Diagnostic]:
    """The policy a consultation became is a policy, and a policy that names its consultation is named back."""
    table = catalog.lookup()
    named: dict[str, Entry] = {}
    for entry, meta in consultations(catalog):
        target = table.get(meta.resulted_in or "")
        if target is None or target is entry:
            continue  # unknown and self references are reported by rules.references
        named[entry.ref] = target
        if withheld(target) and meta.disclosure != "不予公开":
            continue  # the wall refuses the reference (link-to-withheld)
        if not catalog.kinds[target.kind].policy_like:  # a policy, or a notice such as 关于印发……的通知
            yield problem(entry, ("resulted_in",), "consultation-result-kind",
                          f"形成的政策文件 {meta.resulted_in} 不是政策文件或通知" + ("" if is_public(target) else "（且未全文公开）"),
                          "resulted_in 应指向决策形成的政策文件（policy）或印发它的通知（notice）")
    policies = [e for code, kind in catalog.kinds.items() if kind.policy_like for e in catalog.of_kind(code)]
    for policy in policies:
        for ref in policy.meta.related:
            other = table.get(ref)
            if other is None or other.kind != CODE or named.get(other.ref) is policy:
                continue
            if withheld(other) and policy.meta.disclosure != "不予公开":
                continue  # the wall refuses the reference
            if withheld(policy) and other.meta.disclosure != "不予公开":
                continue  # a message about a public entry says nothing of a withheld one
            key = policy.index_no or (policy.ref if is_public(policy) else "该政策文件的索引号")
            yield problem(other, ("resulted_in",), "consultation-result-missing",
                          f"{title_of(policy)}在相关条目中列出了本次征求意见，但本条目的 resulted_in 没有指向它",
                          f"决策作出后，在本条目加一行 resulted_in: {key}（形成的政策文件），两边互相链接")


RULES = [period, channels, decision_organ, draft, adoption, resulting_policy]
