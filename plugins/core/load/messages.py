"""Editor wording for pydantic's error types, in Chinese. No MkDocs here.

Follows pydantic's documented CUSTOM_MESSAGES pattern: re-word by error
``type`` and keep its ``ctx`` values. Each entry is (what is wrong, how to fix).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

MESSAGES: dict[str, tuple[str, str]] = {
    "missing": ("缺少必填项", "补上这一项"),
    "extra_forbidden": ("不认识的键（可能拼错了）", "对照 docs/catalog-format.md 的字段表检查拼写，或删除这一行"),
    "literal_error": ("值 {input} 不在允许的范围内", "只能填写：{expected}"),
    "string_type": ("应为文字", "直接写文字；纯数字或日期请加引号"),
    "string_too_short": ("不能为空", "填写内容，或删除这一行"),
    "int_parsing": ("应为整数，现为 {input}", "只写阿拉伯数字（半角），不带单位和逗号"),
    "int_type": ("应为整数，现为 {input}", "只写阿拉伯数字（半角），不带单位和逗号"),
    "int_from_float": ("应为整数，现为 {input}", "去掉小数部分"),
    "float_parsing": ("应为数字，现为 {input}", "只写阿拉伯数字（半角），不带单位、逗号或空格"),
    "finite_number": ("应为有限的数字，现为 {input}（.inf、.nan 或超出范围的数如 1e999 都不是金额）", "写实际的数字，如 1980000"),
    "float_type": ("应为数字，现为 {input}", "只写阿拉伯数字（半角），不带单位、逗号或空格"),
    "greater_than_equal": ("不能小于 {ge}，现为 {input}", "检查数值"),
    "less_than_equal": ("不能大于 {le}，现为 {input}", "检查数值"),
    "list_type": ("应为列表", "每一项单独一行，以“- ”开头"),
    "dict_type": ("应为键值对", "按“键: 值”逐行书写，并向右缩进两个空格"),
    "model_type": ("应为键值对", "按“键: 值”逐行书写，并向右缩进两个空格"),
    "model_attributes_type": ("应为键值对", "按“键: 值”逐行书写，并向右缩进两个空格"),
    "date_from_datetime_parsing": ("日期格式不对：{input}", "写成 年-月-日，例如 2016-05-23"),
    "date_parsing": ("日期格式不对：{input}", "写成 年-月-日，例如 2016-05-23"),
    "date_type": ("日期格式不对：{input}", "写成 年-月-日，例如 2016-05-23"),
    "bool_parsing": ("应为 是/否（true/false）", "写 true 或 false"),
    "union_tag_invalid": ("类别 {tag} 不存在", "只能填写：{expected_tags}"),
}

NOT_STATED = "未说明"  # load/schema.py's NOT_STATED; said here too so this table stays free of the models
NOT_STATED_FIX = ("“未说明”只用于原件可能没有的值（成文日期、沿用原索引号的存档条目的发布日期、采购项目编号、预算金额、最高限价、“三公”公车购置费和运行费，见 docs/catalog-format.md）；"
                  "这一项按原件填写")

CODES: dict[str, str] = {
    "missing": "missing-field",
    "extra_forbidden": "unknown-field",
    "literal_error": "value-not-allowed",
}


NOT_STATED_BRANCH = "literal['未说明']"
"""pydantic's name for the ``NotStated`` branch of a union in an error's ``loc``."""


def fold_not_stated(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One error per field that allows 未说明: its union's 未说明 branch dropped, the other branch's error said of the field.

    ``Amount | NotStated`` given ``约5万`` fails both branches; the editor reads one message, with the
    number's wording and a reminder that 未说明 is the word for a value the document does not give.
    """
    folded: dict[tuple[Any, ...], dict[str, Any]] = {}
    out: list[dict[str, Any]] = []
    for error in errors:
        loc = tuple(error["loc"])
        if NOT_STATED_BRANCH not in loc:
            branch = next((i for i, part in enumerate(loc) if isinstance(part, str) and part.startswith(("constrained-", "function-")) or part in ("str", "float", "int")), None)
            if branch is None or loc[:branch] not in _allowing(errors):
                out.append(error)
                continue
            field = loc[:branch]
            if field in folded:
                continue
            folded[field] = {**error, "loc": field, "not_stated": True}
            out.append(folded[field])
    return out


def _allowing(errors: list[dict[str, Any]]) -> set[tuple[Any, ...]]:
    """Fields whose union has a 未说明 branch, by their loc."""
    return {tuple(e["loc"])[: tuple(e["loc"]).index(NOT_STATED_BRANCH)] for e in errors if NOT_STATED_BRANCH in tuple(e["loc"])}


def translate(error: Mapping[str, Any]) -> tuple[str, str, str]:
    """(code, what is wrong, how to fix) for one pydantic error dict."""
    kind = error["type"]
    ctx = dict(error.get("ctx") or {})
    ctx.setdefault("input", _short(error.get("input")))
    if "expected" in ctx:
        ctx["expected"] = ctx["expected"].replace("'", "").replace(" or ", "、").replace(", ", "、")
    what, fix = MESSAGES.get(kind, (error.get("msg", kind), "对照 docs/catalog-format.md 修改"))
    if error.get("input") == NOT_STATED and kind not in ("missing", "extra_forbidden"):
        what, fix = f"这一项不能写“{NOT_STATED}”（{what.format(**ctx) if '{' in what else what}）", NOT_STATED_FIX
    elif error.get("not_stated"):
        fix += f"；原件没有写这一项的，写 {NOT_STATED}"
    try:
        what, fix = what.format(**ctx), fix.format(**ctx)
    except (KeyError, IndexError):
        pass
    return CODES.get(kind, kind.replace("_", "-")), what, fix


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "…"
