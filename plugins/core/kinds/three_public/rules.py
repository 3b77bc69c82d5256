"""“三公”经费: the three items, their counts, and the change from last year.

143号 requires 因公出国（境）费, 公务用车购置及运行费 (split into 购置费 and 运行费) and
公务接待费 with an explanation of the change; 中办发〔2016〕13号 requires a 决算 to state
团组数/人数, 购置数/保有量 and 接待批次/人数. No MkDocs here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ...pages.datatable import number
from ...pages.numbers import percent
from ...problems.diagnostics import Diagnostic, Severity
from ...load.model import Catalog, Entry
from ...check.rules import is_public, place_of, problem, reads_text_of
from ..budget.grid import differs
from ...load.schema import stated
from .model import meta_of

KIND = "three_public"
WARNING = Severity.WARNING
Key = tuple[str, int, str, str]
"""(organ, fiscal year, stage, scope): a 全区汇总 is not the department's own report."""


def key_of(entry: Entry) -> Key:
    meta = meta_of(entry)
    return meta.organ, meta.fiscal_year, meta.stage, meta.scope


def in_unit(value: float, from_unit: str, to_unit: str) -> float:
    if from_unit == to_unit:
        return value
    return value / 10000 if to_unit == "万元" else value * 10000


@dataclass
class Figures:
    """The amounts of one year, in one unit, as the comparison table shows them."""

    total: float
    outbound: float | None
    vehicles: float | None
    purchase: float | None
    operation: float | None
    reception: float | None

    @classmethod
    def of(cls, entry: Entry, unit: str) -> Figures:
        meta = meta_of(entry)
        u = meta.unit
        v = meta.vehicles
        subtotal, split = v.subtotal, v.split  # 购置/运行 None where the document gives only the 小计 (未说明)
        return cls(
            in_unit(meta.total, u, unit),
            in_unit(meta.outbound.amount, u, unit),
            None if subtotal is None else in_unit(subtotal, u, unit),
            None if split is None else in_unit(split[0], u, unit),
            None if split is None else in_unit(split[1], u, unit),
            in_unit(meta.reception.amount, u, unit),
        )

    @classmethod
    def stated(cls, entry: Entry) -> Figures | None:
        """Last year's figures as this entry states them (``previous``)."""
        prev = meta_of(entry).previous
        if prev is None:
            return None
        vehicles = prev.vehicles
        if vehicles is None and prev.purchase is not None and prev.operation is not None:
            vehicles = prev.purchase + prev.operation
        return cls(prev.total, prev.outbound, vehicles, prev.purchase, prev.operation, prev.reception)

    def complete(self) -> bool:
        """Every item known: only then may a sentence compare the items (which was largest …)."""
        return None not in (self.outbound, self.purchase, self.operation, self.reception)


RATE = re.compile(r"^\s*(增长|增加|上升|下降|减少|降低)?\s*([+\-−－]?)\s*(\d+(?:\.(\d+))?)\s*[%％]\s*$")


def stated_rate(text: str | None) -> tuple[float, int] | None:
    """``-12.98%`` / ``下降12.98%`` → (-12.98, 2 decimals); None when it is not a rate as written."""
    match = RATE.match(text or "")
    if match is None:
        return None
    word, sign, digits, decimals = match.groups()
    value = float(digits)
    if sign in ("-", "−", "－") or word in ("下降", "减少", "降低"):
        value = -value
    return value, len(decimals or "")


def rate_text(now: float, before: float, decimals: int = 2) -> str:
    """The computed rate of change, to the given decimals (the document's own when it states one)."""
    return percent((now - before) / before * 100, decimals)  # −8.17% with a true minus, +3.50% (pages.numbers)


def change_text(now: float, before: float, unit: str, stated: str | None = None, decimals: int = 2) -> str:
    """``减少 4.30 万元，下降 12.98%``: the document's own rate as written when it gives one (``stated``), with
    the computed rate beside it labelled 计算值; without one, only the computed rate, labelled."""
    diff = now - before
    if abs(diff) < 0.005:
        return "与上年持平"
    verb, rate_verb = ("增加", "增长") if diff > 0 else ("减少", "下降")
    text = f"{verb}{number(abs(diff), decimals)}{unit}"  # no space before 万元 (pages.numbers)
    if not before:
        return text
    given = stated_rate(stated)
    if given is not None:
        computed = rate_text(now, before, given[1])
        return text + f"，原文增减率{(stated or '').strip()}（计算值{computed}）"
    return text + f"，{rate_verb}{abs(diff) / before * 100:.2f}%（计算值）"


# --- rules ------------------------------------------------------------------


