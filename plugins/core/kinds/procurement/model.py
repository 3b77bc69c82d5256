"""The fields of a 政府采购 notice: project, type, method, suppliers and dates."""

from __future__ import annotations

import datetime
import operator
from typing import TYPE_CHECKING, Literal

from ...load.model import Entry
from ...load.schema import Amount, Date, EntryBase, Model, Text

NOTICE_TYPES = (
    "采购意向", "资格预审公告", "招标公告", "竞争性谈判公告", "竞争性磋商公告", "询价公告",
    "更正公告", "中标结果公告", "成交结果公告", "合同公告", "终止公告", "废标公告",
    "单一来源公示", "投诉处理结果", "验收结果公告",
)
PROCUREMENT_METHODS = ("公开招标", "邀请招标", "竞争性谈判", "竞争性磋商", "询价", "单一来源", "框架协议", "其他")


class Supplier(Model):
    name: Text
    uscc: str | None = None
    """18-character 统一社会信用代码; its GB 32100 check character is verified."""
    amount: Amount | None = None
    """中标（成交）or contract amount in 元."""
    address: str | None = None
    lot: str | None = None
    """包号 when the project is split into lots (e.g. 1, 2 or A)."""


class Procurement(EntryBase):
    kind: Literal["procurement"]
    project_no: Text
    project_name: str | None = None
    notice_type: Literal[NOTICE_TYPES]  # type: ignore[valid-type]
    method: Literal[PROCUREMENT_METHODS] | None = None  # type: ignore[valid-type]
    budget_amount: Amount | None = None
    purchaser: str | None = None
    agency: str | None = None
    suppliers: list[Supplier] = []
    corrects: str | None = None
    """The notice this 更正公告 corrects (索引号 or path); the original is never edited."""
    decided: Date | None = None
    """Date the winning supplier was determined (中标、成交供应商确定之日)."""
    signed: Date | None = None
    requirement: str | None = None
    """采购需求概况 (采购意向, 招标公告)."""
    planned: str | None = None
    """预计采购时间 of a 采购意向, YYYY-MM or YYYY-MM-DD."""
    max_price: Amount | None = None
    deadline: datetime.datetime | Date | None = None
    """提交投标（响应）文件截止时间, e.g. 2024-04-10 09:30."""
    contract_no: str | None = None
    reason: str | None = None
    """Why a project was terminated, failed (废标) or corrected."""
    earlier_notice: str | None = None
    """URL of the project's earlier notice when it is not in this catalog (e.g. on 中国政府采购网)."""


if TYPE_CHECKING:
    def meta_of(entry: Entry) -> Procurement:
        """The fields of an entry the caller knows is a procurement, typed."""
else:
    meta_of = operator.attrgetter("meta")  # no cast() call: read per entry on hot paths
