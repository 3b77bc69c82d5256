"""征求意见 (重大行政决策预公开): the draft, its basis, the period, how to comment, what came of it.

《重大行政决策程序暂行条例》第十四、十五条: the draft and an explanation (起草说明, 依据) are
published with the way to comment and the period, which is at least 30 days unless a reason
for a shorter one is stated; 国办发〔2016〕80号 asks that 意见收集和采纳情况 be published
afterwards. No MkDocs here.
"""

from __future__ import annotations

import datetime
import operator
from typing import TYPE_CHECKING, Literal

from ...load.model import Entry
from ...load.schema import Count, EntryBase, Model

CODE = "consultation"
NAME = "征求意见"

STATUSES = ("征求意见中", "已结束", "已反馈")
"""As 意见征集 pages show them: open, closed, 已反馈 once 采纳情况 is published."""

LABELS: dict[str, str] = {
    "decision_organ": "决策机关",
    "basis": "起草说明和决策依据",
    "start": "征求意见开始日期",
    "end": "征求意见截止日期",
    "shorter_reason": "期限少于30日的理由",
    "status": "征求意见状态",
    "comment": "意见反馈方式",
    "email": "电子邮箱",
    "url": "在线征集网址",
    "adoption": "意见收集和采纳情况",
    "text": "采纳情况说明",
    "received": "收到意见（条）",
    "adopted": "采纳意见（条）",
    "released": "采纳情况公布日期",
    "resulted_in": "形成的政策文件",
}
"""Labels of this kind's keys (``address`` is already 地址); merged into the catalog's labels."""


class Channels(Model):
    """How the public sends its opinion (意见反馈方式): any of the three."""

    address: str | None = None
    """Postal address, with 邮编 and the addressee (e.g. 市司法局立法科)."""
    email: str | None = None
    """An e-mail address, shown as a mailto link."""
    url: str | None = None
    """The online form (http or https)."""


class Adoption(Model):
    """意见收集和采纳情况, published after the period."""

    text: str | None = None
    """What was received and adopted, and why the rest was not (plain text)."""
    received: Count | None = None
    adopted: Count | None = None
    released: datetime.date | None = None
    """Date the 采纳情况 was published, YYYY-MM-DD."""


class Consultation(EntryBase):
    kind: Literal["consultation"]
    decision_organ: str | None = None
    """Id of the deciding organ (决策机关) in catalog/organs.yml; defaults to the publishing organ."""
    basis: str | None = None
    """起草说明 and 决策依据 (Markdown); the draft itself is the body or an attachment."""
    start: datetime.date
    """First day of the period (征求意见开始日期)."""
    end: datetime.date
    """Last day of the period (征求意见截止日期)."""
    shorter_reason: str | None = None
    """Why the period is shorter than 30 days (情况紧急等), as stated when consulting."""
    status: Literal["征求意见中", "已结束", "已反馈"] | None = None
    """Left out, the page tells it from the dates and the 采纳情况."""
    comment: Channels | None = None
    adoption: Adoption | None = None
    resulted_in: str | None = None
    """The policy the decision became (索引号 or path)."""


if TYPE_CHECKING:
    def meta_of(entry: Entry) -> Consultation:
        """The fields of an entry the caller knows is a consultation, typed."""
else:
    meta_of = operator.attrgetter("meta")  # no cast() call: read per entry
