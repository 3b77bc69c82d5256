"""Each figure of a text read as a statement: what it speaks of, in which scope, for which period, and how."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ...load.figures_text import Figure, Sentence, Text
from .subjects import (
    ALL, BUDGET, COUNT_UNITS, COUNTS, FISCAL, GRANT, NOW, PREV, Subject, FILLER, clean_name, resolve,
)


@dataclass
class Statement:
    """One figure of the text, read: what it speaks of and how."""

    sentence: Sentence
    figure: Figure
    subject: Subject | None
    scope: str | None
    """ALL or FISCAL when the wording (or its heading) decides it; None when it does not."""
    measure: str
    """level (an amount), change (增加/减少 …), rate (增长 x%), share (占 … 的 x%), part (其中 … 占 x%: of the sentence's first amount), ratio (完成预算的 x%)."""
    period: str = NOW
    base: str = PREV
    """For a change or a rate: compared with 上年 (PREV) or with the budget (BUDGET)."""
    sign: int = 0
    of: Subject | None = None
    """For a share: what it is a share of."""
    of_scope: str | None = None
    head: Statement | None = None
    """For a change, rate, share or ratio: the amount it speaks about."""
    change: Statement | None = None
    """For a rate: the change stated beside it, if any; for a part: the whole."""
    certain: bool = True
    """False where the reading is likely but not sure (“减少公务接待费1.60万元” may be one part of a change): a warning."""


_UP = r"增加|增长|上升|提高|增支|超支|多"
_DOWN = r"减少|下降|降低|减支|节约|节支|压减|压缩|少"
_VERB_FIRST = re.compile(r"(?:^|[^比较])(增加|增长|减少|下降|降低|压减|压缩|节约)了?(.{2,})$")
"""“相应减少运行维护费2.70万元”: the verb before the subject."""
_FROM = re.compile(r"由$|从$")
_TO = re.compile(r"(减至|增至|降至|减少到|增加到|下降到|上升到|减少至|增加至|下降至|上升至|降为|增为|至|到)$")
_BARE_MORE_LESS = re.compile(r"(?<![减缩增])[多少]了?$")
"""“至少”“最多”: not a change unless compared (“比上年少5万元”)."""
_CHANGE = re.compile(rf"(?:{_UP}|{_DOWN})了?$")
_RATIO = re.compile(r"(完成|执行|为|占)(了)?(年初|全年)?预算(数)?(的)?$|预算(执行|完成)率(为)?$")
_SHARE = re.compile(r"占(.+?)的?(比重|比例)?(为)?$")
_FISCAL_WORDS = re.compile(r"财政拨款|一般公共预算")
_ALL_WORDS = re.compile(r"收入支出|收支|全部资金|部门预算总体|部门决算总体")


def _sign(label: str) -> int:
    return 1 if re.search(f"(?:{_UP})了?$", label) else -1


def _count(label: str, unit: str, heads: set[str], before: Statement | None) -> Subject | None:
    """Which “三公” count a number of 辆/个/批次/人次 is, or None."""
    if unit == "辆":
        if "保有" in label:
            return COUNTS["三公.保有量"]
        if re.search(r"购置|新购|购买|更新", label) and "三公" in heads:
            return COUNTS["三公.购置数"]
        return None
    if unit == "个":
        return COUNTS["三公.团组"] if "团组" in label else None
    if re.search(r"外事|外宾|涉外", label):
        return None  # 外事接待 is not the 国内公务接待 the table counts
    if unit in ("批次", "批"):
        return COUNTS["三公.批次"] if "接待" in label or "三公.接待" in heads else None
    previous = before.subject.key if before is not None and before.subject is not None else ""
    if "出国" in label or previous == "三公.团组":
        return COUNTS["三公.出国人次"]
    if "接待" in label or previous == "三公.批次":
        return COUNTS["三公.接待人次"]
    return None


_NOT_PERIOD = re.compile(r"一般公共预算|上年结转|上年结余|上年度?结转|年初结转|年初结余|年初财政拨款结转|(截至|截止|截止到)?(\d{4}年\d{1,2}月(\d{1,2}日)?|上年(底|末)|\d{4}年(底|末))")
"""Words that contain 预算 or 上年 but name a row, or a date (截至2023年12月31日 — the fleet a 2024 budget counts), not a period."""


def _base(label: str, fiscal_year: int) -> str | None:
    label = _NOT_PERIOD.sub("", label)
    if re.search(rf"上年|上一年|去年|同比|{fiscal_year - 1}年", label):
        return PREV  # 比上年预算: last year's
    if re.search(r"预算", label):
        return BUDGET
    return None


def _period(label: str, fiscal_year: int, stage: str) -> str:
    label = _NOT_PERIOD.sub("", label)
    if re.search(rf"上年|上一年|去年|{fiscal_year - 1}年", label):
        return PREV
    if stage == "决算" and "预算" in label and "决算" not in label:
        return BUDGET
    return NOW


def _scope_of(label: str, sentence: Sentence, first: Figure, fixed: str | None) -> str | None:
    """ALL or FISCAL when the words decide it: the figure's own, the sentence's subject, or its heading.

    A figure the sentence compares with (“占本年支出合计10617.14万元的”, “比…”) keeps only its own words.
    """
    if fixed:
        return fixed
    if _FISCAL_WORDS.search(label):
        return FISCAL
    if _COMPARED_WITH.match(label):
        return None
    head = first.label
    if _FISCAL_WORDS.search(head) and "收入" not in head:
        return FISCAL
    inner = sentence.heading.rsplit("/", 1)[-1]
    if _FISCAL_WORDS.search(inner):
        return FISCAL
    if _ALL_WORDS.search(inner) or _ALL_WORDS.search(head):
        return ALL
    return None


_COMPARED_WITH = re.compile(r"^(占|比|较|相当于|与|同)")


_BARE = re.compile(r"^(\d{4}年度?|上年度?|上一年|去年|年初|全年|预算数?|决算数?|执行数|为|是|共|的|和|而|比|较|与)*$")


def _bare(label: str) -> bool:
    """A label that names no subject, only a period (“上年”, “预算数为”): the figure is of the subject before it."""
    return bool(label) and bool(_BARE.match(label)) and bool(re.search(r"上年|上一年|去年|预算|决算|\d{4}年", label))


_SKIP_HEADING = re.compile(r"绩效|名词解释|专业名词|术语|部门概况|部门职责|主要职能|机构设置|单位构成|部门构成")
"""Sections whose figures are not the tables' (a project's 绩效 amount, a definition)."""
_OWN_GRANT = re.compile(r"当年拨款|当年财政拨款")
"""一般公共预算当年拨款 leaves out 上年结转: no standard table total is that figure, so it is never compared with one."""
_CONTINUES = re.compile(r"^\s*(比|较|与|同比|其中|分别|占)")


def _within(sentence: Sentence, whole: Statement, part: Statement) -> bool:
    """Is ``part`` listed as one item of ``whole`` (“合计 X，其中：A …，占 y%”)?"""
    if whole is part:
        return False
    if whole.subject is not None and part.subject is not None and part.subject.key in whole.subject.parts:
        return True
    between = sentence.text[whole.figure.end - sentence.start: part.figure.start - sentence.start]
    return bool(re.search(r"其中|主要用于|主要包括|包括|分别为|具体为|[：:]", between))


def statements(text: Text, subjects: Sequence[Subject], fiscal_year: int, stage: str, context: frozenset[str] = frozenset()) -> list[Statement]:
    """Every figure of ``text`` read as a statement; figures the text does not tie to a subject are left out.

    ``context``: subjects every sentence is about (a “三公” report's text is about “三公”).
    An amount whose label names no known subject is kept as an anonymous statement
    (``subject`` None): a percentage beside it (“占…的 80.8%”) may still be checked.
    """
    found: list[Statement] = []
    carried: Statement | None = None
    carried_heading = ""
    for sentence in text.sentences:
        inner = sentence.heading.rsplit("/", 1)[-1]
        if _SKIP_HEADING.search(sentence.heading):
            carried = None
            continue
        heading_subject = resolve(clean_name(inner), subjects) if inner else None
        head: Statement | None = carried if carried_heading == sentence.heading and _CONTINUES.match(sentence.text) else None
        whole: Statement | None = head
        last_change: Statement | None = None
        heads: set[str] = set(context) | {k.key for k in subjects if k.anywhere is not None and not k.under and k.anywhere.search(inner)}
        if heading_subject is not None:
            heads.add(heading_subject.key)
        heads |= {k.split(".")[0] for k in heads}
        first = sentence.figures[0]
        last_count: Statement | None = None  # the figure just before, when a count (“91批次、668人次”: the 接待's 人次)
        for figure in sentence.figures:
            label = figure.label
            if figure.is_percent:
                share = _SHARE.search(label)
                if _CHANGE.search(label) and head is not None:
                    base = _base(label, fiscal_year) or (last_change.base if last_change else PREV)
                    found.append(Statement(sentence, figure, head.subject, head.scope, "rate", base=base, sign=_sign(label), head=head, change=last_change))
                elif _RATIO.search(label) and head is not None:
                    found.append(Statement(sentence, figure, head.subject, head.scope, "ratio", base=BUDGET, head=head))
                elif share and head is not None:
                    words = share.group(1)
                    of = resolve(clean_name(words), subjects, heads)
                    if of is not None:
                        of_scope = of.scope or (FISCAL if _FISCAL_WORDS.search(words) else None)
                        found.append(Statement(sentence, figure, head.subject, head.scope, "share", of=of, of_scope=of_scope, head=head))
                elif re.fullmatch(r"(其中)?占(比)?(为)?", label) and head is not None and whole is not None and _within(sentence, whole, head):
                    found.append(Statement(sentence, figure, head.subject, head.scope, "part", head=head, of=whole.subject, change=whole))
                continue
            if figure.unit in COUNT_UNITS:
                count = _count(label, figure.unit, heads, last_count)
                last_count = None
                if count is not None:
                    period = PREV if _FROM.search(label) else _period(label, fiscal_year, stage)
                    last_count = Statement(sentence, figure, count, FISCAL, "level", period=period)
                    found.append(last_count)
                continue
            last_count = None
            if not figure.is_amount:
                continue
            compared = "比" in label or "较" in label or "同比" in label
            if _CHANGE.search(label) and (compared or head is not None) and (compared or not _BARE_MORE_LESS.search(label)):
                if head is None and heading_subject is None:
                    continue
                stated_base = (_base(label, fiscal_year) or (last_change.base if last_change else None)
                               or _base(sentence.before(figure), fiscal_year) or (PREV if stage != "决算" else None))  # “与上年相比，…增加”
                if stated_base is None:
                    continue
                base = stated_base
                target = head
                subj = target.subject if target else heading_subject
                scope = target.scope if target else _scope_of(label, sentence, first, heading_subject.scope if heading_subject else None)
                last_change = Statement(sentence, figure, subj, scope, "change", base=base, sign=_sign(label), head=target)
                found.append(last_change)
                continue
            verb_first = _VERB_FIRST.search(label)
            if verb_first and not _CHANGE.search(label):
                changed = resolve(verb_first.group(2), subjects, heads)
                if changed is not None:
                    found.append(Statement(sentence, figure, changed, _scope_of(label, sentence, first, changed.scope), "change",
                                           base=_base(label, fiscal_year) or PREV, sign=_sign(verb_first.group(1)), certain=False))
                    head = None
                    continue
            if _TO.search(label) and head is not None and head.subject is not None and _FROM.search(head.figure.label):
                # “由52.60万元减至48.30万元”: the first figure was last year's
                head.period = PREV
                found.append(Statement(sentence, figure, head.subject, head.scope, "level", period=NOW))
                continue
            subj = resolve(label, subjects, heads)
            if subj is None and head is not None and head.subject is not None and _bare(label):
                period = _period(label, fiscal_year, stage)
                if period != head.period:  # “…支出决算50.41万元，预算数为52.60万元”
                    found.append(Statement(sentence, figure, head.subject, head.scope, "level", period=period))
                continue
            if subj is None and head is None and heading_subject is not None and not FILLER.sub("", re.sub(r"^\d{4}年度?", "", label)).strip("的"):
                subj = heading_subject  # “### “三公”经费预算情况” then “预算48.30万元”
            scope = _scope_of(label, sentence, first, subj.scope if subj else None)
            if _OWN_GRANT.search(label) or _OWN_GRANT.search(first.label) or _OWN_GRANT.search(inner):
                scope = GRANT
            statement = Statement(sentence, figure, subj, scope, "level", period=PREV if _FROM.search(label) else _period(label, fiscal_year, stage))
            found.append(statement)
            head = statement
            if whole is None:
                whole = statement
            last_change = None
            if subj is not None:
                heads.add(subj.key)
                heads.add(subj.key.split(".")[0])
        if head is not None:
            carried, carried_heading = head, sentence.heading
    return found


