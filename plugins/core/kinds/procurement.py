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
import hashlib
import re
import weakref
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from html import escape
from typing import Any

from ..check import formats
from ..check import workdays
from ..check.diagnostics import Diagnostic, Severity
from ..load.model import Catalog, Entry
from ..pages.render import CATALOG_ROOT, EXTRA_PAGES, KIND_BANNERS, KIND_DEPENDENCIES, KIND_RENDERERS, PAGE_SIZE, Page, Site, hold, pager
from ..check.rules import WITHHELD_OTHER, date_of, is_public, problem, reads_text_of, title_of, withheld
from ..wall.sanitize import markdown_text
from ..load.schema import LABELS
from ..wall.public import PublicCatalog
from .interpretation import calendar_note

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
        if entry.kind == "procurement" and entry.meta.project_no:  # type: ignore[attr-defined]
            projects[entry.meta.project_no].append(entry)  # type: ignore[attr-defined]
    for notices in projects.values():
        notices.sort(key=_order)
    return dict(projects)


def _order(entry: Entry) -> tuple[Any, ...]:
    return (entry.meta.published, entry.meta.index_no or "", entry.ref)


def _type(entry: Entry) -> str:
    return entry.meta.notice_type  # type: ignore[attr-defined,no-any-return]


# --- rules -------------------------------------------------------------------


