"""An existing 政府信息公开 system's catalog export (xlsx or CSV, one row per published item) as entries.

Every 索引号 is kept as published; an organ or topic name not in the registries is never guessed:
the row gets the unfilled mark and the run lists the names once, as a snippet to paste.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..load.formats import INDEX_NO
from ..load.schema import NOT_STATED
from ..load.unfilled import unfilled
from ..sources.document import Cell, Document, Draft, Grid, Request, Unread

COLUMNS: dict[str, tuple[str, ...]] = {
    "index_no": ("索引号", "信息索引号"),
    "title": ("信息名称", "标题", "名称", "文件名称", "信息标题"),
    "organ": ("发布机构", "发文机关", "发布单位", "信息来源", "来源", "公开机构"),
    "written": ("生成日期", "成文日期", "发文日期"),
    "published": ("发布日期", "公开日期", "发布时间", "公开时间"),
    "doc_no": ("文号", "发文字号", "发文文号"),
    "topics": ("主题分类", "主题", "分类"),
    "keywords": ("主题词", "关键词"),
    "disclosure": ("公开方式", "公开属性", "公开形式", "公开类型"),
    "validity": ("有效性", "时效", "效力状态"),
    "link": ("链接", "网址", "原文链接", "url", "URL"),
    "attachments": ("附件",),
    "summary": ("内容概述", "摘要", "内容摘要"),
}
_POLICY = re.compile(r"(通知|办法|规定|意见|决定|方案|规则|细则|规划|条例|实施|通告)$")
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_DISCLOSURE = {"主动公开": "主动公开", "依申请公开": "依申请公开", "不予公开": "不予公开", "主动": "主动公开", "依申请": "依申请公开"}
_VALIDITY = {"有效": "有效", "现行有效": "有效", "失效": "失效", "废止": "废止", "已废止": "废止", "已失效": "失效"}


@dataclass
class Unknown:
    """Registry names the export uses that the office has not registered (printed once per run)."""

    organs: dict[str, str] = field(default_factory=dict)
    topics: dict[str, str] = field(default_factory=dict)


def _key(text: str) -> str:
    return re.sub(r"[\s（）()【】\[\]：:]", "", text)


def header_of(grid: Grid) -> dict[str, int] | None:
    """Field → column of a grid whose first row is a catalog export's heading, else None."""
    if not grid.rows:
        return None
    names = {_key(cell.text): c for c, cell in enumerate(grid.rows[0])}
    found = {fieldname: names[_key(s)] for fieldname, synonyms in COLUMNS.items() for s in synonyms if _key(s) in names}
    return found if "index_no" in found and "title" in found else None


def claims(document: Document) -> bool:
    return any(header_of(grid) for grid in document.grids)


def drafts(document: Document, request: Request, kind: str | None, unknown: Unknown) -> Iterator[Draft]:
    organs = {name: oid for oid, name in request.organs.items()}
    topics = {name: tid for tid, name in request.topics.items()} | {name.split("\\")[-1]: tid for tid, name in request.topics.items()}
    for grid in document.grids:
        header = header_of(grid)
        if header is None:
            continue
        for row in grid.rows[1:]:
            if any(cell.text for cell in row):
                yield _draft(row, header, request, kind, organs, topics, unknown)


