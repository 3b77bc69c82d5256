"""A 中标（成交）结果公告 as issued (the 财政部 template's ``字段：值`` lines) into a procurement entry.

Only what the notice prints is written: a 万元 amount is multiplied to 元 (the model's unit) and a
note says so; a field the notice does not print stays out, or is the unfilled mark when required.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from ...load.unfilled import unfilled
from ...sources import figures
from ...sources.document import Document, Draft, Line, Request, Unread
from .model import CATEGORIES, NOTICE_TYPES, PROCUREMENT_METHODS

STEMS = {"采购意向": "yixiang", "招标公告": "zhaobiao", "更正公告": "gengzheng", "中标结果公告": "zhongbiao", "成交结果公告": "chengjiao", "合同公告": "hetong"}
FIELDS = {
    "project_no": ("项目编号", "采购项目编号"),
    "project_name": ("项目名称", "采购项目名称"),
    "supplier": ("供应商名称", "中标供应商名称", "成交供应商名称", "中标（成交）供应商名称", "中标人"),
    "supplier_address": ("供应商地址", "中标供应商地址", "成交供应商地址"),
    "amount": ("中标（成交）金额", "中标金额", "成交金额", "中标（成交）价格"),
    "purchaser": ("采购人名称", "采购人"),
    "agency": ("采购代理机构名称", "采购代理机构"),
    "method": ("采购方式",),
    "category": ("采购项目类别", "项目类别", "采购类别", "采购品目类别", "品目类别", "采购对象"),
    "date": ("公告日期", "发布日期", "日期"),
}
_FIELD = re.compile(r"^(?:[一二三四五六七八九十]+、|\d+[.、．]|（[一二三四五六七八九十]+）)?\s*([^：:]{2,16})[：:]\s*(.*)$")
_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日|(\d{4})-(\d{1,2})-(\d{1,2})")


def _fields(lines: list[Line]) -> dict[str, Line]:
    """The first ``字段：值`` line of each known field (value on the next line when the line ends at the colon)."""
    found: dict[str, Line] = {}
    section = ""
    for i, line in enumerate(lines):
        if "采购人信息" in line.text or "采购代理机构信息" in line.text:
            section = "agency" if "代理" in line.text else "purchaser"
        match = _FIELD.match(line.text)
        if not match:
            continue
        label, value = match.group(1).strip(), match.group(2).strip()
        if label == "名称" and section and section not in found and value:  # 1.采购人信息 / 名称：…
            found[section] = Line(value, line.place)
            continue
        if not value and i + 1 < len(lines):
            value = lines[i + 1].text.strip()
        for key, labels in FIELDS.items():
            if label in labels and key not in found and value:
                found[key] = Line(value, line.place)
    return found


def intake(document: Document, request: Request) -> list[Draft] | None:
    title = next((line.text for line in document.lines[:5] if "公告" in line.text or "公示" in line.text), "")
    notice_type = next((t for t in NOTICE_TYPES if t in title.replace("（", "").replace("）", "").replace("中标成交", "中标")), None)
    if "中标（成交）结果公告" in title or "中标(成交)结果公告" in title:
        notice_type = "中标结果公告"
    if notice_type is None and not request.forced:
        return None
    fields = _fields(document.lines)
    unread: list[Unread] = []
    notes: list[str] = []

    def missing(place: str, what: str) -> str:
        unread.append(Unread(place, what))
        return unfilled(place)

    organ = (request.organ_in(fields["purchaser"].text) if "purchaser" in fields else None) or request.organ_in(title)
    meta: dict[str, Any] = {
        "kind": "procurement",
        "title": title or missing("第1行", "公告标题"),
        "organ": organ or missing("采购人名称", f"发布机构（采购人“{fields['purchaser'].text if 'purchaser' in fields else ''}”不在 catalog/organs.yml 中）"),
        "project_no": fields["project_no"].text if "project_no" in fields else missing("项目编号", "项目编号"),
        "notice_type": notice_type or missing("标题", "公告类型"),
    }
    for key in ("project_name", "purchaser", "agency"):
        if key in fields:
            meta[key] = fields[key].text
    if "method" in fields and fields["method"].text in PROCUREMENT_METHODS:
        meta["method"] = fields["method"].text
    category = _category(fields["category"].text if "category" in fields else "", document)
    if category:
        meta["category"] = category
    if "supplier" in fields:
        supplier: dict[str, Any] = {"name": fields["supplier"].text}
        if "supplier_address" in fields:
            supplier["address"] = fields["supplier_address"].text
        if "amount" in fields:
            amount = figures.amount_in(fields["amount"].text)
            if amount:
                value, unit = amount
                if unit == "万元":
                    value = figures.to_yuan(value)
                    notes.append(f"中标（成交）金额原文为“{fields['amount'].text}”，按 1 万元 = 10000 元写成 {value:.2f} 元")
                supplier["amount"] = value
            else:
                supplier["amount"] = missing(fields["amount"].place, f"中标（成交）金额“{fields['amount'].text[:20]}”")
        meta["suppliers"] = [supplier]
    published = _date(fields["date"].text) if "date" in fields else _date(document.lines[-1].text if document.lines else "")
    meta["published"] = published or missing("公告末尾的日期", "发布日期")
    meta["disclosure"] = "主动公开"
    stem = f"{organ or 'organ'}-{re.sub(r'[^0-9a-z-]+', '-', str(meta['project_no']).lower()).strip('-')}-{STEMS.get(notice_type or '', 'gonggao')}"
    year = published.year if isinstance(published, datetime.date) else None
    body = "\n\n".join(line.text for line in document.lines[1:])
    return [Draft(kind="procurement", year=year, stem=stem, meta=meta, body=body, unread=unread, notes=notes)]


_CATEGORY_WORDS = re.compile(r"(货物|工程|服务)类")


def _category(value: str, document: Document) -> str | None:
    """货物/工程/服务 as the notice prints it: its 采购项目类别 line, else one “××类” the text names alone; never a guess."""
    named = [c for c in CATEGORIES if c in value]
    if len(named) == 1:
        return named[0]
    found = {m.group(1) for line in document.lines for m in _CATEGORY_WORDS.finditer(line.text)}
    return found.pop() if len(found) == 1 else None


def _date(text: str) -> datetime.date | None:
    match = _DATE.search(text)
    if not match:
        return None
    y, m, d = (match.group(1), match.group(2), match.group(3)) if match.group(1) else (match.group(4), match.group(5), match.group(6))
    try:
        return datetime.date(int(y), int(m), int(d))
    except ValueError:
        return None