@reads_text_of()
def required_fields(catalog: Catalog) -> Iterable[Diagnostic]:
    """Each notice type carries the fields the national format requires."""
    for entry in _notices(catalog):
        meta = entry.meta
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
            for i, supplier in enumerate(meta.suppliers):  # type: ignore[attr-defined]
                if supplier.amount is None:
                    what = "合同金额" if notice_type == "合同公告" else "中标（成交）金额"
                    yield problem(entry, ("suppliers", i, "name"), "supplier-amount-missing",
                                  f"供应商 {supplier.name} 没有写{what}",
                                  "在该供应商下加一行 amount: 金额（元，只写数字）；以费率、折扣率或单价成交的，写在正文中并可忽略本提示")
        if notice_type == "单一来源公示" and len(meta.suppliers) > 1:  # type: ignore[attr-defined]
            yield problem(entry, ("suppliers",), "single-source-suppliers",
                          f"单一来源公示列了 {len(meta.suppliers)} 家供应商", "单一来源采购只公示唯一的拟定供应商")  # type: ignore[attr-defined]
        if meta.corrects and notice_type != "更正公告":  # type: ignore[attr-defined]
            yield problem(entry, ("corrects",), "corrects-not-correction", f"只有更正公告才写 corrects，本条是{notice_type}",
                          "把公告类型改为 更正公告，或删除 corrects")
        allowed = METHODS_FOR_TYPE.get(notice_type)
        method = meta.method  # type: ignore[attr-defined]
        if allowed and method and method not in allowed and method not in ("框架协议", "其他"):
            yield problem(entry, ("method",), "method-mismatch", f"{notice_type}的采购方式通常是{'或'.join(allowed)}，这里写的是{method}",
                          "核对公告类型和采购方式是否一致")
        planned = meta.planned  # type: ignore[attr-defined]
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
        for i, supplier in enumerate(entry.meta.suppliers):  # type: ignore[attr-defined]
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
        meta = entry.meta
        notice_type = _type(entry)
        for key, limit_types, what in (("decided", RESULT_TYPES, "中标（成交）结果公告"), ("signed", ("合同公告",), "合同公告")):
            day = getattr(meta, key)
            if day is None:
                continue
            if meta.published < day:
                yield problem(entry, ("published",), "date-order", f"发布日期 {meta.published} 早于{LABELS[key]} {day}",
                              "核对两个日期：公告不能早于它所公告的事实")
                continue
            if notice_type not in limit_types:
                continue
            span = workdays.span(day, meta.published)
            yield from calendar_note(entry, "published", span, noted)
            if span.workdays > RESULT_LIMIT:
                detail = span.describe()
                yield problem(
                    entry, ("published",), "result-late" if key == "decided" else "contract-late",
                    f"{what}在{LABELS[key]}（{day}）后第 {span.workdays} 个工作日（{meta.published}）才发布，"
                    f"超过 {RESULT_LIMIT} 个工作日" + (f"（{detail}）" if detail else ""),
                    f"最迟应于 {workdays.add_workdays(day, RESULT_LIMIT)} 发布（《政府采购法实施条例》第{'四十三' if key == 'decided' else '五十'}条）；核对日期，属实的无须改动",
                    Severity.WARNING,
                )
        deadline = meta.deadline  # type: ignore[attr-defined]
        if deadline is not None:
            deadline_day = deadline.date() if isinstance(deadline, datetime.datetime) else deadline
            if deadline_day < meta.published:
                yield problem(entry, ("deadline",), "date-order", f"截止时间 {deadline} 早于发布日期 {meta.published}", "核对截止时间")
            elif meta.method == "公开招标" and notice_type == "招标公告" and (deadline_day - meta.published).days < TENDER_PERIOD_DAYS:  # type: ignore[attr-defined]
                yield problem(entry, ("deadline",), "tender-period-short",
                              f"公开招标自发布（{meta.published}）到投标截止（{deadline_day}）只有 {(deadline_day - meta.published).days} 日",
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
        tenders = [n for n in notices if _type(n) in TENDER_TYPES]
        results = [n for n in notices if _type(n) in RESULT_TYPES]
        for entry in notices:
            notice_type = _type(entry)
            meta = entry.meta
            earlier_url = meta.earlier_notice  # type: ignore[attr-defined]
            if notice_type in RESULT_TYPES + CLOSING_TYPES:
                before = [n for n in tenders if n.meta.published <= meta.published and n is not entry]
                if not before and not earlier_url:
                    hint = _project_hint(project_no, opened)
                    later = [n for n in tenders if n.meta.published > meta.published]
                    # Contradicted by the catalog (the procurement notice is dated later, or the number
                    # looks mistyped): an error. Merely absent from this catalog: a warning.
                    severity = Severity.ERROR if later or hint.startswith("项目编号是不是") else Severity.WARNING
                    found = f"采购公告{title_of(later[0])}的发布日期{date_of(later[0], later[0].meta.published, ' ', ' ')}晚于本公告" if later else "在目录中没有更早的采购公告（招标公告、竞争性谈判公告等）"
                    yield problem(entry, ("project_no",), "result-without-notice",
                                  f"项目 {project_no} {found}，{notice_type}无从对应",
                                  hint + "；采购公告不在本目录的，加一行 earlier_notice: 采购公告的网址", severity)
                decided = meta.decided  # type: ignore[attr-defined]
                if before and decided and decided < before[0].meta.published:
                    yield problem(entry, ("decided",), "result-before-notice",
                                  f"结果确定日期 {decided} 早于采购公告{title_of(before[0])}的发布日期{date_of(before[0], before[0].meta.published, ' ')}",
                                  "核对结果确定日期")
            elif notice_type == "合同公告":
                before = [n for n in results if n.meta.published <= meta.published]
                if not before and not earlier_url:
                    yield problem(entry, ("project_no",), "contract-without-result",
                                  f"项目 {project_no} 在目录中没有更早的中标（成交）结果公告",
                                  _project_hint(project_no, [no for no, ns in projects.items() if any(_type(n) in RESULT_TYPES and is_public(n) for n in ns)])
                                  + "；结果公告不在本目录的，加一行 earlier_notice: 结果公告的网址")
                signed = meta.signed  # type: ignore[attr-defined]
                decided = max((n.meta.decided for n in before if n.meta.decided), default=None)  # type: ignore[attr-defined]
                if signed and decided and signed < decided:
                    yield problem(entry, ("signed",), "contract-before-result", f"合同签订日期 {signed} 早于中标（成交）结果确定日期" + ("" if any(withheld(n) for n in before) else f" {decided}"),
                                  "核对合同签订日期")
            elif notice_type == "更正公告":
                yield from _correction(entry, table)
            elif notice_type == "采购意向" and tenders:
                first = tenders[0]
                gap = (first.meta.published - meta.published).days
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
    ref = entry.meta.corrects  # type: ignore[attr-defined]
    original = table.get(ref) if ref else None
    if original is None or original is entry:
        return  # missing: required_fields; unknown or self: rules.references
    if withheld(original) and entry.meta.disclosure != "不予公开":
        return  # the wall refuses the reference (link-to-withheld); nothing of the withheld one is told here
    if original.kind != "procurement":
        yield problem(entry, ("corrects",), "corrects-kind", f"被更正的 {ref} 不是政府采购公告" if not withheld(original) else "被更正的条目不是政府采购公告（且不予公开）", "corrects 应指向同一项目的原公告")
        return
    if original.meta.project_no != entry.meta.project_no:  # type: ignore[attr-defined]
        yield problem(entry, ("corrects",), "correction-other-project",
                      f"被更正的原公告项目编号是 {original.meta.project_no}，本公告是 {entry.meta.project_no}",  # type: ignore[attr-defined]
                      "更正公告与原公告的项目编号应一致；核对 corrects 或 project_no")
    if original.meta.published > entry.meta.published:
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
                              f"同一项目编号 {entry.meta.project_no} 的{LABELS[key]}不一致：这里是“{other}”，{there}",  # type: ignore[attr-defined]
                              "核对项目编号和名称：同一项目的各条公告应一致", Severity.WARNING)


