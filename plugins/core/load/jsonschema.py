"""JSON Schemas of the entry files, made from the kinds' models, for editors that check YAML as it is typed.

VS Code's YAML extension (and other editors speaking the YAML language server) read
``schemas/<kind>.schema.json`` to offer completion and mark mistakes while an office types.
Every property gets the field's Chinese label as ``title`` and a Chinese ``description``
(the field's hint, else what its type asks for), so the schema says nothing the fields do
not already say. ``build.py check`` stays the authority: the schema accepts every entry the
loader accepts (numbers written as text, blank budget cells, an empty optional key) and
rejects the typical slips (a missing title, a wrong 公开属性, a date not written 年-月-日,
a misspelt key). ``patternErrorMessage`` and ``errorMessage`` (read by the YAML language server,
ignored by other validators) say in Chinese what a pattern asks for. Draft 7, with nested models written out in place (no ``$ref`` inside a
kind's schema), which every editor's schema support reads. No MkDocs here.
"""

from __future__ import annotations

import datetime
import re
import types
import typing
from collections.abc import Iterable
from typing import Any

import annotated_types
from pydantic import BaseModel, WithJsonSchema
from pydantic.fields import FieldInfo

from . import formats
from .facts import Facts, field_facts
from .kind import Kind
from .registries import REGISTRY_ID, REGISTRY_LABELS

DRAFT = "http://json-schema.org/draft-07/schema#"

Schema = dict[str, Any]

DATE_PATTERN = "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
"""年-月-日 as the loader reads it (formats.ISO_DATE); a day the month lacks is the ``format``'s to catch."""
DATETIME_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?$"
"""A date, or a date and a time (2024-04-10 09:30), as pydantic reads a datetime."""
_INT_TEXT = "^\\s*{sign}[0-9](_?[0-9])*(\\.0*)?\\s*$"
_FLOAT_TEXT = "^\\s*{sign}([0-9](_?[0-9])*(\\.([0-9](_?[0-9])*)?)?|\\.[0-9](_?[0-9])*)([eE][+-]?[0-9]+)?\\s*$"
"""Numbers typed as text ("2024", " 1.5 ", "1e3"): pydantic reads them as numbers, so the schema lets them be."""
NOT_BLANK = "\\S"
"""Text that must say something (``Text``: the model strips spaces, then asks for one character)."""


def _ecma(pattern: re.Pattern[str]) -> str:
    """A loader's Python regex in the JSON Schema (ECMA 262) dialect: named groups unnamed."""
    return re.sub(r"\(\?P<\w+>", "(", pattern.pattern)


def _one_of_patterns(*patterns: re.Pattern[str]) -> str:
    bodies = [_ecma(p).removeprefix("^").removesuffix("$") for p in patterns]
    return "^(\\s*|" + "|".join(f"(?:{body})" for body in bodies) + ")$"  # empty: the loader reads it as not filled in


FORMS: dict[str, tuple[str, str]] = {
    "doc_no": (formats.DOC_NO_SCHEMA, "照原件写，如 东府办〔2016〕47号、国务院令第711号、国家税务总局公告2015年第41号；年份用六角括号〔〕，数字用半角"),
    "index_no": (_one_of_patterns(formats.INDEX_NO), "写成“统一社会信用代码/年份-5位流水号”，如 11441900007330235X/2016-00047；可不填，由 build.py build 分配"),
}
"""Top-level keys whose form the loader checks before the model (loader._precheck): the same patterns, and how to write them."""


class _Built(typing.NamedTuple):
    schema: Schema
    says: str
    """What the value must be, in Chinese (the description of a field without a hint)."""


def _constraints(metadata: Iterable[object]) -> dict[str, Any]:
    """ge/le/gt/lt/min_length from annotated-types items, also inside a ``Field(...)`` in an Annotated."""
    found: dict[str, Any] = {}
    for item in metadata:
        if isinstance(item, FieldInfo):
            found.update(_constraints(item.metadata))
        for name in ("ge", "le", "gt", "lt", "min_length"):
            if isinstance(item, getattr(annotated_types, {"ge": "Ge", "le": "Le", "gt": "Gt", "lt": "Lt", "min_length": "MinLen"}[name])):
                found[name] = getattr(item, name)
    return found


