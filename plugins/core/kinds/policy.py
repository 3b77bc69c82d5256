"""政策文件: the validity lifecycle (有效 → 失效 / 废止) and what replaced a repealed policy.

The annual report counts 规范性文件 issued, repealed and in force from these
fields, and readers must never mistake a repealed policy for a valid one, so
the dates and the replacement have to agree with 有效性. No MkDocs here.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from html import escape

from ..check import formats
from ..check.diagnostics import Diagnostic, Severity
from ..load.model import Catalog, Entry
from ..pages.render import KIND_BANNERS, KIND_RENDERERS, Site
from ..check.rules import place_of, problem, reads_text_of, title_of, withheld

REPLACEMENT_KINDS = ("policy", "notice")
"""A policy is repealed by another policy or by a notice such as 关于废止……的通知."""


def _policies(catalog: Catalog) -> Iterable[Entry]:
    return catalog.of_kind("policy")


@reads_text_of()
def validity_lifecycle(catalog: Catalog, *, today: datetime.date | None = None) -> Iterable[Diagnostic]:
    """有效性 and the dates (施行, 失效, 废止) and 废止依据 must tell one story."""
    today = today or datetime.date.today()
    for entry in _policies(catalog):
        meta = entry.meta
        validity = meta.validity
        effective, expires, repealed = meta.effective, meta.expires, meta.repealed  # type: ignore[attr-defined]
        repealed_by, reason = meta.repealed_by, meta.repeal_reason  # type: ignore[attr-defined]
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
        if meta.written and repealed and repealed < meta.written:
            yield problem(entry, ("repealed",), "date-order", f"废止日期 {repealed} 早于成文日期 {meta.written}",
                          "核对两个日期：文件不能在成文之前被废止")


@reads_text_of("policy", "notice")
def replacement(catalog: Catalog) -> Iterable[Diagnostic]:
    """废止依据 must be a policy or notice issued no later than the repeal date."""
    table = catalog.lookup()
    for entry in _policies(catalog):
        ref = entry.meta.repealed_by  # type: ignore[attr-defined]
        target = table.get(ref) if ref else None
        if target is None or target is entry:
            continue  # unknown and self references are reported by rules.references
        if withheld(target) and entry.meta.disclosure != "不予公开":
            continue  # the wall refuses the reference (link-to-withheld); nothing of the withheld one is told here
        if target.kind not in REPLACEMENT_KINDS:
            yield problem(entry, ("repealed_by",), "repealed-by-kind", f"废止依据 {ref} 是{_kind_name(target)}，不是政策文件或通知" if not withheld(target) else "废止依据不是政策文件或通知（且不予公开）",
                          "repealed_by 应指向废止或替代本文件的政策文件（policy）或通知（notice）条目")
            continue
        repealed = entry.meta.repealed  # type: ignore[attr-defined]
        issued = target.meta.written or target.meta.published
        if repealed and repealed < issued:
            yield problem(entry, ("repealed",), "repealed-before-replacement",
                          f"废止日期 {repealed} 早于废止依据{title_of(target)}的成文日期 {issued}",
                          "核对废止日期：通常是新文件的施行日期或印发日期")
        if target.kind == "policy" and target.meta.validity in ("失效", "废止"):
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
        match = formats.DOC_NO.match(doc_no)
        if match:
            year = int(match["year"])
            written = entry.meta.written
            if written and written.year != year:
                yield problem(entry, ("doc_no",), "doc-no-year", f"文号 {doc_no} 的年份 {year} 与成文日期 {written} 不符",
                              "文号中的年份是成文（签发）的年份；核对文号或成文日期")
            elif not written and entry.meta.published.year not in (year, year + 1):
                yield problem(entry, ("doc_no",), "doc-no-year", f"文号 {doc_no} 的年份 {year} 与发布日期 {entry.meta.published} 相差一年以上",
                              "核对文号或发布日期；补上成文日期 written")
        first = seen.setdefault(doc_no, entry)
        if first is not entry:
            yield problem(entry, ("doc_no",), "doc-no-duplicate", f"文号 {doc_no} 与 {place_of(first, 'doc_no')} 重复",
                          "一个文号只对应一份文件：核对序号；同一文件不要重复录入")


def _kind_name(entry: Entry) -> str:
    from ..load.schema import KINDS

    return KINDS.get(entry.kind, entry.kind)


RULES = [validity_lifecycle, replacement, doc_numbers]


# --- rendering ---------------------------------------------------------------


def validity_banner(entry: Entry, site: Site) -> str:
    """Right under the title: a reader cannot miss that a policy is expired or repealed, nor what replaced it."""
    meta = entry.meta
    src = site.entry_src(entry)
    parts = []
    if meta.validity == "废止":
        when = f"于 {meta.repealed} " if meta.repealed else ""  # type: ignore[attr-defined]
        target = site.by_ref.get(meta.repealed_by or "")  # type: ignore[attr-defined]
        lines = [f"<p><strong>本文件已{when}废止</strong>，不再执行。</p>"]
        if target is not None:
            href = site.href(src, site.entry_src(target))
            doc_no = f"（{escape(target.meta.doc_no)}）" if target.meta.doc_no else ""
            lines.append(f'<p class="gk-replaced-by">废止依据：<a href="{href}">{escape(target.meta.title)}</a>{doc_no}</p>')
        if meta.repeal_reason:  # type: ignore[attr-defined]
            lines.append(f"<p>废止说明：{escape(meta.repeal_reason)}</p>")  # type: ignore[attr-defined]
        parts.append('<div class="admonition danger gk-validity gk-repealed" role="note"><p class="admonition-title">已废止</p>' + "".join(lines) + "</div>\n")
    elif meta.validity == "失效":
        when = f"于 {meta.expires} " if meta.expires else ""  # type: ignore[attr-defined]
        parts.append(
            '<div class="admonition warning gk-validity gk-expired" role="note"><p class="admonition-title">已失效</p>'
            f"<p><strong>本文件已{when}失效</strong>（有效期届满），仅供查阅。</p></div>\n"
        )
    return "".join(parts)


def render_policy(entry: Entry, site: Site) -> str:
    """What this policy repealed, and its interpretations (谁起草谁解读)."""
    src = site.entry_src(entry)
    parts = []
    replaces = site.replaced.get(entry.ref, [])
    if replaces:
        items = "".join(
            f'<li><a href="{site.href(src, site.entry_src(old))}">{escape(old.meta.title)}</a>'
            + (f"（{escape(old.meta.doc_no)}）" if old.meta.doc_no else "") + "</li>"
            for old in sorted(replaces, key=lambda e: e.meta.published)
        )
        parts.append(f'<div class="gk-replaces"><p>本文件施行后，下列文件同时废止：</p><ul>{items}</ul></div>\n')
    readings = sorted(site.interpretations.get(entry.ref, []), key=lambda e: (e.meta.published, e.meta.title))
    if readings:
        items = "".join(
            f'<li><span class="gk-tag">{escape(getattr(r.meta, "form", "") or "解读")}</span> '
            f'<a href="{site.href(src, site.entry_src(r))}">{escape(r.meta.title)}</a></li>'
            for r in readings
        )
        parts.append(f'<div class="gk-readings"><p><strong>政策解读：</strong></p><ul>{items}</ul></div>\n')
    return "".join(parts)


KIND_BANNERS["policy"] = validity_banner
KIND_RENDERERS["policy"] = render_policy
# 通知 such as 关于印发……的通知 are policies in all but name: same banner, same interpretations list.
KIND_BANNERS.setdefault("notice", validity_banner)
KIND_RENDERERS.setdefault("notice", render_policy)
