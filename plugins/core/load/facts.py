"""What a field is, beyond its type, said once on the field itself.

A model field carries its facts in its annotation::

    summary: Annotated[str | None, Facts("内容概述", text=True, on_request=True, row=False)] = None

Every stage asks ``facts_of(type(entry.meta))`` instead of keeping its own list of
field names, so a field added to a kind is classified where it is declared. The
defaults are the safe ones: a field not marked is plain text, published when 主动公开,
shown as a row of the 信息索引 table when it is a scalar, and emptied in the
依申请公开 metadata view (withheld until someone decides it is metadata).
No MkDocs here, and nothing above load/.
"""

from __future__ import annotations

import functools
import typing
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from pydantic import BaseModel


@dataclass(frozen=True, slots=True)
class Facts:
    """The facts of one field; put it in the field's ``Annotated[...]``."""

    label: str = ""
    """Chinese label (中文标签) shown to readers and editors."""
    on_request: bool = False
    """Kept in the 依申请公开 metadata view (《条例》第十二条 catalog data); default: emptied."""
    markdown: bool = False
    """Markdown besides the body (年度报告 narratives), shown as one of the kind's sections."""
    reference: bool = False
    """Names one other entry (索引号 or path under catalog/), checked and linked."""
    date: bool = False
    """A date the editor types as YYYY-MM-DD; checked as written before the model reads it."""
    head: int = 0
    """Place among the rows every entry has at the top of 信息索引 (1 first); 0: not one of them."""
    row: bool = True
    """A scalar shown as a row of 信息索引; False for what the page shows elsewhere or never."""
    text: bool = False
    """Editors' text that most rules never read; a serve rebuild reuses their diagnostics when only it changed."""
    prose: bool = False
    """Free prose, where full-width digits are the editor's choice, not a typing slip."""
    public: bool = True
    """Printed for a public entry; False for what the confidentiality review alone reads (不予公开依据 …)."""
    csv: bool = True
    """Fits one CSV cell; False: tables and statistics, in the JSON data file only."""
    scaffold: bool = True
    """Written into a ``build.py new`` skeleton; False for what an editor rarely fills in."""
    structural: bool = False
    """The catalog is built from it (pages, listings, counts, links): no redact item may remove it."""
    link_free: bool = False
    """Holds entry keys, not prose: its strings are not searched for links to other pages."""
    hint: str = ""
    """How to fill it in, as the ``build.py new`` skeleton's comment says (else its choices)."""


PLAIN = Facts()
"""A field nobody marked: the safe defaults."""


@dataclass(frozen=True, slots=True)
class ModelFacts(Mapping[str, Facts]):
    """The facts of one model's fields in declaration order, with the lists stages ask most."""

    by_key: Mapping[str, Facts]
    on_request: frozenset[str]
    markdown: tuple[str, ...]
    references: tuple[str, ...]
    dates: tuple[str, ...]
    head: tuple[str, ...]
    rows: tuple[str, ...]
    """Fields that may be a row of 信息索引 after the head rows (a scalar value decides)."""
    text: frozenset[str]
    not_public: frozenset[str]
    not_csv: frozenset[str]
    not_scaffold: frozenset[str]
    structural: frozenset[str]
    link_free: frozenset[str]

    def __getitem__(self, key: str) -> Facts:
        return self.by_key[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.by_key)

    def __len__(self) -> int:
        return len(self.by_key)

    def label(self, key: str) -> str:
        found = self.by_key.get(key)
        return found.label if found is not None else ""


def field_facts(metadata: typing.Iterable[object]) -> Facts:
    """The ``Facts`` in a field's metadata, or the safe defaults."""
    for item in metadata:
        if isinstance(item, Facts):
            return item
    return PLAIN


@functools.cache
def facts_of(model: type[BaseModel]) -> ModelFacts:
    """The facts of ``model``'s fields: computed once per model class, a dict lookup after."""
    by_key = {key: field_facts(info.metadata) for key, info in model.model_fields.items()}
    keys = list(by_key)

    def where(test: typing.Callable[[Facts], bool]) -> tuple[str, ...]:
        return tuple(key for key in keys if test(by_key[key]))

    return ModelFacts(
        by_key=by_key,
        on_request=frozenset(where(lambda f: f.on_request)),
        markdown=where(lambda f: f.markdown),
        references=where(lambda f: f.reference),
        dates=where(lambda f: f.date),
        head=tuple(sorted(where(lambda f: f.head > 0), key=lambda key: by_key[key].head)),
        rows=where(lambda f: f.row and not f.head and not f.reference and not f.markdown),
        text=frozenset(where(lambda f: f.text)),
        not_public=frozenset(where(lambda f: not f.public)),
        not_csv=frozenset(where(lambda f: not f.csv)),
        not_scaffold=frozenset(where(lambda f: not f.scaffold)),
        structural=frozenset(where(lambda f: f.structural)),
        link_free=frozenset(where(lambda f: f.link_free or f.reference)),
    )


def nested_models(model: type[BaseModel]) -> Iterator[type[BaseModel]]:
    """``model`` and every model its fields hold (``list[Supplier]``, ``BudgetSide | None`` …), once each."""
    seen: set[type[BaseModel]] = set()
    todo = [model]
    while todo:
        found = todo.pop(0)
        if found in seen:
            continue
        seen.add(found)
        yield found
        for info in found.model_fields.values():
            todo += _models_in(info.annotation)


def _models_in(annotation: object) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [model for arg in typing.get_args(annotation) for model in _models_in(arg)]


@functools.cache
def prose_keys(model: type[BaseModel]) -> frozenset[str]:
    """Keys marked ``prose`` anywhere in ``model`` and the models it holds (nested keys by their last name)."""
    return frozenset(key for found in nested_models(model) for key, facts in facts_of(found).items() if facts.prose)


@functools.cache
def labels_of(models: tuple[type[BaseModel], ...]) -> Mapping[str, str]:
    """key → label over ``models`` and the models they hold, for messages that name a key alone."""
    out: dict[str, str] = {}
    for model in models:
        for found in nested_models(model):
            for key, facts in facts_of(found).items():
                if facts.label:
                    out.setdefault(key, facts.label)
    return out
