"""``build.py new KIND``: write an entry template with a Chinese comment beside each key.

The template is generated from the kind's schema, so it never drifts from what
the validator accepts. No MkDocs here.
"""

from __future__ import annotations

import contextlib
import os

import datetime
import types
import typing
from pathlib import Path
from typing import Any, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .kinds import KINDS
from .load.kind import Kind, KindSet
from .load.schema import LABELS

HELP: dict[str, str] = {
    "kind": "不要改动",
    "title": "信息名称，只写主标题",
    "index_no": "可不填：build.py build 会自动分配并写回；已发布的索引号永不更改",
    "organ": "发布机构编号，见 catalog/organs.yml",
    "doc_no": "文号，年份用六角括号，如 东府办〔2016〕47号；没有可删去",
    "written": "成文日期，写成 年-月-日",
    "published": "发布日期，写成 年-月-日",
    "topics": "主题分类编号，见 catalog/topics.yml，可写多个",
    "disclosure": "主动公开 / 依申请公开 / 不予公开",
    "exemption": "不是主动公开时必填：负面清单编号，见 catalog/negative-list.yml",
    "exemption_reason": "不是主动公开时，简述理由（供保密审查）",
    "validity": "有效 / 失效 / 废止",
    "summary": "内容概述，一两句话",
    "keywords": "主题词，可写多个",
    "body": "正文（Markdown），长文请改用 .md 条目",
    "attachments": "附件，文件放在本条目文件旁边",
    "related": "相关条目的索引号或路径",
}

OMIT_BY_DEFAULT = {"index_no", "exemption", "exemption_reason", "body", "related", "keywords", "validity"}
"""Left out of a new entry unless its kind's ``skeleton`` writes them (a policy writes 有效性)."""


def _placeholder(annotation: Any, key: str) -> str:
    origin = get_origin(annotation)
    args = [a for a in get_args(annotation) if a is not type(None)]
    if origin in (typing.Union, types.UnionType) and args:
        return _placeholder(args[0], key)
    if origin is typing.Literal:
        return str(args[0]) if args else ""
    if origin is typing.Annotated:
        return _placeholder(args[0], key)
    if origin is list:
        return "[]"
    if annotation is datetime.date:
        return datetime.date.today().isoformat() if key == "published" else ""
    if key.endswith("year"):
        return str(datetime.date.today().year)
    if annotation in (int, float):
        return "0"
    return ""


def _choices(annotation: Any) -> list[str]:
    origin = get_origin(annotation)
    if origin is typing.Literal:
        return [str(a) for a in get_args(annotation)]
    for arg in get_args(annotation):
        found = _choices(arg)
        if found:
            return found
    return []


def _nested_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _nested_model(arg)
        if found:
            return found
    return None


def _lines(model: type[BaseModel], indent: str, kind: Kind) -> list[str]:
    fields = dict(model.model_fields)
    if indent == "":
        first = {"kind": fields.pop("kind")} if "kind" in fields else {}
        fields = {**first, **fields}
    lines = []
    for key, info in fields.items():
        if indent == "" and key in OMIT_BY_DEFAULT and key not in kind.skeleton:
            continue
        lines += _field_lines(key, info, indent, kind)
    return lines


def _field_lines(key: str, info: FieldInfo, indent: str, kind: Kind) -> list[str]:
    required = "必填" if info.is_required() else "可选"
    label = LABELS.get(key, key)
    note = HELP.get(key, "")
    choices = _choices(info.annotation)
    if choices and not note:
        note = " / ".join(choices)
    comment = f"  # {label}（{required}）" + (f"：{note}" if note else "")
    skeleton = kind.skeleton.get(key) if indent == "" else None
    if skeleton is not None:
        return skeleton().rstrip("\n").splitlines()
    nested = _nested_model(info.annotation)
    if nested is not None and get_origin(info.annotation) is not list:
        return [f"{indent}{key}:{comment}"] + _lines(nested, indent + "  ", kind)
    value = kind.code if key == "kind" else _placeholder(info.annotation, key)
    return [f"{indent}{key}: {value}{comment}".replace(": " + "  #", ":  #")]


def template(code: str, *, markdown: bool = False, kinds: tuple[Kind, ...] = KINDS) -> str:
    kind = KindSet(kinds)[code]
    head = f"# 新建{kind.name}条目。填写后运行 python build.py check 检查；“可选”的行不需要可删去。"
    body = "\n".join(_lines(kind.model, "", kind))
    if markdown:
        return f"---\n{head}\n{body}\n---\n在这里写正文（Markdown）。\n"
    return f"{head}\n{body}\n"


def new_entry(catalog_dir: Path, kind: str, slug: str | None = None, *, markdown: bool = False) -> Path:
    """Write a template to ``catalog/<kind>/<year>/<slug>.yml`` without overwriting anything."""
    today = datetime.date.today()
    folder = Path(catalog_dir) / kind / str(today.year)
    folder.mkdir(parents=True, exist_ok=True)
    stem = slug or today.strftime("%m%d")
    suffix = ".md" if markdown else ".yml"
    path = folder / f"{stem}{suffix}"
    n = 2
    while path.exists():
        path = folder / f"{stem}-{n}{suffix}"
        n += 1
    data = template(kind, markdown=markdown).encode("utf-8")
    try:
        with open(path, "xb") as file:  # never over a file written meanwhile
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
    except OSError as exc:  # a full disk: no half-written template left behind, and the error names the file
        if not isinstance(exc, FileExistsError):
            with contextlib.suppress(OSError):
                os.unlink(path)
        raise OSError(exc.errno, exc.strerror, str(path)) from None
    return path
