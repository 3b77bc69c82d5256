"""The national formats of the 政府信息公开工作年度报告, row and column labels verbatim.

2021: 国办公开办函〔2021〕30号 (report years 2021 on); 2019: 国办公开办函〔2019〕60号
(report years 2019–2020). Before 2019 there was no national table format. Labels are
copied from real reports in these formats (see docs/kinds-budget.md). No MkDocs here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

SECTIONS = (
    ("overview", "一、总体情况"),
    ("proactive", "二、主动公开政府信息情况"),
    ("requests", "三、收到和处理政府信息公开申请情况"),
    ("review_litigation", "四、政府信息公开行政复议、行政诉讼情况"),
    ("problems", "五、存在的主要问题及改进情况"),
    ("other_matters", "六、其他需要报告的事项"),
)


@dataclass(frozen=True)
class SubTable:
    """One block of table 二 (a 第二十条 item)."""

    item: str
    columns: tuple[str, ...]
    rows: tuple[str, ...]
    money: tuple[int, ...] = ()
    """Columns holding amounts (may have decimals)."""
    signed: tuple[int, ...] = ()
    """Columns that may be negative (本年增/减)."""


PROACTIVE = {
    2021: (
        SubTable("第二十条第（一）项", ("本年制发件数", "本年废止件数", "现行有效件数"), ("规章", "行政规范性文件")),
        SubTable("第二十条第（五）项", ("本年处理决定数量",), ("行政许可",)),
        SubTable("第二十条第（六）项", ("本年处理决定数量",), ("行政处罚", "行政强制")),
        SubTable("第二十条第（八）项", ("本年收费金额（单位：万元）",), ("行政事业性收费",), money=(0,)),
    ),
    2019: (
        SubTable("第二十条第（一）项", ("本年新制作数量", "本年新公开数量", "对外公开总数量"), ("规章", "规范性文件")),
        SubTable("第二十条第（五）项", ("上一年项目数量", "本年增/减", "处理决定数量"), ("行政许可", "其他对外管理服务事项"), signed=(1,)),
        SubTable("第二十条第（六）项", ("上一年项目数量", "本年增/减", "处理决定数量"), ("行政处罚", "行政强制"), signed=(1,)),
        SubTable("第二十条第（八）项", ("上一年项目数量", "本年增/减"), ("行政事业性收费",), signed=(1,)),
        SubTable("第二十条第（九）项", ("采购项目数量", "采购总金额"), ("政府集中采购",), money=(1,)),
    ),
}

REQUEST_HEADER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
REQUEST_COLUMNS = ("自然人", "法人或其他组织/商业企业", "法人或其他组织/科研机构", "法人或其他组织/社会公益组织", "法人或其他组织/法律服务机构", "法人或其他组织/其他", "总计")
REQUEST_COLUMN_NAMES = tuple(c.split("/")[-1] for c in REQUEST_COLUMNS)

RESULTS = "三、本年度办理结果"
WITHHELD = "（三）不予公开"
UNABLE = "（四）无法提供"
NOT_PROCESSED = "（五）不予处理"
OTHER = "（六）其他处理"


@dataclass(frozen=True)
class RequestRow:
    label: str
    groups: tuple[str, ...]
    role: str
    """new (一), carried (二), leaf (a result), total (（七）总计), forward (四)."""


def _rows(other: tuple[str, ...]) -> tuple[RequestRow, ...]:
    withheld = ("1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”", "4.保护第三方合法权益", "5.属于三类内部事务信息", "6.属于四类过程性信息", "7.属于行政执法案卷", "8.属于行政查询事项")
    unable = ("1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确")
    not_processed = ("1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物", "4.无正当理由大量反复申请", "5.要求行政机关确认或重新出具已获取信息")
    rows = [
        RequestRow("一、本年新收政府信息公开申请数量", (), "new"),
        RequestRow("二、上年结转政府信息公开申请数量", (), "carried"),
        RequestRow("（一）予以公开", (RESULTS,), "leaf"),
        RequestRow("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", (RESULTS,), "leaf"),
        *(RequestRow(label, (RESULTS, WITHHELD), "leaf") for label in withheld),
        *(RequestRow(label, (RESULTS, UNABLE), "leaf") for label in unable),
        *(RequestRow(label, (RESULTS, NOT_PROCESSED), "leaf") for label in not_processed),
    ]
    if other:
        rows += [RequestRow(label, (RESULTS, OTHER), "leaf") for label in other]
    else:
        rows.append(RequestRow(OTHER, (RESULTS,), "leaf"))
    rows += [RequestRow("（七）总计", (RESULTS,), "total"), RequestRow("四、结转下年度继续办理", (), "forward")]
    return tuple(rows)


REQUEST_ROWS = {
    2021: _rows((
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "3.其他",
    )),
    2019: _rows(()),
}

ALIASES = {
    2021: {
        # the short forms of the （六） rows used by many real reports
        "1.申请人无正当理由逾期不补正": "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "2.申请人逾期未按收费通知要求缴纳费用": "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    },
    2019: {},
}
"""Display variants seen in real reports that mean the same row; accepted silently."""

REVIEW_GROUPS = ("行政复议", "未经复议直接起诉", "复议后起诉")
REVIEW_CELLS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
REVIEW_COLUMNS = tuple(
    f"{'行政复议' if g == '行政复议' else '行政诉讼/' + g}/{c}" for g in REVIEW_GROUPS for c in REVIEW_CELLS
)


def format_for(year: int) -> int:
    if year >= 2021:
        return 2021
    if year >= 2019:
        return 2019
    return 2008


_TRANS = str.maketrans({"(": "（", ")": "）", "、": ".", "．": ".", "。": ".", '"': "“", "”": "“", "‘": "“", "’": "“", ":": "：", "；": ""})


def normalize(label: str) -> str:
    """Fold the differences a careless copy introduces: width, brackets, spaces, 1、 vs 1."""
    text = unicodedata.normalize("NFKC", str(label))
    text = re.sub(r"\s+", "", text).translate(_TRANS)
    text = re.sub(r"^(\d+)\.", r"\1.", text)
    return text.replace("“", "")
