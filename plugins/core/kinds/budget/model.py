"""The fields of a 部门预算 or 部门决算: its tables, row by row, as published."""

from __future__ import annotations

import operator
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import BeforeValidator, Field, WithJsonSchema

from ...load.model import Entry
from ...load.facts import Facts
from ...load.schema import KIND_FACTS, Amount, Date, EntryBase, Model, Text


def _cell(value: object) -> object:
    """A blank cell as published ("", "-", "—") is empty, not an error; "1,234.56" is a number."""
    if isinstance(value, str):
        if value.strip() in ("", "-", "—", "－", "/", "／"):
            return None
        plain = value.replace(",", "").replace(" ", "")
        if plain.replace(".", "", 1).lstrip("-").isdigit():
            return plain
    return value


def _code(value: object) -> object:
    """Codes are digits; YAML reads an unquoted 201 as a number."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


CELL_SCHEMA = WithJsonSchema({
    "anyOf": [{"type": "number"}, {"type": "null"}, {"type": "string", "pattern": "^\\s*([-—－/／]?|-?[0-9][0-9, ]*(\\.[0-9]*)?|[+-]?[0-9]*\\.?[0-9]+([eE][+-]?[0-9]+)?)\\s*$"}],
    "description": "数字，如 1234.56 或 1,234.56；空格、“-”或“—”表示空单元格",
})
"""How an editor's file may write a cell (what ``_cell`` reads), for the JSON Schema of the entry files."""
CODE_SCHEMA = WithJsonSchema({"anyOf": [{"type": "string"}, {"type": "integer", "minimum": 0}, {"type": "null"}], "description": "科目编码（数字），如 201、20101、2010101"})

Cell = Annotated[Annotated[float, Field(allow_inf_nan=False)] | None, BeforeValidator(_cell), CELL_SCHEMA]
Code = Annotated[str | None, BeforeValidator(_code), CODE_SCHEMA]

BUDGET_TABLES = (
    "收支总表", "收入总表", "支出总表", "财政拨款收支总表", "一般公共预算支出表",
    "一般公共预算基本支出表", "三公经费支出表", "政府性基金预算支出表", "国有资本经营预算支出表", "其他",
)


class BudgetRow(Model):
    code: Annotated[Code, Facts("科目编码")] = None
    """Functional (类 3 / 款 5 / 项 7 digits) or economic (类 3 / 款 5) classification code."""
    name: Annotated[Text, Facts("名称", prose=True)]
    """科目名称 or 项目, as published."""
    values: Annotated[list[Cell], Facts("数值")] = []
    """One number per column, in the order of ``columns``; blank or "-" for an empty cell."""
    level: Annotated[Annotated[int, Field(ge=1, le=3)] | None, Facts("层级", hint="没有科目编码的行的缩进：1（默认）或 2（上一行之下的“其中”行）")] = None
    """Indent of a row without a code: 1 (default) or 2 for a 其中 row under the row above."""


class BudgetSide(Model):
    """One half of a table printed in two halves side by side: 收入 | 支出, or 人员经费 | 公用经费."""

    columns: Annotated[list[Text], Facts("列")]
    """Column headings as published; ``上级/下级`` for a heading under a spanning one."""
    rows: Annotated[list[BudgetRow], Facts("行")] = []


