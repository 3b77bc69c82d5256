"""政策文件: the validity lifecycle, what replaced a repealed policy, its interpretations."""

from __future__ import annotations

from ...load.kind import Kind
from . import codes, page, rules, search
from .model import Policy

KIND = Kind(
    code="policy",
    name="政策文件",
    model=Policy,
    rules=tuple(rules.RULES),
    codes=(codes.SECTION,),
    policy_like=True,
    banner=page.validity_banner,
    section=page.render_policy,
    search_text=search.search_text,
    export_columns=("effective", "expires", "repealed", "repealed_by", "repeal_reason"),
    skeleton={"validity": lambda: "validity: 有效  # 有效性（可选）：有效 / 失效 / 废止"},  # only a policy's new entry asks for it
)
