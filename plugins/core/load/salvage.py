"""An entry with schema errors still goes through the rules, so one ``check`` shows every problem of its file.

Without this, a missing title or a date written 2024年3月5日 hid the file's other problems (a budget
table that does not add up, an unknown organ) until the first ones were fixed. The fields in error
are left out (an optional one takes its default; a required text gets a placeholder; a date the
message already shows corrected takes that value) and the rules' findings about those fields are
dropped: no follow-on error is invented. A required field other things depend on (``structural``:
organ, disclosure …) cannot be guessed: such an entry is not salvaged. Only files with errors get here.
"""

from __future__ import annotations

import datetime
import re
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from . import formats
from ..problems.diagnostics import Diagnostic
from .facts import facts_of

PLACEHOLDER = "（未填写）"
_ISO = re.compile(r"应写作 (\d{4}-\d{2}-\d{2})$")


def salvage(model: type[BaseModel], data: dict[str, Any], failed: set[str]) -> BaseModel | None:
    """The entry's meta with the ``failed`` top-level keys left out or stood in for; None when that cannot be done."""
    facts = facts_of(model)
    kept = {key: value for key, value in data.items() if key not in failed}
    for key in failed:
        info = model.model_fields.get(key)
        if info is None or not info.is_required():
            continue  # an unknown key (reported), or an optional field: its default
        repaired = _date(data.get(key)) if key in facts.dates else None
        if repaired is not None:
            kept[key] = repaired
        elif key not in facts.structural and _is_text(info.annotation):
            kept[key] = PLACEHOLDER
        else:
            return None
    try:
        return model.model_validate(kept)
    except ValidationError:
        return None


def _date(value: object) -> datetime.date | None:
    """The date a ``date-format`` message shows as the fix (``2024年3月5日`` → 2024-03-05)."""
    problem = formats.check_date(value) if value not in (None, "") else None
    match = _ISO.search(problem[2]) if problem else None
    return datetime.date.fromisoformat(match[1]) if match else None


def _is_text(annotation: Any) -> bool:
    if annotation is str:
        return True
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _is_text(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return any(_is_text(arg) for arg in typing.get_args(annotation))
    return False


def top_key(field: str) -> str:
    """``tables[0].rows`` → ``tables``."""
    return re.split(r"[.\[]", field, maxsplit=1)[0]


def keep(diagnostics: list[Diagnostic], incomplete: dict[str, frozenset[str]]) -> list[Diagnostic]:
    """The rules' diagnostics without those about a salvaged entry's fields in error (``incomplete``: file → keys)."""
    return [d for d in diagnostics if d.file not in incomplete or top_key(d.field) not in incomplete[d.file]]
