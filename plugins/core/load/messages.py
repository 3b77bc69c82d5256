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

CODES: dict[str, str] = {
    "missing": "missing-field",
    "extra_forbidden": "unknown-field",
    "literal_error": "value-not-allowed",
}


def translate(error: Mapping[str, Any]) -> tuple[str, str, str]:
    """(code, what is wrong, how to fix) for one pydantic error dict."""
    kind = error["type"]
    ctx = dict(error.get("ctx") or {})
    ctx.setdefault("input", _short(error.get("input")))
    if "expected" in ctx:
        ctx["expected"] = ctx["expected"].replace("'", "").replace(" or ", "、").replace(", ", "、")
    what, fix = MESSAGES.get(kind, (error.get("msg", kind), "对照 docs/catalog-format.md 修改"))
    try:
        what, fix = what.format(**ctx), fix.format(**ctx)
    except (KeyError, IndexError):
        pass
    return CODES.get(kind, kind.replace("_", "-")), what, fix


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "…"
