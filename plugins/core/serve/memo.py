"""In-process memos for ``serve``: per-entry work reused while its inputs are the same objects. No MkDocs here.

``serve`` runs the whole pipeline again after an editor saves one file. The
loader hands back the *same* Entry object for every unchanged file, so work
that depends only on an entry (and on a few other objects) can be looked up by
the identity of those objects instead of being done again. The full-catalog
code path still runs every time: only pure per-entry steps are skipped, so a
rebuild cannot drift from a cold run.

A memo keeps the key objects next to the value and checks them with ``is``,
so a recycled ``id`` can never return another object's result. The memos are
declared at module level as names only; what they hold lives in a ``Store``
(on ``serve``'s ServeState, or made for one run), active only inside
:func:`session` (``pipeline.run``): direct callers (tests, ``review``) always
compute afresh. What every entry depends on — the registries, the negative
list, the allowlist, the date, the code — goes into the session's
fingerprint; when it changes, the store is emptied.

Each session is one generation: a value not used during a session is dropped
at the end of the next one, so a long ``serve`` does not accumulate old entries.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Callable, Iterator
from typing import Any, Generic, TypeVar

V = TypeVar("V")

_MISSING: Any = object()
_running: list[Store] = []
"""The store of the pipeline run in progress (empty between runs): where the memos below keep their items."""


class Store:
    """The contents of every memo, owned by whoever runs the pipeline (``serve.state.ServeState``).

    The memos are declared at module level as names only; what they hold lives
    here, so a ``serve`` process keeps it on its plugin object and every other
    run starts from an empty store that is dropped with it.
    """

    def __init__(self) -> None:
        self.tables: dict[Any, Any] = {}
        self.fingerprint: str | None = None

    def clear(self) -> None:
        self.tables.clear()

    def turn(self) -> None:
        for table in self.tables.values():
            table.turn()


class _Generation:
    """Two generations of memo items: this session's (``now``) and the last one's (``before``)."""

    __slots__ = ("now", "before", "used")

    def __init__(self) -> None:
        self.now: dict[Any, Any] = {}
        self.before: dict[Any, Any] = {}
        self.used = False

    def turn(self) -> None:
        """End of a session: what was not used in it is dropped at the end of the next one.

        A memo not asked at all (its rule was not run again, see ``rules.check_catalog``) keeps everything.
        """
        if not self.used:
            return
        self.used = False
        self.before = self.now
        self.now = {}


class _Slot:
    """One value kept from the last run."""

    __slots__ = ("value",)

    def __init__(self) -> None:
        self.value: Any = None

    def turn(self) -> None:
        pass


def _table(memo: Any, make: Callable[[], Any]) -> Any:
    """``memo``'s table in the running store, or None outside a run."""
    if not _running:
        return None
    tables = _running[-1].tables
    table = tables.get(memo)
    if table is None:
        table = tables[memo] = make()
    return table


class _Generations(Generic[V]):
    """A memo kept two generations deep in the running store."""

    def __init__(self, name: str):
        self.name = name

    def __repr__(self) -> str:
        return f"<memo {self.name}>"

    def _take(self, key: Any) -> Any:
        """The item under ``key`` from this session or the last one (moved into this one), or None."""
        table = _table(self, _Generation)
        if table is None:
            return None
        table.used = True
        item = table.now.get(key)
        if item is None:
            item = table.before.pop(key, None)
            if item is not None:
                table.now[key] = item
        return item

    def _put(self, key: Any, item: Any) -> None:
        table = _table(self, _Generation)
        if table is not None:
            table.used = True
            table.now[key] = item


class IdentityMemo(_Generations[V]):
    """``(obj, …) → value`` by identity, two generations deep."""

    def get(self, *objs: Any) -> V:
        """The stored value for exactly these objects, or ``MISSING`` (always outside a session)."""
        item = self._take(tuple(map(id, objs)))
        if item is None:
            return _MISSING
        kept, value = item
        for a, b in zip(kept, objs):
            if a is not b:
                return _MISSING
        return value

    def put(self, objs: tuple[Any, ...], value: V) -> V:
        self._put(tuple(map(id, objs)), (objs, value))
        return value


class EntryMemo(_Generations[V]):
    """``entry → value`` while the entry is the same object with the same ``meta``: the hot path of a rebuild."""

    def get(self, entry: Any) -> V:
        item = self._take(id(entry))
        if item is not None and item[0] is entry and item[1] is entry.meta:
            return item[2]
        return _MISSING

    def put(self, entry: Any, value: V) -> V:
        self._put(id(entry), (entry, entry.meta, value))
        return value


class StampMemo(_Generations[V]):
    """``path → value`` while the file keeps its size and modification time (attachments)."""

    def get_or_make(self, path: str, make: Callable[[], V]) -> V:
        if not _running:
            return make()
        current = stamp(path)
        item = self._take(path)
        if item is not None and current is not None and item[0] == current:
            return item[1]
        value = make()
        if current is not None:
            self._put(path, (current, value))
        return value


class LastRun(Generic[V]):
    """One value the last run of this ``serve`` left (a listing, the rules' results); None when there is none."""

    def __init__(self, name: str):
        self.name = name

    def __repr__(self) -> str:
        return f"<memo {self.name}>"

    def previous(self) -> V | None:
        slot = _table(self, _Slot)
        return slot.value if slot is not None else None

    def replace(self, value: V) -> None:
        slot = _table(self, _Slot)
        if slot is not None:
            slot.value = value


class FileMemo(LastRun[dict[str, tuple[Any, V]]]):
    """``path → (token, value)`` for the files of the last run: the loader's Entry per file.

    The caller hands over the whole new generation (``replace``), so files that
    are gone are dropped at once; the token is the parse the value was made
    from, compared by identity.
    """

    def previous(self) -> dict[str, tuple[Any, V]]:
        """Last run's items (empty outside a session)."""
        return super().previous() or {}


def stamp(path: str) -> tuple[int, int] | None:
    """Size and modification time, or None when the file can't be read."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns)


MISSING = _MISSING


def active() -> bool:
    return bool(_running)


def fingerprint(*parts: bytes | str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode() if isinstance(part, str) else part)
        digest.update(b"\0")
    return digest.hexdigest()


@contextlib.contextmanager
def session(store: Store, stamp: str) -> Iterator[None]:
    """Memos on (in ``store``) for one pipeline run; the store is emptied first when ``stamp`` differs from its last run's."""
    if _running:  # nested run (a rule calling the pipeline): join the outer session
        yield
        return
    if stamp != store.fingerprint:
        store.clear()
        store.fingerprint = stamp
    store.turn()
    _running.append(store)
    try:
        yield
    except BaseException:
        store.clear()  # a run that failed half-way leaves nothing half-remembered
        store.fingerprint = None
        raise
    finally:
        _running.clear()
