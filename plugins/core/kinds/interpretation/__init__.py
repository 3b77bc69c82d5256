"""政策解读: published within three working days of its policy, by a named interpreter."""

from __future__ import annotations

from ...load.kind import Kind
from . import codes, page, rules
from .model import Interpretation

KIND = Kind(
    code="interpretation",
    name="政策解读",
    model=Interpretation,
    rules=tuple(rules.RULES),
    codes=(codes.SECTION,),
    banner=page.render_interpretation,
    export_columns=("interprets", "form", "interpreter"),
)
