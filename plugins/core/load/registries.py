"""The registries beside the entries: 发布机构名录 (organs.yml), 主题分类表 (topics.yml), 负面清单 (negative-list.yml)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any


from . import formats
from ..problems.diagnostics import Diagnostic
from .files import _rel, read_document
from .plaintext import plain_findings
from .model import RegistryItem
from .yamlpos import Document

REGISTRIES = {"organs": "organs.yml", "topics": "topics.yml", "negative_list": "negative-list.yml"}


REGISTRY_LABELS = {"organs.yml": "发布机构名录", "topics.yml": "主题分类表", "negative-list.yml": "负面清单"}


REGISTRY_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")


def load_registry(path: Path, root: Path, *, required: bool = True) -> tuple[dict[str, RegistryItem], list[Diagnostic]]:
    rel = _rel(path, root)
    what = REGISTRY_LABELS.get(path.name, path.name)
    if not path.exists():
        if not required:
            return {}, []
        return {}, [Diagnostic(rel, 0, 0, "registry-missing", f"缺少{what}文件", f"新建 {rel}，每项写 id 和 name")]
    doc, problems = read_document(path, root)
    if doc is None:
        return {}, problems
    if not isinstance(doc.data, list):
        line, col = doc.where(())
        return {}, problems + [Diagnostic(rel, line, col, "registry-format", f"{what}应为列表", "每一项以“- id: …”开头")]
    items: dict[str, RegistryItem] = {}
    for i, item in enumerate(doc.data):
        line, col = doc.where((i,))
        if not isinstance(item, dict):
            problems.append(Diagnostic(rel, line, col, "registry-format", "这一项应为键值对", "写成“- id: …”，下一行缩进写“name: …”", field=f"[{i}]"))
            continue
        for key in ("id", "name"):
            if isinstance(item.get(key), (list, dict)):  # str() of it would become the name on every page
                key_line, key_col = doc.where((i, key))
                problems.append(Diagnostic(rel, key_line, key_col, "registry-format", f"{'编号' if key == 'id' else '名称'}应为一段文字，这里写成了{'列表' if isinstance(item[key], list) else '键值对'}",
                                           f"写成“{key}: 文字”，不要用方括号、花括号或再缩进一层", field=f"[{i}].{key}", label="编号" if key == "id" else "名称"))
                item = {**item, key: None}
            if not str(item.get(key) or "").strip():
                problems.append(Diagnostic(rel, line, col, "missing-field", "缺少必填项", f"补上 {key}", field=f"[{i}].{key}", label="编号" if key == "id" else "名称"))
        ident = str(item.get("id") or "").strip()
        if not ident:
            continue
        if not REGISTRY_ID.fullmatch(ident):  # ids become folder names and URLs of the listings
            id_line, id_col = doc.where((i, "id"))
            problems.append(Diagnostic(rel, id_line, id_col, "registry-id-format", f"编号 {ident} 只能由字母、数字、连字符（-）和下划线组成",
                                       "改成如 dg-finance 这样的编号（它是列表页网址的一部分），并同样修改引用它的条目", field=f"[{i}].id", label="编号"))
        if ident in items:
            problems.append(Diagnostic(rel, line, col, "duplicate-id", f"编号 {ident} 重复（第 {items[ident].line} 行已有）", "给其中一项换一个编号", field=f"[{i}].id", label="编号"))
            continue
        if path.name == "organs.yml":
            problems += _check_organ(item, doc, i, rel)
        name = item.get("name")
        if isinstance(name, str) and "<" in name:  # shown as written on every page of the organ or topic
            for finding in plain_findings(name):
                name_line, name_col = doc.where((i, "name"))
                problems.append(Diagnostic(rel, name_line, name_col, finding.code, finding.what, finding.fix, field=f"[{i}].name", label="名称", severity=finding.severity))
        items[ident] = RegistryItem(ident, str(item.get("name", "")), item, rel, line)
    return items, problems


def _check_organ(item: dict[str, Any], doc: Document, i: int, rel: str) -> list[Diagnostic]:
    uscc = item.get("uscc")
    line, col = doc.where((i, "uscc"))
    if not uscc:
        return [Diagnostic(rel, line, col, "missing-field", "缺少必填项", "填写 18 位统一社会信用代码（索引号以它开头）", field=f"[{i}].uscc", label="统一社会信用代码")]
    problem = formats.check_uscc(str(uscc))
    if problem:
        code, what, fix = problem
        return [Diagnostic(rel, line, col, code, what, fix, field=f"[{i}].uscc", label="统一社会信用代码")]
    return []
