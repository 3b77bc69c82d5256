"""A 通知公告 has the common fields only."""

from __future__ import annotations

from typing import Annotated, Literal

from ...load.schema import KIND_FACTS, EntryBase


class Notice(EntryBase):
    kind: Annotated[Literal["notice"], KIND_FACTS]
