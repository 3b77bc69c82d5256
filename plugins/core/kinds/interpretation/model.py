"""The fields of a 政策解读: the policy it interprets, its form and who interprets."""

from __future__ import annotations

from typing import Literal

from ...load.schema import EntryBase, Text


INTERPRETATION_FORMS = ("文字", "图解", "音视频", "专家解读", "问答")


class Interpretation(EntryBase):
    kind: Literal["interpretation"]
    interprets: Text
    """The policy interpreted (索引号 or path)."""
    form: Literal["文字", "图解", "音视频", "专家解读", "问答"] = "文字"
    interpreter: str | None = None
