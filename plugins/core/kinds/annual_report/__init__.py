"""政府信息公开工作年度报告: the national tables, checked against what the catalog itself knows."""

from __future__ import annotations

from ...load.kind import Kind
from . import codes, narrative, page, rules, skeleton
from ..narrative.codes import SECTION as NARRATIVE
from .model import AnnualReport

KIND = Kind(
    code="annual_report",
    name="政府信息公开工作年度报告",
    model=AnnualReport,
    rules=(*rules.RULES, narrative.narrative_rules),
    codes=(codes.SECTION, NARRATIVE),
    section=page.render,
    downloads=page.files,
    export_columns=("report_year", "report_scope", "report_format", "proactive", "requests", "review_litigation", "withheld"),
    skeleton={
        "report_year": skeleton.skeleton_year,
        "proactive": skeleton.skeleton_tables,
        "requests": lambda: "",
        "review_litigation": lambda: "",
    },
)
