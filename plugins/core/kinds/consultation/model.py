"""征求意见 (重大行政决策预公开): the draft, its basis, the period, how to comment, what came of it.

《重大行政决策程序暂行条例》第十四、十五条: the draft and an explanation (起草说明, 依据) are
published with the way to comment and the period, which is at least 30 days unless a reason
for a shorter one is stated; 国办发〔2016〕80号 asks that 意见收集和采纳情况 be published
afterwards. No MkDocs here.
"""

from __future__ import annotations

import datetime
import operator
from typing import TYPE_CHECKING, Annotated, Literal

from ...load.facts import Facts
from ...load.model import Entry
from ...load.schema import KIND_FACTS, Count, EntryBase, Model

CODE = "consultation"
NAME = "征求意见"

STATUSES = ("征求意见中", "已结束", "已反馈")
"""As 意见征集 pages show them: open, closed, 已反馈 once 采纳情况 is published."""

class Channels(Model):
    """How the public sends its opinion (意见反馈方式): any of the three."""

    address: Annotated[str | None, Facts("地址", hint="通信地址，含邮编和收件单位，如 市司法局立法科")] = None
    """Postal address, with 邮编 and the addressee (e.g. 市司法局立法科)."""
    email: Annotated[str | None, Facts("电子邮箱", hint="电子邮箱地址，网站上显示为可点击的邮件链接")] = None
    """An e-mail address, shown as a mailto link."""
    url: Annotated[str | None, Facts("在线征集网址", hint="在线提交意见的网址（http 或 https 开头）")] = None
    """The online form (http or https)."""


class Adoption(Model):
    """意见收集和采纳情况, published after the period."""

    text: Annotated[str | None, Facts("采纳情况说明", prose=True, hint="收到和采纳了哪些意见，未采纳的理由（纯文字）")] = None
    """What was received and adopted, and why the rest was not (plain text)."""
    received: Annotated[Count | None, Facts("收到意见（条）")] = None
    adopted: Annotated[Count | None, Facts("采纳意见（条）")] = None
    released: Annotated[datetime.date | None, Facts("采纳情况公布日期", date=True)] = None
    """Date the 采纳情况 was published, YYYY-MM-DD."""


class Consultation(EntryBase):
    kind: Annotated[Literal["consultation"], KIND_FACTS]
    decision_organ: Annotated[str | None, Facts("决策机关", row=False, hint="决策机关在 catalog/organs.yml 中的编号；不写即为发布机构")] = None
    """Id of the deciding organ (决策机关) in catalog/organs.yml; defaults to the publishing organ."""
    basis: Annotated[str | None, Facts("起草说明和决策依据", markdown=True, prose=True)] = None
    """起草说明 and 决策依据 (Markdown); the draft itself is the body or an attachment."""
    start: Annotated[datetime.date, Facts("征求意见开始日期", date=True)]
    """First day of the period (征求意见开始日期)."""
    end: Annotated[datetime.date, Facts("征求意见截止日期", date=True)]
    """Last day of the period (征求意见截止日期)."""
    shorter_reason: Annotated[str | None, Facts("期限少于30日的理由", prose=True, hint="征求意见期限少于 30 日时，写明征求意见时说明的理由（如情况紧急）")] = None
    """Why the period is shorter than 30 days (情况紧急等), as stated when consulting."""
    status: Annotated[Literal["征求意见中", "已结束", "已反馈"] | None, Facts("征求意见状态")] = None
    """Left out, the page tells it from the dates and the 采纳情况."""
    comment: Annotated[Channels | None, Facts("意见反馈方式")] = None
    adoption: Annotated[Adoption | None, Facts("意见收集和采纳情况")] = None
    resulted_in: Annotated[str | None, Facts("形成的政策文件", reference=True, link_free=True)] = None
    """The policy the decision became (索引号 or path)."""


if TYPE_CHECKING:
    def meta_of(entry: Entry) -> Consultation:
        """The fields of an entry the caller knows is a consultation, typed."""
else:
    meta_of = operator.attrgetter("meta")  # no cast() call: read per entry