def _draft(row: list[Cell], header: dict[str, int], request: Request, kind: str | None, organs: dict[str, str], topics: dict[str, str], unknown: Unknown) -> Draft:
    def cell(name: str) -> Cell:
        return row[header[name]] if name in header and header[name] < len(row) else Cell("", "")

    unread: list[Unread] = []

    def missing(name: str, label: str) -> str:
        place = cell(name).place or "导出表中没有这一列"
        unread.append(Unread(place, label))
        return unfilled(place)

    title = cell("title").text
    doc_no = cell("doc_no").text
    chosen = kind or ("policy" if doc_no and "〔" in doc_no and _POLICY.search(title) else "interpretation" if "解读" in title else "notice")
    organ_name = cell("organ").text
    organ = request.organ or organs.get(organ_name)
    if organ is None and organ_name:
        unknown.organs.setdefault(organ_name, cell("organ").place)
    index_no = cell("index_no").text
    meta: dict[str, Any] = {"kind": chosen, "title": title or missing("title", "信息名称"), "index_no": index_no or missing("index_no", "索引号")}
    legacy = bool(index_no) and legacy_number(index_no, organ, request.usccs)
    if legacy:
        meta["index_no_legacy"] = True
    meta["organ"] = organ or missing("organ", f"发布机构“{organ_name}”不在 catalog/organs.yml 中")
    if doc_no:
        meta["doc_no"] = doc_no
    if chosen == "interpretation":  # the policy it interprets is not a column of any export: the editor names it
        unread.append(Unread(cell("title").place, "解读的政策（写它的索引号或条目文件名）"))
        meta["interprets"] = unfilled(f"{cell('title').place} 解读的是哪份政策")
    for name in ("written", "published"):
        found = _DATE.search(cell(name).text)
        if found:
            try:
                meta[name] = datetime.date(int(found.group(1)), int(found.group(2)), int(found.group(3)))
            except ValueError:  # 2024-02-30 as printed: the editor decides, the import does not correct
                meta[name] = missing(name, f"日期“{cell(name).text}”不是真实的日期")
        elif name == "published":  # an archive row (its 索引号 kept) the old system recorded no date for: said so, never guessed
            meta[name] = NOT_STATED if legacy and not cell(name).text.strip() else missing("published", "发布日期")
    names = [t for t in re.split(r"[;；,，、/\s]+", cell("topics").text) if t]
    if names:
        ids = []
        for name in names:
            if name in topics:
                ids.append(topics[name])
            else:
                unknown.topics.setdefault(name, cell("topics").place)
                ids.append(missing("topics", f"主题分类“{name}”不在 catalog/topics.yml 中"))
        meta["topics"] = ids
    disclosure = _DISCLOSURE.get(cell("disclosure").text.strip())
    meta["disclosure"] = disclosure or ("主动公开" if not cell("disclosure").text else missing("disclosure", f"公开方式“{cell('disclosure').text}”"))
    validity = _VALIDITY.get(cell("validity").text.strip())
    if validity and chosen == "policy":
        meta["validity"] = validity
    if cell("summary").text:
        meta["summary"] = cell("summary").text
    link = cell("link").text
    if re.match(r"https?://", link):
        meta["body"] = f"原文：<{link}>"
    notes = [f"附件（未随导出表提供，需另行放入）：{cell('attachments').text}"] if cell("attachments").text else []
    year_match = re.match(r"\d{4}", str(meta.get("published", "")))
    tail = (file_part(index_no) if legacy else re.sub(r"[^0-9A-Za-z-]", "-", index_no.split("/")[-1])) if index_no else re.sub(r"\W", "", cell("index_no").place)
    return Draft(kind=chosen, year=int(year_match.group()) if year_match else None, stem=f"{organ or 'organ'}-{tail}".lower(), meta=meta, unread=unread, notes=notes)


def legacy_number(index_no: str, organ: str | None, usccs: dict[str, str]) -> bool:
    """Whether an exported 索引号 is another system's (kept with ``index_no_legacy: true``), not in this catalog's
    scheme: ``<the organ's 统一社会信用代码 or 组织机构代码>/<year>-<serial>`` (any registered organ's when the row's is unknown)."""
    match = INDEX_NO.match(index_no)
    if not match:
        return True
    prefixes = [usccs.get(organ, "")] if organ else list(usccs.values())
    return not any(uscc and match["prefix"] in (uscc, uscc[8:17]) for uscc in prefixes)


def file_part(index_no: str) -> str:
    """The whole 索引号 as a safe file name part (``K12-01-2018-0003`` → ``k12-01-2018-0003``); when making it safe
    changes it (``/``, 汉字, 〔〕 become ``-``), a short hash of the number keeps two numbers from sharing a file."""
    safe = re.sub(r"[^0-9a-z]+", "-", index_no.lower()).strip("-")[:60]
    if safe != index_no.lower():
        safe = f"{safe}-{hashlib.sha1(index_no.encode('utf-8')).hexdigest()[:6]}".lstrip("-")
    return safe


def snippets(unknown: Unknown) -> list[str]:
    """Ready-to-paste registry lines for the names the export used and the office has not registered."""
    lines: list[str] = []
    if unknown.organs:
        lines.append(f"以下 {len(unknown.organs)} 个发布机构不在 catalog/organs.yml 中（条目中已写作“待补”），核实后把这几行加进去，填好 id 和统一社会信用代码，再把条目的 organ 改成 id：")
        lines += [f"- id: 待定-{i}\n  name: {name}\n  uscc: 待补" for i, name in enumerate(unknown.organs, 1)]
    if unknown.topics:
        lines.append(f"以下 {len(unknown.topics)} 个主题分类不在 catalog/topics.yml 中，核实后加进去（或改用已有的分类）：")
        lines += [f"- id: 待定-{i}\n  name: {name}" for i, name in enumerate(unknown.topics, 1)]
    return lines