def _amounts(notices: list[Entry]) -> Iterable[Diagnostic]:
    """A winning amount above the budget is usually 万元 written where 元 was meant."""
    budgets = [n.meta.budget_amount for n in notices if n.meta.budget_amount and _type(n) != "采购意向"]  # type: ignore[attr-defined]
    if not budgets:
        return
    budget = max(budgets)
    for entry in notices:
        if entry.meta.max_price and entry.meta.max_price > budget:  # type: ignore[attr-defined]
            yield problem(entry, ("max_price",), "amount-over-budget", f"最高限价 {_money(entry.meta.max_price)} 元高于预算金额 {_money(budget)} 元",  # type: ignore[attr-defined]
                          "核对金额和单位（元）")
        if _type(entry) not in RESULT_TYPES + ("合同公告",):
            continue
        total = sum(s.amount or 0 for s in entry.meta.suppliers)  # type: ignore[attr-defined]
        if total > budget:
            yield problem(entry, ("suppliers",), "amount-over-budget",
                          f"供应商金额合计 {_money(total)} 元高于项目预算金额 {_money(budget)} 元",
                          "核对金额和单位（均以元为单位，只写数字）")


def _money(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".")


RULES = [required_fields, supplier_codes, dates, project_chain]


# --- project pages -----------------------------------------------------------

PROJECT_ROOT = f"{CATALOG_ROOT}/procurement"


def project_slug(project_no: str) -> str:
    """A URL-safe, stable name for a 项目编号; a short hash keeps unusual ones unique."""
    plain = re.sub(r"[^A-Za-z0-9._-]+", "-", formats.half_width(project_no)).strip("-.")
    if plain == project_no and plain:
        return plain
    digest = hashlib.sha1(project_no.encode("utf-8")).hexdigest()[:8]
    return f"{plain}-{digest}" if plain else digest


def project_src(project_no: str) -> str:
    return f"{PROJECT_ROOT}/project/{project_slug(project_no)}.md"


def projects_src(page: int = 1) -> str:
    return f"{PROJECT_ROOT}/projects/index.md" if page == 1 else f"{PROJECT_ROOT}/projects/{page}.md"


