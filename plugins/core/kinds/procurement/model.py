"""The fields of a 政府采购 notice: project, type, method, suppliers and dates."""

from __future__ import annotations

import datetime
import operator
from typing import TYPE_CHECKING, Annotated, Literal

from ...load.facts import Facts
from ...load.model import Entry
from ...load.schema import KIND_FACTS, NOT_STATED_HINT, Amount, Date, EntryBase, Model, NotStated, Text

NOTICE_TYPES = (
    "采购意向", "资格预审公告", "招标公告", "竞争性谈判公告", "竞争性磋商公告", "询价公告",
    "更正公告", "中标结果公告", "成交结果公告", "合同公告", "终止公告", "废标公告",
    "单一来源公示", "投诉处理结果", "验收结果公告",
)
CATEGORIES = ("货物", "工程", "服务")
"""采购项目的类别 as every notice prints it (《政府采购法》第二条: 货物、工程和服务)."""
PROCUREMENT_METHODS = ("公开招标", "邀请招标", "竞争性谈判", "竞争性磋商", "询价", "单一来源", "框架协议", "其他")


class Supplier(Model):
    name: Annotated[Text, Facts("名称", prose=True)]
    uscc: Annotated[str | None, Facts("统一社会信用代码", hint="18 位统一社会信用代码，检查时核对校验码")] = None
    """18-character 统一社会信用代码; its GB 32100 check character is verified."""
    amount: Annotated[Amount | None, Facts("金额", hint="中标（成交）金额或合同金额，单位：元")] = None
    """中标（成交）or contract amount in 元."""
    address: Annotated[str | None, Facts("地址")] = None
    lot: Annotated[str | None, Facts("包号", hint="项目分包时的包号，如 1、2 或 A（数字加引号）")] = None
    """包号 when the project is split into lots (e.g. 1, 2 or A)."""


class Procurement(EntryBase):
    kind: Annotated[Literal["procurement"], KIND_FACTS]
    project_no: Annotated[Text | NotStated, Facts("项目编号", on_request=True, hint="采购项目编号；" + NOT_STATED_HINT)]
    """项目编号 as published; ``未说明`` when the notice gives none (the notice then belongs to no project and no OCDS file)."""
    project_name: Annotated[str | None, Facts("项目名称", prose=True)] = None
    notice_type: Annotated[Literal[NOTICE_TYPES], Facts("公告类型", on_request=True)]  # type: ignore[valid-type]
    method: Annotated[Literal[PROCUREMENT_METHODS] | None, Facts("采购方式", on_request=True)] = None  # type: ignore[valid-type]
    category: Annotated[Literal[CATEGORIES] | None, Facts("采购类别", on_request=True, hint="货物 / 工程 / 服务（公告中的采购项目类别）")] = None  # type: ignore[valid-type]
    """货物, 工程 or 服务 as the notice states it: OCDS ``tender.mainProcurementCategory`` (goods, works, services)."""
    budget_amount: Annotated[Amount | NotStated | None, Facts("预算金额（元）", hint="预算金额，单位元；" + NOT_STATED_HINT)] = None
    purchaser: Annotated[str | None, Facts("采购人")] = None
    agency: Annotated[str | None, Facts("采购代理机构")] = None
    suppliers: Annotated[list[Supplier], Facts("供应商")] = []
    corrects: Annotated[str | None, Facts("更正的公告", on_request=True, reference=True)] = None
    """The notice this 更正公告 corrects (索引号 or path); the original is never edited."""
    decided: Annotated[Date | None, Facts("结果确定日期", on_request=True, date=True)] = None
    """Date the winning supplier was determined (中标、成交供应商确定之日)."""
    signed: Annotated[Date | None, Facts("合同签订日期", on_request=True, date=True)] = None
    requirement: Annotated[str | None, Facts("采购需求概况", hint="采购需求概况（采购意向、招标公告）")] = None
    """采购需求概况 (采购意向, 招标公告)."""
    planned: Annotated[str | None, Facts("预计采购时间", hint="采购意向的预计采购时间，写成 年-月 或 年-月-日")] = None
    """预计采购时间 of a 采购意向, YYYY-MM or YYYY-MM-DD."""
    max_price: Annotated[Amount | NotStated | None, Facts("最高限价（元）", hint="最高限价（最高控制价），单位元；" + NOT_STATED_HINT)] = None
    deadline: Annotated[datetime.datetime | Date | None, Facts("投标（响应）截止时间")] = None
    """提交投标（响应）文件截止时间, e.g. 2024-04-10 09:30."""
    contract_no: Annotated[str | None, Facts("合同编号")] = None
    reason: Annotated[str | None, Facts("原因", hint="终止、废标或更正的原因")] = None
    """Why a project was terminated, failed (废标) or corrected."""
    earlier_notice: Annotated[str | None, Facts("此前公告网址", hint="本目录中没有的此前公告的网址（如中国政府采购网上的）")] = None
    """URL of the project's earlier notice when it is not in this catalog (e.g. on 中国政府采购网)."""


if TYPE_CHECKING:
    def meta_of(entry: Entry) -> Procurement:
        """The fields of an entry the caller knows is a procurement, typed."""
else:
    meta_of = operator.attrgetter("meta")  # no cast() call: read per entry on hot paths
