"""The catalog format v1: one pydantic model per kind, with a Chinese label per key.

Structural checks live here (types, required keys, allowed values); rules that
need the whole catalog (registries, references, duplicates) live in rules.py,
and the finer per-kind checks in kinds/. No MkDocs here.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from .facts import Facts, facts_of, field_facts, labels_of

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

OTHER_LABELS: dict[str, str] = {
    "lots": "包",
    "basic": "基本支出",
    "project": "项目支出",
}
"""Labels of keys that are no model field (column keys, words in messages); fields carry their own."""


def _label(name: str, info: Any) -> str:
    return field_facts(info.metadata).label or name


KIND_FACTS = Facts("类别", on_request=True, head=9, structural=True, hint="不要改动")
"""The facts of every model's ``kind`` field (the kind's code)."""


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
    file: Annotated[Text, Facts("文件")]
    """Path of the file, relative to the entry file (e.g. ``附件1.pdf``)."""
    title: Annotated[str, Facts("标题", prose=True)] = ""
    """Caption shown on the site; defaults to the file name."""


class EntryBase(_Model):
    title: Annotated[Text, Facts("标题", on_request=True, row=False, text=True, prose=True, hint="信息名称，只写主标题")]
    """The main title only, as published (名称)."""
    index_no: Annotated[str | None, Facts("索引号", on_request=True, head=1, scaffold=False, structural=True, link_free=True, hint="可不填：build.py build 会自动分配并写回；已发布的索引号永不更改")] = None
    """``<统一社会信用代码>/<year>-<5-digit serial>``; leave out and build.py assigns it."""
    organ: Annotated[Text, Facts("发布机构", on_request=True, head=2, structural=True, hint="发布机构编号，见 catalog/organs.yml")]
    """Id of the issuing organ in catalog/organs.yml."""
    doc_no: Annotated[str | None, Facts("文号", on_request=True, head=4, hint="文号，年份用六角括号，如 东府办〔2016〕47号；没有可删去")] = None
    """文号 in GB/T 9704 form, e.g. 东府办〔2016〕47号."""
    written: Annotated[Date | None, Facts("成文日期", on_request=True, head=5, date=True, hint="成文日期，写成 年-月-日")] = None
    """Date the document was signed (成文日期), YYYY-MM-DD."""
    published: Annotated[Date, Facts("发布日期", on_request=True, head=6, date=True, structural=True, hint="发布日期，写成 年-月-日")]
    """Date the public can first read it (发布日期), YYYY-MM-DD."""
    topics: Annotated[list[Text], Facts("主题分类", on_request=True, head=3, structural=True, hint="主题分类编号，见 catalog/topics.yml，可写多个")] = []
    """Ids from catalog/topics.yml."""
    disclosure: Annotated[Literal["主动公开", "依申请公开", "不予公开"], Facts("公开属性", on_request=True, head=8, structural=True, hint="主动公开 / 依申请公开 / 不予公开")]
    """主动公开 (published in full), 依申请公开 (metadata only), 不予公开 (nothing published)."""
    exemption: Annotated[str | None, Facts("不予公开依据", on_request=True, row=False, public=False, scaffold=False, structural=True, hint="不是主动公开时必填：负面清单编号，见 catalog/negative-list.yml")] = None
    """Id from catalog/negative-list.yml; required unless 主动公开."""
    exemption_reason: Annotated[str | None, Facts("不予公开理由", row=False, prose=True, public=False, scaffold=False, hint="不是主动公开时，简述理由（供保密审查）")] = None
    """Why the exemption applies to this entry (for the confidentiality review)."""
    validity: Annotated[Literal["有效", "失效", "废止"] | None, Facts("有效性", on_request=True, head=7, hint="有效 / 失效 / 废止")] = None
    summary: Annotated[str | None, Facts("内容概述", on_request=True, row=False, text=True, prose=True, hint="内容概述，一两句话")] = None
    """One or two sentences (内容概述)."""
    keywords: Annotated[list[Text], Facts("主题词", on_request=True, row=False, text=True, scaffold=False, hint="主题词，可写多个")] = []
    body: Annotated[str | None, Facts("正文", row=False, text=True, prose=True, public=False, scaffold=False, hint="正文（Markdown），长文请改用 .md 条目")] = None
    """Markdown text of a pure-YAML entry (Markdown entries put it after the front matter)."""
    attachments: Annotated[list[Attachment], Facts("附件", row=False, hint="附件，文件放在本条目文件旁边")] = []
    related: Annotated[list[Text], Facts("相关条目", on_request=True, row=False, scaffold=False, structural=True, link_free=True, hint="相关条目的索引号或路径")] = []
    """Other entries, by 索引号 or by path under catalog/ without extension."""


class Policy(EntryBase):
    kind: Annotated[Literal["policy"], KIND_FACTS]
    effective: Annotated[Date | None, Facts("施行日期", on_request=True, date=True)] = None
    expires: Annotated[Date | None, Facts("失效日期", on_request=True, date=True)] = None
    repealed: Annotated[Date | None, Facts("废止日期", on_request=True, date=True)] = None
    repealed_by: Annotated[str | None, Facts("废止依据", on_request=True, reference=True)] = None
    """The entry that repealed or replaced this one (索引号 or path)."""
    repeal_reason: Annotated[str | None, Facts("废止说明")] = None
    """Why it was repealed when no entry in the catalog did it (e.g. 清理规范性文件)."""


class Interpretation(EntryBase):
    kind: Annotated[Literal["interpretation"], KIND_FACTS]
    interprets: Annotated[Text, Facts("解读的政策", on_request=True, reference=True)]
    """The policy interpreted (索引号 or path)."""
    form: Annotated[Literal["文字", "图解", "音视频", "专家解读", "问答"], Facts("解读形式", on_request=True)] = "文字"
    interpreter: Annotated[str | None, Facts("解读主体")] = None


class Notice(EntryBase):
    kind: Annotated[Literal["notice"], KIND_FACTS]


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
    code: Annotated[Code, Facts("科目编码")] = None
    """Functional (类 3 / 款 5 / 项 7 digits) or economic (类 3 / 款 5) classification code."""
    name: Annotated[Text, Facts("名称", prose=True)]
    """科目名称 or 项目, as published."""
    values: Annotated[list[Cell], Facts("数值")] = []
    """One number per column, in the order of ``columns``; blank or "-" for an empty cell."""
    level: Annotated[Annotated[int, Field(ge=1, le=3)] | None, Facts("层级")] = None
    """Indent of a row without a code: 1 (default) or 2 for a 其中 row under the row above."""


class BudgetSide(_Model):
    columns: Annotated[list[Text], Facts("列")]
    """Column headings as published; ``上级/下级`` for a heading under a spanning one."""
    rows: Annotated[list[BudgetRow], Facts("行")] = []


class BudgetTable(_Model):
    table: Annotated[Literal[BUDGET_TABLES] | None, Facts("报表类型")] = None  # type: ignore[valid-type]
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
    note: Annotated[str | None, Facts("说明", prose=True)] = None
    """Required for an empty table: why it is empty (没有数据的表格应当列出空表并说明)."""


class Budget(EntryBase):
    kind: Annotated[Literal["budget"], KIND_FACTS]
    fiscal_year: Annotated[Annotated[int, Field(ge=1990, le=2100)], Facts("预决算年度", on_request=True)]
    approved: Annotated[Date | None, Facts("批复日期", on_request=True, date=True)] = None
    """Date the 财政部门 approved (批复) it; publication is due within 20 days."""
    security_review: Annotated[str | None, Facts("保密审查情况", prose=True)] = None
    """保密审查情况, e.g. 已审查."""
    head_signoff: Annotated[str | None, Facts("部门主要负责人审签情况", prose=True)] = None
    """部门主要负责人审签情况, e.g. 已审签."""
    tables: Annotated[list[BudgetTable], Facts("报表", csv=False)] = []


class FinalAccount(Budget):
    kind: Annotated[Literal["final_account"], KIND_FACTS]  # type: ignore[assignment]


class Outbound(_Model):
    amount: Annotated[Amount, Facts("金额")]
    groups: Annotated[Count | None, Facts("团组数")] = None
    people: Annotated[Count | None, Facts("人次")] = None


class Vehicles(_Model):
    amount: Annotated[Amount | None, Facts("金额")] = None
    """小计 (购置费 + 运行费), as published; optional."""
    purchase: Annotated[Amount, Facts("购置费")]
    operation: Annotated[Amount, Facts("运行费")]
    purchased: Annotated[Count | None, Facts("购置数")] = None
    fleet: Annotated[Count | None, Facts("保有量")] = None


class Reception(_Model):
    amount: Annotated[Amount, Facts("金额")]
    batches: Annotated[Count | None, Facts("批次")] = None
    people: Annotated[Count | None, Facts("人次")] = None


class PreviousThreePublic(_Model):
    """Last year's figures as printed in this year's table (上年数)."""

    total: Annotated[Amount, Facts("合计")]
    outbound: Annotated[Amount | None, Facts("因公出国(境)费")] = None
    vehicles: Annotated[Amount | None, Facts("公务用车购置及运行费")] = None
    reception: Annotated[Amount | None, Facts("公务接待费")] = None


class ThreePublic(EntryBase):
    kind: Annotated[Literal["three_public"], KIND_FACTS]
    fiscal_year: Annotated[Annotated[int, Field(ge=1990, le=2100)], Facts("预决算年度", on_request=True)]
    stage: Annotated[Literal["预算", "决算"], Facts("预算或决算", on_request=True)]
    unit: Annotated[Literal["万元", "元"], Facts("金额单位", on_request=True)] = "万元"
    outbound: Annotated[Outbound, Facts("因公出国(境)费")]
    vehicles: Annotated[Vehicles, Facts("公务用车购置及运行费")]
    reception: Annotated[Reception, Facts("公务接待费")]
    total: Annotated[Amount, Facts("合计")]
    previous: Annotated[PreviousThreePublic | None, Facts("上年数")] = None
    change_reason: Annotated[str | None, Facts("增减变化原因", prose=True)] = None
    """增减变化原因: required when the total changed from last year."""


class Supplier(_Model):
    name: Annotated[Text, Facts("名称", prose=True)]
    uscc: Annotated[str | None, Facts("统一社会信用代码")] = None
    """18-character 统一社会信用代码; its GB 32100 check character is verified."""
    amount: Annotated[Amount | None, Facts("金额")] = None
    """中标（成交）or contract amount in 元."""
    address: Annotated[str | None, Facts("地址")] = None
    lot: Annotated[str | None, Facts("包号")] = None
    """包号 when the project is split into lots (e.g. 1, 2 or A)."""


class Procurement(EntryBase):
    kind: Annotated[Literal["procurement"], KIND_FACTS]
    project_no: Annotated[Text, Facts("项目编号", on_request=True)]
    project_name: Annotated[str | None, Facts("项目名称", prose=True)] = None
    notice_type: Annotated[Literal[NOTICE_TYPES], Facts("公告类型", on_request=True)]  # type: ignore[valid-type]
    method: Annotated[Literal[PROCUREMENT_METHODS] | None, Facts("采购方式", on_request=True)] = None  # type: ignore[valid-type]
    budget_amount: Annotated[Amount | None, Facts("预算金额（元）")] = None
    purchaser: Annotated[str | None, Facts("采购人")] = None
    agency: Annotated[str | None, Facts("采购代理机构")] = None
    suppliers: Annotated[list[Supplier], Facts("供应商")] = []
    corrects: Annotated[str | None, Facts("更正的公告", on_request=True, reference=True)] = None
    """The notice this 更正公告 corrects (索引号 or path); the original is never edited."""
    decided: Annotated[Date | None, Facts("结果确定日期", on_request=True, date=True)] = None
    """Date the winning supplier was determined (中标、成交供应商确定之日)."""
    signed: Annotated[Date | None, Facts("合同签订日期", on_request=True, date=True)] = None
    requirement: Annotated[str | None, Facts("采购需求概况")] = None
    """采购需求概况 (采购意向, 招标公告)."""
    planned: Annotated[str | None, Facts("预计采购时间")] = None
    """预计采购时间 of a 采购意向, YYYY-MM or YYYY-MM-DD."""
    max_price: Annotated[Amount | None, Facts("最高限价（元）")] = None
    deadline: Annotated[datetime.datetime | Date | None, Facts("投标（响应）截止时间")] = None
    """提交投标（响应）文件截止时间, e.g. 2024-04-10 09:30."""
    contract_no: Annotated[str | None, Facts("合同编号")] = None
    reason: Annotated[str | None, Facts("原因")] = None
    """Why a project was terminated, failed (废标) or corrected."""
    earlier_notice: Annotated[str | None, Facts("此前公告网址")] = None
    """URL of the project's earlier notice when it is not in this catalog (e.g. on 中国政府采购网)."""


