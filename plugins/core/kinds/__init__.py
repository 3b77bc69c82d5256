"""Rules for each kind of entry (budgets, “三公”, procurement …). No MkDocs here.

Each module exposes ``RULES``: functions ``(catalog) -> Iterable[Diagnostic]``.
"""

from __future__ import annotations

from ..rules import Rule

KIND_RULES: list[Rule] = []

from . import interpretation, policy, procurement  # noqa: E402  (they also register renderers)

KIND_RULES += policy.RULES + interpretation.RULES + procurement.RULES

from . import annual_report, budget, three_public  # noqa: E402
from ..render import KIND_RENDERERS  # noqa: E402
from .downloads import FILE_MAKERS  # noqa: E402

KIND_RULES += budget.RULES + three_public.RULES + annual_report.RULES
for _module in (budget, three_public, annual_report):
    KIND_RENDERERS.update(_module.RENDERERS)
    FILE_MAKERS.update(_module.FILES)
