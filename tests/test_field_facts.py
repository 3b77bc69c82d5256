"""Field facts: every field labelled, the facts said on the fields reproduce the name lists they replaced.

The literals below are the lists that lived in nine product modules before the facts
moved onto the fields; a change to them here is a change of behaviour, not of layout.
"""

from __future__ import annotations

import datetime
from typing import Annotated

import pytest

from plugins.core.kinds import KINDS
from plugins.core.kinds.notice.model import Notice
from plugins.core.load.facts import PLAIN, Facts, facts_of, nested_models, prose_keys
from plugins.core.load.model import Entry
from plugins.core.load.schema import KIND_FACTS, Attachment, label, labels
from plugins.core.wall.public import metadata_only

ORIGINAL = ("policy", "interpretation", "budget", "final_account", "three_public", "procurement", "annual_report", "notice")
"""The kinds the old lists were written for; a kind added since brings facts of its own."""
ENTRY_MODELS = {kind.code: kind.model for kind in KINDS if kind.code in ORIGINAL}
MODELS = tuple(ENTRY_MODELS.values())
ALL_MODELS = tuple(dict.fromkeys(found for model in (*(kind.model for kind in KINDS), Attachment) for found in nested_models(model)))
"""Every model of every kind, and the models their fields hold."""

# --- the old lists, as they were ------------------------------------------------------

METADATA_KEYS = {  # wall/public.py: what a 依申请公开 entry keeps
    "kind", "title", "index_no", "index_no_legacy", "organ", "doc_no", "written", "published", "topics",
    "disclosure", "exemption", "validity", "summary", "keywords", "related",
    "effective", "expires", "repealed", "repealed_by", "interprets", "form", "corrects",
    "fiscal_year", "stage", "unit", "report_year", "report_scope",
    "project_no", "notice_type", "method", "category", "approved", "decided", "signed",
}
MARKDOWN_FIELDS = {"annual_report": ("preface", "overview", "problems", "other_matters")}  # wall/sanitize.py
REFERENCE_KEYS = ("interprets", "repealed_by", "corrects")  # check/rules.py
COMMON_KEYS = ("index_no", "organ", "topics", "doc_no", "written", "published", "validity", "disclosure", "kind")  # pages/render.py
HIDDEN_KEYS = {"index_no_legacy", "title", "summary", "body", "attachments", "related", "exemption", "exemption_reason", "keywords"}  # pages/render.py
DATE_KEYS = ("written", "published", "effective", "expires", "repealed", "approved", "decided", "signed")  # load/loader.py
TEXT_FIELDS = {"title", "summary", "body", "keywords"}  # check/rules.py
NOT_PUBLIC_KEYS = {"exemption", "exemption_reason", "body"}  # review/change.py
JSON_ONLY = {"tables", "proactive", "requests", "review_litigation", "withheld", "figures"}  # outputs/exports.py
OMIT_BY_DEFAULT = {"index_no", "index_no_legacy", "exemption", "exemption_reason", "body", "related", "keywords", "validity"}  # scaffold.py
STRUCTURAL = {"kind", "disclosure", "exemption", "organ", "published", "index_no", "index_no_legacy", "topics", "related"}  # wall/negative_list.py
NOT_LINKS = {*REFERENCE_KEYS, "related", "index_no"}  # wall/public.py
PROSE = {  # load/loader.py: where full-width digits are not reported
    "title", "summary", "body", "name", "note", "change_reason", "exemption_reason", "project_name",
    "preface", "overview", "problems", "other_matters", "security_review", "head_signoff",
}


OLD_LABELS = {  # load/schema.py: one flat dict for every key
    "kind": "类别", "title": "标题", "index_no": "索引号", "index_no_legacy": "沿用原索引号", "organ": "发布机构", "doc_no": "文号", "written": "成文日期",
    "published": "发布日期", "topics": "主题分类", "disclosure": "公开属性", "exemption": "不予公开依据",
    "exemption_reason": "不予公开理由", "validity": "有效性", "summary": "内容概述", "keywords": "主题词", "body": "正文",
    "attachments": "附件", "file": "文件", "related": "相关条目", "effective": "施行日期", "expires": "失效日期",
    "repealed": "废止日期", "repealed_by": "废止依据", "repeal_reason": "废止说明", "interprets": "解读的政策",
    "form": "解读形式", "interpreter": "解读主体", "fiscal_year": "预决算年度", "approved": "批复日期", "tables": "报表",
    "name": "名称", "unit": "金额单位", "rows": "行", "note": "说明", "code": "科目编码", "total": "合计", "basic": "基本支出",
    "project": "项目支出", "amount": "金额", "stage": "预算或决算", "outbound": "因公出国(境)费", "groups": "团组数",
    "people": "人次", "vehicles": "公务用车购置及运行费", "purchase": "购置费", "operation": "运行费", "purchased": "购置数",
    "fleet": "保有量", "reception": "公务接待费", "batches": "批次", "change_reason": "增减变化原因", "project_no": "项目编号",
    "project_name": "项目名称", "notice_type": "公告类型", "method": "采购方式", "category": "采购类别", "budget_amount": "预算金额（元）",
    "purchaser": "采购人", "agency": "采购代理机构", "suppliers": "供应商", "corrects": "更正的公告", "decided": "结果确定日期",
    "signed": "合同签订日期", "lots": "包", "lot": "包号", "uscc": "统一社会信用代码", "address": "地址",
    "requirement": "采购需求概况", "planned": "预计采购时间", "max_price": "最高限价（元）", "deadline": "投标（响应）截止时间",
    "contract_no": "合同编号", "reason": "原因", "earlier_notice": "此前公告网址", "values": "数值", "columns": "列",
    "table": "报表类型", "income": "收入", "expense": "支出", "level": "层级", "security_review": "保密审查情况",
    "head_signoff": "部门主要负责人审签情况", "previous": "上年数", "report_year": "报告年度", "report_scope": "报告主体",
    "report_format": "报告格式", "preface": "引言", "overview": "总体情况", "proactive": "主动公开政府信息情况",
    "requests": "收到和处理政府信息公开申请情况", "review_litigation": "政府信息公开行政复议、行政诉讼情况",
    "problems": "存在的主要问题及改进情况", "other_matters": "其他需要报告的事项", "withheld": "不予公开信息（按依据）",
    "personnel": "人员经费", "public_use": "公用经费", "total_column": "合计列", "decimals": "小数位数",
    "tables_in_attachment": "报表在附件中", "figures": "说明中的数字", "income_total": "收入总计", "expense_total": "支出总计",
    "three_public": "“三公”经费", "operating": "机关运行经费", "procurement": "政府采购", "scope": "口径",
    "change_rate": "增减率（原文）", "continues": "续表",
}