def _bounds(found: dict[str, Any]) -> tuple[Schema, str]:
    schema: Schema = {}
    words = []
    for name, key, word in (("ge", "minimum", "不小于"), ("gt", "exclusiveMinimum", "大于"), ("le", "maximum", "不大于"), ("lt", "exclusiveMaximum", "小于")):
        if name in found:
            schema[key] = found[name]
            words.append(f"{word} {found[name]}")
    if "ge" in found and "le" in found:
        return schema, f"{found['ge']}–{found['le']}"
    return schema, "，".join(words)


def _number(integer: bool, found: dict[str, Any]) -> _Built:
    bounds, range_words = _bounds(found)
    no_minus = found.get("ge", found.get("gt", -1)) >= 0
    sign = "\\+?" if no_minus else "[+-]?"
    text = (_INT_TEXT if integer else _FLOAT_TEXT).replace("{sign}", sign)
    word = "整数" if integer else "数字"
    schema: Schema = {"anyOf": [{"type": "integer" if integer else "number", **bounds}, {"type": "string", "pattern": text}], "errorMessage": f"应为{word}" + (f"（{range_words}）" if range_words else "")}
    return _Built(schema, f"{word}（{range_words}）" if range_words else word)


def _literal(values: tuple[Any, ...]) -> _Built:
    if all(isinstance(v, str) for v in values):
        return _Built({"type": "string", "enum": list(values)}, "只能写：" + " / ".join(values))
    return _Built({"enum": list(values)}, "只能写：" + " / ".join(str(v) for v in values))


def _union(members: tuple[Any, ...], metadata: list[object]) -> _Built:
    if datetime.datetime in members:  # a datetime also reads a plain date: its pattern says both
        members = tuple(member for member in members if member is not datetime.date)
    built = [_build(member, metadata) for member in members if member is not type(None)]
    options = [b.schema for b in built] + ([{"type": "null"}] if type(None) in members else [])
    says = "，或".join(b.says for b in built)
    return _Built(options[0] if len(options) == 1 else {"anyOf": options}, says)


def _build(annotation: Any, metadata: list[object]) -> _Built:
    """The schema of one annotation, with the constraints and Facts around it in ``metadata``."""
    if typing.get_origin(annotation) is typing.Annotated:
        inner, *extra = typing.get_args(annotation)
        return _build(inner, [*metadata, *extra])
    for item in metadata:
        if isinstance(item, WithJsonSchema) and item.json_schema is not None:  # a lenient type says how it may be written
            said = item.json_schema
            return _Built({k: v for k, v in said.items() if k != "description"}, str(said.get("description", "")))
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    facts = field_facts(metadata)
    found = _constraints(metadata)
    if origin in (typing.Union, types.UnionType):
        return _union(args, metadata)
    if origin is typing.Literal:
        return _literal(args)
    if origin is list:
        item = _build(args[0] if args else Any, [])
        return _Built({"type": "array", "items": item.schema}, f"列表，每项：{item.says}")
    if origin is dict:
        value = _build(args[1] if len(args) > 1 else Any, [])
        return _Built({"type": "object", "additionalProperties": value.schema}, f"键值对，每项的值：{value.says}")
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _Built(model_schema(annotation), "键值对（见下级各项）")
    if annotation is datetime.datetime:
        return _Built({"type": "string", "pattern": DATETIME_PATTERN, "patternErrorMessage": "写成 年-月-日 或 年-月-日 时:分，如 2024-04-10 09:30"}, "日期或日期和时间，写成 年-月-日 或 年-月-日 时:分，如 2024-04-10 09:30")
    if annotation is datetime.date or facts.date:
        return _Built({"type": "string", "format": "date", "pattern": DATE_PATTERN, "patternErrorMessage": "日期要写成 年-月-日（半角数字，月和日写两位），如 2024-02-01"}, "日期，写成 年-月-日，如 2024-02-01")
    if annotation is bool:
        return _Built({"type": "boolean"}, "true 或 false")
    if annotation is int:
        return _number(True, found)
    if annotation is float:
        return _number(False, found)
    if annotation is str:
        if found.get("min_length"):
            return _Built({"type": "string", "pattern": NOT_BLANK, "patternErrorMessage": "不能为空"}, "文字，不能为空")
        return _Built({"type": "string"}, "文字")
    return _Built({}, "任意值")


