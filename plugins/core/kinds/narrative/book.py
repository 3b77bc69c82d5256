"""The values an entry's tables or fields hold, by subject, scope and period, each with where it is printed."""

from __future__ import annotations

import re
import functools
from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field

from .subjects import ALL, FISCAL, Subject, clean_name, subject

# --- what the tables hold ---------------------------------------------------


HALF_CENT = {"万元": 0.005, "元": 0.5 / 10000}
"""Half a cent of a unit, in 万元: table and field amounts are printed to 0.01."""


@dataclass(frozen=True)
class Source:
    """A value the entry's tables or fields hold, and where (worked out only when a message needs it)."""

    value: float
    half: float
    """Half a unit of its last printed place (0.005 万元 for a table in 万元 to the cent)."""
    describe: Callable[[], tuple[str, str]] = field(compare=False, repr=False)
    """→ (what, place): e.g. (表5《一般公共预算支出情况表》“合计”行“基本支出”列, file:line)."""
    ident: Hashable = None
    """The same cell read twice (a table's total is 收入总计 and 收支总计) is one source."""

    @classmethod
    def fixed(cls, value: float, half: float, what: str, place: str) -> Source:
        return cls(value, half, lambda: (what, place), (what, place))

    @functools.cached_property
    def _described(self) -> tuple[str, str]:
        return self.describe()

    @property
    def what(self) -> str:
        return self._described[0]

    @property
    def place(self) -> str:
        return self._described[1]


@functools.lru_cache(maxsize=20000)
def row_subject(plain: str) -> Subject:
    """The subject a table row's name makes (names repeat across thousands of tables: made once)."""
    return subject("row:" + plain, re.escape(plain))


@dataclass
class Book:
    """Values by (subject, scope, period)."""

    values: dict[tuple[str, str, str], list[Source]] = field(default_factory=lambda: defaultdict(list))
    names: dict[str, Subject] = field(default_factory=dict)
    """Row names a label may name (功能分类 类/款/项, 收入 items): subject ``row:<name>``."""

    def add(self, key: str, scope: str, period: str, source: Source) -> None:
        if not any(abs(s.value - source.value) < 1e-9 and s.ident == source.ident for s in self.values[(key, scope, period)]):
            self.values[(key, scope, period)].append(source)

    def add_row(self, name: str, scope: str, period: str, source: Source) -> None:
        plain = clean_name(name)
        if len(plain) < 3 or re.search(r"合计|总计|小计", plain):
            return
        key = "row:" + plain
        if key not in self.names:
            self.names[key] = row_subject(plain)
        self.add(key, scope, period, source)

    def get(self, key: str, scope: str | None, period: str) -> list[tuple[str, Source]]:
        scopes = (scope,) if scope else (FISCAL, ALL)
        return [(s, src) for s in scopes for src in self.values.get((key, s, period), [])]

    def scopes(self, key: str, period: str) -> set[str]:
        return {s for (k, s, p), v in self.values.items() if k == key and p == period and v}

    def subjects(self, fixed: Sequence[Subject]) -> list[Subject]:
        """Fixed subjects first, then row names, longest first (财政事务 before 事务)."""
        return list(fixed) + sorted(self.names.values(), key=lambda s: -len(s.key))


