"""The words of a procurement notice's page section for the search index, without making its HTML.

The same words, in the same order and spacing, as ``page.render_procurement``
read through ``plain_text``: escaped here as there, so the index is byte-identical.
"""

from __future__ import annotations

from html import escape

from ...load.model import Entry
from ...pages.dates import date_text
from ...pages.site import Site
from ...search.documents import plain_text
from .model import meta_of
from .projects import site_projects
from .rules import _money, _type

SUPPLIER_HEADINGS = ("供应商", "公告", "供应商", "统一社会信用代码", "包号", "金额（元）")
"""The caption and column headings of the suppliers table."""


def search_text(entry: Entry, site: Site) -> str:
    """The corrected notice, the project and the suppliers (each tag of the HTML is a space)."""
    meta = meta_of(entry)
    words = []
    target = site.by_ref.get(meta.corrects or "")
    if target is not None:
        words += ["本公告更正：", escape(target.meta.title), f"（{date_text(target.meta.published)}）"]
    project = site_projects(site).get(meta.project_no)
    if project is not None:
        words += ["所属采购项目：", escape(project.name), f"（项目编号 {escape(project.project_no)}，共 {len(project.notices)} 条公告）", "·", "全部采购项目"]
    if meta.suppliers:
        words += SUPPLIER_HEADINGS
        why = escape(_type(entry))
        for s in meta.suppliers:
            words += [why, escape(s.name), escape(s.uscc or ""), escape(s.lot or ""), _money(s.amount) if s.amount is not None else ""]
    return plain_text(" ".join(words)) if words else ""
