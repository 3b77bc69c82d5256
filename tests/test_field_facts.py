"""Field facts: every field labelled, the facts said on the fields reproduce the name lists they replaced.

The literals below are the lists that lived in nine product modules before the facts
moved onto the fields; a change to them here is a change of behaviour, not of layout.
"""

from __future__ import annotations

import datetime
from typing import Annotated

import pytest

from plugins.core.load.facts import PLAIN, Facts, facts_of, nested_models, prose_keys
from plugins.core.load.model import Entry
from plugins.core.load.schema import ENTRY_MODELS, KIND_FACTS, Attachment, EntryBase, Notice, label
from plugins.core.wall.public import metadata_only

MODELS = tuple(ENTRY_MODELS.values())
ALL_MODELS = tuple(dict.fromkeys(found for model in (*MODELS, Attachment) for found in nested_models(model)))

# --- the old lists, as they were ------------------------------------------------------

METADATA_KEYS = {  # wall/public.py: what a 依申请公开 entry keeps
    "kind", "title", "index_no", "organ", "doc_no", "written", "published", "topics",
    "disclosure", "exemption", "validity", "summary", "keywords", "related",
    "effective", "expires", "repealed", "repealed_by", "interprets", "form", "corrects",
    "fiscal_year", "stage", "unit", "report_year", "report_scope",
    "project_no", "notice_type", "method", "approved", "decided", "signed",
}
MARKDOWN_FIELDS = {"annual_report": ("preface", "overview", "problems", "other_matters")}  # wall/sanitize.py
REFERENCE_KEYS = ("interprets", "repealed_by", "corrects")  # check/rules.py
COMMON_KEYS = ("index_no", "organ", "topics", "doc_no", "written", "published", "validity", "disclosure", "kind")  # pages/render.py
HIDDEN_KEYS = {"title", "summary", "body", "attachments", "related", "exemption", "exemption_reason", "keywords"}  # pages/render.py
DATE_KEYS = ("written", "published", "effective", "expires", "repealed", "approved", "decided", "signed")  # load/loader.py
TEXT_FIELDS = {"title", "summary", "body", "keywords"}  # check/rules.py
NOT_PUBLIC_KEYS = {"exemption", "exemption_reason", "body"}  # review/change.py
JSON_ONLY = {"tables", "proactive", "requests", "review_litigation", "withheld"}  # outputs/exports.py
OMIT_BY_DEFAULT = {"index_no", "exemption", "exemption_reason", "body", "related", "keywords"}  # scaffold.py
STRUCTURAL = {"kind", "disclosure", "exemption", "organ", "published", "index_no", "topics", "related"}  # wall/negative_list.py
NOT_LINKS = {*REFERENCE_KEYS, "related", "index_no"}  # wall/public.py
PROSE = {  # load/loader.py: where full-width digits are not reported
    "title", "summary", "body", "name", "note", "change_reason", "exemption_reason", "project_name",
    "preface", "overview", "problems", "other_matters", "security_review", "head_signoff",
}


def _union(attr: str) -> set[str]:
    return {key for model in MODELS for key in getattr(facts_of(model), attr)}


def test_every_field_of_every_model_has_a_label() -> None:
    missing = [f"{model.__name__}.{key}" for model in ALL_MODELS for key, facts in facts_of(model).items() if not facts.label]
    assert missing == []
    assert len(ALL_MODELS) >= 15  # the kinds and their nested parts (Supplier, BudgetRow …) were all seen


def test_one_key_one_label_and_the_lookup_finds_nested_keys() -> None:
    seen: dict[str, str] = {}
    for model in ALL_MODELS:
        for key, facts in facts_of(model).items():
            assert seen.setdefault(key, facts.label) == facts.label, key
    assert label("title") == "标题" and label("uscc") == "统一社会信用代码" and label("values") == "数值"
    assert label("lots") == "包" and label("no-such-key") == ""


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