def check_entry(entry: Entry, index: dict[Key, Entry]) -> Iterable[Diagnostic]:
    meta = meta_of(entry)
    unit = meta.unit
    out, veh, rec = meta.outbound, meta.vehicles, meta.reception
    split, subtotal = veh.split, veh.subtotal
    if subtotal is None:
        yield problem(entry, ("vehicles",), "three-public-vehicles-not-stated",
                      "公务用车购置费或运行费写了“未说明”，但没有写公务用车购置及运行费的小计 amount：合计无从核对",
                      "按原件写 amount（公务用车购置及运行费）；原件三者都没有的，核对是否录错了表")
    elif split is not None:
        parts = out.amount + split[0] + split[1] + rec.amount
        if differs(meta.total, parts, 4):
            yield problem(
                entry, ("total",), "three-public-total",
                f"合计 {number(meta.total)} {unit}，但 因公出国(境)费 {number(out.amount)} + 公务用车购置费 {number(split[0])} + 公务用车运行费 {number(split[1])} + 公务接待费 {number(rec.amount)} = {number(parts)} {unit}",
                "合计应等于各项之和：核对合计和各项金额",
            )
    else:  # only the 小计 is given: the total is checked with it, the split is not invented
        parts = out.amount + subtotal + rec.amount
        if differs(meta.total, parts, 3):
            yield problem(
                entry, ("total",), "three-public-total",
                f"合计 {number(meta.total)} {unit}，但 因公出国(境)费 {number(out.amount)} + 公务用车购置及运行费 {number(subtotal)} + 公务接待费 {number(rec.amount)} = {number(parts)} {unit}",
                "合计应等于各项之和：核对合计和各项金额",
            )
    if veh.amount is not None and split is not None and differs(veh.amount, split[0] + split[1], 2):
        yield problem(entry, ("vehicles", "amount"), "three-public-vehicles", f"公务用车购置及运行费 {number(veh.amount)} {unit}，但购置费 {number(split[0])} + 运行费 {number(split[1])} = {number(split[0] + split[1])} {unit}", "公务用车购置及运行费应等于购置费与运行费之和")
    yield from _counts(entry)
    yield from _change(entry, index)


def _counts(entry: Entry) -> Iterable[Diagnostic]:
    meta = meta_of(entry)
    out, veh, rec = meta.outbound, meta.vehicles, meta.reception
    purchase, operation = stated(veh.purchase), stated(veh.operation)  # None: not stated in the document, nothing to compare
    final = meta.stage == "决算"
    required = (
        (("outbound",), out.amount > 0, (("groups", out.groups, "团组数"), ("people", out.people, "人次")), "因公出国(境)"),
        (("vehicles",), bool(purchase), (("purchased", veh.purchased, "购置数"),), "公务用车购置"),
        (("vehicles",), bool(operation), (("fleet", veh.fleet, "保有量"),), "公务用车运行"),
        (("reception",), rec.amount > 0, (("batches", rec.batches, "批次"), ("people", rec.people, "人次")), "国内公务接待"),
    )
    if final:
        for path, spent, counts, what in required:
            absent = [label for _, value, label in counts if value is None]
            if spent and absent:
                keys = "、".join(key for key, value, _ in counts if value is None)
                yield problem(entry, path, "three-public-counts-missing", f"{what}有支出，但没有写{'、'.join(absent)}", f"决算应说明{what}的{'、'.join(absent)}（中办发〔2016〕13号）：补上 {keys}")
    if out.groups is not None and out.people is not None and out.people < out.groups:
        yield problem(entry, ("outbound", "people"), "three-public-counts", f"因公出国(境)人次 {out.people} 少于团组数 {out.groups}", "每个团组至少一人：核对团组数和人次")
    if rec.batches is not None and rec.people is not None and rec.people < rec.batches:
        yield problem(entry, ("reception", "people"), "three-public-counts", f"公务接待人次 {rec.people} 少于批次 {rec.batches}", "每批次至少接待一人：核对批次和人次")
    pairs = (
        (("outbound", "groups"), out.amount, out.groups, "因公出国(境)费", "团组数"),
        (("vehicles", "purchased"), purchase, veh.purchased, "公务用车购置费", "购置数"),
        (("reception", "batches"), rec.amount, rec.batches, "公务接待费", "批次"),
    )
    for at, amount, count, money, counted in pairs:
        if count is None or amount is None:
            continue
        if amount > 0 and count == 0:
            yield problem(entry, at, "three-public-counts", f"{money}为 {number(amount)}，但{counted}为 0", f"核对{counted}，或说明没有{counted}却有支出的原因", WARNING)
        elif amount == 0 and count > 0:
            yield problem(entry, at, "three-public-counts", f"{counted}为 {count}，但{money}为 0", f"核对{money}，或说明费用由哪里列支", WARNING)
    if veh.fleet == 0 and operation:
        yield problem(entry, ("vehicles", "fleet"), "three-public-counts", f"公务用车保有量为 0，但运行费为 {number(operation)}", "核对保有量；若运行费是租车费用，请在增减变化原因中说明", WARNING)


