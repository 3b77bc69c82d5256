"""政策文件 pages: the 已废止/已失效 banner, what the policy repealed and its interpretations."""

from __future__ import annotations

from html import escape

from ...load.model import Entry
from ...load.schema import date_key
from ...pages.site import Site
from .model import meta_of


def validity_banner(entry: Entry, site: Site) -> str:
    """Right under the title: a reader cannot miss that a policy is expired or repealed, nor what replaced it."""
    meta = meta_of(entry)
    src = site.entry_src(entry)
    parts = []
    if meta.validity == "废止":
        when = f"于 {meta.repealed} " if meta.repealed else ""
        target = site.by_ref.get(meta.repealed_by or "")
        lines = [f"<p><strong>本文件已{when}废止</strong>，不再执行。</p>"]
        if target is not None:
            href = site.href(src, site.entry_src(target))
            doc_no = f"（{escape(target.meta.doc_no)}）" if target.meta.doc_no else ""
            lines.append(f'<p class="gk-replaced-by">废止依据：<a href="{href}">{escape(target.meta.title)}</a>{doc_no}</p>')
        if meta.repeal_reason:
            lines.append(f"<p>废止说明：{escape(meta.repeal_reason)}</p>")
        parts.append('<div class="admonition danger gk-validity gk-repealed" role="note"><p class="admonition-title">已废止</p>' + "".join(lines) + "</div>\n")
    elif meta.validity == "失效":
        when = f"于 {meta.expires} " if meta.expires else ""
        parts.append(
            '<div class="admonition warning gk-validity gk-expired" role="note"><p class="admonition-title">已失效</p>'
            f"<p><strong>本文件已{when}失效</strong>（有效期届满），仅供查阅。</p></div>\n"
        )
    return "".join(parts)


def render_policy(entry: Entry, site: Site) -> str:
    """What this policy repealed, and its interpretations (谁起草谁解读)."""
    src = site.entry_src(entry)
    parts = []
    replaces = site.replaced.get(entry.ref, [])
    if replaces:
        items = "".join(
            f'<li><a href="{site.href(src, site.entry_src(old))}">{escape(old.meta.title)}</a>'
            + (f"（{escape(old.meta.doc_no)}）" if old.meta.doc_no else "") + "</li>"
            for old in sorted(replaces, key=lambda e: date_key(e.meta.published))
        )
        parts.append(f'<div class="gk-replaces"><p>本文件施行后，下列文件同时废止：</p><ul>{items}</ul></div>\n')
    readings = sorted(site.interpretations.get(entry.ref, []), key=lambda e: (date_key(e.meta.published), e.meta.title))
    if readings:
        items = "".join(
            f'<li><span class="gk-tag">{escape(getattr(r.meta, "form", "") or "解读")}</span> '
            f'<a href="{site.href(src, site.entry_src(r))}">{escape(r.meta.title)}</a></li>'
            for r in readings
        )
        parts.append(f'<div class="gk-readings"><p><strong>政策解读：</strong></p><ul>{items}</ul></div>\n')
    return "".join(parts)
