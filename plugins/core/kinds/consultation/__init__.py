"""征求意见 / 重大行政决策预公开: the draft and its basis before the decision, the 采纳情况 after.

The model is in model.py, the rules in rules.py, the page in page.py; this module declares the kind.
"""

from __future__ import annotations

import datetime

from ...load import schema
from ...load.kind import Kind
from . import codes, page, rules
from .model import CODE, NAME, STATUSES, Consultation

LABELS = schema.labels(Consultation)


def _period_lines() -> str:
    start = datetime.date.today()
    end = start + datetime.timedelta(days=rules.MIN_DAYS - 1)
    return (
        f"start: {start.isoformat()}  # {LABELS['start']}（必填）\n"
        f"end: {end.isoformat()}  # {LABELS['end']}（必填）：期限一般不少于 {rules.MIN_DAYS} 日（含首尾两日）\n"
        f"shorter_reason:  # {LABELS['shorter_reason']}（可选）：期限少于 {rules.MIN_DAYS} 日时必填，如 情况紧急"
    )


SKELETON = {
    "decision_organ": lambda: f"decision_organ:  # {LABELS['decision_organ']}（可选）：catalog/organs.yml 中的机构编号；与发布机构相同的可删去",
    "basis": lambda: f"basis:  # {LABELS['basis']}（可选）：Markdown；决策草案（征求意见稿）写在正文或作为附件",
    "status": lambda: f"# status:  # {LABELS['status']}（可选）：不写则按日期显示；{' / '.join(STATUSES)}",
    "start": _period_lines,
    "end": lambda: "",
    "shorter_reason": lambda: "",
    "adoption": lambda: "# adoption:  # 意见收集和采纳情况：征求意见结束后填写 text:（说明）、released:（公布日期）、received:、adopted:（条数）",
    "resulted_in": lambda: "# resulted_in:  # 形成的政策文件：决策作出后写它的索引号或路径",
}
"""Lines of ``build.py new consultation`` that the model alone cannot make."""

KIND = Kind(
    code=CODE,
    name=NAME,
    model=Consultation,
    rules=tuple(rules.RULES),
    codes=(codes.SECTION,),
    banner=page.banner,
    section=page.section,
    search_text=page.search_text,
    backlink=("resulted_in", "征求意见"),  # the policy it became lists it back
    export_columns=(
        "decision_organ", "start", "end", "shorter_reason", "status",
        "comment.address", "comment.email", "comment.url", "basis",
        "adoption.text", "adoption.received", "adoption.adopted", "adoption.released", "resulted_in",
    ),
    skeleton=SKELETON,
)
