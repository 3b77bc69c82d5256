"""The fields of a 政策解读: the policy it interprets, its form and who interprets."""

from __future__ import annotations

import operator
from typing import TYPE_CHECKING, Annotated, Literal

from ...load.facts import Facts
from ...load.model import Entry
from ...load.schema import KIND_FACTS, EntryBase, Text

INTERPRETATION_FORMS = ("文字", "图解", "音视频", "专家解读", "问答")


class Interpretation(EntryBase):
    kind: Annotated[Literal["interpretation"], KIND_FACTS]
    interprets: Annotated[Text, Facts("解读的政策", on_request=True, reference=True)]
    """The policy interpreted (索引号 or path)."""
    form: Annotated[Literal["文字", "图解", "音视频", "专家解读", "问答"], Facts("解读形式", on_request=True)] = "文字"
    interpreter: Annotated[str | None, Facts("解读主体")] = None


if TYPE_CHECKING:
    def meta_of(entry: Entry) -> Interpretation:
        """The fields of an entry the caller knows is an interpretation, typed."""
else:
    meta_of = operator.attrgetter("meta")  # no cast() call: read per entry on hot paths
