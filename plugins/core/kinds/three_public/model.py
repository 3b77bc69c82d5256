"""The fields of a “三公”经费 table: 因公出国(境)、公务用车、公务接待, and last year's figures."""

from __future__ import annotations

import operator
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import Field

from ...load.model import Entry
from ...load.facts import Facts
from ...load.schema import KIND_FACTS, NOT_STATED_HINT, Amount, Count, EntryBase, Model, NotStated, stated


class Outbound(Model):
    amount: Annotated[Amount, Facts("金额")]
    groups: Annotated[Count | None, Facts("团组数")] = None
    people: Annotated[Count | None, Facts("人次")] = None


class Vehicles(Model):
    amount: Annotated[Amount | None, Facts("金额", hint="小计（购置费 + 运行费），按公开的表格填写；可不写")] = None
    """小计 (购置费 + 运行费), as published; optional."""
    purchase: Annotated[Amount | NotStated, Facts("购置费", hint="公务用车购置费；原件只给小计的，写 未说明 并在 amount 写小计")]
    operation: Annotated[Amount | NotStated, Facts("运行费", hint="公务用车运行费；" + NOT_STATED_HINT)]
    purchased: Annotated[Count | None, Facts("购置数")] = None
    fleet: Annotated[Count | None, Facts("保有量")] = None


    @property
    def split(self) -> tuple[float, float] | None:
        """(购置费, 运行费) when the document gives both; None when it gives only the 小计."""
        purchase, operation = stated(self.purchase), stated(self.operation)
        return (purchase, operation) if purchase is not None and operation is not None else None

    @property
    def subtotal(self) -> float | None:
        """公务用车购置及运行费: the 小计 as printed, else 购置费 + 运行费; None when neither is stated."""
        if self.amount is not None:
            return self.amount
        split = self.split
        return split[0] + split[1] if split is not None else None


class Reception(Model):
    amount: Annotated[Amount, Facts("金额")]
    batches: Annotated[Count | None, Facts("批次")] = None
    people: Annotated[Count | None, Facts("人次")] = None


class PreviousThreePublic(Model):
    """Last year's figures as printed in this year's table (上年数)."""

    total: Annotated[Amount, Facts("合计")]
    outbound: Annotated[Amount | None, Facts("因公出国(境)费")] = None
    vehicles: Annotated[Amount | None, Facts("公务用车购置及运行费")] = None
    purchase: Annotated[Amount | None, Facts("购置费", hint="上年的公务用车购置费（原表列出时填写）")] = None
    operation: Annotated[Amount | None, Facts("运行费", hint="上年的公务用车运行费（原表列出时填写）")] = None
    reception: Annotated[Amount | None, Facts("公务接待费")] = None


SCOPES = ("本部门", "本级汇总", "全区汇总")
"""Scope of a “三公” report: one department, the sum of a government's departments (本级), or a whole region."""

CODE = "three_public"
"""This kind's code, for the budgets whose tables are compared with it (its Literal below must say the same)."""

class ThreePublic(EntryBase):
    kind: Annotated[Literal["three_public"], KIND_FACTS]
    fiscal_year: Annotated[Annotated[int, Field(ge=1990, le=2100)], Facts("预决算年度", on_request=True)]
    stage: Annotated[Literal["预算", "决算"], Facts("预算或决算", on_request=True)]
    unit: Annotated[Literal["万元", "元"], Facts("金额单位", on_request=True)] = "万元"
    outbound: Annotated[Outbound, Facts("因公出国(境)费")]
    vehicles: Annotated[Vehicles, Facts("公务用车购置及运行费")]
    reception: Annotated[Reception, Facts("公务接待费")]
    total: Annotated[Amount, Facts("合计")]
    scope: Annotated[Literal[SCOPES], Facts("口径", hint="本部门（默认）、本级汇总（本级各部门合计）或 全区汇总（本地区合计）")] = "本部门"  # type: ignore[valid-type]
    """Whose figures these are: the department's own, the 本级 government's sum, or the whole region's."""
    previous: Annotated[PreviousThreePublic | None, Facts("上年数")] = None
    change_rate: Annotated[str | None, Facts("增减率（原文）", hint="原文写的合计增减率，照抄，如 -12.98% 或 下降12.98%")] = None
    """The rate of change the document itself prints, kept as written (its precision is the document's)."""
    change_reason: Annotated[str | None, Facts("增减变化原因", prose=True, hint="合计与上年数不同时必填：增减变化的原因")] = None
    """增减变化原因: required when the total changed from last year."""


if TYPE_CHECKING:
    def meta_of(entry: Entry) -> ThreePublic:
        """The fields of an entry the caller knows is a three public, typed."""
else:
    meta_of = operator.attrgetter("meta")  # no cast() call: read per entry on hot paths