class AnnualReport(EntryBase):
    kind: Annotated[Literal["annual_report"], KIND_FACTS]
    report_year: Annotated[Annotated[int, Field(ge=2008, le=2100)], Facts("报告年度", on_request=True)]
    report_scope: Annotated[Literal["部门", "本级政府"], Facts("报告主体", on_request=True)] = "部门"
    report_format: Annotated[Literal[2021, 2019, 2008] | None, Facts("报告格式")] = None
    """National format: 2021 (国办公开办函〔2021〕30号) from report year 2021; inferred from the year."""
    preface: Annotated[str | None, Facts("引言", markdown=True, prose=True)] = None
    """Opening paragraph (data cover 1月1日–12月31日 …)."""
    overview: Annotated[str | None, Facts("总体情况", markdown=True, prose=True)] = None
    """一、总体情况 (Markdown)."""
    proactive: Annotated[dict[str, Any] | None, Facts("主动公开政府信息情况", csv=False)] = None
    """二、主动公开政府信息情况: row label (verbatim) → numbers."""
    requests: Annotated[dict[str, Any] | None, Facts("收到和处理政府信息公开申请情况", csv=False)] = None
    """三、收到和处理政府信息公开申请情况: row label (verbatim) → 7 numbers."""
    review_litigation: Annotated[dict[str, Any] | None, Facts("政府信息公开行政复议、行政诉讼情况", csv=False)] = None
    """四、政府信息公开行政复议、行政诉讼情况: 行政复议 / 未经复议直接起诉 / 复议后起诉 → 5 numbers."""
    problems: Annotated[str | None, Facts("存在的主要问题及改进情况", markdown=True, prose=True)] = None
    """五、存在的主要问题及改进情况 (Markdown)."""
    other_matters: Annotated[str | None, Facts("其他需要报告的事项", markdown=True, prose=True)] = None
    """六、其他需要报告的事项 (Markdown)."""
    withheld: Annotated[dict[str, Count] | None, Facts("不予公开信息（按依据）", csv=False)] = None
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


LABELS: Mapping[str, str] = {**labels_of((Attachment, *ENTRY_MODELS.values())), **OTHER_LABELS}
"""key → label of every field (nested ones by their own name) and of the other keys, for messages."""


def label(key: object) -> str:
    return LABELS.get(str(key), "")
