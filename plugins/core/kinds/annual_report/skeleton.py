"""``build.py new`` for a 年度报告: the 2021 tables with their labels, ready to fill."""

from __future__ import annotations


import datetime

from ...wall.sanitize import MARKDOWN_FIELDS
from .format import (
    PROACTIVE, REQUEST_COLUMN_NAMES, REQUEST_ROWS,
    REVIEW_CELLS, REVIEW_GROUPS, SECTIONS,
)
from .rules import KIND



def skeleton_year() -> str:
    year = datetime.date.today().year - 1
    return f"report_year: {year}  # 报告年度（必填）：2021 年度起使用 2021 年版格式（国办公开办函〔2021〕30号）"


def skeleton_tables() -> str:
    lines = ["proactive:  # 二、主动公开政府信息情况（行标签不要改动）"]
    for sub in PROACTIVE[2021]:
        for label in sub.rows:
            value = "[0, 0, 0]" if len(sub.columns) > 1 else "0"
            lines.append(f"  {label}: {value}  # {sub.item}：{'、'.join(sub.columns)}")
    lines += ["requests:  # 三、收到和处理政府信息公开申请情况（行标签不要改动）", "  # 每行 7 个数：" + "、".join(REQUEST_COLUMN_NAMES)]
    group: tuple[str, ...] = ()
    for row in REQUEST_ROWS[2021]:
        if row.groups != group and len(row.groups) > 1:
            lines.append(f"  # {row.groups[-1]}")
        group = row.groups
        lines.append(f"  {row.label}: [0, 0, 0, 0, 0, 0, 0]")
    lines += ["review_litigation:  # 四、政府信息公开行政复议、行政诉讼情况", "  # 每组 5 个数：" + "、".join(REVIEW_CELLS)]
    lines += [f"  {group_name}: [0, 0, 0, 0, 0]" for group_name in REVIEW_GROUPS]
    return "\n".join(lines) + "\n"


MARKDOWN_FIELDS[KIND] = ("preface", *(key for key, _ in SECTIONS if key not in ("proactive", "requests", "review_litigation")))
