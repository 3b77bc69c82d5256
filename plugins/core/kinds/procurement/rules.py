"""政府采购: notice types and their required content, one project across many notices.

A procurement project (项目编号) is published as a chain of notices: 采购意向 →
招标公告 (or 资格预审, 竞争性谈判 …) → 更正公告 → 中标（成交）结果公告 → 合同公告
(or 终止公告). Each notice is its own entry; a correction is a new entry that
points at the original (``corrects``), never an edit of it (财办库〔2020〕50号).
The checks here look along the chain: a result needs an earlier procurement
notice, results and contracts are due within 2 working days (《政府采购法实施条例》
第四十三条、第五十条), supplier credit codes carry a check character. No MkDocs here.
"""

from __future__ import annotations

import datetime
import difflib
import re
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from ...load import formats
from ...check import workdays
from ...problems.diagnostics import Diagnostic, Severity
from ...load.model import Catalog, Entry
from ...check.rules import WITHHELD_OTHER, date_of, is_public, problem, reads_text_of, title_of, withheld
from ...load.schema import date_key, labels, stated
from .model import Procurement
from ...wall.view import PublicCatalog
from ..interpretation.rules import calendar_note
from .model import meta_of

LABELS = labels(Procurement)
"""Labels of the fields (on the model) for messages and the page."""

TENDER_TYPES = ("招标公告", "资格预审公告", "竞争性谈判公告", "竞争性磋商公告", "询价公告", "单一来源公示")
"""Notices that open a procurement: a result must follow one of these."""
RESULT_TYPES = ("中标结果公告", "成交结果公告")
CLOSING_TYPES = ("终止公告", "废标公告")
RESULT_LIMIT = 2
"""中标（成交）结果公告 and 合同公告: within 2 working days (条例第四十三条、第五十条)."""
INTENTION_DAYS = 30
"""采购意向: 原则上不得晚于采购活动开始前 30 日 (财库〔2020〕10号)."""
TENDER_PERIOD_DAYS = 20
"""公开招标 等标期 ≥ 20 日 (87号令第二十条; unsourced here, so a warning)."""

_TENDER_FIELDS = ("project_name", "method", "budget_amount", "deadline")
ADVISED = ("decided",)
"""Not printed in every real notice, but needed for the time-limit check: a warning when absent."""
REQUIRED: dict[str, tuple[str, ...]] = {
    "采购意向": ("project_name", "budget_amount", "requirement", "planned"),
    "招标公告": _TENDER_FIELDS,
    "资格预审公告": _TENDER_FIELDS,
    "竞争性谈判公告": _TENDER_FIELDS,
    "竞争性磋商公告": _TENDER_FIELDS,
    "询价公告": _TENDER_FIELDS,
    "单一来源公示": ("project_name", "budget_amount", "suppliers"),
    "更正公告": ("project_name", "corrects"),
    "中标结果公告": ("project_name", "decided", "suppliers"),
    "成交结果公告": ("project_name", "decided", "suppliers"),
    "合同公告": ("project_name", "signed", "suppliers"),
    "终止公告": ("project_name", "reason"),
    "废标公告": ("project_name", "reason"),
    "投诉处理结果": ("project_name", "decided"),
    "验收结果公告": ("project_name", "suppliers"),
}
"""Structured fields each notice type must carry (its full text goes in the body)."""

FIELD_HINTS = {
    "project_name": "项目名称，与采购文件一致",
    "budget_amount": "预算金额，单位元，只写数字",
    "requirement": "采购需求概况，一两句话",
    "planned": "预计采购时间，写成 年-月（如 2024-05）",
    "method": "采购方式（公开招标、邀请招标、竞争性谈判、竞争性磋商、询价、单一来源 …）",
    "deadline": "提交投标（响应）文件截止时间，如 2024-04-10 09:30",
    "suppliers": "供应商列表，每项写 name（名称）、uscc（统一社会信用代码）、amount（金额，元）",
    "corrects": "被更正的原公告（索引号或 catalog/ 下的路径）",
    "decided": "中标（成交）供应商确定的日期，年-月-日",
    "signed": "合同签订日期，年-月-日",
    "reason": "终止或废标的原因",
}