@dataclass
class Project:
    """One procurement project as the public sees it."""

    project_no: str
    notices: list[Entry]
    corrected_by: dict[str, list[Entry]] = field(default_factory=dict)

    @property
    def name(self) -> str:
        for entry in reversed(self.notices):
            if entry.meta.project_name:  # type: ignore[attr-defined]
                return entry.meta.project_name  # type: ignore[attr-defined,no-any-return]
        return self.notices[-1].meta.title

    def latest(self, key: str) -> Any:
        for entry in reversed(self.notices):
            value = getattr(entry.meta, key, None)
            if value not in (None, "", []):
                return value
        return None

    @property
    def stage(self) -> str:
        return _type(self.notices[-1])


_PROJECTS: weakref.WeakKeyDictionary[Site, dict[str, Project]] = weakref.WeakKeyDictionary()


def site_projects(site: Site) -> dict[str, Project]:
    """Projects of the public view, computed once per Site."""
    found = _PROJECTS.get(site)
    if found is None:
        found = {}
        for project_no, notices in by_project(site.public.entries).items():
            project = Project(project_no, notices)
            for entry in notices:
                target = site.by_ref.get(entry.meta.corrects or "")  # type: ignore[attr-defined]
                if target is not None:
                    project.corrected_by.setdefault(target.ref, []).append(entry)
            found[project_no] = project
        _PROJECTS[site] = found
    return found


def _purchaser(entry: Entry, site: Site) -> str:
    return entry.meta.purchaser or site.organ_name(entry.meta.organ)  # type: ignore[attr-defined,no-any-return]


def _project_signature(project: Project, site: Site) -> tuple[Any, ...]:
    """A project page reads its notices, what corrects them and what they correct."""
    if site.memo is None:
        return ()
    corrected = tuple(site.by_ref.get(n.meta.corrects or "") for n in project.notices)  # type: ignore[attr-defined]
    return (tuple(project.notices), tuple((k, tuple(v)) for k, v in project.corrected_by.items()), corrected)


def project_page(project: Project, site: Site) -> Page:
    from ..outputs import ocds

    src = project_src(project.project_no)
    first = project.notices[0]
    facts = [
        ("项目编号", escape(project.project_no)),
        ("项目名称", escape(project.name)),
        ("采购人", escape(project.latest("purchaser") or _purchaser(first, site))),
    ]
    for key in ("agency", "method"):
        value = project.latest(key)
        if value:
            facts.append((LABELS[key], escape(str(value))))
    budget = project.latest("budget_amount")
    if budget:
        facts.append((LABELS["budget_amount"], _money(budget)))
    facts.append(("当前进度", escape(project.stage)))
    rows = "".join(f'<tr><th scope="row">{k}</th><td>{v}</td></tr>' for k, v in facts)
    timeline = []
    for entry in project.notices:
        meta = entry.meta
        href = site.href(src, site.entry_src(entry))
        notes = []
        target = site.by_ref.get(meta.corrects or "")  # type: ignore[attr-defined]
        if target is not None:
            notes.append(f'更正 <a href="{site.href(src, site.entry_src(target))}">{escape(target.meta.title)}</a>')
        if project.corrected_by.get(entry.ref):
            notes.append('<span class="gk-tag gk-invalid">已更正</span>')
        if meta.disclosure == "依申请公开":
            notes.append('<span class="gk-tag">依申请公开</span>')
        timeline.append(
            f'<tr><td><time datetime="{meta.published}">{meta.published}</time></td>'
            f"<td>{escape(_type(entry))}</td>"
            f'<td><a href="{href}">{escape(meta.title)}</a></td><td>{" ".join(notes)}</td></tr>'
        )
    winners = _winners(project)
    md = [f"# {markdown_text(project.name)}\n",
          f'<table class="gk-meta">\n<caption>采购项目信息</caption>\n<tbody>{rows}</tbody>\n</table>\n',
          '<h2 id="notices">项目公告（按发布日期）</h2>\n',
          '<div class="gk-listing-wrap"><table class="gk-listing gk-project-notices">\n'
          f"<caption>项目 {escape(project.project_no)} 的全部公告，共 {len(project.notices)} 条</caption>\n"
          '<thead><tr><th scope="col">发布日期</th><th scope="col">公告类型</th><th scope="col">标题</th><th scope="col">说明</th></tr></thead>\n'
          f"<tbody>{''.join(timeline)}</tbody>\n</table></div>\n"]
    if winners:
        md.append('<h2 id="suppliers">中标（成交）及合同供应商</h2>\n' + suppliers_table(winners, "供应商及金额（元）"))
    if ocds.exportable(project):
        md.append(
            '<h2 id="data">开放数据</h2>\n<p>本项目按开放合同数据标准（OCDS 1.1）提供：'
            f'<a href="{ocds.file_href(site, src, ocds.release_package_src(project.project_no))}" download>发布包（releases）</a>、'
            f'<a href="{ocds.file_href(site, src, ocds.record_package_src(project.project_no))}" download>记录包（record）</a>。</p>\n'
        )
    md.append(f'<p><a href="{site.href(src, projects_src())}">全部采购项目</a></p>\n')
    meta = {"description": escape(f"采购项目 {project.project_no}：{project.name}")}  # printed into an attribute as it is
    raw: list[str] = []  # the generated HTML is held away from Markdown: editors' values inside stay text
    return Page(src, md[0] + hold(raw, "".join(md[1:])), meta, project.name, raw)


