"""原文如此 notes as the public reads them: the wall decides what of a finding and its record reaches a page.

A note quotes a finding (``check/asissued.py``) and the reason of the record that covers it. Both were
written for the office, not for the public: a finding about a public entry may speak of a second,
non-public one (a withheld document with the same 文号, an 依申请公开 entry's total, a withheld notice's
budget), or quote a figure the negative list cut from the page; a reason may name a withheld document.
So a note keeps the quote only when it says nothing of the kind, and the reason loses what a public log
would lose (``logview``: the names of non-public entries, the negative list's redact patterns).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..check.asissued import Acknowledged
from ..check.rules import NON_PUBLIC_MARKS
from ..load.model import Catalog, Entry
from ..problems.diagnostics import Diagnostic
from .logview import LogView, _redacted_part, log_view

REASON_HIDDEN = "核实说明提到不公开的内容，不在网站显示"


@dataclass(frozen=True)
class Note:
    """A 原文如此 note for an entry's page: plain text, escaped where it lands."""

    field: str
    """The field path of the finding (``tables[2].rows[0].values[0]``), for placing it beside its table."""
    label: str
    text: str
    """The finding's Chinese text; empty when it would quote anything the page does not show."""
    reason: str
    checked_on: datetime.date


def public_notes(acknowledged: list[Acknowledged], entries: Iterable[Entry], catalog: Catalog,
                 diagnostics: list[Diagnostic], private_dirs: tuple[Any, ...] = ()) -> dict[str, list[Note]]:
    """Entry source → its notes, for the entries the public view shows in full (主动公开) only.

    ``entries``: the public view's entries (after the wall). An entry the wall withholds or shows as
    依申请公开 gets no note. The quote is dropped where the wall redacted anything of the entry (a finding
    may quote any field: 最高限价 against a redacted 预算金额) or where it speaks of a non-public entry.
    """
    if not acknowledged:
        return {}
    shown = {entry.source: entry for entry in entries if entry.meta.disclosure == "主动公开"}
    view = log_view(catalog, diagnostics, public=True, private_dirs=tuple(str(d) for d in private_dirs))
    notes: dict[str, list[Note]] = {}
    for item in acknowledged:
        d = item.diagnostic
        entry = shown.get(d.file)
        if entry is None:
            continue
        quote = "" if entry.redactions or _speaks_of_others(d.message, view) else d.message
        notes.setdefault(d.file, []).append(Note(d.field, d.label, quote, _reason(item.record.reason, view), item.record.checked_on))
    return notes


def _speaks_of_others(text: str, view: LogView) -> bool:
    return any(mark in text for mark in NON_PUBLIC_MARKS) or (view.secrets is not None and view.secrets.search(text))


def _reason(text: str, view: LogView) -> str:
    if _speaks_of_others(text, view):
        return REASON_HIDDEN
    for pattern in view.redact:
        text = pattern.sub(_redacted_part, text)
    return text
