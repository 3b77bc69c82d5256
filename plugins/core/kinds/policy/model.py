"""The fields of a 政策文件 (and what 施行、失效、废止 it)."""

from __future__ import annotations

import operator
from typing import TYPE_CHECKING, Literal

from ...load.model import Entry
from ...load.schema import Date, EntryBase


class Policy(EntryBase):
    kind: Literal["policy"]
    effective: Date | None = None
    expires: Date | None = None
    repealed: Date | None = None
    repealed_by: str | None = None
    """The entry that repealed or replaced this one (索引号 or path)."""
    repeal_reason: str | None = None
    """Why it was repealed when no entry in the catalog did it (e.g. 清理规范性文件)."""


if TYPE_CHECKING:
    def meta_of(entry: Entry) -> Policy:
        """The fields of an entry the caller knows is a policy, typed."""
else:
    meta_of = operator.attrgetter("meta")  # no cast() call: read per entry on hot paths
