"""Every kind of entry this site publishes, in the order of listings, feeds and data files.

Each is one package (kinds/<code>/) that declares its ``KIND``; adding a kind is
a new package and one line here. Nothing registers itself on import.
"""

from __future__ import annotations

from . import annual_report, budget, consultation, interpretation, notice, policy, procurement, three_public

KINDS = (
    policy.KIND,
    interpretation.KIND,
    budget.BUDGET,
    budget.FINAL_ACCOUNT,
    three_public.KIND,
    procurement.KIND,
    annual_report.KIND,
    notice.KIND,
    consultation.KIND,
)