def _description(facts: Facts, built: _Built, required: bool, key: str) -> str:
    form = FORMS.get(key)
    text = facts.hint or (form[1] if form else "") or built.says
    if facts.markdown and not facts.hint:
        text = "Markdown 文字；分几段时写成 “键: |”，下面各行缩进两格"
    if facts.reference and not facts.hint:
        text = "另一个条目的索引号，或它在 catalog/ 下不含扩展名的路径（如 policy/2016/dongfu-47）"
    return f"{text}（{'必填' if required else '可选'}）"


def _property(key: str, info: FieldInfo, *, top: bool) -> tuple[Schema, bool]:
    """One field's schema and whether the file must have it."""
    facts = field_facts(info.metadata)
    built = _build(info.annotation, list(info.metadata))
    schema = dict(built.schema)
    if top and key in FORMS:  # the loader checks the form of these (formats.check_*), the model only that it is text
        schema = {"anyOf": [{"type": "string", "pattern": FORMS[key][0], "patternErrorMessage": FORMS[key][1]}, {"type": "null"}], "errorMessage": FORMS[key][1]}
    required = info.is_required() and not (top and key == "kind")  # the folder catalog/<kind>/ gives the kind when the file leaves it out
    if top and not required and schema.get("type") != "null" and not _allows_null(schema):
        schema = {"anyOf": [schema, {"type": "null"}]}  # ``key:`` left empty: the loader reads it as not filled in
    out: Schema = {"title": facts.label or key, "description": _description(facts, built, required, key)}
    out.update(schema)
    default = info.get_default()
    if not required and default not in (None, [], {}) and isinstance(default, (str, int, float)):
        out["default"] = default
    return out, required


def _allows_null(schema: Schema) -> bool:
    return schema.get("type") == "null" or any(option.get("type") == "null" for option in schema.get("anyOf", ()))


def model_schema(model: type[BaseModel], *, top: bool = False) -> Schema:
    """The object schema of ``model``: its fields, the required ones, no other key (``extra="forbid"``)."""
    properties: Schema = {}
    required: list[str] = []
    for key, info in model.model_fields.items():
        properties[key], must = _property(key, info, top=top)
        if must:
            required.append(key)
    schema: Schema = {"type": "object", "properties": properties, "additionalProperties": False}
    if required:
        schema["required"] = required
    if top and "index_no" in properties and "index_no_legacy" in properties:
        _legacy_index_no(schema)
    return schema


def _legacy_index_no(schema: Schema) -> None:
    """``index_no_legacy: true`` checks 索引号 as another system published it, else in this catalog's form (loader._precheck)."""
    index_no = schema["properties"]["index_no"]
    named = {"title": index_no["title"], "description": index_no["description"]}
    strict = {key: value for key, value in index_no.items() if key != "default"}
    schema["properties"]["index_no"] = {**named, "anyOf": [{"type": "string"}, {"type": "null"}]}
    says = "沿用的原索引号照原样写，不能有空格和 ? # % < > \" ' | * : & ^ { } [ ] \\，不以 / 开头或结尾"
    schema["if"] = {"properties": {"index_no_legacy": {"const": True}}, "required": ["index_no_legacy"]}
    schema["then"] = {"properties": {"index_no": {**named, "anyOf": [{"type": "string", "pattern": _one_of_patterns(formats.LEGACY_INDEX_NO), "patternErrorMessage": says}, {"type": "null"}], "errorMessage": says}}}
    schema["else"] = {"properties": {"index_no": strict}}


