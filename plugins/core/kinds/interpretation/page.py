"""政策解读 pages: the interpreted policy named at the top."""

from __future__ import annotations

from html import escape

from ...load.model import Entry
from ...pages.site import Site
from .model import meta_of


def render_interpretation(entry: Entry, site: Site) -> str:
    """Name the interpreted policy at the top, with its 文号 and validity."""
    policy = site.by_ref.get(meta_of(entry).interprets)
    if policy is None:
        return ""
    src = site.entry_src(entry)
    href = site.href(src, site.entry_src(policy))
    doc_no = f"（{escape(policy.meta.doc_no)}）" if policy.meta.doc_no else ""
    state = ""
    if policy.meta.validity in ("失效", "废止"):
        state = f' <span class="gk-tag gk-invalid">已{escape(policy.meta.validity)}</span>'
    form = escape(meta_of(entry).form)
    return (
        f'<div class="gk-interprets"><p><span class="gk-tag">{form}</span> 本文解读：'
        f'<a href="{href}">{escape(policy.meta.title)}</a>{doc_no}{state}</p></div>\n'
    )
