"""征求意见 on its page: the status and period at the top, how to comment, the basis, what came of it.

Links to the outside are ``rel="nofollow noopener"``; e-mail is a mailto link; every value is
escaped. Only a 主动公开 consultation shows any of it (依申请公开: the catalog row only). No MkDocs here.
"""

from __future__ import annotations

import datetime
from html import escape
from urllib.parse import quote

from ...load.model import Entry
from ...pages.page import markdown_block
from ...pages.site import Site
from ...search.documents import plain_text
from .model import Channels, Consultation, meta_of
from .rules import EMAIL, URL


def status_of(meta: Consultation, today: datetime.date | None = None) -> str:
    """The stated status, else the one the dates and the 采纳情况 tell."""
    if meta.status:
        return meta.status
    if meta.adoption is not None:
        return "已反馈"
    today = today or datetime.date.today()
    if today < meta.start:
        return "尚未开始"
    return "征求意见中" if today <= meta.end else "已结束"


def _paragraphs(text: str) -> str:
    return "".join(f"<p>{escape(part.strip())}</p>" for part in text.split("\n\n") if part.strip())


def _channels(meta: Consultation) -> str:
    ways = meta.comment or Channels()
    items = []
    if ways.url:
        shown = escape(ways.url)
        link = f'<a href="{shown}" rel="nofollow noopener">{shown}</a>' if URL.fullmatch(ways.url) else shown
        items.append(f"<li>在线提交：{link}</li>")
    if ways.email:
        shown = escape(ways.email)
        link = f'<a href="mailto:{escape(quote(ways.email, safe="@.+-_"))}">{shown}</a>' if EMAIL.fullmatch(ways.email) else shown
        items.append(f"<li>电子邮件：{link}</li>")
    if ways.address:
        items.append(f"<li>通信地址：{escape(ways.address)}</li>")
    return f'<ul class="gk-channels">{"".join(items)}</ul>' if items else ""


def banner(entry: Entry, site: Site) -> str:
    """Under the title: whether the public can still comment, and until when."""
    meta = meta_of(entry)
    if meta.disclosure != "主动公开":
        return ""
    status = status_of(meta)
    days = (meta.end - meta.start).days + 1
    period = f'<time datetime="{meta.start.isoformat()}">{meta.start.isoformat()}</time> 至 <time datetime="{meta.end.isoformat()}">{meta.end.isoformat()}</time>（{days}日）'
    tone = "info" if status in ("征求意见中", "尚未开始") else "note"
    return (
        f'<div class="admonition {tone} gk-consultation" role="note"><p class="admonition-title">{escape(status)}</p>'
        f"<p>征求意见期限：{period}</p></div>\n"
    )


def section(entry: Entry, site: Site) -> str:
    """How to comment, the 起草说明 and 依据, and afterwards the 采纳情况 and the policy it became.

    The period and a reason for a shorter one are metadata rows (and the banner), not repeated here.
    """
    meta = meta_of(entry)
    src = site.entry_src(entry)
    parts = ['\n<h2 id="consultation">征求意见</h2>\n']
    organ = meta.decision_organ or meta.organ
    parts.append(f'<p class="gk-decision-organ">决策机关：{escape(site.organ_name(organ))}</p>\n')
    ways = _channels(meta)
    if ways:
        parts.append(f'<div class="gk-how-to-comment"><p><strong>意见反馈方式：</strong></p>{ways}</div>\n')
    if (meta.basis or "").strip():
        parts.append('\n<h3 id="basis">起草说明和决策依据</h3>\n')
        parts.append("\n" + markdown_block((meta.basis or "").strip(), "gk-basis") + "\n")
    done = meta.adoption
    target = site.by_ref.get(meta.resulted_in or "")
    if done is not None or target is not None:
        parts.append('\n<h3 id="adoption">意见收集和采纳情况</h3>\n')
    if done is not None:
        counts = []
        if done.received is not None:
            counts.append(f"收到意见 {done.received} 条")
        if done.adopted is not None:
            counts.append(f"采纳 {done.adopted} 条")
        if counts:
            parts.append(f'<p class="gk-adoption-counts">{"，".join(counts)}。</p>\n')
        if done.text:
            parts.append(f'<div class="gk-adoption">{_paragraphs(done.text)}</div>\n')
        if done.released:
            parts.append(f'<p>公布日期：<time datetime="{done.released.isoformat()}">{done.released.isoformat()}</time></p>\n')
    if target is not None:
        doc_no = f"（{escape(target.meta.doc_no)}）" if target.meta.doc_no else ""
        href = site.href(src, site.entry_src(target))
        parts.append(f'<p class="gk-resulted-in">形成的政策文件：<a href="{escape(href)}">{escape(target.meta.title)}</a>{doc_no}</p>\n')
    return "".join(parts)


def search_text(entry: Entry, site: Site) -> str:
    """The words ``section`` shows, in its order, without making the HTML (the search index is the same either way)."""
    meta = meta_of(entry)
    ways, done = meta.comment or Channels(), meta.adoption
    words = ["征求意见", "决策机关：" + escape(site.organ_name(meta.decision_organ or meta.organ))]
    linked = {"在线提交：": URL, "电子邮件：": EMAIL}  # a link on the page: its tag is a space in the words
    channels = [
        what + (" " if what in linked and linked[what].fullmatch(value) else "") + escape(value)
        for what, value in (("在线提交：", ways.url), ("电子邮件：", ways.email), ("通信地址：", ways.address)) if value
    ]
    if channels:
        words += ["意见反馈方式：", *channels]
    if (meta.basis or "").strip():
        words += ["起草说明和决策依据", "\n" + (meta.basis or "").strip() + "\n"]  # Markdown, as the page's block
    target = site.by_ref.get(meta.resulted_in or "")
    if done is not None or target is not None:
        words.append("意见收集和采纳情况")
    if done is not None:
        counts = [f"收到意见 {done.received} 条"] if done.received is not None else []
        counts += [f"采纳 {done.adopted} 条"] if done.adopted is not None else []
        if counts:
            words.append("，".join(counts) + "。")
        words += [escape(part.strip()) for part in (done.text or "").split("\n\n") if part.strip()]
        if done.released:
            words.append(f"公布日期： {done.released.isoformat()}")
    if target is not None:
        doc_no = f"（{escape(target.meta.doc_no)}）" if target.meta.doc_no else ""
        words.append(f"形成的政策文件： {escape(target.meta.title)} {doc_no}")
    return plain_text(" ".join(words))
