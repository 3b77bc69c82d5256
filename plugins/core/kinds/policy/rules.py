"""政策文件: the validity lifecycle (有效 → 失效 / 废止) and what replaced a repealed policy.

The annual report counts 规范性文件 issued, repealed and in force from these
fields, and readers must never mistake a repealed policy for a valid one, so
the dates and the replacement have to agree with 有效性. No MkDocs here.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from ...load import formats
from ...problems.diagnostics import Diagnostic, Severity
from ...load.model import Catalog, Entry
from ...load.schema import NOT_STATED, stated_date
from ...check.rules import place_of, problem, reads_text_of, title_of, withheld
from ..notice.model import CODE as NOTICE
from .model import CODE, meta_of

def _policies(catalog: Catalog) -> Iterable[Entry]:
    return catalog.of_kind(CODE)


@reads_text_of()
def validity_lifecycle(catalog: Catalog, *, today: datetime.date | None = None) -> Iterable[Diagnostic]:
    """有效性 and the dates (施行, 失效, 废止) and 废止依据 must tell one story."""
    today = today or datetime.date.today()
    for entry in _policies(catalog):
        meta = meta_of(entry)
        validity = meta.validity
        effective, expires, repealed = meta.effective, meta.expires, meta.repealed
        repealed_by, reason = meta.repealed_by, meta.repeal_reason
        if validity is None:
            yield problem(entry, ("validity",), "validity-missing",
                          "政策文件没有写有效性", "加一行 validity: 有效（或 失效、废止，并写相应日期）")
        if validity == "废止":
            if not repealed:
                yield problem(entry, ("validity",), "repeal-date-missing", "有效性为废止，但没有写废止日期 repealed",
                              "加一行 repealed: 废止生效的日期（年-月-日）")
            if not repealed_by and not reason:
                yield problem(entry, ("validity",), "repeal-basis-missing", "有效性为废止，但没有写废止依据 repealed_by，也没有写废止说明 repeal_reason",
                              "加一行 repealed_by: 废止或替代本文件的条目（索引号或路径）；目录中没有该文件时，写 repeal_reason: 废止的理由和文件名称")
        elif validity == "失效":
            if not expires:
                yield problem(entry, ("validity",), "expiry-date-missing", "有效性为失效，但没有写失效日期 expires",
                              "加一行 expires: 有效期届满的日期（年-月-日）")
            if repealed or repealed_by:
                key = "repealed" if repealed else "repealed_by"
                yield problem(entry, (key,), "validity-inconsistent", "写了废止日期或废止依据，但有效性为失效",
                              "被明令废止的文件，有效性应为 废止；有效期届满自然失效的，删除 repealed / repealed_by")
        elif validity == "有效":
            if repealed or repealed_by:
                key = "repealed" if repealed else "repealed_by"
                yield problem(entry, (key,), "validity-inconsistent", "写了废止日期或废止依据，但有效性仍为有效",
                              "文件已废止的，把有效性改为 废止；尚未废止的，删除这一行")
            elif expires and expires < today:
                yield problem(entry, ("expires",), "expired-still-valid", f"失效日期 {expires} 已过，有效性仍为有效",
                              "核对有效期：已届满的，把有效性改为 失效；已延期的，改正失效日期")
        if effective and expires and expires <= effective:
            yield problem(entry, ("expires",), "date-order", f"失效日期 {expires} 不晚于施行日期 {effective}",
                          "核对两个日期：文件应先施行后失效")
        if effective and repealed and repealed < effective:
            yield problem(entry, ("repealed",), "date-order", f"废止日期 {repealed} 早于施行日期 {effective}",
                          "核对两个日期", Severity.WARNING)
        written = stated_date(meta.written)  # 未说明: no 成文日期 to compare
        if written and repealed and repealed < written:
            yield problem(entry, ("repealed",), "date-order", f"废止日期 {repealed} 早于成文日期 {written}",
                          "核对两个日期：文件不能在成文之前被废止")


@reads_text_of(CODE, NOTICE)
def replacement(catalog: Catalog) -> Iterable[Diagnostic]:
    """废止依据 must be a policy or notice issued no later than the repeal date."""
    table = catalog.lookup()
    for entry in _policies(catalog):
        ref = meta_of(entry).repealed_by
        target = table.get(ref) if ref else None
        if target is None or target is entry:
            continue  # unknown and self references are reported by rules.references
        if withheld(target) and entry.meta.disclosure != "不予公开":
            continue  # the wall refuses the reference (link-to-withheld); nothing of the withheld one is told here
        if not catalog.kinds[target.kind].policy_like:
            yield problem(entry, ("repealed_by",), "repealed-by-kind", f"废止依据 {ref} 是{catalog.kinds.name(target.kind)}，不是政策文件或通知" if not withheld(target) else "废止依据不是政策文件或通知（且不予公开）",
                          "repealed_by 应指向废止或替代本文件的政策文件（policy）或通知（notice）条目")
            continue
        repealed = meta_of(entry).repealed
        issued = stated_date(target.meta.written) or stated_date(target.meta.published)
        if repealed and issued and repealed < issued:
            yield problem(entry, ("repealed",), "repealed-before-replacement",
                          f"废止日期 {repealed} 早于废止依据{title_of(target)}的成文日期 {issued}",
                          "核对废止日期：通常是新文件的施行日期或印发日期")
        if target.kind == CODE and target.meta.validity in ("失效", "废止"):
            yield problem(entry, ("repealed_by",), "replacement-not-valid",
                          f"替代本文件的{title_of(target)}本身也已{target.meta.validity}",
                          "若两份文件先后被废止，repealed_by 通常应指向最新的有效文件；核对后可忽略")


@reads_text_of()
def doc_numbers(catalog: Catalog) -> Iterable[Diagnostic]:
    """A 文号 names one document, and its year is the year the document was signed."""
    seen: dict[str, Entry] = {}
    for entry in catalog.entries:
        doc_no = entry.meta.doc_no
        if not doc_no:
            continue
        year = formats.doc_no_year(doc_no)
        if year:
            written = stated_date(entry.meta.written)
            if written and written.year != year:
                yield problem(entry, ("doc_no",), "doc-no-year", f"文号 {doc_no} 的年份 {year} 与成文日期 {written} 不符",
                              "文号中的年份是成文（签发）的年份；核对文号或成文日期")
            elif not written and entry.year is not None and entry.year not in (year, year + 1):
                yield problem(entry, ("doc_no",), "doc-no-year", f"文号 {doc_no} 的年份 {year} 与发布日期 {entry.meta.published} 相差一年以上",
                              "核对文号或发布日期" if entry.meta.written == NOT_STATED else "核对文号或发布日期；补上成文日期 written")
        first = seen.setdefault(formats.doc_no_key(doc_no), entry)
        if first is not entry:
            yield problem(entry, ("doc_no",), "doc-no-duplicate", f"文号 {doc_no} 与 {place_of(first, 'doc_no')} 重复",
                          "一个文号只对应一份文件：核对序号；同一文件不要重复录入")


RULES = [validity_lifecycle, replacement, doc_numbers]
