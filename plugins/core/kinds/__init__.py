"""Rules for each kind of entry (budgets, “三公”, procurement …). No MkDocs here.

Each module exposes ``RULES``: functions ``(catalog) -> Iterable[Diagnostic]``.
"""

from __future__ import annotations

from ..check.rules import Rule

KIND_RULES: list[Rule] = []

from . import consultation, interpretation, policy, procurement  # noqa: E402  (they also register renderers)

KIND_RULES += policy.RULES + interpretation.RULES + procurement.RULES + consultation.RULES

from . import annual_report, budget, three_public  # noqa: E402
from ..pages.render import KIND_DEPENDENCIES, KIND_RENDERERS  # noqa: E402
from ..outputs.downloads import FILE_MAKERS  # noqa: E402

KIND_RULES += budget.RULES + three_public.RULES + annual_report.RULES
for _module in (budget, three_public, annual_report):
    KIND_RENDERERS.update(_module.RENDERERS)
    FILE_MAKERS.update(_module.FILES)
    KIND_DEPENDENCIES.update(getattr(_module, "DEPENDENCIES", {}))

import datetime as _date  # noqa: E402

from ..scaffold import SKELETONS  # noqa: E402

SKELETONS[("budget", "tables")] = lambda: budget.skeleton("budget")
SKELETONS[("final_account", "tables")] = lambda: budget.skeleton("final_account")
SKELETONS[("final_account", "fiscal_year")] = lambda: f"fiscal_year: {_date.date.today().year - 1}  # 预决算年度（必填）：决算所属年度"
SKELETONS[("annual_report", "report_year")] = annual_report.skeleton_year
SKELETONS[("annual_report", "proactive")] = annual_report.skeleton_tables
SKELETONS[("annual_report", "requests")] = lambda: ""
SKELETONS[("annual_report", "review_litigation")] = lambda: ""
