"""政府采购: notices chained by 项目编号, project pages and their OCDS files."""

from __future__ import annotations

from ...load.kind import Kind
from . import codes, intake, ocds_settings, page, rules, search
from .model import Procurement


KIND = Kind(
    code="procurement",
    name="政府采购",
    model=Procurement,
    rules=tuple(rules.RULES),
    codes=(codes.SECTION,),
    banner=page.correction_banner,
    section=page.render_procurement,
    search_text=search.search_text,
    pages=page.projects_pages,
    intake=intake.intake,
    depends=page.depends,
    site_problems=ocds_settings.settings_problems,
    export_columns=(
        "project_no", "project_name", "notice_type", "method", "category", "budget_amount", "max_price", "purchaser", "agency",
        "requirement", "planned", "deadline", "suppliers", "contract_no", "decided", "signed", "corrects", "reason",
        "earlier_notice",
    ),
)
