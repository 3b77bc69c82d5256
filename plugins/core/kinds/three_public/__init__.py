"""“三公”经费: the three items add up, and a change from last year is explained."""

from __future__ import annotations

from ...load.kind import Kind
from . import codes, intake, narrative, page, rules
from ..narrative.codes import SECTION as NARRATIVE
from .model import ThreePublic

KIND = Kind(
    code="three_public",
    name="“三公”经费",
    model=ThreePublic,
    rules=(*rules.RULES, narrative.narrative_rules),
    codes=(codes.SECTION, NARRATIVE),
    section=page.render,
    downloads=page.files,
    depends=page.depends,
    export_columns=(
        "fiscal_year", "stage", "scope", "unit",
        "outbound.amount", "outbound.groups", "outbound.people",
        "vehicles.amount", "vehicles.purchase", "vehicles.operation", "vehicles.purchased", "vehicles.fleet",
        "reception.amount", "reception.batches", "reception.people",
        "total", "change_rate", "change_reason",
    ),
    intake=intake.intake,
)
