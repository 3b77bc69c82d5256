"""The mark an importer leaves where it could not read a value: ``待补：<where in the source>``.

An imported entry must never hold an invented value, so an unread cell or field is written as
this mark; the loader reports each one as ``import-unfilled`` (an error: the entry is not
publishable until a person fills it from the original).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

MARK = "待补："


def unfilled(place: str) -> str:
    """The value written where ``place`` in the source could not be read."""
    return f"{MARK}{place}"


def is_unfilled(value: object) -> bool:
    return isinstance(value, str) and value.startswith(MARK)


def marks(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    """(key path, place) of every mark in an entry's data, in document order."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from marks(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from marks(value, (*path, i))
    elif is_unfilled(data):
        yield path, data[len(MARK):].strip()
