"""The fields of a 政府信息公开工作年度报告: the six sections of the national format."""

from __future__ import annotations

import operator
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field

from ...load.model import Entry
from ...load.schema import Count, EntryBase


class AnnualReport(EntryBase):
    kind: Literal["annual_report"]
    report_year: Annotated[int, Field(ge=2008, le=2100)]
    report_scope: Literal["部门", "本级政府"] = "部门"
    report_format: Literal[2021, 2019, 2008] | None = None
    """National format: 2021 (国办公开办函〔2021〕30号) from report year 2021; inferred from the year."""
    preface: str | None = None
    """Opening paragraph (data cover 1月1日–12月31日 …)."""
    overview: str | None = None
    """一、总体情况 (Markdown)."""
    proactive: dict[str, Any] | None = None
    """二、主动公开政府信息情况: row label (verbatim) → numbers."""
    requests: dict[str, Any] | None = None
    """三、收到和处理政府信息公开申请情况: row label (verbatim) → 7 numbers."""
    review_litigation: dict[str, Any] | None = None
    """四、政府信息公开行政复议、行政诉讼情况: 行政复议 / 未经复议直接起诉 / 复议后起诉 → 5 numbers."""
    problems: str | None = None
    """五、存在的主要问题及改进情况 (Markdown)."""
    other_matters: str | None = None
    """六、其他需要报告的事项 (Markdown)."""
    withheld: dict[str, Count] | None = None
    """Entries withheld this year by negative-list id, as the report states them (numbers only)."""


if TYPE_CHECKING:
    def meta_of(entry: Entry) -> AnnualReport:
        """The fields of an entry the caller knows is an annual report, typed."""
else:
    meta_of = operator.attrgetter("meta")  # no cast() call: read per entry on hot paths
