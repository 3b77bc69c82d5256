"""A kind of entry (政策文件, 部门预算 …) declared once, as one frozen value.

Each kinds/<code>/ package builds its ``KIND``; the pipeline hands the tuple of
them to the loader and it travels on the Catalog, the PublicCatalog and the
Site. Stages ask the kinds they are handed and never import ``kinds``, so a new
kind is one new package plus one line in ``kinds.KINDS``. No MkDocs here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from .schema import EntryBase

if TYPE_CHECKING:  # only for the annotations: the stages above load never load here
    from ..problems.codes.code import Section
    from ..problems.diagnostics import Diagnostic
    from ..check.rules import Rule
    from ..pages.page import Page
    from ..pages.site import Site
    from ..sources.document import Document, Draft, Request
    from ..wall.view import PublicCatalog
    from .model import Entry

Files = list[tuple[str, bytes]]
"""Files published beside an entry's page: (file name, bytes)."""


@dataclass(frozen=True, eq=False)
class Kind:
    """Everything the build knows about one kind; every part but code, name and model is optional."""

    code: str
    """Value of ``kind:`` and the folder under catalog/, e.g. ``budget``."""
    name: str
    """Chinese name shown to readers and editors, e.g. 部门预算."""
    model: type[EntryBase]
    """The pydantic model an entry of this kind is validated with."""
    policy_like: bool = False
    """A policy in substance (政策文件; 通知 such as 关于印发……的通知): it may be interpreted (解读) and may repeal another."""
    rules: tuple[Rule, ...] = ()
    """Checks over the whole catalog: ``(catalog) -> Iterable[Diagnostic]``."""
    codes: tuple[Section, ...] = ()
    """The problem codes ``rules`` make (kinds/<code>/codes.py): their severity, Chinese texts and docs section."""
    banner: Callable[[Entry, Site], str] | None = None
    """Notice right under the title (e.g. 已废止 with what replaced it)."""
    section: Callable[[Entry, Site], str] | None = None
    """The kind's own part of the entry page (tables, charts, links)."""
    body_first: bool = False
    """The body comes before ``section``: the document's standard order puts its text before the tables
    (预算、决算: 部门概况 → 说明 → 名词解释 → 报表)."""
    downloads: Callable[[Entry, Any], Files] | None = None
    """Files beside the page (CSV of the tables …)."""
    pages: Callable[[PublicCatalog, Site], Iterable[Page]] | None = None
    """More generated files from the public view (procurement project pages, OCDS JSON)."""
    search_text: Callable[[Entry, Site], str] | None = None
    """The words of ``section`` for the search index, made without the HTML; None: ``section`` is rendered and stripped."""
    depends: Callable[[Entry, Site], tuple[Any, ...]] | None = None
    """What the page reads besides the entry itself (other entries), for the serve rebuild."""
    intake: Callable[[Document, Request], list[Draft] | None] | None = None
    """Entries made from a document as it arrives (``build.py import``); None when the document is not of this kind."""
    backlink: tuple[str, str] | None = None
    """(reference key, label): the entry an entry of this kind names through that key lists it
    back under the label, e.g. the policy a 征求意见 became lists it as 征求意见."""
    export_columns: tuple[str, ...] = ()
    """Keys of the kind's own columns in the data files (data/<code>.csv/json), in order."""
    skeleton: Mapping[str, Callable[[], str]] = field(default_factory=lambda: MappingProxyType({}))
    """``build.py new``: key → the YAML lines written for it instead of the generic placeholder."""
    site_problems: Callable[[PublicCatalog, Mapping[str, Any]], list[Diagnostic]] | None = None
    """Warnings about the site settings the kind's outputs read (the OCDS placeholders), said by ``build`` and ``check``."""
    note_places: tuple[str, ...] = ()
    """Field-path prefixes (``tables[``) whose 原文如此 notes ``section`` shows beside its part; the entry page shows the others."""


class KindSet(Mapping[str, Kind]):
    """The kinds of one build by code, in declared order (the order of listings, feeds and data files)."""

    def __init__(self, kinds: Iterable[Kind] = ()):
        self._by_code: dict[str, Kind] = {}
        for kind in kinds:
            if kind.code in self._by_code:
                raise ValueError(f"kind {kind.code!r} declared twice")
            self._by_code[kind.code] = kind
        self.names: dict[str, str] = {code: kind.name for code, kind in self._by_code.items()}
        """Code → Chinese name."""

    def __getitem__(self, code: str) -> Kind:
        return self._by_code[code]

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_code)

    def __len__(self) -> int:
        return len(self._by_code)

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def get(self, code: str, default: Any = None) -> Any:
        """As dict.get (Mapping's goes through ``__getitem__`` and an exception for a miss)."""
        return self._by_code.get(code, default)

    __eq__ = object.__eq__  # one set per build, compared and hashed by identity (a cache key)
    __hash__ = object.__hash__

    def __repr__(self) -> str:
        return f"KindSet({', '.join(self._by_code)})"

    def name(self, code: str) -> str:
        """Chinese name of ``code``; the code itself for an unknown one."""
        return self.names.get(code, code)
