"""政府信息公开工作年度报告: the counts its text states (新收申请 22 件 …) against its own tables.

The text (引言, 总体情况, 存在的主要问题, 其他事项, body) often repeats the 申请 and
复议/诉讼 counts of tables 三 and 四. Each count the text ties to a row — 新收, 上年结转,
办结 (（七）总计), 结转下年度, 予以公开, 部分公开, 不予公开, 无法提供, 不予处理, 行政复议,
行政诉讼 — is compared with the table's 总计 column. Comparisons with last year
(“比上年增加 5 件”) are not checked: the table has no previous year. No MkDocs here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from ...check.rules import reads_text_of
from ...load.figures_text import Text
from ...load.model import Catalog, Entry
from ...problems.diagnostics import Diagnostic
from ..narrative.book import Book, Source
from ..narrative.fields import check_text
from ..narrative.statements import Statement
from ..narrative.subjects import ALL, NOW, clean_name, resolve, subject
from .format import NOT_PROCESSED, OTHER, REQUEST_ROWS, REVIEW_GROUPS, UNABLE, WITHHELD, format_for, normalize
from .model import meta_of

KIND = "annual_report"
_APPLY = r"(?:的)?(?:各类)?(?:政府信息公开|信息公开|依申请公开)?(?:申请)?(?:数量|共计|共|总数)?(?:为)?"
SUBJECTS = (
    subject("ar.carried", rf"上年(?:度)?结转{_APPLY}", name="上年结转的申请"),
    subject("ar.forward", rf"结转(?:到)?下(?:一)?年度?(?:继续办理)?{_APPLY}", name="结转下年度继续办理的申请"),
    subject("ar.new", rf"(?:新收|收到|受理|接收|新增)(?:到)?{_APPLY}", name="本年新收申请"),
    subject("ar.done", rf"(?:已|共|全部)?(?:办结|答复完毕|办理完毕){_APPLY}", name="办结的申请（办理结果总计）"),
    subject("ar.（一）予以公开", r"(?<!不)予以公开(?:的)?", name="予以公开"),
    subject("ar.（二）部分公开", r"部分公开(?:的)?", name="部分公开"),
    subject("ar." + WITHHELD, r"不予公开(?:的)?", name="不予公开"),
    subject("ar." + UNABLE, r"无法提供(?:的)?", name="无法提供"),
    subject("ar." + NOT_PROCESSED, r"不予处理(?:的)?", name="不予处理"),
    subject("ar.复议", r"行政复议(?:案件|申请)?(?:共)?", name="行政复议"),
    subject("ar.诉讼", r"行政诉讼(?:案件)?(?:共)?", name="行政诉讼"),
)
_SKIP = re.compile(r"比上年|比去年|同比|较上年|较去年|增加|减少|增长|下降|上升|其中.*?(自然人|法人|企业)|自然人|法人|企业|机构")
"""Words that make a count something else: a change, or one column (申请人类别) of a row."""

TEXTS = {"preface": ("引言", "引言"), "overview": ("总体情况", "总体情况"), "problems": ("存在的主要问题及改进情况", "存在的主要问题及改进情况"), "other_matters": ("其他需要报告的事项", "其他需要报告的事项")}


def _total(values: Any) -> float | None:
    if isinstance(values, (list, tuple)) and values:
        last = values[-1]
        return float(last) if isinstance(last, (int, float)) and not isinstance(last, bool) else None
    return None


def book_of(entry: Entry) -> Book:
    meta = meta_of(entry)
    book = Book()
    requests = {normalize(k): (k, v) for k, v in (meta.requests or {}).items()}
    fmt = format_for(meta.report_year) if meta.report_format is None else meta.report_format
    rows = REQUEST_ROWS.get(fmt, ())
    groups: dict[str, list[tuple[str, float]]] = {}

    def add(key: str, value: float, label: str, path: tuple[str, ...]) -> None:
        line, _ = entry.where(*path)
        book.add(key, ALL, NOW, Source.fixed(value, 0.0, f"表三“{label}”的总计", f"{entry.source}:{line}"))

    for row in rows:
        found = requests.get(normalize(row.label))
        if found is None:
            continue
        label, values = found
        total = _total(values)
        if total is None:
            continue
        key = {"new": "ar.new", "carried": "ar.carried", "total": "ar.done", "forward": "ar.forward"}.get(row.role)
        if key:
            add(key, total, label, ("requests", label))
        elif row.label.startswith("（一）予以公开"):
            add("ar.（一）予以公开", total, label, ("requests", label))
        elif row.label.startswith("（二）部分公开"):
            add("ar.（二）部分公开", total, label, ("requests", label))
        elif len(row.groups) == 2:
            groups.setdefault(row.groups[1], []).append((label, total))
    for group in (WITHHELD, UNABLE, NOT_PROCESSED, OTHER):
        items = groups.get(group)
        if items and group != OTHER:
            first = items[0][0]
            line, _ = entry.where("requests", first)
            book.add("ar." + group, ALL, NOW, Source.fixed(sum(v for _, v in items), 0.0, f"表三“{group}”各项的总计之和", f"{entry.source}:{line}"))
    review = meta.review_litigation or {}
    by_name = {normalize(k): (k, v) for k, v in review.items()}
    sums: dict[str, list[tuple[str, float]]] = {"ar.复议": [], "ar.诉讼": []}
    for group in REVIEW_GROUPS:
        found = by_name.get(normalize(group))
        if found is None:
            continue
        total = _total(found[1])
        if total is not None:
            sums["ar.复议" if group == "行政复议" else "ar.诉讼"].append((found[0], total))
    for key, items in sums.items():
        if items and (key == "ar.复议" or len(items) == 2):
            line, _ = entry.where("review_litigation", items[0][0])
            what = "表四“行政复议”的总计" if key == "ar.复议" else "表四“未经复议直接起诉”与“复议后起诉”的总计之和"
            book.add(key, ALL, NOW, Source.fixed(sum(v for _, v in items), 0.0, what, f"{entry.source}:{line}"))
    return book


def reader(text: Text) -> list[Statement]:
    """Counts in 件 that the text ties to a row of tables 三 and 四."""
    found: list[Statement] = []
    for sentence, figure in text.figures():
        if figure.unit != "件" or _SKIP.search(figure.label):
            continue
        subj = resolve(clean_name(figure.label), SUBJECTS)
        if subj is not None:
            found.append(Statement(sentence, figure, subj, None, "level"))
    return found


def check_entry(entry: Entry) -> list[Diagnostic]:
    meta = meta_of(entry)
    fields = [(key, getattr(meta, key) or "") for key in TEXTS]
    fields += [("body", entry.body or "")] if entry.body else []
    fields = [(k, t) for k, t in fields if t.strip()]
    if not fields or not (meta.requests or meta.review_litigation):
        return []
    return check_text(entry, book_of(entry), reader, fields, TEXTS)


@reads_text_of(KIND)
def narrative_rules(catalog: Catalog) -> Iterable[Diagnostic]:
    """The counts in every annual report's text against its tables."""
    for entry in catalog.of_kind(KIND):
        yield from check_entry(entry)
