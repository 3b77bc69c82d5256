"""部门预算 and 部门决算: the standard tables, their sums, and the “三公” figures they repeat.

One package for both kinds: they share the model, the checks (``budget_rules``
covers both) and the page; they differ in name and in the year a new one is for.
"""

from __future__ import annotations

import datetime

from ...load.kind import Kind
from . import classes, codes, narrative, page, rules, skeleton
from ..narrative.codes import SECTION as NARRATIVE
from .intake import intake_for
from .model import Budget, FinalAccount

COLUMNS = ("fiscal_year", "approved", "tables", "tables_in_attachment")

BUDGET = Kind(
    code="budget",
    name="部门预算",
    model=Budget,
    rules=(*rules.RULES, classes.class_rules, narrative.narrative_rules),
    codes=(codes.SECTION, NARRATIVE),
    section=page.render,
    body_first=True,  # 概况、说明、名词解释 (the body) before the nine tables
    note_places=("tables[",),
    downloads=page.table_files,
    export_columns=COLUMNS,
    skeleton={"tables": lambda: skeleton.skeleton("budget")},
    intake=intake_for("budget"),
)

FINAL_ACCOUNT = Kind(
    code="final_account",
    name="部门决算",
    model=FinalAccount,
    codes=(codes.SECTION, NARRATIVE),
    section=page.render,
    body_first=True,  # 概况、说明、名词解释 (the body) before the nine tables
    note_places=("tables[",),
    downloads=page.table_files,
    export_columns=COLUMNS,
    intake=intake_for("final_account"),
    skeleton={
        "tables": lambda: skeleton.skeleton("final_account"),
        "fiscal_year": lambda: f"fiscal_year: {datetime.date.today().year - 1}  # 预决算年度（必填）：决算所属年度",
    },
)
