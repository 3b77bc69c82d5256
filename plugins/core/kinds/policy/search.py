"""The words of a policy's page section for the search index, without making its HTML.

The same words, in the same order and spacing, as ``page.render_policy`` read
through ``plain_text``: escaped here as there, so the index is byte-identical.
"""

from __future__ import annotations

from html import escape

from ...load.model import Entry
from ...load.schema import date_key
from ...pages.site import Site
from ...search.documents import plain_text


def search_text(entry: Entry, site: Site) -> str:
    """What the policy repealed, and its interpretations (each tag of the HTML is a space)."""
    words = []
    replaces = site.replaced.get(entry.ref, [])
    if replaces:
        words.append("本文件施行后，下列文件同时废止：")
        for old in sorted(replaces, key=lambda e: date_key(e.meta.published)):
            words.append(escape(old.meta.title))
            if old.meta.doc_no:
                words.append(f"（{escape(old.meta.doc_no)}）")
    readings = site.interpretations.get(entry.ref, [])
    if readings:
        words.append("政策解读：")
        for r in sorted(readings, key=lambda e: (date_key(e.meta.published), e.meta.title)):
            words += [escape(getattr(r.meta, "form", "") or "解读"), escape(r.meta.title)]
    return plain_text(" ".join(words)) if words else ""
