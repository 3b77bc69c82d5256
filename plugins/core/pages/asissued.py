"""原文如此 notes on an entry's page: a finding the office checked against the original, published as issued.

The notes come from the public view (``PublicCatalog.as_issued``, set only for entries shown in full);
a kind's section places those about its parts beside them (``Kind.note_places``), the entry page the rest.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from ..wall.notes import Note
from ..problems.detectors import scrub
from .site import Site


def notes_of(site: Site, source: str) -> list[Note]:
    public = getattr(site, "public", None)  # a kind's section may be rendered with a stand-in site (search text, review)
    return getattr(public, "as_issued", {}).get(source, [])


def notes_html(notes: Iterable[Note], *, anchor: str = "") -> str:
    """One 原文如此 box; empty when there is no note."""
    items = []
    for note in notes:
        text = scrub(note.text) if note.text else "此处与原件一致"
        items.append(f"<li>{escape(text)}<br><strong>核实说明：</strong>{escape(scrub(note.reason))}"
                     f'（<time datetime="{note.checked_on.isoformat()}">{note.checked_on.isoformat()}</time> 核实）</li>')
    if not items:
        return ""
    ident = f' id="{escape(anchor)}"' if anchor else ""
    return (f'<div class="admonition note gk-as-issued"{ident}><p class="admonition-title">原文如此</p>'
            "<p>以下是原件印发时就有的情况，已与原件核实，按原样公开：</p>"
            f'<ul>{"".join(items)}</ul></div>\n')


def placed(note: Note, places: tuple[str, ...]) -> bool:
    """Whether the kind's section shows this note beside one of its parts."""
    return any(note.field.startswith(prefix) for prefix in places)
