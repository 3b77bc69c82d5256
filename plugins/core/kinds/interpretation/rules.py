"""政策解读: which policy it interprets, and whether it came out in time.

Practice (谁起草谁解读; 郑州 and others: 最迟应在政策文件公开发布后 3 个工作日内)
expects the interpretation with the policy. No national rule fixes the number,
so lateness is a warning, counted on the official calendar (holidays and 调休).
No MkDocs here.
"""

from __future__ import annotations

from collections.abc import Iterable

from ...check import workdays
from ...problems.diagnostics import Diagnostic
from ...load.model import Catalog, Entry
from ...load.schema import stated_date
from ...check.rules import problem, reads_text_of, title_of, withheld
from ..notice.model import CODE as NOTICE
from ..policy.model import CODE as POLICY
from .model import meta_of

LIMIT_WORKDAYS = 3
"""解读材料最迟在政策文件公开发布后 3 个工作日内发布."""


def calendar_note(entry: Entry, key: str, span: workdays.Span, noted: set[int]) -> Iterable[Diagnostic]:
    """Say once per year that a count fell back to Monday–Friday (the package lacks that year)."""
    for year in span.unknown_years:
        if year not in noted:
            noted.add(year)
            yield problem(
                entry, (key,), "workday-calendar-missing",
                f"{year} 年的法定节假日安排尚未收录（chinesecalendar {workdays.FIRST_YEAR}–{workdays.LAST_YEAR} 年），该年的工作日暂按周一至周五计算",
                "国务院办公厅公布该年节假日安排后，升级 chinesecalendar（pip install -U chinesecalendar）再检查",
            )


@reads_text_of(POLICY, NOTICE)
def timely(catalog: Catalog) -> Iterable[Diagnostic]:
    """Published the same day as the policy, and at most 3 working days after it."""
    table = catalog.lookup()
    noted: set[int] = set()
    for entry in catalog.of_kind("interpretation"):
        policy = table.get(meta_of(entry).interprets)
        if policy is None or policy is entry or not catalog.kinds[policy.kind].policy_like:
            continue  # reported by rules.references
        if withheld(policy) and entry.meta.disclosure != "不予公开":
            continue  # the wall refuses the reference (link-to-withheld); a withheld policy's dates are not for this message
        start, end = stated_date(policy.meta.published), stated_date(entry.meta.published)
        if start is None or end is None:  # an undated archive entry: no time limit to measure
            continue
        if end < start:
            yield problem(
                entry, ("published",), "interpretation-before-policy",
                f"解读的发布日期 {end} 早于政策{title_of(policy)}的发布日期 {start}",
                "核对两个发布日期：解读应与政策同步或在其后发布",
            )
            continue
        span = workdays.span(start, end)
        yield from calendar_note(entry, "published", span, noted)
        if span.workdays > LIMIT_WORKDAYS:
            detail = span.describe()
            yield problem(
                entry, ("published",), "interpretation-late",
                f"解读在政策{title_of(policy)}发布（{start}）后第 {span.workdays} 个工作日（{end}）才发布，"
                f"超过 {LIMIT_WORKDAYS} 个工作日" + (f"（{detail}）" if detail else ""),
                f"解读应与政策同步发布，最迟于 {workdays.add_workdays(start, LIMIT_WORKDAYS)} 发布；核对发布日期，属实的在年度报告中说明",
            )


@reads_text_of()
def interpreter_named(catalog: Catalog) -> Iterable[Diagnostic]:
    """解读 by someone other than the drafting organ should say who (解读主体)."""
    table = catalog.lookup()
    for entry in catalog.of_kind("interpretation"):
        policy = table.get(meta_of(entry).interprets)
        if policy is None or policy is entry:
            continue
        form = meta_of(entry).form
        if form == "专家解读" and not meta_of(entry).interpreter:
            yield problem(
                entry, ("form",), "interpreter-missing", "专家解读没有写解读主体 interpreter",
                "加一行 interpreter: 专家姓名及单位、职务",
            )


RULES = [timely, interpreter_named]
