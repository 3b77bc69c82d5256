"""The catalog format v1: what every entry has (EntryBase), with a Chinese label per key.

Each kind's own model lives in its package (kinds/<code>/model.py).

Structural checks live here (types, required keys, allowed values); rules that
need the whole catalog (registries, references, duplicates) live in rules.py,
and the finer per-kind checks in kinds/. No MkDocs here.
"""

from __future__ import annotations

import datetime
import functools
import typing
from collections.abc import Mapping
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .facts import Facts, field_facts, labels_of

DISCLOSURE = ("主动公开", "依申请公开", "不予公开")
VALIDITY = ("有效", "失效", "废止")


OTHER_LABELS: dict[str, str] = {
    "lots": "包",
    "basic": "基本支出",
    "project": "项目支出",
}
"""Labels of keys that are no model field (column keys, words in messages); fields carry their own."""

KIND_FACTS = Facts("类别", on_request=True, head=9, structural=True, hint="不要改动")
"""The facts of every kind model's ``kind`` field (the kind's code)."""


def _label(name: str, info: Any) -> str:
    return field_facts(info.metadata).label or name


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

NOT_STATED = "未说明"
"""What an editor writes for a value the published document does not give (no 项目编号 on a 询价公告,
only a 最高限价, a 公车 figure not split into 购置/运行): never a 0, a blank or a guess in its place."""
NotStated = Literal["未说明"]
"""Add to a field's type (``Amount | NotStated | None``) where a real document may lack the value; only such fields accept it.
The page shows it as 原件未说明 (``SHOWN_NOT_STATED``), rules that need it skip, data files and OCDS leave it out."""
SHOWN_NOT_STATED = "原件未说明"
NOT_STATED_HINT = "原件没有写的，写 未说明（不要写 0 或估计的数）"


def stated(value: Any) -> Any:
    """``value``, or None where the document does not state it (``未说明``)."""
    return None if value == NOT_STATED else value


def stated_date(value: datetime.date | str | None) -> datetime.date | None:
    """A date field's date, or None where it is absent or not stated: what every rule that compares dates reads."""
    return value if isinstance(value, datetime.date) else None


def date_key(value: datetime.date | str | None) -> datetime.date:
    """A date to sort by: an undated entry (发布日期 未说明) sorts as the oldest, so newest-first lists show it last."""
    return value if isinstance(value, datetime.date) else datetime.date.min


def accepts_not_stated(model: type[BaseModel], key: str) -> bool:
    """Whether ``model``'s field ``key`` takes ``未说明`` (its type includes ``NotStated``)."""
    info = model.model_fields.get(key)
    return info is not None and NOT_STATED in _literals(info.annotation)


def _literals(annotation: Any) -> set[Any]:
    origin = typing.get_origin(annotation)
    if origin is Literal:
        return set(typing.get_args(annotation))
    return {v for arg in typing.get_args(annotation) for v in _literals(arg)} if origin is not None else set()


class Attachment(Model):
    file: Annotated[Text, Facts("文件")]
    """Path of the file, relative to the entry file (e.g. ``附件1.pdf``)."""
    title: Annotated[str, Facts("标题", prose=True)] = ""
    """Caption shown on the site; defaults to the file name."""


