"""The fields of a 政策文件 (and what 施行、失效、废止 it)."""

from __future__ import annotations

import operator
from typing import TYPE_CHECKING, Annotated, Literal

from ...load.facts import Facts
from ...load.model import Entry
from ...load.schema import KIND_FACTS, Date, EntryBase

CODE = "policy"
"""This kind's code, for the kinds whose rules read policies (its Literal below must say the same)."""


class Policy(EntryBase):
    kind: Annotated[Literal["policy"], KIND_FACTS]
    effective: Annotated[Date | None, Facts("施行日期", on_request=True, date=True)] = None
    expires: Annotated[Date | None, Facts("失效日期", on_request=True, date=True)] = None
    repealed: Annotated[Date | None, Facts("废止日期", on_request=True, date=True)] = None
    repealed_by: Annotated[str | None, Facts("废止依据", on_request=True, reference=True)] = None
    """The entry that repealed or replaced this one (索引号 or path)."""
    repeal_reason: Annotated[str | None, Facts("废止说明", hint="目录中没有废止它的文件时，说明为何废止（如 清理规范性文件）")] = None
    """Why it was repealed when no entry in the catalog did it (e.g. 清理规范性文件)."""


if TYPE_CHECKING:
    def meta_of(entry: Entry) -> Policy:
        """The fields of an entry the caller knows is a policy, typed."""
else:
    meta_of = operator.attrgetter("meta")  # no cast() call: read per entry on hot paths
