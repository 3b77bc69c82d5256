"""Figures in the 说明 checked against the tables and against each other — shared by 预决算, “三公” and 年度报告.

A kind reads its text (``load.figures_text``), turns each figure into a
``Statement`` (what it speaks of, in which scope, for which period, and whether it
is an amount, a change or a percentage) with this module's ``statements``, and
hands them with a ``Book`` of the values its tables or fields hold to ``check``.
A finding quotes both places; it is an error only when the wording decides what
the figure speaks of (“财政拨款基本支出”), a warning when the subject is likely but
not certain. Tolerances are the printed figures' own precision. No MkDocs here.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from ..load.figures_text import Figure, Sentence, Text
from ..pages.datatable import number
from ..problems.codes.code import ERROR, WARNING, Code, Section, Severity

SECTION = Section("narrative", "说明中的数字（`budget`、`final_account`、`three_public`、`annual_report`）", (
    Code("narrative-table-mismatch", ERROR, "正文（说明）中的金额与表格或字段中同一项目的数不同。措辞写明了口径（如“财政拨款基本支出”）时是错误；口径没有写明（全部资金还是财政拨款）而哪一张表都对不上时是警告", "核对原件：录入时抄错的按表格改正；原件如此的，照原件公开，登记为“原文如此”", levels="错误/警告"),
    Code("narrative-self-mismatch", ERROR, "正文自身前后不一致：同一项目在两处写了不同的数；增减额不等于本年数减上年数（或预算数）；“其中”各项之和不等于合计", "核对原件：录入时抄错的改正；原件如此的，照原件公开，登记为“原文如此”"),
    Code("narrative-rate", ERROR, "正文中的百分比（增长率、占比、完成预算的比例）与旁边的数字算出的不同（按印出的位数四舍五入后仍不同）", "核对原件：录入时抄错的改正；原件如此的，照原件公开，登记为“原文如此”", levels="错误/警告"),
))
"""The codes of the narrative checks, one section shared by every kind that runs them."""

AS_ISSUED = "照原件公开：若原件如此，登记为“原文如此”；若是录入时抄错，按原件改正"

ALL, FISCAL, GRANT = "all", "fiscal", "grant"
SCOPE_NAMES = {ALL: "全部资金", FISCAL: "财政拨款", GRANT: "当年拨款"}
NOW, PREV, BUDGET = "now", "prev", "budget"
PERIOD_NAMES = {NOW: "本年", PREV: "上年", BUDGET: "预算"}


# --- what a label speaks of -------------------------------------------------


@dataclass(frozen=True)
class Subject:
    key: str
    """E.g. ``基本支出``, ``三公.接待``, ``row:一般公共服务支出``."""
    pattern: re.Pattern[str]
    scope: str | None = None
    """The scope the word itself fixes (“三公” is 一般公共预算财政拨款 by definition)."""
    under: str = ""
    """Only inside a sentence about this subject (货物 under 政府采购, 购置费 under “三公”)."""
    parts: tuple[str, ...] = ()
    """The subjects that add up to this one, when all are stated."""
    anywhere: re.Pattern[str] | None = None
    """The words found anywhere (a heading ““三公”经费财政拨款支出决算具体情况” is about “三公”)."""


def subject(key: str, words: str, scope: str | None = None, under: str = "", parts: tuple[str, ...] = ()) -> Subject:
    return Subject(key, re.compile(f"(?:{words})$"), scope, under, parts, re.compile(words))


BUDGET_SUBJECTS = (
    subject("三公", r"[“”\"'‘’]?三公[“”\"'‘’]?经费(?:财政拨款)?(?:支出)?", FISCAL, parts=("三公.出国", "三公.车", "三公.接待")),
    subject("三公.车", r"公务用车购置及运行(?:维护)?费", FISCAL, parts=("三公.购置", "三公.运行")),
    subject("三公.出国", r"(?:因公)?出国境?经?费", FISCAL),
    subject("三公.购置", r"(?:公务用车|车辆)购置费?|购置费", FISCAL, under="三公"),
    subject("三公.运行", r"(?:公务用车)运行(?:维护)?费?|运行(?:维护)?费", FISCAL, under="三公"),
    subject("三公.接待", r"(?<!国内)(?<!外事)公务接待费", FISCAL),
    subject("机关运行经费", r"机关运行经费"),
    subject("政府采购", r"政府采购(?:预算|支出)?(?:总额|合计|总计)?|采购(?:预算|支出)?总额", parts=("政府采购.货物", "政府采购.工程", "政府采购.服务")),
    subject("政府采购.货物", r"货物(?:类|采购)?", under="政府采购"),
    subject("政府采购.工程", r"工程(?:类|采购)?", under="政府采购"),
    subject("政府采购.服务", r"服务(?:类|采购)?", under="政府采购"),
    subject("收支总计", r"收支(?:预算|决算)?总(?:计|额|预算|决算)|收入支出(?:预算|决算)?总(?:计|额)"),
    subject("收入总计", r"收入(?:预算|决算)?总(?:计|额)"),
    subject("支出总计", r"支出(?:预算|决算)?总(?:计|额)"),
    subject("本年收入合计", r"本年收入(?:合计)?"),
    subject("本年支出合计", r"本年支出(?:合计)?"),
    subject("一般公共预算支出", r"一般公共预算(?:财政)?拨款支出|一般公共预算支出", FISCAL, parts=("基本支出", "项目支出")),
    subject("财政拨款支出", r"财政拨款支出", FISCAL),
    subject("财政拨款收入", r"财政拨款收入", FISCAL),
    subject("基本支出", r"基本支出", parts=("人员经费", "公用经费")),
    subject("项目支出", r"项目支出"),
    subject("人员经费", r"人员经费"),
    subject("公用经费", r"公用经费"),
)
"""The subjects a 预决算 or “三公” 说明 speaks of; table row names (功能分类 类/款/项) are added by the book."""

SUBJECT_NAMES = {
    "收支总计": "收支总计", "收入总计": "收入总计", "支出总计": "支出总计", "本年收入合计": "本年收入合计",
    "本年支出合计": "本年支出合计", "一般公共预算支出": "一般公共预算财政拨款支出", "财政拨款支出": "财政拨款支出",
    "财政拨款收入": "财政拨款收入", "三公": "“三公”经费", "三公.车": "公务用车购置及运行费", "三公.出国": "因公出国（境）费",
    "三公.购置": "公务用车购置费", "三公.运行": "公务用车运行费", "三公.接待": "公务接待费",
    "政府采购": "政府采购总额", "政府采购.货物": "政府采购货物类", "政府采购.工程": "政府采购工程类", "政府采购.服务": "政府采购服务类",
}


def subject_name(key: str) -> str:
    return SUBJECT_NAMES.get(key, key.removeprefix("row:"))


_FILLER = re.compile(r"(财政拨款|为|是|共|达到|达|约|计|合计|总额|共计|累计|实际|预算数|决算数|预算|决算|支出|安排|资金|金额|数|的|年初|全年|比重|比例|情况|说明|执行)$")
_NUMBERING = re.compile(r"^([一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[)）]|\d+[、.．]|其中[:：]?)")


def clean_name(name: str) -> str:
    """A row or heading name as a label would say it: no numbering, no spaces, （境） as 境."""
    text = re.sub(r"[\s\u3000]+", "", name)
    text = re.sub(r"[（(]([^（）()]{1,2})[)）]", r"\1", text)
    while True:
        stripped = _NUMBERING.sub("", text)
        if stripped == text:
            return text
        text = stripped


def resolve(label: str, subjects: Sequence[Subject], heads: Iterable[str] = ()) -> Subject | None:
    """The subject a label names (“2024年“三公”经费预算” → 三公), trying it with trailing filler words removed."""
    text = label
    heads = set(heads)
    for _ in range(6):
        for s in subjects:
            if s.under and s.under not in heads:
                continue
            if s.pattern.search(text):
                return s
        stripped = _FILLER.sub("", text)
        if stripped == text or not stripped:
            return None
        text = stripped
    return None


# --- statements -------------------------------------------------------------


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
    """For a share: what it is a share of (for a bare “占 x%”, the sentence's first amount, in ``change``)."""
    of_scope: str | None = None
    head: Statement | None = None
    """For a change, rate, share or ratio: the amount it speaks about."""
    change: Statement | None = None
    """For a rate: the change stated beside it, if any."""


_UP = r"增加|增长|上升|提高|增支|超支|多"
_DOWN = r"减少|下降|降低|减支|节约|节支|少"
_CHANGE = re.compile(rf"(?:{_UP}|{_DOWN})了?$")
_RATIO = re.compile(r"(完成|执行|为|占)(了)?(年初|全年)?预算(数)?(的)?$|预算(执行|完成)率(为)?$")
_SHARE = re.compile(r"占(.+?)的?(比重|比例)?(为)?$")
_FISCAL_WORDS = re.compile(r"财政拨款|一般公共预算")
_ALL_WORDS = re.compile(r"收入支出|收支|全部资金|部门预算总体|部门决算总体")


def _sign(label: str) -> int:
    return 1 if re.search(f"(?:{_UP})了?$", label) else -1


_NOT_PERIOD = re.compile(r"一般公共预算|上年结转|上年结余|上年度?结转|年初结转|年初结余|年初财政拨款结转")
"""Words that contain 预算 or 上年 but name a row, not a period."""


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
    if fixed:
        return fixed
    if _FISCAL_WORDS.search(label):
        return FISCAL
    head = first.label
    if first is not None and _FISCAL_WORDS.search(head) and "收入" not in head:
        return FISCAL
    inner = sentence.heading.rsplit("/", 1)[-1]
    if _FISCAL_WORDS.search(inner):
        return FISCAL
    if _ALL_WORDS.search(inner) or _ALL_WORDS.search(head):
        return ALL
    return None


_BARE = re.compile(r"^(\d{4}年度?|上年度?|上一年|去年|年初|全年|预算数?|决算数?|为|是|共|的|和|而)*$")


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


def statements(text: Text, subjects: Sequence[Subject], fiscal_year: int, stage: str) -> list[Statement]:
    """Every figure of ``text`` read as a statement; figures the text does not tie to a subject are left out.

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
        heads: set[str] = {k.key for k in subjects if k.anywhere is not None and not k.under and k.anywhere.search(inner)}
        if heading_subject is not None:
            heads.add(heading_subject.key)
        heads |= {k.split(".")[0] for k in heads}
        first = sentence.figures[0]
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
            if not figure.is_amount:
                continue
            if _CHANGE.search(label) and ("比" in label or "较" in label or "同比" in label or head is not None):
                if head is None and heading_subject is None:
                    continue
                base = _base(label, fiscal_year) or (last_change.base if last_change else (PREV if stage != "决算" else None))
                if base is None:
                    continue
                target = head
                subj = target.subject if target else heading_subject
                scope = target.scope if target else _scope_of(label, sentence, first, heading_subject.scope if heading_subject else None)
                last_change = Statement(sentence, figure, subj, scope, "change", base=base, sign=_sign(label), head=target)
                found.append(last_change)
                continue
            subj = resolve(label, subjects, heads)
            if subj is None and head is not None and head.subject is not None and _bare(label):
                period = _period(label, fiscal_year, stage)
                if period != head.period:  # “…支出决算50.41万元，预算数为52.60万元”
                    found.append(Statement(sentence, figure, head.subject, head.scope, "level", period=period))
                continue
            if subj is None and head is None and heading_subject is not None and not _FILLER.sub("", re.sub(r"^\d{4}年度?", "", label)).strip("的"):
                subj = heading_subject  # “### “三公”经费预算情况” then “预算48.30万元”
            scope = _scope_of(label, sentence, first, subj.scope if subj else None)
            if _OWN_GRANT.search(label) or _OWN_GRANT.search(first.label) or _OWN_GRANT.search(inner):
                scope = GRANT
            statement = Statement(sentence, figure, subj, scope, "level", period=_period(label, fiscal_year, stage))
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


# --- what the tables hold ---------------------------------------------------


@dataclass(frozen=True)
class Source:
    """A value the entry's tables or fields hold, and where."""

    value: float
    half: float
    """Half a unit of its last printed place (0.005 万元 for a table in 万元 to the cent)."""
    what: str
    """E.g. 表5《一般公共预算支出情况表》“合计”行“基本支出”列."""
    place: str
    """file:line."""


@dataclass
class Book:
    """Values by (subject, scope, period)."""

    values: dict[tuple[str, str, str], list[Source]] = field(default_factory=lambda: defaultdict(list))
    names: dict[str, Subject] = field(default_factory=dict)
    """Row names a label may name (功能分类 类/款/项, 收入 items): subject ``row:<name>``."""

    def add(self, key: str, scope: str, period: str, source: Source) -> None:
        if not any(abs(s.value - source.value) < 1e-9 and s.what == source.what for s in self.values[(key, scope, period)]):
            self.values[(key, scope, period)].append(source)

    def add_row(self, name: str, scope: str, period: str, source: Source) -> None:
        plain = clean_name(name)
        if len(plain) < 3 or re.search(r"合计|总计|小计", plain):
            return
        key = "row:" + plain
        if key not in self.names:
            self.names[key] = subject(key, re.escape(plain))
        self.add(key, scope, period, source)

    def get(self, key: str, scope: str | None, period: str) -> list[tuple[str, Source]]:
        scopes = (scope,) if scope else (FISCAL, ALL)
        return [(s, src) for s in scopes for src in self.values.get((key, s, period), [])]

    def scopes(self, key: str, period: str) -> set[str]:
        return {s for (k, s, p), v in self.values.items() if k == key and p == period and v}

    def subjects(self, fixed: Sequence[Subject]) -> list[Subject]:
        """Fixed subjects first, then row names, longest first (财政事务 before 事务)."""
        return list(fixed) + sorted(self.names.values(), key=lambda s: -len(s.key))


# --- checks -----------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    figure: Figure
    code: str
    severity: Severity
    message: str
    fix: str


Where = Callable[[Figure], str]
"""``第12行`` (or ``file:line``) of a figure, from the kind."""


def _close(a: float, ha: float, b: float, hb: float) -> bool:
    return abs(a - b) <= ha + hb + 1e-6


def _amount(value: float, unit: str = "万元") -> str:
    return f"{number(value)}{unit}"


def _quote(s: Statement) -> str:
    return s.figure.text


def _rate_fits(rate: Figure, num: float, h_num: float, den: float, h_den: float) -> bool | None:
    """Could ``num / den × 100``, both as printed, round to the printed ``rate``? None: cannot tell (den ≈ 0)."""
    low_den, high_den = den - h_den, den + h_den
    if low_den <= 0:
        return None
    candidates = [(num - h_num) / high_den, (num + h_num) / low_den, (num - h_num) / low_den, (num + h_num) / high_den]
    low, high = min(candidates) * 100, max(candidates) * 100
    half = rate.half
    return high >= rate.value - half - 1e-9 and low <= rate.value + half + 1e-9


class Checker:
    """Runs every check over one text's statements against one book."""

    def __init__(self, items: list[Statement], book: Book, where: Where, unit: str = "万元"):
        self.items = items
        self.book = book
        self.where = where
        self.unit = unit
        self.found: list[Finding] = []
        self.stated: dict[tuple[str, str | None, str], list[Statement]] = defaultdict(list)
        for s in items:
            if s.measure == "level" and s.subject is not None:
                self.stated[(s.subject.key, s.scope, s.period)].append(s)

    def fmt(self, value: float) -> str:
        return _amount(value, self.unit)

    def add(self, s: Statement, code: str, severity: Severity, message: str, fix: str = AS_ISSUED) -> None:
        self.found.append(Finding(s.figure, code, severity, message, fix))

    def run(self) -> list[Finding]:
        for s in self.items:
            if s.measure in ("rate", "share", "ratio", "part"):
                self.percent(s)
            elif s.subject is None:
                continue
            elif s.measure == "level":
                self.level(s)
            elif s.measure == "change":
                self.change(s)
        self.twice()
        self.parts()
        return self.found

    # a stated amount against the tables
    def level(self, s: Statement) -> None:
        assert s.subject is not None
        candidates = self.book.get(s.subject.key, s.scope, s.period)
        scope = s.scope
        if not candidates and s.subject.key.startswith("row:") and scope != GRANT:
            candidates, scope = self.book.get(s.subject.key, None, s.period), None  # a row's name names it in any table
        if not candidates:
            return
        if any(_close(s.figure.value, s.figure.half, src.value, src.half) for _, src in candidates):
            return
        pinned = scope is not None or len(self.book.scopes(s.subject.key, s.period)) == 1
        src = candidates[0][1]
        what = subject_name(s.subject.key)
        scope_words = f"（{SCOPE_NAMES[scope]}口径）" if scope and not s.subject.scope else ""
        message = f"说明{self.where(s.figure)}写{what}{scope_words} {_quote(s)}，{src.what}为 {self.fmt(src.value)}（{src.place}）"
        others = [o for o in candidates[1:] if o[1].what != src.what]
        if others:
            message += "；" + "；".join(f"{o.what}为 {self.fmt(o.value)}（{o.place}）" for _, o in others[:2])
        if scope is not None:
            other_scope = ALL if scope == FISCAL else FISCAL
            twin = [src for _, src in self.book.get(s.subject.key, other_scope, s.period) if _close(s.figure.value, s.figure.half, src.value, src.half)]
            if twin:
                message += f"。说明写的数与{twin[0].what}（{SCOPE_NAMES[other_scope]}口径）相同：多半是把{SCOPE_NAMES[other_scope]}的数写成了{SCOPE_NAMES[scope]}的"
        self.add(s, "narrative-table-mismatch", ERROR if pinned else WARNING, message)

    def _value(self, key: str, scope: str | None, period: str, near: Statement | None = None) -> tuple[float, float, str] | None:
        """A value of (subject, scope, period): stated in the text (the same sentence first), else in the tables."""
        stated = [t for (k, sc, p), ts in self.stated.items() if k == key and p == period and (scope is None or sc in (scope, None)) for t in ts]
        if near is not None:
            stated.sort(key=lambda t: t.sentence is not near.sentence)
        if stated:
            t = stated[0]
            return t.figure.value, t.figure.half, f"说明{self.where(t.figure)}的 {t.figure.text}"
        tables = self.book.get(key, scope, period)
        if tables and len({round(src.value, 4) for _, src in tables}) == 1:
            src = tables[0][1]
            return src.value, src.half, f"{src.what}的 {self.fmt(src.value)}（{src.place}）"
        return None

    def change(self, s: Statement) -> None:
        assert s.subject is not None
        now = (s.head.figure.value, s.head.figure.half, f"{s.head.figure.text}") if s.head else self._value(s.subject.key, s.scope, NOW, s)
        before = self._value(s.subject.key, s.scope, s.base)
        if now is None or before is None:
            return
        diff = now[0] - before[0]
        base_name = PERIOD_NAMES[s.base]
        stated = s.sign * s.figure.value
        if _close(diff, now[1] + before[1], stated, s.figure.half):
            return
        verb = "增加" if s.sign > 0 else "减少"
        actual = "增加" if diff > 0 else "减少"
        self.add(s, "narrative-self-mismatch", ERROR, (
            f"说明{self.where(s.figure)}写{subject_name(s.subject.key)}比{base_name}{verb} {_quote(s)}，"
            f"但本年 {now[2]} 与{base_name} {before[2]} 相比是{actual} {self.fmt(abs(diff))}"
        ))

    def percent(self, s: Statement) -> None:
        head = s.head
        if head is None:
            return
        name = subject_name(s.subject.key) if s.subject is not None else f"“{head.figure.label}”"
        if s.measure == "part":
            whole = s.change
            assert whole is not None
            fits = _rate_fits(s.figure, head.figure.value, head.figure.half, whole.figure.value, whole.figure.half)
            if fits is False:
                whole_name = subject_name(whole.subject.key) if whole.subject is not None else f"“{whole.figure.label}”"
                self.add(s, "narrative-rate", ERROR, (
                    f"说明{self.where(s.figure)}写{name} {head.figure.text} 占 {_quote(s)}，但它占{whole_name} {whole.figure.text}（{self.where(whole.figure)}）的 {head.figure.value / whole.figure.value * 100:.2f}%"
                ))
            return
        if s.measure == "rate":
            if s.change is not None and s.change.head is head:
                d, hd = s.change.figure.value, s.change.figure.half
                base = head.figure.value - s.change.sign * d
                fits = _rate_fits(s.figure, d, hd, base, head.figure.half + hd)
                basis = f"增减额 {s.change.figure.text} 与本年 {head.figure.text}"
            else:
                before = self._value(s.subject.key, s.scope, s.base) if s.subject is not None else None
                if before is None:
                    return
                d = abs(head.figure.value - before[0])
                fits = _rate_fits(s.figure, d, head.figure.half + before[1], before[0], before[1])
                basis = f"本年 {head.figure.text} 与{PERIOD_NAMES[s.base]} {before[2]}"
            if fits is False:
                self.add(s, "narrative-rate", ERROR, f"说明{self.where(s.figure)}写{name}增减 {_quote(s)}，但{basis}算出的增减率不是 {s.figure.text}（按印出的位数四舍五入）")
            return
        if s.measure == "ratio":
            if s.subject is None:
                return
            budget = self._value(s.subject.key, s.scope, BUDGET)
            if budget is None:
                return
            fits = _rate_fits(s.figure, head.figure.value, head.figure.half, budget[0], budget[1])
            if fits is False:
                got = head.figure.value / budget[0] * 100
                self.add(s, "narrative-rate", ERROR, f"说明{self.where(s.figure)}写{name}完成预算的 {_quote(s)}，但 {head.figure.text} ÷ 预算 {budget[2]} = {got:.2f}%")
            return
        of = s.of
        assert of is not None
        options: list[tuple[float, float, str]] = []
        stated = [t for (k, _sc, p), ts in self.stated.items() if k == of.key and p == head.period for t in ts if s.of_scope is None or t.scope in (s.of_scope, None)]
        options += [(t.figure.value, t.figure.half, f"说明{self.where(t.figure)}的 {t.figure.text}") for t in stated]
        options += [(src.value, src.half, f"{src.what}的 {self.fmt(src.value)}（{src.place}）") for _, src in self.book.get(of.key, s.of_scope, head.period)]
        if not options:
            return
        results = [_rate_fits(s.figure, head.figure.value, head.figure.half, v, h) for v, h, _ in options]
        if any(r is not False for r in results):
            return
        v, _, where = options[0]
        pinned = s.of_scope is not None or len({round(o[0], 4) for o in options}) == 1
        self.add(s, "narrative-rate", ERROR if pinned else WARNING, (
            f"说明{self.where(s.figure)}写{name} {head.figure.text} 占{subject_name(of.key)}的 {_quote(s)}，但按{where}算是 {head.figure.value / v * 100:.2f}%"
        ))

    # the text against itself
    def twice(self) -> None:
        for (key, scope, period), items in self.stated.items():
            first = items[0]
            for other in items[1:]:
                if _close(first.figure.value, first.figure.half, other.figure.value, other.figure.half):
                    continue
                if first.figure.level != other.figure.level:
                    continue
                self.add(other, "narrative-self-mismatch", ERROR if scope is not None or first.subject and first.subject.scope else WARNING, (
                    f"说明{self.where(other.figure)}写{subject_name(key)} {other.figure.text}，但{self.where(first.figure)}写的是 {first.figure.text}"
                ))
                break

    def parts(self) -> None:
        for s in self.items:
            if s.measure != "level" or s.subject is None or not s.subject.parts:
                continue
            later = [t for t in self.items if t.sentence is s.sentence and t.measure == "level" and t.figure.start > s.figure.start and t.subject is not None]
            by_key: dict[str, Statement] = {}
            for t in later:
                if t.subject is not None and t.subject.key in s.subject.parts and t.period == s.period:
                    by_key.setdefault(t.subject.key, t)
            if len(by_key) != len(s.subject.parts):
                continue
            total = sum(t.figure.value for t in by_key.values())
            half = sum(t.figure.half for t in by_key.values())
            if _close(total, half, s.figure.value, s.figure.half):
                continue
            items = " + ".join(f"{subject_name(k)} {t.figure.text}" for k, t in by_key.items())
            self.add(s, "narrative-self-mismatch", ERROR, f"说明{self.where(s.figure)}写{subject_name(s.subject.key)} {s.figure.text}，但其后所列 {items} = {self.fmt(total)}")