class EntryBase(Model):
    if TYPE_CHECKING:  # each kind's model declares it, as a Literal of its code (kinds/<code>/model.py)
        kind: str
        """The kind's code (``policy``, ``budget`` …)."""
    title: Annotated[Text, Facts("标题", on_request=True, row=False, text=True, prose=True, hint="信息名称，只写主标题")]
    """The main title only, as published (名称)."""
    index_no: Annotated[str | None, Facts("索引号", on_request=True, head=1, scaffold=False, structural=True, link_free=True, hint="可不填：build.py build 会自动分配并写回；已发布的索引号永不更改")] = None
    """``<统一社会信用代码>/<year>-<5-digit serial>``; leave out and build.py assigns it."""
    index_no_legacy: Annotated[bool, Facts("沿用原索引号", on_request=True, row=False, scaffold=False, structural=True, hint="true：索引号是原信息公开系统按其他编号规则公布的，照原样保留（不按本目录的编号规则检查，也从不改写）")] = False
    """The 索引号 was published by another system in its own form: kept as published, checked only for uniqueness and for characters a web address cannot hold."""
    organ: Annotated[Text, Facts("发布机构", on_request=True, head=2, structural=True, hint="发布机构编号，见 catalog/organs.yml")]
    """Id of the issuing organ in catalog/organs.yml."""
    doc_no: Annotated[str | None, Facts("文号", on_request=True, head=4, hint="文号，年份用六角括号，如 东府办〔2016〕47号；没有可删去")] = None
    """文号 in GB/T 9704 form, e.g. 东府办〔2016〕47号."""
    written: Annotated[Date | NotStated | None, Facts("成文日期", on_request=True, head=5, date=True, hint="成文日期，写成 年-月-日；原件没有印成文日期的，写 未说明")] = None
    """Date the document was signed (成文日期), YYYY-MM-DD; ``未说明`` where the document prints none (shown as such, never guessed)."""
    published: Annotated[Date | NotStated, Facts("发布日期", on_request=True, head=6, date=True, structural=True, hint="发布日期，写成 年-月-日；沿用原索引号的存档条目，原系统没有记录发布日期的，写 未说明")]
    """Date the public can first read it (发布日期), YYYY-MM-DD."""
    topics: Annotated[list[Text], Facts("主题分类", on_request=True, head=3, structural=True, hint="主题分类编号，见 catalog/topics.yml，可写多个")] = []
    """Ids from catalog/topics.yml."""
    disclosure: Annotated[Literal["主动公开", "依申请公开", "不予公开"], Facts("公开属性", on_request=True, head=8, structural=True, hint="主动公开 / 依申请公开 / 不予公开")]
    """主动公开 (published in full), 依申请公开 (metadata only), 不予公开 (nothing published)."""
    exemption: Annotated[str | None, Facts("不予公开依据", on_request=True, row=False, public=False, scaffold=False, structural=True, hint="不是主动公开时必填：负面清单编号，见 catalog/negative-list.yml")] = None
    """Id from catalog/negative-list.yml; required unless 主动公开."""
    exemption_reason: Annotated[str | None, Facts("不予公开理由", row=False, prose=True, public=False, scaffold=False, hint="不是主动公开时，简述理由（供保密审查）")] = None
    """Why the exemption applies to this entry (for the confidentiality review)."""
    validity: Annotated[Literal["有效", "失效", "废止"] | None, Facts("有效性", on_request=True, head=7, scaffold=False, hint="有效 / 失效 / 废止")] = None
    summary: Annotated[str | None, Facts("内容概述", on_request=True, row=False, text=True, prose=True, hint="内容概述，一两句话")] = None
    """One or two sentences (内容概述)."""
    keywords: Annotated[list[Text], Facts("主题词", on_request=True, row=False, text=True, scaffold=False, hint="主题词，可写多个")] = []
    body: Annotated[str | None, Facts("正文", row=False, text=True, prose=True, public=False, scaffold=False, hint="正文（Markdown），长文请改用 .md 条目")] = None
    """Markdown text of a pure-YAML entry (Markdown entries put it after the front matter)."""
    attachments: Annotated[list[Attachment], Facts("附件", row=False, hint="附件，文件放在本条目文件旁边")] = []
    related: Annotated[list[Text], Facts("相关条目", on_request=True, row=False, scaffold=False, structural=True, link_free=True, hint="相关条目的索引号或路径")] = []
    """Other entries, by 索引号 or by path under catalog/ without extension."""


LABELS: Mapping[str, str] = {**labels_of((EntryBase,)), "kind": KIND_FACTS.label, **OTHER_LABELS}
"""key → label of what every entry has, and the words above; a kind's own fields carry theirs (``labels``)."""


@functools.cache
def labels(*models: type[BaseModel]) -> Mapping[str, str]:
    """key → label for messages about entries of ``models``: their fields, nested ones by their own name."""
    return {**LABELS, **labels_of(models)}


def label(key: object) -> str:
    return LABELS.get(str(key), "")
