"""通知公告: the common fields only; shown like a policy (关于印发……的通知 are policies in all but name)."""

from __future__ import annotations

from ...load.kind import Kind
from ..policy import page, search
from .model import Notice

KIND = Kind(
    code="notice",
    name="通知公告",
    model=Notice,
    policy_like=True,
    banner=page.validity_banner,
    section=page.render_policy,
    search_text=search.search_text,
)
