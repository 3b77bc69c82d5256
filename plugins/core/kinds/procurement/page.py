"""政府采购 pages: project pages and index, notice banners and sections, OCDS files."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import Any

from ...load.model import Entry
from ...pages.listings import PAGE_SIZE, WIDE, card_table, pager
from ...pages import crumbs
from ...pages.page import Page, hold
from ...load.schema import date_key
from ...pages.dates import date_html, date_text
from ...pages.site import Site
from ...pages.urls import listing_src
from ...wall.sanitize import markdown_text
from ...wall.view import PublicCatalog
from . import ocds
from .projects import Project, _purchaser, project_src, projects_src, site_projects
from ...pages.numbers import amount
from .rules import LABELS, RESULT_TYPES, _type
from .model import meta_of


def _project_signature(project: Project, site: Site) -> tuple[Any, ...]:
    """A project page reads its notices, what corrects them and what they correct."""
    if site.memo is None:
        return ()
    corrected = tuple(site.by_ref.get(meta_of(n).corrects or "") for n in project.notices)
    return (tuple(project.notices), tuple((k, tuple(v)) for k, v in project.corrected_by.items()), corrected)


def project_page(project: Project, site: Site) -> Page:
    src = project_src(project.project_no)
    first = project.notices[0]
    facts = [
        ("项目编号", escape(project.project_no)),
        ("项目名称", escape(project.name)),
        ("采购人", escape(project.latest("purchaser") or _purchaser(first, site))),
    ]
    for key in ("agency", "method"):
        value = project.latest(key)
        if value:
            facts.append((LABELS[key], escape(str(value))))
    budget = project.latest("budget_amount")
    if budget:
        facts.append((LABELS["budget_amount"], amount(budget)))
    facts.append(("当前进度", escape(project.stage)))
    rows = "".join(f'<tr><th scope="row">{k}</th><td>{v}</td></tr>' for k, v in facts)
    timeline = []
    for entry in project.notices:
        meta = meta_of(entry)
        href = site.href(src, site.entry_src(entry))
        notes = []
        target = site.by_ref.get(meta.corrects or "")
        if target is not None:
            notes.append(f'更正 <a href="{site.href(src, site.entry_src(target))}">{escape(target.meta.title)}</a>')
        if project.corrected_by.get(entry.ref):
            notes.append('<span class="gk-tag gk-invalid">已更正</span>')
        if meta.disclosure == "依申请公开":
            notes.append('<span class="gk-tag">依申请公开</span>')
        timeline.append((
            date_html(meta.published), escape(_type(entry)),
            f'<a href="{href}">{escape(meta.title)}</a>', " ".join(notes),
        ))
    winners = _winners(project)
    md = [f"# {markdown_text(project.name)}\n",
          f'<table class="gk-meta">\n<caption>采购项目信息</caption>\n<tbody>{rows}</tbody>\n</table>\n',
          '<h2 id="notices">项目公告（按发布日期）</h2>\n',
          card_table(f"项目 {project.project_no} 的全部公告，共 {len(project.notices)} 条", ("发布日期", "公告类型", "标题", "说明"),
                     timeline, title=2, css="gk-project-notices")]
    if winners:
        md.append('<h2 id="suppliers">中标（成交）及合同供应商</h2>\n' + suppliers_table(winners, "供应商及金额（元）"))
    if ocds.exportable(project):
        md.append(
            '<h2 id="data">开放数据</h2>\n<p>本项目按开放合同数据标准（OCDS 1.1）提供：'
            f'<a href="{ocds.file_href(site, src, ocds.release_package_src(project.project_no))}" download>发布包（releases）</a>、'
            f'<a href="{ocds.file_href(site, src, ocds.record_package_src(project.project_no))}" download>记录包（record）</a>。</p>\n'
        )
    md.append(f'<p><a href="{site.href(src, projects_src())}">全部采购项目</a></p>\n')
    page_meta = {
        "description": escape(f"采购项目 {project.project_no}：{project.name}"),  # printed into an attribute as it is
        crumbs.META_KEY: crumbs.trail(site, src, [*_trail_head(site), ("政府采购项目", projects_src()), (project.name, None)]),
    }
    raw: list[str] = []  # the generated HTML is held away from Markdown: editors' values inside stay text
    return Page(src, md[0] + hold(raw, "".join(md[1:])), page_meta, project.name, raw)


def _winners(project: Project) -> list[tuple[str, Any]]:
    """Suppliers of the latest result and contract notices (after corrections)."""
    out = []
    for notice_type in (RESULT_TYPES, ("合同公告",)):
        latest = [n for n in project.notices if _type(n) in notice_type and n.meta.disclosure == "主动公开"]
        if latest:
            entry = latest[-1]
            out += [(_type(entry), s) for s in meta_of(entry).suppliers]
    return out


def suppliers_table(rows: list[tuple[str, Any]], caption: str) -> str:
    body = [
        (escape(why), escape(s.name), escape(s.uscc or ""), escape(s.lot or ""), amount(s.amount) if s.amount is not None else "")
        for why, s in rows
    ]
    return card_table(caption, ("公告", "供应商", "统一社会信用代码", "包号", "金额（元）"), body, title=1, css="gk-suppliers")


def projects_index_page(site: Site, page: int, pages: int, total: int, chunk: list[Project]) -> Page:
    """One page of 政府采购项目: the projects with their latest notice first."""
    src = projects_src(page)
    rows = [
        (escape(p.project_no), f'<a href="{site.href(src, project_src(p.project_no))}">{escape(p.name)}</a>', escape(p.stage), str(len(p.notices)),
         date_html(p.notices[-1].meta.published))
        for p in chunk
    ]
    title = "政府采购项目" + (f"（第 {page} 页）" if page > 1 else "")
    raw: list[str] = []
    md = f"# {title}\n" + hold(
        raw,
        f"<p class=\"gk-total\">共 {total} 个项目</p>\n"
        + pager("procurement", "projects", page, pages, site, src, where="top")
        + card_table(f"采购项目，第 {page} 页，共 {pages} 页", ("项目编号", "项目名称", "当前进度", "公告数", "最近发布"), rows, title=1)
        + pager("procurement", "projects", page, pages, site, src),
    )
    steps = [*_trail_head(site), ("政府采购项目", projects_src()), (f"第{page}页", None)] if page > 1 else [*_trail_head(site), ("政府采购项目", None)]
    return Page(src, md, {**WIDE, crumbs.META_KEY: crumbs.trail(site, src, steps)}, title=title, raw=raw)


def _trail_head(site: Site) -> list[tuple[str, str | None]]:
    """当前位置 of the project pages: 首页 › 政府信息公开 › 政府采购."""
    return [("首页", crumbs.HOME), (crumbs.CATALOG_LABEL, crumbs.CATALOG), (site.kinds.name("procurement"), listing_src("kind", "procurement"))]


def projects_pages(public: PublicCatalog, site: Site) -> Iterable[Page]:
    """A page per project, an index of all projects, and the OCDS files (kept whole in ``serve`` while no notice was edited)."""
    return site.cached_group("procurement", ("procurement",), lambda: _projects_pages(public, site))


def _projects_pages(public: PublicCatalog, site: Site) -> Iterable[Page]:
    projects = site_projects(site)
    if not projects:
        return
    for project in projects.values():
        yield from site.cached(("project", project.project_no), _project_signature(project, site), lambda: [project_page(project, site)])  # noqa: B023  (made at once: site.cached calls it before the loop moves on)
    ordered = sorted(projects.values(), key=lambda p: (date_key(p.notices[-1].meta.published), p.project_no), reverse=True)
    pages = max(1, -(-len(ordered) // PAGE_SIZE))
    for page in range(1, pages + 1):
        chunk = ordered[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
        signature = (len(ordered), pages, tuple(tuple(p.notices) for p in chunk)) if site.memo is not None else ()
        yield from site.cached(projects_src(page), signature, lambda: [projects_index_page(site, page, pages, len(ordered), chunk)])  # noqa: B023  (made at once, as above)
    yield from ocds.export_pages(projects.values(), site)




# --- notice pages ------------------------------------------------------------


def correction_banner(entry: Entry, site: Site) -> str:
    """Right under the title: this notice was corrected, read the correction."""
    src = site.entry_src(entry)
    project = site_projects(site).get(meta_of(entry).project_no)
    parts = []
    for later in (project.corrected_by.get(entry.ref, []) if project else []):
        parts.append(
            '<div class="admonition warning gk-corrected" role="note"><p class="admonition-title">本公告已更正</p>'
            f'<p>请以更正公告为准：<a href="{site.href(src, site.entry_src(later))}">{escape(later.meta.title)}</a>'
            f"（{date_text(later.meta.published)}）</p></div>\n"
        )
    return "".join(parts)


def render_procurement(entry: Entry, site: Site) -> str:
    """Link the notice to its project and the notice it corrects; show the suppliers."""
    src = site.entry_src(entry)
    project = site_projects(site).get(meta_of(entry).project_no)
    parts = []
    target = site.by_ref.get(meta_of(entry).corrects or "")
    if target is not None:
        parts.append(f'<p class="gk-corrects">本公告更正：<a href="{site.href(src, site.entry_src(target))}">{escape(target.meta.title)}</a>（{date_text(target.meta.published)}）</p>\n')
    if project is not None:
        parts.append(
            f'<p class="gk-project">所属采购项目：<a href="{site.href(src, project_src(project.project_no))}">{escape(project.name)}</a>'
            f"（项目编号 {escape(project.project_no)}，共 {len(project.notices)} 条公告）"
            f' · <a href="{site.href(src, projects_src())}">全部采购项目</a></p>\n'
        )
    suppliers = meta_of(entry).suppliers
    if suppliers:
        parts.append(suppliers_table([(_type(entry), s) for s in suppliers], "供应商"))
    return "".join(parts)


def depends(entry: Entry, site: Site) -> tuple[Any, ...]:
    """A notice page shows its project (name, notice count) and the notices that correct it."""
    project = site_projects(site).get(meta_of(entry).project_no)
    if project is None:
        return ()
    return (tuple(project.notices), tuple(project.corrected_by.get(entry.ref, ())))
