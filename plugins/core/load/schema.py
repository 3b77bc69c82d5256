"""The catalog format v1: what every entry has (EntryBase), with a Chinese label per key.

Each kind's own model lives in its package (kinds/<code>/model.py).

Structural checks live here (types, required keys, allowed values); rules that
need the whole catalog (registries, references, duplicates) live in rules.py,
and the finer per-kind checks in kinds/. No MkDocs here.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

DISCLOSURE = ("主动公开", "依申请公开", "不予公开")
VALIDITY = ("有效", "失效", "废止")


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


class Model(BaseModel):
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


class Attachment(Model):
    file: Text
    """Path of the file, relative to the entry file (e.g. ``附件1.pdf``)."""
    title: str = ""
    """Caption shown on the site; defaults to the file name."""


class EntryBase(Model):
    if TYPE_CHECKING:  # each kind's model declares it, as a Literal of its code (kinds/<code>/model.py)
        kind: str
        """The kind's code (``policy``, ``budget`` …)."""
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


def label(key: object) -> str:
    return LABELS.get(str(key), "")
