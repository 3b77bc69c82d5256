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
from .load.facts import facts_of, field_facts
from .load.kind import Kind, KindSet


def _placeholder(annotation: Any, key: str) -> str:
    origin = get_origin(annotation)
    args = [a for a in get_args(annotation) if a is not type(None)]
    if origin in (typing.Union, types.UnionType) and args:
        if len(args) < len(get_args(annotation)) and get_origin(args[0]) is typing.Literal:
            return ""  # an optional choice (采购类别 …): left blank for the editor to pick from the comment, never a default guess
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
    omitted = facts_of(model).not_scaffold  # what an editor rarely fills in
    for key, info in fields.items():
        if indent == "" and key in omitted and key not in kind.skeleton:
            continue
        lines += _field_lines(key, info, indent, kind)
    return lines


def _field_lines(key: str, info: FieldInfo, indent: str, kind: Kind) -> list[str]:
    required = "必填" if info.is_required() else "可选"
    label = field_facts(info.metadata).label or key
    note = field_facts(info.metadata).hint
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


def template(code: str, *, markdown: bool = False, kinds: tuple[Kind, ...] = KINDS, organ: str | None = None) -> str:
    """The commented template of a kind; ``organ``: the issuing organ's id, filled in."""
    kind = KindSet(kinds)[code]
    head = f"# 新建{kind.name}条目。填写后运行 python build.py check 检查；“可选”的行不需要可删去。"
    lines = _lines(kind.model, "", kind)
    if organ:
        lines = [f"organ: {organ}  #" + line.split("  #", 1)[1] if line.startswith("organ:") and "  #" in line else line for line in lines]
    body = "\n".join(lines)
    if markdown:
        return f"---\n{head}\n{body}\n---\n在这里写正文（Markdown）。\n"
    return f"{head}\n{body}\n"


def new_entry(catalog_dir: Path, kind: str, slug: str | None = None, *, markdown: bool = False, organ: str | None = None) -> Path:
    """Write a template to ``catalog/<kind>/<year>/<slug>.yml`` without overwriting anything.

    With ``organ`` the file is ``<organ>-<slug or MMDD>``: CODEOWNERS routes review by that prefix (docs/review.md).
    """
    today = datetime.date.today()
    folder = Path(catalog_dir) / kind / str(today.year)
    folder.mkdir(parents=True, exist_ok=True)
    stem = slug or today.strftime("%m%d")
    if organ and not stem.startswith(organ + "-"):
        stem = f"{organ}-{stem}"
    suffix = ".md" if markdown else ".yml"
    path = folder / f"{stem}{suffix}"
    n = 2
    while path.exists():
        path = folder / f"{stem}-{n}{suffix}"
        n += 1
    data = template(kind, markdown=markdown, organ=organ).encode("utf-8")
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
