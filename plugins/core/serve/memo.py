"""In-process memos for ``serve``: per-entry work reused while its inputs are the same objects. No MkDocs here.

``serve`` runs the whole pipeline again after an editor saves one file. The
loader hands back the *same* Entry object for every unchanged file, so work
that depends only on an entry (and on a few other objects) can be looked up by
the identity of those objects instead of being done again. The full-catalog
code path still runs every time: only pure per-entry steps are skipped, so a
rebuild cannot drift from a cold run.

A memo keeps the key objects next to the value and checks them with ``is``,
so a recycled ``id`` can never return another object's result. Memos are
active only inside :func:`session` (``pipeline.run``): direct callers (tests,
``review``) always compute afresh. What every entry depends on — the
registries, the negative list, the allowlist, the date, the code — goes into
the session's fingerprint; when it changes, every memo is emptied.

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
_memos: list[Any] = []
_state: dict[str, Any] = {"active": False, "fingerprint": None}


class _Generations(Generic[V]):
    """Two generations of memo items: this session's (``_now``) and the last one's (``_before``)."""

    def __init__(self, name: str):
        self.name = name
        self._now: dict[Any, Any] = {}
        self._before: dict[Any, Any] = {}
        self._used = False
        _memos.append(self)

    def clear(self) -> None:
        self._now.clear()
        self._before.clear()

    def _take(self, key: Any) -> Any:
        """The item under ``key`` from this session or the last one (moved into this one), or None."""
        self._used = True
        item = self._now.get(key)
        if item is None:
            item = self._before.pop(key, None)
            if item is not None:
                self._now[key] = item
        return item

    def _put(self, key: Any, item: Any) -> None:
        self._used = True
        self._now[key] = item

    def _turn(self) -> None:
        """End of a session: what was not used in it is dropped at the end of the next one.

        A memo not asked at all (its rule was not run again, see ``rules.check_catalog``) keeps everything.
        """
        if not self._used:
            return
        self._used = False
        self._before = self._now
        self._now = {}


class IdentityMemo(_Generations[V]):
    """``(obj, …) → value`` by identity, two generations deep."""

    def get(self, *objs: Any) -> V:
        """The stored value for exactly these objects, or ``MISSING`` (always outside a session)."""
        if not _state["active"]:
            return _MISSING
        item = self._take(tuple(map(id, objs)))
        if item is None:
            return _MISSING
        kept, value = item
        for a, b in zip(kept, objs):
            if a is not b:
                return _MISSING
        return value

    def put(self, objs: tuple[Any, ...], value: V) -> V:
        if _state["active"]:
            self._put(tuple(map(id, objs)), (objs, value))
        return value

    def __len__(self) -> int:
        return len(self._now) + len(self._before)


class EntryMemo(_Generations[V]):
    """``entry → value`` while the entry is the same object with the same ``meta``: the hot path of a rebuild."""

    def get(self, entry: Any) -> V:
        if not _state["active"]:
            return _MISSING
        item = self._take(id(entry))
        if item is not None and item[0] is entry and item[1] is entry.meta:
            return item[2]
        return _MISSING

    def put(self, entry: Any, value: V) -> V:
        if _state["active"]:
            self._put(id(entry), (entry, entry.meta, value))
        return value


class StampMemo(_Generations[V]):
    """``path → value`` while the file keeps its size and modification time (attachments)."""

    def get_or_make(self, path: str, make: Callable[[], V]) -> V:
        if not _state["active"]:
            return make()
        current = stamp(path)
        item = self._take(path)
        if item is not None and current is not None and item[0] == current:
            return item[1]
        value = make()
        if current is not None:
            self._put(path, (current, value))
        return value


class FileMemo(Generic[V]):
    """``path → (token, value)`` for the files of the last run: the loader's Entry per file.

    The caller hands over the whole new generation (``replace``), so files that
    are gone are dropped at once; the token is the parse the value was made
    from, compared by identity.
    """

    def __init__(self, name: str):
        self.name = name
        self._items: dict[str, tuple[Any, V]] = {}
        _memos.append(self)  # type: ignore[arg-type]

    def previous(self) -> dict[str, tuple[Any, V]]:
        """Last run's items (empty outside a session)."""
        return self._items if _state["active"] else {}

    def replace(self, items: dict[str, tuple[Any, V]]) -> None:
        if _state["active"]:
            self._items = items

    def clear(self) -> None:
        self._items = {}

    def _turn(self) -> None:
        pass


class LastRun(Generic[V]):
    """One value the last run of this ``serve`` left (a listing, the rules' results); None when there is none."""

    def __init__(self, name: str):
        self.name = name
        self._value: V | None = None
        _memos.append(self)  # type: ignore[arg-type]

    def previous(self) -> V | None:
        return self._value if _state["active"] else None

    def replace(self, value: V) -> None:
        if _state["active"]:
            self._value = value

    def clear(self) -> None:
        self._value = None

    def _turn(self) -> None:
        pass


def stamp(path: str) -> tuple[int, int] | None:
    """Size and modification time, or None when the file can't be read."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns)


MISSING = _MISSING
MANY_EDITS = 50
"""More entries edited at once than this (a git pull): ``serve`` works everything out afresh."""


def active() -> bool:
    return bool(_state["active"])


def fingerprint(*parts: bytes | str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode() if isinstance(part, str) else part)
        digest.update(b"\0")
    return digest.hexdigest()


@contextlib.contextmanager
def session(stamp: str) -> Iterator[None]:
    """Memos on for one pipeline run; all emptied first when ``stamp`` differs from the last run's."""
    if _state["active"]:  # nested run (a rule calling the pipeline): join the outer session
        yield
        return
    if stamp != _state["fingerprint"]:
        clear_all()
        _state["fingerprint"] = stamp
    for memo in _memos:
        memo._turn()
    _state["active"] = True
    try:
        yield
    except BaseException:
        clear_all()  # a run that failed half-way leaves nothing half-remembered
        _state["fingerprint"] = None
        raise
    finally:
        _state["active"] = False


def clear_all() -> None:
    for memo in _memos:
        memo.clear()
