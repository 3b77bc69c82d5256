"""The catalog's home, the facet hubs and the paginated listings (raw HTML tables: no Markdown parsing per row)."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Collection, Iterable, Sequence
from typing import Any
from html import escape

from ..load.model import Entry
from ..wall.sanitize import markdown_text
from ..wall.view import PublicCatalog
from .crumbs import META_KEY, hub_trail, listing_trail, top_trail
from .dates import date_html
from .numbers import year
from .order import listing_slices, page_marks
from .page import Page, hold
from .site import Site
from .trees import hub_list, hub_order, topic_label
from .urls import CATALOG_ROOT, FACETS, archive_src, listing_src


PAGE_SIZE = 50

WIDE = {"hide": ["toc"]}
"""Page meta of listing pages: Material leaves out the (empty) page-contents sidebar, so the table gets its width."""


def facet_name(site: Site, facet: str, key: str) -> str:
    if facet == "kind":
        return site.kinds.name(key)
    if facet == "organ":
        return site.organ_name(key)
    if facet == "topic":
        return topic_label(site.topic_name(key))
    return year(key)


def card_table(
    caption: str, headings: Sequence[str], rows: Iterable[Sequence[str]], *, title: int = 0, css: str = "", labelled: Collection[str] | None = None
) -> str:
    """A listing table that reads as cards on a narrow screen (reflow.css): the ``title`` column on its own
    full-width lines, then the other fields in one wrapped line.

    The cells are HTML already escaped. Each cell carries its heading (``data-label``); on a card the
    headings in ``labelled`` (default: every one but the title) are shown before their values, the others
    are there for screen readers only (Chromium and Firefox keep a card's table semantics, Safari may not;
    explicit ARIA roles on a native table's rows are invalid HTML).
    """
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in headings)
    body = []
    for row in rows:
        cells = []
        for k, (heading, cell) in enumerate(zip(headings, row)):
            cls = ' class="gk-title"' if k == title else ' class="gk-lab"' if (labelled is None or heading in labelled) else ""
            cells.append(f'<td{cls} data-label="{escape(heading)}">{cell}</td>')
        body.append(f'<tr>{"".join(cells)}</tr>')
    classes = f"gk-listing gk-cards {css}".strip()
    return (
        f'<div class="gk-listing-wrap"><table class="{classes}">\n<caption>{escape(caption)}</caption>\n'
        f'<thead><tr>{head}</tr></thead>\n<tbody>{"".join(body)}</tbody>\n</table></div>\n'
    )


LISTING_HEADINGS = ("标题", "文号", "发布机构", "发布日期", "索引号")

_LONG_WORD = re.compile(r"[!-~]{16,}")
"""A run of ASCII letters, digits and signs long enough to leave a short line before it (a URL, a file name)."""


def title_html(title: str) -> str:
    """The escaped title, a long ASCII run in it marked so it may break anywhere (reflow.css): a browser
    otherwise moves a whole URL to the next line and leaves 关于公布 alone on the first."""
    out, at = [], 0
    for match in _LONG_WORD.finditer(title):
        out.append(escape(title[at : match.start()]))
        out.append(f'<span class="gk-long">{escape(match[0])}</span>')
        at = match.end()
    out.append(escape(title[at:]))
    return "".join(out)


def listing_table(entries: list[Entry], site: Site, src: str, caption: str) -> str:
    rows = []
    for entry in entries:
        meta = entry.meta
        href = escape(site.href(src, site.entry_src(entry)))
        tag = ' <span class="gk-tag">依申请公开</span>' if meta.disclosure == "依申请公开" else ""
        if meta.validity in ("失效", "废止"):
            tag += f' <span class="gk-tag gk-invalid">已{meta.validity}</span>'
        parts = (meta.index_no or "").split("/")  # each part unbroken in a table column (reflow.css), a break after the slash
        index_no = "<wbr>".join(f"<span>{escape(part)}{'/' if k < len(parts) - 1 else ''}</span>" for k, part in enumerate(parts))
        rows.append((
            f'<a href="{href}">{title_html(meta.title)}</a>{tag}',
            escape(meta.doc_no or ""),
            escape(site.organ_name(meta.organ)),
            date_html(meta.published),  # 原件未说明 for an undated archive entry (listed last)
            f'<span class="gk-index-no">{index_no}</span>',
        ))
    return card_table(caption, LISTING_HEADINGS, rows, labelled=("索引号",))


def page_numbers(page: int, pages: int) -> list[int | None]:
    """The numbers a pager shows: the first and last, two either side of the current page, and a round
    number every 10 / 100 … further out (None marks a gap), so any page is a few clicks away without JavaScript."""
    shown = {1, pages, *range(max(1, page - 2), min(pages, page + 2) + 1)}
    step = 10
    while step < pages:
        for n in (page - page % step, page - page % step + step, page - page % step - step):
            if 1 <= n <= pages:
                shown.add(n)
        step *= 10
    out: list[int | None] = []
    for n in sorted(shown):
        if out and out[-1] is not None and n - out[-1] > 1:
            out.append(None)
        out.append(n)
    return out


def pager(facet: str, key: str, page: int, pages: int, site: Site, src: str, *, where: str = "bottom", oldest_first: bool = False) -> str:
    """首页 / 上一页 / numbers / 下一页 / 末页 and a 跳转 form.

    ``oldest_first``: the pages are numbered from the oldest end (``archive_src``): 首页 is the newest
    page, numbered ``pages``, 末页 is page 1 and the numbers run down from left to right. Otherwise
    page 1 is the newest and the front. An older page of such a listing is made from ``older_pages``:
    it shows the numbers up to two above its own (``…`` for more) and its form does not say how many
    there are, so it stays as it is when a page is added at the newest end.

    gk-a11y.js shows the form and turns the number into that page's address; a static site cannot answer
    a query string, so without JavaScript the form stays hidden and the numbered links reach any page in a
    few steps.
    """
    if pages <= 1:
        return ""
    front, back, newer = (pages, 1, 1) if oldest_first else (1, pages, -1)
    older = oldest_first and page < pages
    top = min(pages, page + 2) if older else pages  # the highest number shown
    more = top < pages

    def href(n: int) -> str:
        target = archive_src(facet, key, n, pages) if oldest_first else listing_src(facet, key, n)
        return escape(site.href(src, target))

    def link(n: int, text: str, rel: str = "") -> str:
        if n == page:
            return f'<span class="gk-pager__off">{text}</span>'
        rel_attr = f' rel="{rel}"' if rel else ""
        return f'<a href="{href(n)}"{rel_attr}>{text}</a>'

    items = [link(front, "首页"), link(page + newer if page != front else page, "上一页", "prev")]
    numbers = [*page_numbers(page, top), *([None] if more else [])]
    for n in reversed(numbers) if oldest_first else numbers:
        if n is None:
            items.append('<span class="gk-pager__gap" aria-hidden="true">…</span>')
        elif n == page:
            items.append(f'<span aria-current="page"><span class="gk-sr">第 </span>{n}<span class="gk-sr"> 页（当前）</span></span>')
        else:
            items.append(f'<a href="{href(n)}" aria-label="第 {n} 页">{n}</a>')
    items += [link(page - newer if page != back else page, "下一页", "next"), link(back, "末页")]
    first = href(front)
    pattern = escape(site.href(src, listing_src(facet, key, 2)))  # any numbered page's address: the script puts the number in
    field = f"gk-jump-{where}"
    # an older page does not say how many pages there are: the script asks whether the page is there, else goes to the front
    count = "" if older else f' data-gk-front="{front}" data-gk-pages="{pages}"'
    most = "" if older else f' max="{pages}"'
    jump = (
        f'<form class="gk-jump" hidden action="{first}" method="get" data-gk-first="{first}"{count} data-gk-second="{pattern}">'
        f'<span class="gk-jump__field"><label for="{field}">跳转到第</label> <input id="{field}" name="page" type="number" inputmode="numeric" '
        f'min="1"{most} value="{page}" required> 页</span> <button type="submit">跳转</button></form>'
    )
    label = "分页（页首）" if where == "top" else "分页"
    return f'<nav class="gk-pager" aria-label="{label}"><div class="gk-pager__links">{" ".join(items)}</div>{jump}</nav>\n'


def older_pages(page: int, pages: int) -> int:
    """What an older page (``page < pages``) of a listing numbered from the oldest end knows of the page count:
    whether the pages above it are one, two or more. Its bytes depend on this, not on ``pages``."""
    return min(pages, page + 3)


def listing_pages(public: PublicCatalog, site: Site) -> Iterable[Page]:
    """Every facet's hub and listings. A key's listing is numbered from the oldest end (``archive_src``), its
    pages cut where the entries say (``order.listing_slices``): an entry added or deleted changes its own
    page and the front page (which says the total), and the older pages keep their number and bytes."""
    by = site.groups
    marks = page_marks(site.newest_first)
    for facet, label in FACETS.items():
        keyed = by[facet]
        ordered = hub_order(site, facet, keyed)
        hub_src = f"{CATALOG_ROOT}/{facet}/index.md"
        counts = tuple((key, len(keyed[key])) for key in ordered)
        yield from site.cached(hub_src, counts, functools.partial(_listed, facet_hub, site, facet, label, hub_src, counts))
        for key in ordered:
            entries = keyed[key]  # newest first
            total = len(entries)
            slices = listing_slices(entries, marks)
            pages = len(slices)
            name = facet_name(site, facet, key)
            for page, (start, end) in enumerate(slices, 1):
                src = archive_src(facet, key, page, pages)
                chunk = entries[start:end]
                # an older page shows neither the totals nor anything of the others' entries: it stays as it was
                front = page == pages
                known = pages if front else older_pages(page, pages)
                signature = (name, total if front else 0, known, tuple(chunk))
                yield from site.cached(src, signature, functools.partial(_listed, listing_page, site, facet, label, key, name, page, known, total, chunk))


def facet_hub(site: Site, facet: str, label: str, hub_src: str, counts: tuple[tuple[str, int], ...]) -> Page:
    """按类别浏览 …: every key of one facet with its count."""
    raw: list[str] = []
    md = f"# 按{label}浏览\n" + hold(raw, hub_list(site, facet, hub_src, counts))
    return Page(hub_src, md, {META_KEY: hub_trail(site, hub_src, facet)}, title=f"按{label}浏览", raw=raw)


def listing_page(site: Site, facet: str, label: str, key: str, name: str, page: int, pages: int, total: int, chunk: list[Entry]) -> Page:
    """One page of one facet key's listing, newest first; the front page (``page == pages``) says the totals,
    an older page gets ``older_pages`` for ``pages``."""
    src = archive_src(facet, key, page, pages)
    front = page == pages
    title = f"{label}：{name}" + ("" if front else f"（第 {page} 页）")
    raw: list[str] = []
    md = f"# {markdown_text(title)}\n" + hold(
        raw,
        (f'<p class="gk-total">共 {total} 条</p>\n' if front else "")
        + pager(facet, key, page, pages, site, src, where="top", oldest_first=True)
        + listing_table(chunk, site, src, f"{name}，第 {page} 页" + (f"（最新），共 {pages} 页" if front and pages > 1 else ""))
        + pager(facet, key, page, pages, site, src, oldest_first=True),
    )
    return Page(src, md, {**WIDE, META_KEY: listing_trail(site, src, facet, key, name, 0 if front else page)}, title=title, raw=raw)


def catalog_home(public: PublicCatalog, site: Site) -> Page:
    src = f"{CATALOG_ROOT}/index.md"
    by = site.groups
    kinds = "".join(
        f'<li><a href="{escape(site.href(src, listing_src("kind", k)))}">{escape(name)}</a> <span class="gk-count">（{len(by["kind"].get(k, []))} 条）</span></li>'
        for k, name in site.kinds.names.items()
        if k in by["kind"]
    )
    facets = "".join(
        f'<li><a href="{escape(site.href(src, f"{CATALOG_ROOT}/{facet}/index.md"))}">按{label}浏览</a></li>' for facet, label in FACETS.items()
    )
    latest = site.newest_first[:20]
    raw: list[str] = []
    md = "# 政府信息公开目录\n" + hold(
        raw,
        f"<p class=\"gk-total\">目录共收录公开信息 {len(public.entries)} 条。</p>\n"
        f'<h2 id="by-kind">信息类别</h2>\n<ul class="gk-facets">{kinds}</ul>\n'
        f'<h2 id="browse">浏览方式</h2>\n<ul class="gk-facets">{facets}</ul>\n'
        f'<h2 id="latest">最新发布</h2>\n' + listing_table(latest, site, src, "最新发布的 20 条信息"),
    )
    return Page(src, md, {**WIDE, META_KEY: top_trail(site, src, "政府信息公开目录")}, title="政府信息公开目录", raw=raw)


def _listed(make: Callable[..., Page], *args: Any) -> list[Page]:
    """``make(*args)`` as the one-page list ``Site.cached`` keeps (bound with partial: no loop variable read late)."""
    return [make(*args)]
