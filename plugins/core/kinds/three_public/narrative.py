"""“三公”经费: the figures of the report's text (body, 增减变化原因, summary) against its own fields and each other.

This year's figures are the entry's fields; last year's are ``previous`` or last
year's entry of the same organ and stage; a 决算's budget is this year's 预算
entry. The reading and the checks are shared (``kinds/narrative/``); how a
figure is located in the file is ``narrative/fields.py``. The budgets compare their
“三公” table and text with these entries too (``three_public_sources``).
"""

from __future__ import annotations

from collections.abc import Iterable

from ...check.rules import is_public, place_of, reads_text_of
from ...load.model import Catalog, Entry
from ...load.schema import stated
from ...problems.diagnostics import Diagnostic
from ..narrative.book import HALF_CENT, Book, Source
from ..narrative.fields import budget_reader, check_text, texts_of
from ..narrative.subjects import BUDGET, BUDGET_SUBJECTS, FISCAL, NOW, PREV
from .model import meta_of as three_public_meta
from .rules import KIND, Key, key_of


LABELS = {"total": "合计", "outbound.amount": "因公出国（境）费", "vehicles.amount": "公务用车购置及运行费", "vehicles.purchase": "公务用车购置费",
          "vehicles.operation": "公务用车运行费", "reception.amount": "公务接待费", "vehicles.fleet": "公务用车保有量", "vehicles.purchased": "公务用车购置数",
          "outbound.groups": "因公出国（境）团组数", "outbound.people": "因公出国（境）人次", "reception.batches": "公务接待批次", "reception.people": "公务接待人次",
          "previous.total": "上年数合计", "previous.outbound": "上年因公出国（境）费", "previous.vehicles": "上年公务用车购置及运行费", "previous.reception": "上年公务接待费"}


def three_public_sources(book: Book, other: Entry | None, period: str, *, own: bool = False, stated_previous: bool = False) -> None:
    """A “三公” entry's figures: its own (``own``), or another's — only a public one is quoted in a message."""
    if other is None or not (own or is_public(other)):
        return
    meta = three_public_meta(other)
    k = 1 / 10000 if meta.unit == "元" else 1.0
    half = HALF_CENT.get(meta.unit, 0.005)
    v, out, rec = meta.vehicles, meta.outbound, meta.reception
    purchase, operation = stated(v.purchase), stated(v.operation)  # 未说明: the document gives only the 小计
    vehicles = v.amount if v.amount is not None else (purchase + operation if purchase is not None and operation is not None else None)
    values: dict[str, tuple[str, float | None]] = {
        "三公": ("total", meta.total), "三公.出国": ("outbound.amount", out.amount), "三公.车": ("vehicles.amount", vehicles),
        "三公.购置": ("vehicles.purchase", purchase), "三公.运行": ("vehicles.operation", operation), "三公.接待": ("reception.amount", meta.reception.amount),
    }
    counts: dict[str, tuple[str, int | None]] = {
        "三公.保有量": ("vehicles.fleet", v.fleet), "三公.购置数": ("vehicles.purchased", v.purchased), "三公.团组": ("outbound.groups", out.groups),
        "三公.出国人次": ("outbound.people", out.people), "三公.批次": ("reception.batches", rec.batches), "三公.接待人次": ("reception.people", rec.people),
    }
    if stated_previous:
        prev = meta.previous
        if prev is None:
            return
        values = {"三公": ("previous.total", prev.total), "三公.出国": ("previous.outbound", prev.outbound),
                  "三公.车": ("previous.vehicles", prev.vehicles), "三公.接待": ("previous.reception", prev.reception)}
        counts = {}

    whose = "本条目" if own else {PREV: "上年“三公”经费条目", BUDGET: "同年预算的“三公”经费条目"}.get(period, "同年“三公”经费条目")

    def what(path: str) -> str:
        return f"{whose}的{LABELS.get(path, path)}（{path}）"

    def where(path: str) -> str:
        if own:
            return f"{other.source}:{other.where(*path.split('.'))[0]}"
        return place_of(other, path.split(".")[0])

    for key, (path, value) in values.items():
        if value is not None:
            book.add(key, FISCAL, period, Source.fixed(value * k, half, what(path), where(path)))
    for key, (path, count) in counts.items():
        if count is not None:
            book.add(key, FISCAL, period, Source.fixed(float(count), 0.0, what(path), where(path)))




def book_of(entry: Entry, index: dict[Key, Entry]) -> Book:
    book = Book()
    organ, year, stage, scope = key_of(entry)
    three_public_sources(book, entry, NOW, own=True)
    three_public_sources(book, entry, PREV, own=True, stated_previous=True)
    three_public_sources(book, index.get((organ, year - 1, stage, scope)), PREV)
    if stage == "决算":
        three_public_sources(book, index.get((organ, year, "预算", scope)), BUDGET)
    return book


def check_entry(entry: Entry, index: dict[Key, Entry]) -> list[Diagnostic]:
    meta = three_public_meta(entry)
    fields = texts_of(entry)
    if meta.change_reason:
        fields.append(("change_reason", meta.change_reason))
    if not fields:
        return []
    book = book_of(entry, index)
    return check_text(entry, book, budget_reader(book, meta.fiscal_year, meta.stage, list(BUDGET_SUBJECTS), frozenset({"三公"})), fields)


@reads_text_of(KIND)
def narrative_rules(catalog: Catalog) -> Iterable[Diagnostic]:
    """The text of every “三公” entry against its fields."""
    entries = catalog.of_kind(KIND)
    index = {key_of(e): e for e in entries}
    for entry in entries:
        yield from check_entry(entry, index)