class BudgetTable(Model):
    table: Annotated[Literal[BUDGET_TABLES] | None, Facts("报表类型", hint="哪一张标准报表；不写时按名称判断：" + " / ".join(BUDGET_TABLES))] = None  # type: ignore[valid-type]
    """Which standard table this is; inferred from ``name`` when left out."""
    name: Annotated[Text, Facts("名称", prose=True)]
    """Title as published, e.g. 2024年部门收支总体情况表."""
    unit: Annotated[Literal["万元", "元"], Facts("金额单位")]
    columns: Annotated[list[Text], Facts("列")] = []
    rows: Annotated[list[BudgetRow], Facts("行")] = []
    income: Annotated[BudgetSide | None, Facts("收入")] = None
    """Left half of a 收支总表 (收入)."""
    expense: Annotated[BudgetSide | None, Facts("支出")] = None
    """Right half of a 收支总表 (支出)."""
    personnel: Annotated[BudgetSide | None, Facts("人员经费", hint="基本支出决算表印成左右两半时的左半（人员经费），各有 columns 和 rows")] = None
    """Left half of a 基本支出表 printed in two halves (人员经费 | 公用经费)."""
    public_use: Annotated[BudgetSide | None, Facts("公用经费", hint="基本支出决算表印成左右两半时的右半（公用经费）")] = None
    """Right half of a 基本支出表 printed in two halves."""
    total_column: Annotated[Text | None, Facts("合计列", hint="程序认不出哪一列是本表的金额合计时，写出该列的列名（与 columns 中的写法一致）")] = None
    """The column holding the table's amount, when no heading says 合计/预算数/决算数."""
    decimals: Annotated[Annotated[int, Field(ge=0, le=4)] | None, Facts("小数位数", hint="表中数字印几位小数；不写时万元表 2 位，元表按所填数字（都是整数则 0 位）")] = None
    """Decimals the published table prints; YAML drops trailing zeros (48.30 reads 48.3), so it is stated, not guessed."""
    continues: Annotated[bool | None, Facts("续表", hint="跨页印刷的表的续页：写 true（表名以“（续）”结尾时自动识别），行接在上一张表之后核对，表头可不写")] = None
    """A table printed over several pages, entered page by page: this part continues the table before it."""
    note: Annotated[str | None, Facts("说明", prose=True, hint="表格为空时必填：说明为什么没有数据")] = None
    """Required for an empty table: why it is empty (没有数据的表格应当列出空表并说明)."""


class Figures(Model):
    """The main figures of the 说明, as published: checked against each other, the tables and the “三公” entry,
    also when the tables are only in an attachment."""

    unit: Annotated[Literal["万元", "元"], Facts("金额单位")] = "万元"
    income_total: Annotated[Amount | None, Facts("收入总计")] = None
    expense_total: Annotated[Amount | None, Facts("支出总计")] = None
    basic: Annotated[Amount | None, Facts("基本支出")] = None
    project: Annotated[Amount | None, Facts("项目支出")] = None
    personnel: Annotated[Amount | None, Facts("人员经费")] = None
    public_use: Annotated[Amount | None, Facts("公用经费")] = None
    three_public: Annotated[Amount | None, Facts("“三公”经费")] = None
    operating: Annotated[Amount | None, Facts("机关运行经费")] = None
    procurement: Annotated[Amount | None, Facts("政府采购")] = None


class Budget(EntryBase):
    kind: Annotated[Literal["budget"], KIND_FACTS]
    fiscal_year: Annotated[Annotated[int, Field(ge=1990, le=2100)], Facts("预决算年度", on_request=True)]
    approved: Annotated[Date | None, Facts("批复日期", on_request=True, date=True)] = None
    """Date the 财政部门 approved (批复) it; publication is due within 20 days."""
    security_review: Annotated[str | None, Facts("保密审查情况", prose=True, hint="如 已审查")] = None
    """保密审查情况, e.g. 已审查."""
    head_signoff: Annotated[str | None, Facts("部门主要负责人审签情况", prose=True, hint="如 已审签")] = None
    """部门主要负责人审签情况, e.g. 已审签."""
    tables: Annotated[list[BudgetTable], Facts("报表", csv=False)] = []
    tables_in_attachment: Annotated[Text | None, Facts("报表在附件中", hint="标准报表只在附件中、不逐表录入时，写附件的文件名（须是 attachments 中的一个）")] = None
    """The attachment that carries the standard tables not entered in ``tables`` (a stated choice, shown on the page)."""
    figures: Annotated[Figures | None, Facts("说明中的数字", csv=False, hint="说明中的主要数字（收入总计、基本支出、“三公”经费……），报表只在附件中时也能核对")] = None


class FinalAccount(Budget):
    kind: Annotated[Literal["final_account"], KIND_FACTS]  # type: ignore[assignment]


if TYPE_CHECKING:
    def meta_of(entry: Entry) -> Budget:
        """The fields of an entry the caller knows is a budget, typed."""
else:
    meta_of = operator.attrgetter("meta")  # no cast() call: read per entry on hot paths