def _winners(project: Project) -> list[tuple[str, Any]]:
    """Suppliers of the latest result and contract notices (after corrections)."""
    out = []
    for notice_type in (RESULT_TYPES, ("合同公告",)):
        latest = [n for n in project.notices if _type(n) in notice_type and n.meta.disclosure == "主动公开"]
        if latest:
            entry = latest[-1]
            out += [(_type(entry), s) for s in entry.meta.suppliers]  # type: ignore[attr-defined]
    return out


def suppliers_table(rows: list[tuple[str, Any]], caption: str) -> str:
    body = "".join(
        f"<tr><td>{escape(why)}</td><td>{escape(s.name)}</td><td>{escape(s.uscc or '')}</td>"
        f"<td>{escape(s.lot or '')}</td><td>{_money(s.amount) if s.amount is not None else ''}</td></tr>"
        for why, s in rows
    )
    return (
        f'<div class="gk-listing-wrap"><table class="gk-listing gk-suppliers">\n<caption>{escape(caption)}</caption>\n'
        '<thead><tr><th scope="col">公告</th><th scope="col">供应商</th><th scope="col">统一社会信用代码</th>'
        '<th scope="col">包号</th><th scope="col">金额（元）</th></tr></thead>\n'
        f"<tbody>{body}</tbody>\n</table></div>\n"
    )


def projects_index_page(site: Site, page: int, pages: int, total: int, chunk: list[Project]) -> Page:
    """One page of 政府采购项目: the projects with their latest notice first."""
    src = projects_src(page)
    rows = "".join(
        f'<tr><td>{escape(p.project_no)}</td><td><a href="{site.href(src, project_src(p.project_no))}">{escape(p.name)}</a></td>'
        f"<td>{escape(p.stage)}</td><td>{len(p.notices)}</td>"
        f'<td><time datetime="{p.notices[-1].meta.published}">{p.notices[-1].meta.published}</time></td></tr>'
        for p in chunk
    )
    title = "政府采购项目" + (f"（第 {page} 页）" if page > 1 else "")
    raw: list[str] = []
    md = f"# {title}\n" + hold(
        raw,
        f"<p class=\"gk-total\">共 {total} 个项目</p>\n"
        '<div class="gk-listing-wrap"><table class="gk-listing">\n'
        f"<caption>采购项目，第 {page} 页，共 {pages} 页</caption>\n"
        '<thead><tr><th scope="col">项目编号</th><th scope="col">项目名称</th><th scope="col">当前进度</th>'
        '<th scope="col">公告数</th><th scope="col">最近发布</th></tr></thead>\n'
        f"<tbody>{rows}</tbody>\n</table></div>\n"
        + pager("procurement", "projects", page, pages, site, src),
    )
    return Page(src, md, title=title, raw=raw)