def kind_schema(kind: Kind) -> Schema:
    """The schema of an entry file under catalog/<kind>/."""
    body = model_schema(kind.model, top=True)
    return {
        "$schema": DRAFT,
        "title": f"{kind.name}条目",
        "description": f"catalog/{kind.code}/ 下的{kind.name}条目（YAML）。编辑器据此提示和检查；以 python build.py check 的结果为准。",
        **body,
    }


def entry_schema(kinds: Iterable[Kind]) -> Schema:
    """One schema for an entry file anywhere: it has ``kind:`` and is checked as that kind."""
    kinds = tuple(kinds)
    codes = [kind.code for kind in kinds]
    definitions = {kind.code: model_schema(kind.model, top=True) for kind in kinds}
    names = "；".join(f"{kind.code}（{kind.name}）" for kind in kinds)
    return {
        "$schema": DRAFT,
        "title": "目录条目",
        "description": "catalog/ 下的一个条目（YAML）：按 kind 的值检查。以 python build.py check 的结果为准。",
        "type": "object",
        "required": ["kind"],
        "properties": {"kind": {"title": "类别", "description": f"条目类别，只能写：{names}（必填）", "type": "string", "enum": codes}},
        "allOf": [{"if": {"properties": {"kind": {"const": code}}, "required": ["kind"]}, "then": {"$ref": f"#/definitions/{code}"}} for code in codes],
        "definitions": definitions,
    }


def _registry(title: str, description: str, item: Schema, required: list[str]) -> Schema:
    return {
        "$schema": DRAFT,
        "title": title,
        "description": description + "以 python build.py check 的结果为准。",
        "type": "array",
        "items": {"type": "object", "properties": item, "required": required},
    }


_ID = {"title": "编号", "description": "只用字母、数字、连字符（-）和下划线，如 dg-finance；条目中引用它，发布后不要再改（必填）",
       "anyOf": [{"type": "string", "pattern": f"^\\s*{REGISTRY_ID.pattern}\\s*$"}, {"type": "integer", "minimum": 0}]}
_NAME = {"title": "名称", "anyOf": [{"type": "string", "pattern": NOT_BLANK}, {"type": "number"}]}
_USCC = "^\\s*[" + formats.USCC_ALPHABET.replace("0123456789", "0-9") + "]{18}\\s*$"


def registry_schemas() -> dict[str, Schema]:
    """organs.yml and topics.yml: a list of ``- id: … / name: …`` items (other keys are allowed, as the loader allows them)."""
    return {
        "organs": _registry(REGISTRY_LABELS["organs.yml"], "catalog/organs.yml：每个发布机构一项。", {
            "id": _ID,
            "name": {**_NAME, "description": "机构全称，不用简称（必填）"},
            "uscc": {"title": "统一社会信用代码", "description": "18 位数字或大写字母（不含 I、O、Z、S、V），索引号以它开头；全是数字时加引号（必填）",
                     "anyOf": [{"type": "string", "pattern": _USCC}, {"type": "integer", "minimum": 10 ** 17}]},
            "parent": {"title": "上级机构", "description": "上级机构的编号（可选）", "type": ["string", "null"]},
            "catalog_complete_since": {"title": "目录完整起始年份", "description": "从该年起本机构的政策文件（及当年 1 月 1 日仍有效的）和不予公开条目都已登记；年度报告的数字只在此后的年度与目录核对（可选）",
                                       "type": "integer", "minimum": 1990, "maximum": 2100},
        }, ["id", "name", "uscc"]),
        "topics": _registry(REGISTRY_LABELS["topics.yml"], "catalog/topics.yml：每个主题分类一项。", {
            "id": _ID,
            "name": {**_NAME, "description": "名称，两级分类写作“一级\\二级”（必填）"},
        }, ["id", "name"]),
    }


def all_schemas(kinds: Iterable[Kind]) -> dict[str, Schema]:
    """File name under schemas/ → schema: one per kind, the dispatching entry schema, the registries."""
    kinds = tuple(kinds)
    out = {f"{kind.code}.schema.json": kind_schema(kind) for kind in kinds}
    out["entry.schema.json"] = entry_schema(kinds)
    out.update({f"{name}.schema.json": schema for name, schema in registry_schemas().items()})
    return out
