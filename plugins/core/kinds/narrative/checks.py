"""The checks: a stated figure against the book, and the text against itself; each finding quotes both places."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from ...load.figures_text import Figure
from ...pages.datatable import number
from ...problems.codes.code import ERROR, WARNING, Severity
from .book import Book
from .codes import AS_ISSUED
from .statements import Statement
from .subjects import ALL, BUDGET, FISCAL, GRANT, NOW, PERIOD_NAMES, SCOPE_NAMES, name_of, subject_name




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

    def fmt(self, value: float, like: Figure | None = None) -> str:
        if like is not None and not like.is_amount:
            return f"{number(value) if value % 1 else int(value)}{like.unit}"
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
        what = name_of(s.subject)
        scope_words = f"（{SCOPE_NAMES[scope]}口径）" if scope and not s.subject.scope else ""
        message = f"{self.where(s.figure)}写{what}{scope_words} {_quote(s)}，{src.what}为 {self.fmt(src.value, s.figure)}（{src.place}）"
        others = [o for o in candidates[1:] if o[1].what != src.what]
        if others:
            message += "；" + "；".join(f"{o.what}为 {self.fmt(o.value, s.figure)}（{o.place}）" for _, o in others[:2])
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
            return t.figure.value, t.figure.half, f"{self.where(t.figure)}的 {t.figure.text}"
        tables = self.book.get(key, scope, period)
        if tables and len({round(src.value, 4) for _, src in tables}) == 1:
            src = tables[0][1]
            return src.value, src.half, f"{src.what} {self.fmt(src.value)}（{src.place}）"
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
        self.add(s, "narrative-self-mismatch", ERROR if s.certain else WARNING, (
            f"{self.where(s.figure)}写{name_of(s.subject)}比{base_name}{verb} {_quote(s)}，"
            f"但本年 {now[2]} 与 {before[2]} 相比是{actual} {self.fmt(abs(diff))}"
        ))

    def percent(self, s: Statement) -> None:
        head = s.head
        if head is None:
            return
        name = name_of(s.subject) if s.subject is not None else f"“{head.figure.label}”"
        if s.measure == "part":
            whole = s.change
            assert whole is not None
            fits = _rate_fits(s.figure, head.figure.value, head.figure.half, whole.figure.value, whole.figure.half)
            if fits is False:
                whole_name = name_of(whole.subject) if whole.subject is not None else f"“{whole.figure.label}”"
                self.add(s, "narrative-rate", ERROR, (
                    f"{self.where(s.figure)}写{name} {head.figure.text} 占 {_quote(s)}，但它占{whole_name} {whole.figure.text}（{self.where(whole.figure)}）的 {head.figure.value / whole.figure.value * 100:.2f}%"
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
                self.add(s, "narrative-rate", ERROR, f"{self.where(s.figure)}写{name}增减 {_quote(s)}，但{basis}算出的增减率不是 {s.figure.text}（按印出的位数四舍五入）")
            return
        if s.measure == "ratio":
            budget = self._value(s.subject.key, s.scope, BUDGET) if s.subject is not None else None
            if budget is None:  # “年初预算为3650.00万元，支出决算为3702.18万元，完成年初预算的101.4%”
                planned = next((t for t in reversed(self.items) if t.sentence is s.sentence and t.measure == "level" and t.period == BUDGET
                                and t.figure.start < head.figure.start and t.subject == head.subject), None)
                if planned is None:
                    return
                budget = (planned.figure.value, planned.figure.half, planned.figure.text)
            fits = _rate_fits(s.figure, head.figure.value, head.figure.half, budget[0], budget[1])
            if fits is False:
                got = head.figure.value / budget[0] * 100
                self.add(s, "narrative-rate", ERROR, f"{self.where(s.figure)}写{name}完成预算的 {_quote(s)}，但 {head.figure.text} ÷ 预算 {budget[2]} = {got:.2f}%")
            return
        of = s.of
        assert of is not None
        options: list[tuple[float, float, str]] = []
        stated = [t for (k, _sc, p), ts in self.stated.items() if k == of.key and p == head.period for t in ts if s.of_scope is None or t.scope in (s.of_scope, None)]
        options += [(t.figure.value, t.figure.half, f"{self.where(t.figure)}的 {t.figure.text}") for t in stated]
        options += [(src.value, src.half, f"{src.what} {self.fmt(src.value)}（{src.place}）") for _, src in self.book.get(of.key, s.of_scope, head.period)]
        if not options:
            return
        results = [_rate_fits(s.figure, head.figure.value, head.figure.half, v, h) for v, h, _ in options]
        if any(r is not False for r in results):
            return
        v, _, where = options[0]
        pinned = s.of_scope is not None or len({round(o[0], 4) for o in options}) == 1
        self.add(s, "narrative-rate", ERROR if pinned else WARNING, (
            f"{self.where(s.figure)}写{name} {head.figure.text} 占{name_of(of)}的 {_quote(s)}，但按{where}算是 {head.figure.value / v * 100:.2f}%"
        ))

    # the text against itself
    def twice(self) -> None:
        for (key, scope, _period), items in self.stated.items():
            first = items[0]
            for other in items[1:]:
                if _close(first.figure.value, first.figure.half, other.figure.value, other.figure.half):
                    continue
                if first.figure.level != other.figure.level:
                    continue
                self.add(other, "narrative-self-mismatch", ERROR if scope is not None or first.subject and first.subject.scope else WARNING, (
                    f"{self.where(other.figure)}写{name_of(first.subject) if first.subject else subject_name(key)} {other.figure.text}，但{self.where(first.figure)}写的是 {first.figure.text}"
                ))
                break
        # an unqualified figure (“项目支出4145.72万元” in the summary) that is the table's figure of one scope,
        # and the same subject stated in that scope elsewhere with another figure (“项目支出4154.72万元”)
        for (key, scope, period), items in self.stated.items():
            if scope is None:
                continue
            loose = self.stated.get((key, None, period), [])
            tables = [src for _, src in self.book.get(key, scope, period)]
            for pinned in items:
                unqualified = next((t for t in loose if not _close(t.figure.value, t.figure.half, pinned.figure.value, pinned.figure.half)
                                    and any(_close(t.figure.value, t.figure.half, src.value, src.half) for src in tables)), None)
                if unqualified is not None:
                    self.add(pinned, "narrative-self-mismatch", ERROR, (
                        f"{self.where(pinned.figure)}写{name_of(pinned.subject) if pinned.subject else subject_name(key)} {pinned.figure.text}，但{self.where(unqualified.figure)}写的是 {unqualified.figure.text}"
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
            items = " + ".join(f"{name_of(t.subject) if t.subject else subject_name(k)} {t.figure.text}" for k, t in by_key.items())
            self.add(s, "narrative-self-mismatch", ERROR, f"{self.where(s.figure)}写{name_of(s.subject)} {s.figure.text}，但其后所列 {items} = {self.fmt(total)}")