def projects_pages(public: PublicCatalog, site: Site) -> Iterable[Page]:
    """A page per project, an index of all projects, and the OCDS files (kept whole in ``serve`` while no notice was edited)."""
    return site.cached_group("procurement", ("procurement",), lambda: _projects_pages(public, site))


def _projects_pages(public: PublicCatalog, site: Site) -> Iterable[Page]:
    from ..outputs import ocds

    projects = site_projects(site)
    if not projects:
        return
    for project in projects.values():
        yield from site.cached(("project", project.project_no), _project_signature(project, site), lambda: [project_page(project, site)])
    ordered = sorted(projects.values(), key=lambda p: (p.notices[-1].meta.published, p.project_no), reverse=True)
    pages = max(1, -(-len(ordered) // PAGE_SIZE))
    for page in range(1, pages + 1):
        chunk = ordered[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
        signature = (len(ordered), pages, tuple(tuple(p.notices) for p in chunk)) if site.memo is not None else ()
        yield from site.cached(projects_src(page), signature, lambda: [projects_index_page(site, page, pages, len(ordered), chunk)])
    yield from ocds.export_pages(projects.values(), site)


EXTRA_PAGES.append(projects_pages)


# --- notice pages ------------------------------------------------------------


def correction_banner(entry: Entry, site: Site) -> str:
    """Right under the title: this notice was corrected, read the correction."""
    src = site.entry_src(entry)
    project = site_projects(site).get(entry.meta.project_no)  # type: ignore[attr-defined]
    parts = []
    for later in (project.corrected_by.get(entry.ref, []) if project else []):
        parts.append(
            '<div class="admonition warning gk-corrected" role="note"><p class="admonition-title">本公告已更正</p>'
            f'<p>请以更正公告为准：<a href="{site.href(src, site.entry_src(later))}">{escape(later.meta.title)}</a>'
            f"（{later.meta.published}）</p></div>\n"
        )
    return "".join(parts)


def render_procurement(entry: Entry, site: Site) -> str:
    """Link the notice to its project and the notice it corrects; show the suppliers."""
    src = site.entry_src(entry)
    project = site_projects(site).get(entry.meta.project_no)  # type: ignore[attr-defined]
    parts = []
    target = site.by_ref.get(entry.meta.corrects or "")  # type: ignore[attr-defined]
    if target is not None:
        parts.append(f'<p class="gk-corrects">本公告更正：<a href="{site.href(src, site.entry_src(target))}">{escape(target.meta.title)}</a>（{target.meta.published}）</p>\n')
    if project is not None:
        parts.append(
            f'<p class="gk-project">所属采购项目：<a href="{site.href(src, project_src(project.project_no))}">{escape(project.name)}</a>'
            f"（项目编号 {escape(project.project_no)}，共 {len(project.notices)} 条公告）"
            f' · <a href="{site.href(src, projects_src())}">全部采购项目</a></p>\n'
        )
    suppliers = entry.meta.suppliers  # type: ignore[attr-defined]
    if suppliers:
        parts.append(suppliers_table([(_type(entry), s) for s in suppliers], "供应商"))
    return "".join(parts)


def depends(entry: Entry, site: Site) -> tuple[Any, ...]:
    """A notice page shows its project (name, notice count) and the notices that correct it."""
    project = site_projects(site).get(entry.meta.project_no)  # type: ignore[attr-defined]
    if project is None:
        return ()
    return (tuple(project.notices), tuple(project.corrected_by.get(entry.ref, ())))


KIND_BANNERS["procurement"] = correction_banner
KIND_RENDERERS["procurement"] = render_procurement
KIND_DEPENDENCIES["procurement"] = depends