METHODS_FOR_TYPE = {
    "招标公告": ("公开招标",),
    "资格预审公告": ("公开招标", "邀请招标"),
    "竞争性谈判公告": ("竞争性谈判",),
    "竞争性磋商公告": ("竞争性磋商",),
    "询价公告": ("询价",),
    "单一来源公示": ("单一来源",),
}

def _real_day(text: str) -> bool:
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


_PLANNED = re.compile(r"^\d{4}-(0[1-9]|1[0-2])(-\d{2})?$")


def _notices(catalog: Catalog | PublicCatalog) -> list[Entry]:
    if isinstance(catalog, Catalog):
        return catalog.of_kind("procurement")
    return [entry for entry in catalog.entries if entry.kind == "procurement"]


def by_project(entries: Iterable[Entry]) -> dict[str, list[Entry]]:
    """Notices per 项目编号, oldest first (same day: by 索引号, then path)."""
    projects: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        if entry.kind == "procurement" and stated(meta_of(entry).project_no):  # 未说明: the notice names no project
            projects[meta_of(entry).project_no].append(entry)
    for notices in projects.values():
        notices.sort(key=_order)
    return dict(projects)


def _order(entry: Entry) -> tuple[Any, ...]:
    return (date_key(entry.meta.published), entry.meta.index_no or "", entry.ref)


def _dated(entry: Entry) -> bool:
    """Whether the 发布日期 is known: an archive notice with 发布日期 未说明 is in no date rule (nothing to compare)."""
    return isinstance(entry.meta.published, datetime.date)


def _type(entry: Entry) -> str:
    return meta_of(entry).notice_type


# --- rules -------------------------------------------------------------------


@reads_text_of()
def required_fields(catalog: Catalog) -> Iterable[Diagnostic]:
    """Each notice type carries the fields the national format requires."""
    for entry in _notices(catalog):
        meta = meta_of(entry)
        notice_type = _type(entry)
        for key in REQUIRED.get(notice_type, ()):
            value = getattr(meta, key)
            if value in (None, "", []) or (key == "budget_amount" and value == 0):  # 0 is the template's placeholder
                line, col = entry.where("notice_type")
                if key in ADVISED:
                    yield Diagnostic(entry.source, line, col, "procurement-field-missing",
                                     f"{notice_type}没有写{LABELS.get(key, key)}，无法检查 2 个工作日的发布时限",
                                     f"加一行 {key}: {FIELD_HINTS.get(key, '')}", field=key, label=LABELS.get(key, ""), severity=Severity.WARNING)
                    continue
                yield Diagnostic(entry.source, line, col, "procurement-field-missing",
                                 f"{notice_type}必须写{LABELS.get(key, key)}，这里没有写",
                                 f"加一行 {key}: {FIELD_HINTS.get(key, '')}", field=key, label=LABELS.get(key, ""))
        if notice_type in RESULT_TYPES + ("合同公告",):
            for i, supplier in enumerate(meta.suppliers):
                if supplier.amount is None:
                    what = "合同金额" if notice_type == "合同公告" else "中标（成交）金额"
                    yield problem(entry, ("suppliers", i, "name"), "supplier-amount-missing",
                                  f"供应商 {supplier.name} 没有写{what}",
                                  "在该供应商下加一行 amount: 金额（元，只写数字）；以费率、折扣率或单价成交的，写在正文中并可忽略本提示")
        if notice_type == "单一来源公示" and len(meta.suppliers) > 1:
            yield problem(entry, ("suppliers",), "single-source-suppliers",
                          f"单一来源公示列了 {len(meta.suppliers)} 家供应商", "单一来源采购只公示唯一的拟定供应商")
        if meta.corrects and notice_type != "更正公告":
            yield problem(entry, ("corrects",), "corrects-not-correction", f"只有更正公告才写 corrects，本条是{notice_type}",
                          "把公告类型改为 更正公告，或删除 corrects")
        allowed = METHODS_FOR_TYPE.get(notice_type)
        method = meta.method
        if allowed and method and method not in allowed and method not in ("框架协议", "其他"):
            yield problem(entry, ("method",), "method-mismatch", f"{notice_type}的采购方式通常是{'或'.join(allowed)}，这里写的是{method}",
                          "核对公告类型和采购方式是否一致")
        planned = meta.planned
        if planned and not _PLANNED.match(str(planned)):
            month = re.match(r"^\s*(\d{4})\s*[年./-]\s*(\d{1,2})\s*月?\s*$", formats.half_width(str(planned)))
            fix = f"应写作 {month[1]}-{int(month[2]):02d}" if month and 1 <= int(month[2]) <= 12 else "写成 年-月（如 2024-05）或 年-月-日"
            yield problem(entry, ("planned",), "planned-format", f"预计采购时间 {planned} 格式不对", fix)
        elif planned and len(str(planned)) == 10 and not _real_day(str(planned)):  # 2024-09-31: the shape is right, the day is not
            yield problem(entry, ("planned",), "planned-format", f"预计采购时间 {planned} 这一天不存在", "核对日期（如 9 月只有 30 日），或只写 年-月（如 2024-09）")