def _change(entry: Entry, index: dict[Key, Entry]) -> Iterable[Diagnostic]:
    meta = meta_of(entry)
    organ, year, stage, scope = key_of(entry)
    unit = meta.unit
    last = index.get((organ, year - 1, stage, scope))
    stated = Figures.stated(entry)
    reasons: list[str] = []
    yield from _previous_and_rate(entry, last)
    if last is not None:
        before = Figures.of(last, unit).total
        if stated is not None and differs(stated.total, before, 2):
            theirs = f"合计为 {number(before)} {unit}" if is_public(last) else "合计与此不同"
            yield problem(entry, ("previous", "total"), "three-public-previous-mismatch", f"上年数写作 {number(stated.total)} {unit}，但 {year - 1} 年{stage}条目（{place_of(last, 'total')}）{theirs}", "两处应一致；若上年数经过调整，请在增减变化原因中说明")
        if differs(meta.total, before, 2):
            reasons.append(f"比 {year - 1} 年{stage}（{place_of(last)}）" + (change_text(meta.total, before, unit) if is_public(last) else "有变化"))
    elif stated is not None and differs(meta.total, stated.total, 2):
        reasons.append(f"比上年{change_text(meta.total, stated.total, unit)}")
    if stage == "决算":
        planned = index.get((organ, year, "预算", scope))
        if planned is not None:
            budgeted = Figures.of(planned, unit).total
            if differs(meta.total, budgeted, 2):
                reasons.append(f"比 {year} 年预算（{place_of(planned)}）" + (change_text(meta.total, budgeted, unit) if is_public(planned) else "有变化"))
    if reasons and not (meta.change_reason or "").strip():
        yield problem(entry, ("total",), "three-public-reason-missing", f"“三公”经费合计{'；'.join(reasons)}，但没有写增减变化原因", "加一行 change_reason: 说明增减变化的原因（如“严格执行中央八项规定精神，压减公务接待”）")


def _previous_and_rate(entry: Entry, last: Entry | None) -> Iterable[Diagnostic]:
    """Last year's breakdown adds up; the document's own rate is what its figures give, to its precision."""
    meta = meta_of(entry)
    unit = meta.unit
    prev = meta.previous
    if prev is not None:
        items = (prev.outbound, prev.vehicles if prev.vehicles is not None else (
            None if prev.purchase is None or prev.operation is None else prev.purchase + prev.operation), prev.reception)
        if None not in items and differs(prev.total, sum(i or 0 for i in items), 4):
            yield problem(entry, ("previous", "total"), "three-public-previous-total", f"上年数合计 {number(prev.total)} {unit}，但各项之和为 {number(sum(i or 0 for i in items))} {unit}", "核对上年各项和合计（照抄原表）")
        if None not in (prev.vehicles, prev.purchase, prev.operation) and differs(prev.vehicles or 0, (prev.purchase or 0) + (prev.operation or 0), 2):
            yield problem(entry, ("previous", "vehicles"), "three-public-previous-total", f"上年公务用车购置及运行费 {number(prev.vehicles or 0)} {unit}，但购置费 + 运行费 = {number((prev.purchase or 0) + (prev.operation or 0))} {unit}", "核对上年公务用车购置费和运行费")
    if meta.change_rate is None:
        return
    given = stated_rate(meta.change_rate)
    if given is None:
        yield problem(entry, ("change_rate",), "three-public-rate", f"增减率“{meta.change_rate}”不是一个百分数", "照抄原文的百分数，如 -12.98% 或 下降12.98%", WARNING)
        return
    before = Figures.of(last, unit).total if last is not None and is_public(last) else (prev.total if prev is not None else None)
    if not before:
        return
    rate, decimals = given
    computed = (meta.total - before) / before * 100
    rounding = 100 * 0.005 * (1 / before + meta.total / before ** 2)  # the amounts are printed rounded to 0.01
    if abs(computed - rate) > 0.5 * 10 ** -decimals + rounding + 1e-9:
        yield problem(entry, ("change_rate",), "three-public-rate", f"原文增减率为 {meta.change_rate}，但合计 {number(meta.total)} {unit} 比上年 {number(before)} {unit} 计算为 {rate_text(meta.total, before, decimals)}", "核对原文的增减率和上年数；原文如此的照录并说明")


def duplicates(catalog: Catalog, entries: list[Entry]) -> Iterable[Diagnostic]:
    seen: dict[Key, Entry] = {}
    for entry in entries:
        key = key_of(entry)
        if key in seen:
            first = seen[key]
            yield problem(entry, ("fiscal_year",), "three-public-duplicate", f"同一机构 {key[1]} 年度的“三公”经费{key[2]}（{key[3]}）已有条目 {place_of(first)}", "同一年度、同一阶段、同一口径只登记一次；若是更正，请修改原条目；本级汇总或全区汇总写 scope: 本级汇总 / 全区汇总")
        else:
            seen[key] = entry


@reads_text_of()
def three_public_rules(catalog: Catalog) -> Iterable[Diagnostic]:
    entries = catalog.of_kind(KIND)
    index = {key_of(e): e for e in entries}
    yield from duplicates(catalog, entries)
    for entry in entries:
        yield from check_entry(entry, index)


RULES = [three_public_rules]
