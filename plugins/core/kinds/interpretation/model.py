"""The fields of a 政策解读: the policy it interprets, its form and who interprets."""

from __future__ import annotations

import operator
from typing import TYPE_CHECKING, Literal

from ...load.model import Entry
from ...load.schema import EntryBase, Text

INTERPRETATION_FORMS = ("文字", "图解", "音视频", "专家解读", "问答")


class Interpretation(EntryBase):
    kind: Literal["interpretation"]
    interprets: Text
    """The policy interpreted (索引号 or path)."""
    form: Literal["文字", "图解", "音视频", "专家解读", "问答"] = "文字"
    interpreter: str | None = None


if TYPE_CHECKING:
    def meta_of(entry: Entry) -> Interpretation:
        """The fields of an entry the caller knows is an interpretation, typed."""
else:
    meta_of = operator.attrgetter("meta")  # no cast() call: read per entry on hot paths