@reads_text_of()
def supplier_codes(catalog: Catalog) -> Iterable[Diagnostic]:
    """Supplier 统一社会信用代码 pass the GB 32100 check character."""
    for entry in _notices(catalog):
        for i, supplier in enumerate(meta_of(entry).suppliers):
            if not supplier.uscc:
                continue
            found = formats.check_uscc(supplier.uscc)
            if found:
                code, what, fix = found
                yield problem(entry, ("suppliers", i, "uscc"), code, f"供应商 {supplier.name} 的{what}", fix)


@reads_text_of()
def dates(catalog: Catalog) -> Iterable[Diagnostic]:
    """Results and contracts on time; no notice before the fact it reports."""
    noted: set[int] = set()
    for entry in _notices(catalog):
        meta = meta_of(entry)
        published = meta.published
        if not isinstance(published, datetime.date):  # 未说明 (undated archive notice): nothing to compare
            continue
        notice_type = _type(entry)
        for key, limit_types, what in (("decided", RESULT_TYPES, "中标（成交）结果公告"), ("signed", ("合同公告",), "合同公告")):
            day = getattr(meta, key)
            if day is None:
                continue
            if published < day:
                yield problem(entry, ("published",), "date-order", f"发布日期 {published} 早于{LABELS[key]} {day}",
                              "核对两个日期：公告不能早于它所公告的事实")
                continue
            if notice_type not in limit_types:
                continue
            span = workdays.span(day, published)
            yield from calendar_note(entry, "published", span, noted)
            if span.workdays > RESULT_LIMIT:
                detail = span.describe()
                yield problem(
                    entry, ("published",), "result-late" if key == "decided" else "contract-late",
                    f"{what}在{LABELS[key]}（{day}）后第 {span.workdays} 个工作日（{published}）才发布，"
                    f"超过 {RESULT_LIMIT} 个工作日" + (f"（{detail}）" if detail else ""),
                    f"最迟应于 {workdays.add_workdays(day, RESULT_LIMIT)} 发布（《政府采购法实施条例》第{'四十三' if key == 'decided' else '五十'}条）；核对日期，属实的无须改动",
                    Severity.WARNING,
                )
        deadline = meta.deadline
        if deadline is not None:
            deadline_day = deadline.date() if isinstance(deadline, datetime.datetime) else deadline
            if deadline_day < published:
                yield problem(entry, ("deadline",), "date-order", f"截止时间 {deadline} 早于发布日期 {published}", "核对截止时间")
            elif meta.method == "公开招标" and notice_type == "招标公告" and (deadline_day - published).days < TENDER_PERIOD_DAYS:
                yield problem(entry, ("deadline",), "tender-period-short",
                              f"公开招标自发布（{published}）到投标截止（{deadline_day}）只有 {(deadline_day - published).days} 日",
                              f"公开招标的等标期不少于 {TENDER_PERIOD_DAYS} 日；核对截止时间")


