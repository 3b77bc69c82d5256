"""The catalog format v1: one pydantic model per kind, with a Chinese label per key.

Structural checks live here (types, required keys, allowed values); rules that
need the whole catalog (registries, references, duplicates) live in rules.py,
and the finer per-kind checks in kinds/. No MkDocs here.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

KINDS: dict[str, str] = {
    "policy": "政策文件",
    "interpretation": "政策解读",
    "budget": "部门预算",
    "final_account": "部门决算",
    "three_public": "“三公”经费",
    "procurement": "政府采购",
    "annual_report": "政府信息公开工作年度报告",
    "notice": "通知公告",
}

DISCLOSURE = ("主动公开", "依申请公开", "不予公开")
VALIDITY = ("有效", "失效", "废止")
INTERPRETATION_FORMS = ("文字", "图解", "音视频", "专家解读", "问答")
NOTICE_TYPES = (
    "采购意向", "资格预审公告", "招标公告", "竞争性谈判公告", "竞争性磋商公告", "询价公告",
    "更正公告", "中标结果公告", "成交结果公告", "合同公告", "终止公告", "废标公告",
    "单一来源公示", "投诉处理结果", "验收结果公告",
)
PROCUREMENT_METHODS = ("公开招标", "邀请招标", "竞争性谈判", "竞争性磋商", "询价", "单一来源", "框架协议", "其他")

LABELS: dict[str, str] = {
    # common
    "kind": "类别",
    "title": "标题",
    "index_no": "索引号",
    "organ": "发布机构",
    "doc_no": "文号",
    "written": "成文日期",
    "published": "发布日期",
    "topics": "主题分类",
    "disclosure": "公开属性",
    "exemption": "不予公开依据",
    "exemption_reason": "不予公开理由",
    "validity": "有效性",
    "summary": "内容概述",
    "keywords": "主题词",
    "body": "正文",
    "attachments": "附件",
    "file": "文件",
    "related": "相关条目",
    # policy
    "effective": "施行日期",
    "expires": "失效日期",
    "repealed": "废止日期",
    "repealed_by": "废止依据",
    "repeal_reason": "废止说明",
    # interpretation
    "interprets": "解读的政策",
    "form": "解读形式",
    "interpreter": "解读主体",
    # budgets
    "fiscal_year": "预决算年度",
    "approved": "批复日期",
    "tables": "报表",
    "name": "名称",
    "unit": "金额单位",
    "rows": "行",
    "note": "说明",
    "code": "科目编码",
    "total": "合计",
    "basic": "基本支出",
    "project": "项目支出",
    "amount": "金额",
    # three public
    "stage": "预算或决算",
    "outbound": "因公出国(境)费",
    "groups": "团组数",
    "people": "人次",
    "vehicles": "公务用车购置及运行费",
    "purchase": "购置费",
    "operation": "运行费",
    "purchased": "购置数",
    "fleet": "保有量",
    "reception": "公务接待费",
    "batches": "批次",
    "change_reason": "增减变化原因",
    # procurement
    "project_no": "项目编号",
    "project_name": "项目名称",
    "notice_type": "公告类型",
    "method": "采购方式",
    "budget_amount": "预算金额（元）",
    "purchaser": "采购人",
    "agency": "采购代理机构",
    "suppliers": "供应商",
    "corrects": "更正的公告",
    "decided": "结果确定日期",
    "signed": "合同签订日期",
    "lots": "包",
    "lot": "包号",
    "uscc": "统一社会信用代码",
    "address": "地址",
    "requirement": "采购需求概况",
    "planned": "预计采购时间",
    "max_price": "最高限价（元）",
    "deadline": "投标（响应）截止时间",
    "contract_no": "合同编号",
    "reason": "原因",
    "earlier_notice": "此前公告网址",
    "values": "数值",
    "columns": "列",
    "table": "报表类型",
    "income": "收入",
    "expense": "支出",
    "level": "层级",
    "security_review": "保密审查情况",
    "head_signoff": "部门主要负责人审签情况",
    "previous": "上年数",
    # annual report
    "report_year": "报告年度",
    "report_scope": "报告主体",
    "report_format": "报告格式",
    "preface": "引言",
    "overview": "总体情况",
    "proactive": "主动公开政府信息情况",
    "requests": "收到和处理政府信息公开申请情况",
    "review_litigation": "政府信息公开行政复议、行政诉讼情况",
    "problems": "存在的主要问题及改进情况",
    "other_matters": "其他需要报告的事项",
    "withheld": "不予公开信息（按依据）",
}


def _label(name: str, _info: object) -> str:
    return LABELS.get(name, name)


class _Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        field_title_generator=_label,
        str_strip_whitespace=True,
        use_attribute_docstrings=True,
    )


Date = datetime.date
Text = Annotated[str, Field(min_length=1)]
Amount = Annotated[float, Field(ge=0, allow_inf_nan=False)]  # .inf, .nan and 1e999 (read as inf) are no amount
Count = Annotated[int, Field(ge=0)]


class Attachment(_Model):
    file: Text
    """Path of the file, relative to the entry file (e.g. ``附件1.pdf``)."""
    title: str = ""
    """Caption shown on the site; defaults to the file name."""


class EntryBase(_Model):
    title: Text
    """The main title only, as published (名称)."""
    index_no: str | None = None
    """``<统一社会信用代码>/<year>-<5-digit serial>``; leave out and build.py assigns it."""
    organ: Text
    """Id of the issuing organ in catalog/organs.yml."""
    doc_no: str | None = None
    """文号 in GB/T 9704 form, e.g. 东府办〔2016〕47号."""
    written: Date | None = None
    """Date the document was signed (成文日期), YYYY-MM-DD."""
    published: Date
    """Date the public can first read it (发布日期), YYYY-MM-DD."""
    topics: list[Text] = []
    """Ids from catalog/topics.yml."""
    disclosure: Literal["主动公开", "依申请公开", "不予公开"]
    """主动公开 (published in full), 依申请公开 (metadata only), 不予公开 (nothing published)."""
    exemption: str | None = None
    """Id from catalog/negative-list.yml; required unless 主动公开."""
    exemption_reason: str | None = None
    """Why the exemption applies to this entry (for the confidentiality review)."""
    validity: Literal["有效", "失效", "废止"] | None = None
    summary: str | None = None
    """One or two sentences (内容概述)."""
    keywords: list[Text] = []
    body: str | None = None
    """Markdown text of a pure-YAML entry (Markdown entries put it after the front matter)."""
    attachments: list[Attachment] = []
    related: list[Text] = []
    """Other entries, by 索引号 or by path under catalog/ without extension."""


class Policy(EntryBase):
    kind: Literal["policy"]
    effective: Date | None = None
    expires: Date | None = None
    repealed: Date | None = None
    repealed_by: str | None = None
    """The entry that repealed or replaced this one (索引号 or path)."""
    repeal_reason: str | None = None
    """Why it was repealed when no entry in the catalog did it (e.g. 清理规范性文件)."""


class Interpretation(EntryBase):
    kind: Literal["interpretation"]
    interprets: Text
    """The policy interpreted (索引号 or path)."""
    form: Literal["文字", "图解", "音视频", "专家解读", "问答"] = "文字"
    interpreter: str | None = None


class Notice(EntryBase):
    kind: Literal["notice"]


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


Cell = Annotated[Union[Annotated[float, Field(allow_inf_nan=False)], None], BeforeValidator(_cell)]
Code = Annotated[Union[str, None], BeforeValidator(_code)]

BUDGET_TABLES = (
    "收支总表", "收入总表", "支出总表", "财政拨款收支总表", "一般公共预算支出表",
    "一般公共预算基本支出表", "三公经费支出表", "政府性基金预算支出表", "国有资本经营预算支出表", "其他",
)


class BudgetRow(_Model):
    code: Code = None
    """Functional (类 3 / 款 5 / 项 7 digits) or economic (类 3 / 款 5) classification code."""
    name: Text
    """科目名称 or 项目, as published."""
    values: list[Cell] = []
    """One number per column, in the order of ``columns``; blank or "-" for an empty cell."""
    level: Annotated[int, Field(ge=1, le=3)] | None = None
    """Indent of a row without a code: 1 (default) or 2 for a 其中 row under the row above."""


class BudgetSide(_Model):
    columns: list[Text]
    """Column headings as published; ``上级/下级`` for a heading under a spanning one."""
    rows: list[BudgetRow] = []


class BudgetTable(_Model):
    table: Literal[BUDGET_TABLES] | None = None  # type: ignore[valid-type]
    """Which standard table this is; inferred from ``name`` when left out."""
    name: Text
    """Title as published, e.g. 2024年部门收支总体情况表."""
    unit: Literal["万元", "元"]
    columns: list[Text] = []
    rows: list[BudgetRow] = []
    income: BudgetSide | None = None
    """Left half of a 收支总表 (收入)."""
    expense: BudgetSide | None = None
    """Right half of a 收支总表 (支出)."""
    note: str | None = None
    """Required for an empty table: why it is empty (没有数据的表格应当列出空表并说明)."""


class Budget(EntryBase):
    kind: Literal["budget"]
    fiscal_year: Annotated[int, Field(ge=1990, le=2100)]
    approved: Date | None = None
    """Date the 财政部门 approved (批复) it; publication is due within 20 days."""
    security_review: str | None = None
    """保密审查情况, e.g. 已审查."""
    head_signoff: str | None = None
    """部门主要负责人审签情况, e.g. 已审签."""
    tables: list[BudgetTable] = []


class FinalAccount(Budget):
    kind: Literal["final_account"]  # type: ignore[assignment]


class Outbound(_Model):
    amount: Amount
    groups: Count | None = None
    people: Count | None = None


class Vehicles(_Model):
    amount: Amount | None = None
    """小计 (购置费 + 运行费), as published; optional."""
    purchase: Amount
    operation: Amount
    purchased: Count | None = None
    fleet: Count | None = None


class Reception(_Model):
    amount: Amount
    batches: Count | None = None
    people: Count | None = None


class PreviousThreePublic(_Model):
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


class Supplier(_Model):
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


ENTRY_MODELS: dict[str, type[EntryBase]] = {
    "policy": Policy,
    "interpretation": Interpretation,
    "notice": Notice,
    "budget": Budget,
    "final_account": FinalAccount,
    "three_public": ThreePublic,
    "procurement": Procurement,
    "annual_report": AnnualReport,
}

AnyEntry = Union[tuple(ENTRY_MODELS.values())]  # type: ignore[valid-type]


def label(key: object) -> str:
    return LABELS.get(str(key), "")
