"""政府采购: notices chained by 项目编号, project pages and their OCDS files."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ...load.kind import Kind
from . import codes, page, rules, search
from .model import Procurement
from .page import _projects_pages

if TYPE_CHECKING:
    from ...pages.page import Page
    from ...pages.site import Site
    from ...wall.view import PublicCatalog


def projects_pages(public: PublicCatalog, site: Site) -> Iterable[Page]:
    """A page per project, an index of all projects, and the OCDS files (kept whole in ``serve`` while no notice was edited)."""
    return site.cached_group("procurement", ("procurement",), lambda: _projects_pages(public, site))


KIND = Kind(
    code="procurement",
    name="政府采购",
    model=Procurement,
    rules=tuple(rules.RULES),
    codes=(codes.SECTION,),
    banner=page.correction_banner,
    section=page.render_procurement,
    search_text=search.search_text,
    pages=projects_pages,
    depends=page.depends,
    export_columns=(
        "project_no", "project_name", "notice_type", "method", "budget_amount", "max_price", "purchaser", "agency",
        "requirement", "planned", "deadline", "suppliers", "contract_no", "decided", "signed", "corrects", "reason",
        "earlier_notice",
    ),
)