def _union(attr: str) -> set[str]:
    return {key for model in MODELS for key in getattr(facts_of(model), attr)}


def test_every_field_of_every_model_has_a_label() -> None:
    missing = [f"{model.__name__}.{key}" for model in ALL_MODELS for key, facts in facts_of(model).items() if not facts.label]
    assert missing == []
    assert {model.__name__ for model in ALL_MODELS} >= {"Supplier", "BudgetRow", "BudgetSide", "BudgetTable", "Outbound", "Attachment"}


def test_one_key_one_label_and_the_lookup_finds_nested_keys() -> None:
    seen: dict[str, str] = {}
    for model in ALL_MODELS:
        for key, facts in facts_of(model).items():
            assert seen.setdefault(key, facts.label) == facts.label, key
    assert label("title") == "标题" and label("lots") == "包" and label("no-such-key") == ""
    names = labels(*MODELS)  # what messages about any entry use: nested keys by their own name
    assert names["uscc"] == "统一社会信用代码" and names["values"] == "数值" and names["title"] == "标题"
    assert dict(names) == OLD_LABELS


def test_the_facts_reproduce_the_old_lists() -> None:
    assert _union("on_request") == METADATA_KEYS
    assert {code: facts_of(model).markdown for code, model in ENTRY_MODELS.items() if facts_of(model).markdown} == MARKDOWN_FIELDS
    assert _union("references") == set(REFERENCE_KEYS)
    assert all(len(facts_of(model).references) <= 1 for model in MODELS)  # the old tuple's order cannot matter
    assert _union("dates") == set(DATE_KEYS)
    assert _union("text") == TEXT_FIELDS and _union("not_public") == NOT_PUBLIC_KEYS
    assert _union("not_csv") == JSON_ONLY and _union("not_scaffold") == OMIT_BY_DEFAULT
    assert _union("structural") == STRUCTURAL and _union("link_free") == NOT_LINKS
    assert {key for model in MODELS for key in prose_keys(model)} == PROSE
    for model in MODELS:
        facts = facts_of(model)
        assert facts.head == COMMON_KEYS, model.__name__
        old_rows = [key for key in model.model_fields if key not in {*COMMON_KEYS, *HIDDEN_KEYS, *REFERENCE_KEYS, *MARKDOWN_FIELDS.get(model.model_fields["kind"].annotation.__args__[0], ())}]
        assert list(facts.rows) == old_rows, model.__name__


def test_facts_are_computed_once_per_model() -> None:
    assert facts_of(Notice) is facts_of(Notice)
    assert facts_of(Notice)["kind"] is KIND_FACTS


class _Later(Notice):
    """A kind that gained a field nobody marked."""

    contact: str | None = None
    marked: Annotated[str | None, Facts("已标明", on_request=True)] = None


def test_an_unmarked_field_gets_the_safe_defaults() -> None:
    facts = facts_of(_Later)
    assert facts["contact"] is PLAIN
    assert not (PLAIN.on_request or PLAIN.markdown or PLAIN.reference or PLAIN.structural) and PLAIN.public and PLAIN.row
    assert "contact" in facts.rows and "contact" not in facts.on_request and "marked" in facts.on_request


@pytest.mark.parametrize("contact", ["13800138000 王先生", "联系人：张三"])
def test_the_wall_withholds_an_unmarked_field_of_an_on_request_entry(contact: str) -> None:
    meta = _Later(
        kind="notice", title="关于某事项的通知", organ="gov", published=datetime.date(2024, 5, 1),
        disclosure="依申请公开", exemption="internal", contact=contact, marked="留下",
    )
    entry = Entry(meta=meta, source="catalog/notice/2024/a.yml", ref="notice/2024/a", body="正文", positions={("contact",): (3, 1), ("title",): (2, 1)})
    public = metadata_only(entry)
    assert public.meta.contact is None and public.meta.marked == "留下" and public.meta.title == "关于某事项的通知"  # type: ignore[attr-defined]
    assert ("contact",) not in public.positions and ("title",) in public.positions and public.body == ""
