"""The fields of a “三公”经费 table: 因公出国(境)、公务用车、公务接待, and last year's figures."""

from __future__ import annotations

import operator
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import Field

from ...load.model import Entry
from ...load.schema import Amount, Count, EntryBase, Model


class Outbound(Model):
    amount: Amount
    groups: Count | None = None
    people: Count | None = None


class Vehicles(Model):
    amount: Amount | None = None
    """小计 (购置费 + 运行费), as published; optional."""
    purchase: Amount
    operation: Amount
    purchased: Count | None = None
    fleet: Count | None = None


class Reception(Model):
    amount: Amount
    batches: Count | None = None
    people: Count | None = None


class PreviousThreePublic(Model):
    """Last year's figures as printed in this year's table (上年数)."""

    total: Amount
    outbound: Amount | None = None
    vehicles: Amount | None = None
    reception: Amount | None = None


class ThreePublic(EntryBase):
    kind: Literal["three_public"]
    fiscal_year: Annotated[int, Field(ge=1990, le=2100)]
    stage: Literal["预算", "决算"]
    unit: Literal["万元", "元"] = "万元"
    outbound: Outbound
    vehicles: Vehicles
    reception: Reception
    total: Amount
    previous: PreviousThreePublic | None = None
    change_reason: str | None = None
    """增减变化原因: required when the total changed from last year."""


if TYPE_CHECKING:
    def meta_of(entry: Entry) -> ThreePublic:
        """The fields of an entry the caller knows is a three public, typed."""
else:
    meta_of = operator.attrgetter("meta")  # no cast() call: read per entry on hot paths
