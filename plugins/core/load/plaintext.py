"""Markup in a plain-text value (a title, a summary, a registry name): the site shows it as written.

Below the loader, which checks the registries' names as it reads them; markup_check.py (the wall's
check of published bodies) reports its findings in the same ``Finding`` shape.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..problems.diagnostics import Severity


@dataclass(frozen=True)
class Finding:
    start: int
    """Offset in the body text."""
    code: str
    severity: Severity
    what: str
    fix: str


_PLAIN_TAG = re.compile(r"<(?:!--|/?[A-Za-z][A-Za-z0-9-]*(?=[\s/>]))")


def plain_findings(value: str) -> list[Finding]:
    """An HTML comment or tag in a title, summary or other plain-text value: the site shows it as written."""
    if "<!--" in value:
        return [Finding(value.index("<!--"), "field-html-comment", Severity.ERROR,
                        "这里有 HTML 注释 <!-- … -->：标题、概述等字段是纯文字，注释不会被隐藏，会原样显示在网页、订阅源和搜索结果中",
                        "删去这段注释；内部说明写在提交说明或审查记录里，不要写进条目文件")]
    match = _PLAIN_TAG.search(value)
    if match:
        return [Finding(match.start(), "field-markup-shown", Severity.WARNING,
                        f"这里有 HTML 标签 {match[0]}…>：标题、概述等字段是纯文字，标签会原样显示为文字，不会加粗、换行或成为链接",
                        "删去标签，只写文字")]
    return []
