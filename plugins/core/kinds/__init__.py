"""Rules for each kind of entry (budgets, “三公”, procurement …). No MkDocs here.

Each module exposes ``RULES``: functions ``(catalog) -> Iterable[Diagnostic]``.
"""

from __future__ import annotations

from ..rules import Rule

KIND_RULES: list[Rule] = []
