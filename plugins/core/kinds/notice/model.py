"""A 通知公告 has the common fields only."""

from __future__ import annotations

from typing import Literal

from ...load.schema import EntryBase


class Notice(EntryBase):
    kind: Literal["notice"]
