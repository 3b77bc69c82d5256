"""A 通知公告 has the common fields only."""

from __future__ import annotations

import operator
from typing import TYPE_CHECKING, Annotated, Literal

from ...load.model import Entry
from ...load.schema import KIND_FACTS, EntryBase

CODE = "notice"
"""This kind's code, for the kinds whose rules read notices (its Literal below must say the same)."""


class Notice(EntryBase):
    kind: Annotated[Literal["notice"], KIND_FACTS]


if TYPE_CHECKING:
    def meta_of(entry: Entry) -> Notice:
        """The fields of an entry the caller knows is a notice, typed."""
else:
    meta_of = operator.attrgetter("meta")  # no cast() call: read per entry on hot paths
