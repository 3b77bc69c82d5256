"""Rules for each kind of entry (budgets, “三公”, procurement …). No MkDocs here.

Each module exposes ``RULES``: functions ``(catalog) -> Iterable[Diagnostic]``.
"""

from __future__ import annotations

from ..rules import Rule

KIND_RULES: list[Rule] = []

from . import interpretation, policy, procurement  # noqa: E402  (they also register renderers)

KIND_RULES += policy.RULES + interpretation.RULES + procurement.RULES