@reads_text_of("procurement")
def project_chain(catalog: Catalog) -> Iterable[Diagnostic]:
    """Along each project: results follow a procurement notice, corrections point back."""
    projects = by_project(catalog.of_kind("procurement"))
    # suggested project numbers come from notices whose number is published (主动公开, not withheld by the
    # negative list): never a 不予公开 one's, nor a 依申请公开 one's (the site shows only its catalog record)
    opened = [no for no, notices in projects.items() if any(_type(n) in TENDER_TYPES and is_public(n) for n in notices)]
    table = catalog.lookup()
    for project_no, notices in projects.items():
        yield from _consistent(notices)
        if not all(_dated(n) for n in notices):  # an undated archive notice: the order along the project is not known
            for entry in notices:
                if _type(entry) == "更正公告":
                    yield from _correction(entry, table)
            continue
        tenders = [n for n in notices if _type(n) in TENDER_TYPES]
        results = [n for n in notices if _type(n) in RESULT_TYPES]
        for entry in notices:
            notice_type = _type(entry)
            meta = meta_of(entry)
            earlier_url = meta.earlier_notice
            if notice_type in RESULT_TYPES + CLOSING_TYPES:
                before = [n for n in tenders if date_key(n.meta.published) <= date_key(meta.published) and n is not entry]
                if not before and not earlier_url:
                    hint = _project_hint(project_no, opened)
                    later = [n for n in tenders if date_key(n.meta.published) > date_key(meta.published)]
                    # Contradicted by the catalog (the procurement notice is dated later, or the number
                    # looks mistyped): an error. Merely absent from this catalog: a warning.
                    severity = Severity.ERROR if later or hint.startswith("项目编号是不是") else Severity.WARNING
                    found = f"采购公告{title_of(later[0])}的发布日期{date_of(later[0], later[0].meta.published, ' ', ' ')}晚于本公告" if later else "在目录中没有更早的采购公告（招标公告、竞争性谈判公告等）"
                    yield problem(entry, ("project_no",), "result-without-notice",
                                  f"项目 {project_no} {found}，{notice_type}无从对应",
                                  hint + "；采购公告不在本目录的，加一行 earlier_notice: 采购公告的网址", severity)
                decided = meta.decided
                if before and decided and decided < date_key(before[0].meta.published):
                    yield problem(entry, ("decided",), "result-before-notice",
                                  f"结果确定日期 {decided} 早于采购公告{title_of(before[0])}的发布日期{date_of(before[0], before[0].meta.published, ' ')}",
                                  "核对结果确定日期")
            elif notice_type == "合同公告":
                before = [n for n in results if date_key(n.meta.published) <= date_key(meta.published)]
                if not before and not earlier_url:
                    yield problem(entry, ("project_no",), "contract-without-result",
                                  f"项目 {project_no} 在目录中没有更早的中标（成交）结果公告",
                                  _project_hint(project_no, [no for no, ns in projects.items() if any(_type(n) in RESULT_TYPES and is_public(n) for n in ns)])
                                  + "；结果公告不在本目录的，加一行 earlier_notice: 结果公告的网址")
                signed = meta.signed
                decided = max((day for n in before if (day := meta_of(n).decided)), default=None)
                if signed and decided and signed < decided:
                    yield problem(entry, ("signed",), "contract-before-result", f"合同签订日期 {signed} 早于中标（成交）结果确定日期" + ("" if any(withheld(n) for n in before) else f" {decided}"),
                                  "核对合同签订日期")
            elif notice_type == "更正公告":
                yield from _correction(entry, table)
            elif notice_type == "采购意向" and tenders:
                first = tenders[0]
                gap = (date_key(first.meta.published) - date_key(meta.published)).days
                if 0 <= gap < INTENTION_DAYS:
                    yield problem(entry, ("published",), "intention-late",
                                  (f"采购意向发布（{meta.published}）后 {gap} 日就发布了{title_of(first)}（{first.meta.published}）" if not withheld(first)
                                   else f"采购意向发布（{meta.published}）后不足 {INTENTION_DAYS} 日就发布了{title_of(first)}"),
                                  f"采购意向原则上不晚于采购活动开始前 {INTENTION_DAYS} 日公开（财库〔2020〕10号）；核对日期")
        yield from _amounts(notices)


