"""A 发布日期 or 成文日期 as a page shows it: a ``<time>``, or 原件未说明 where the document (or the old
system an archive entry came from) gives none. One place, so no page prints ``未说明`` as if it were a date
or puts it in a ``datetime`` attribute. No MkDocs here."""

from __future__ import annotations

import datetime

from ..load.schema import SHOWN_NOT_STATED


def date_text(value: datetime.date | str | None) -> str:
    """``2024-06-03``, or 原件未说明 for an undated entry (text in a sentence, e.g. “（2024-06-03）”)."""
    return value.isoformat() if isinstance(value, datetime.date) else SHOWN_NOT_STATED


def date_html(value: datetime.date | str | None) -> str:
    """A ``<time>`` a browser and a crawler read as a date; 原件未说明 in the not-stated style where there is none."""
    if isinstance(value, datetime.date):
        return f'<time datetime="{value.isoformat()}">{value.isoformat()}</time>'
    return f'<span class="gk-not-stated">{SHOWN_NOT_STATED}</span>'