def _project_hint(project_no: str, known: list[str]) -> str:
    close = difflib.get_close_matches(project_no, [k for k in known if k != project_no], n=1, cutoff=0.7)
    if close:
        return f"项目编号是不是 {close[0]}？"
    return "先录入该项目的采购公告，并核对项目编号是否一致"


def _correction(entry: Entry, table: dict[str, Entry]) -> Iterable[Diagnostic]:
    ref = meta_of(entry).corrects
    original = table.get(ref) if ref else None
    if original is None or original is entry:
        return  # missing: required_fields; unknown or self: rules.references
    if withheld(original) and entry.meta.disclosure != "不予公开":
        return  # the wall refuses the reference (link-to-withheld); nothing of the withheld one is told here
    if original.kind != "procurement":
        yield problem(entry, ("corrects",), "corrects-kind", f"被更正的 {ref} 不是政府采购公告" if not withheld(original) else "被更正的条目不是政府采购公告（且不予公开）", "corrects 应指向同一项目的原公告")
        return
    if meta_of(original).project_no != meta_of(entry).project_no:
        yield problem(entry, ("corrects",), "correction-other-project",
                      f"被更正的原公告项目编号是 {meta_of(original).project_no}，本公告是 {meta_of(entry).project_no}",
                      "更正公告与原公告的项目编号应一致；核对 corrects 或 project_no")
    if _dated(original) and _dated(entry) and date_key(original.meta.published) > date_key(entry.meta.published):
        yield problem(entry, ("corrects",), "correction-before-original",
                      f"更正公告（{entry.meta.published}）早于被更正的原公告（{original.meta.published}）",
                      "核对发布日期或 corrects 指向的公告")


def _consistent(notices: list[Entry]) -> Iterable[Diagnostic]:
    """One project, one name and one purchaser: a difference is usually a typo in 项目编号."""
    for key in ("project_name", "purchaser"):
        first = next((n for n in notices if getattr(n.meta, key)), None)
        if first is None:
            continue
        value = getattr(first.meta, key)
        for entry in notices:
            other = getattr(entry.meta, key)
            if other and other != value and entry is not first:
                there = f"{first.source} 中是“{value}”" if is_public(first) else f"与{WITHHELD_OTHER}不同"
                yield problem(entry, (key,), f"project-{key.replace('_', '-')}-mismatch",
                              f"同一项目编号 {meta_of(entry).project_no} 的{LABELS[key]}不一致：这里是“{other}”，{there}",
                              "核对项目编号和名称：同一项目的各条公告应一致", Severity.WARNING)


def _amounts(notices: list[Entry]) -> Iterable[Diagnostic]:
    """A winning amount above the budget is usually 万元 written where 元 was meant."""
    budgets = [amount for n in notices if (amount := stated(meta_of(n).budget_amount)) and _type(n) != "采购意向"]
    if not budgets:
        return
    budget = max(budgets)
    for entry in notices:
        max_price = stated(meta_of(entry).max_price)
        if max_price and max_price > budget:
            yield problem(entry, ("max_price",), "amount-over-budget", f"最高限价 {_money(max_price)} 元高于预算金额 {_money(budget)} 元",
                          "核对金额和单位（元）")
        if _type(entry) not in RESULT_TYPES + ("合同公告",):
            continue
        total = sum(s.amount or 0 for s in meta_of(entry).suppliers)
        if total > budget:
            yield problem(entry, ("suppliers",), "amount-over-budget",
                          f"供应商金额合计 {_money(total)} 元高于项目预算金额 {_money(budget)} 元",
                          "核对金额和单位（均以元为单位，只写数字）")


def _money(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".")


RULES = [required_fields, supplier_codes, dates, project_chain]
