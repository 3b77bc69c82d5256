"""年度报告 pages: the six sections, the national tables and their CSV."""

from __future__ import annotations


from collections import Counter
from collections.abc import Sequence
from html import escape
from typing import Any

from ...pages.datatable import Row, cell_html, csv_bytes, scroll_frame, table_html
from ...load.model import Entry
from ...pages.attachments import attachment_href
from ...pages.page import markdown_block
from ...load.facts import facts_of
from .format import (
    ALIASES, PROACTIVE, REQUEST_COLUMN_NAMES, REQUEST_HEADER, REQUEST_ROWS,
    REVIEW_CELLS, REVIEW_COLUMNS, REVIEW_GROUPS, SECTIONS, normalize,
)
from .rules import report_format
from .model import meta_of



def _narrative(text: str | None) -> str:
    text = (text or "").strip()
    if not text:
        return ""
    return "\n" + markdown_block(text, "gk-narrative") + "\n"


def _values(data: Any, label: str, key_map: dict[str, str], columns: Sequence[str]) -> list[Any]:
    value = data.get(label) if isinstance(data, dict) else None
    if value is None:
        for key, target in key_map.items():
            if target == label and isinstance(data, dict) and key in data:
                value = data[key]
    if isinstance(value, dict):
        value = [value.get(c) for c in columns]
    if not isinstance(value, list):
        value = [value]
    return [None if v in ("", "-", "—") else v for v in value]


def _int_or_float(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _lookup(data: dict[str, Any], fmt: int, aliases: dict[str, str]) -> dict[str, Any]:
    """The editor's mapping keyed by verbatim label (labels were checked before rendering)."""
    out: dict[str, Any] = {}
    expected = [r.label for r in REQUEST_ROWS[fmt]]
    normal = {normalize(label): label for label in expected}
    normal.update({normalize(a): t for a, t in aliases.items()})
    for key, value in (data or {}).items():
        label = key if key in expected else normal.get(normalize(str(key)), str(key))
        out[label] = value
    return out


def requests_html(data: dict[str, Any], fmt: int) -> str:
    spec = REQUEST_ROWS[fmt]
    rows = _lookup(data, fmt, ALIASES[fmt])
    head = (
        f'<tr><th scope="col" colspan="3" rowspan="3">{REQUEST_HEADER}</th><th scope="colgroup" colspan="7">申请人情况</th></tr>'
        '<tr><th scope="col" rowspan="2">自然人</th><th scope="colgroup" colspan="5">法人或其他组织</th><th scope="col" rowspan="2">总计</th></tr>'
        "<tr>" + "".join(f'<th scope="col">{c}</th>' for c in REQUEST_COLUMN_NAMES[1:6]) + "</tr>"
    )
    spans: Counter[tuple[str, ...]] = Counter()
    for row in spec:
        for depth in range(1, len(row.groups) + 1):
            spans[row.groups[:depth]] += 1
    opened: set[tuple[str, ...]] = set()
    body = []
    for row in spec:
        cells = []
        for depth in range(1, len(row.groups) + 1):
            group = row.groups[:depth]
            if group not in opened:
                opened.add(group)
                cells.append(f'<th scope="rowgroup" rowspan="{spans[group]}">{escape(group[-1])}</th>')
        colspan = 3 - len(row.groups)
        span = f' colspan="{colspan}"' if colspan > 1 else ""
        cells.append(f'<th scope="row"{span}>{escape(row.label)}</th>')
        values = _values(rows, row.label, {}, REQUEST_COLUMN_NAMES)
        cells += [cell_html(_int_or_float(v)) for v in values]  # one number typography (pages.numbers)
        css = ' class="gk-total"' if row.role == "total" else ""
        body.append(f"<tr{css}>{''.join(cells)}</tr>")
    caption = "收到和处理政府信息公开申请情况"
    return (
        f'{scroll_frame(caption)}<table class="gk-data gk-requests"><caption>{caption}</caption>'
        f"<thead>{head}</thead><tbody>{''.join(body)}</tbody></table></div>"
    )


def requests_rows(data: dict[str, Any], fmt: int) -> list[Row]:
    rows = _lookup(data, fmt, ALIASES[fmt])
    return [Row(["/".join(r.groups), r.label], [_int_or_float(v) for v in _values(rows, r.label, {}, REQUEST_COLUMN_NAMES)]) for r in REQUEST_ROWS[fmt]]


def review_values(data: dict[str, Any]) -> list[Any]:
    aliases = {"行政诉讼/未经复议直接起诉": "未经复议直接起诉", "行政诉讼/复议后起诉": "复议后起诉"}
    values: list[Any] = []
    for group in REVIEW_GROUPS:
        values += [_int_or_float(v) for v in _values(data, group, aliases, REVIEW_CELLS)]
    return values


def proactive_html(data: dict[str, Any], fmt: int) -> str:
    parts = []
    for sub in PROACTIVE[fmt]:
        rows = [Row([label], [_int_or_float(v) for v in _values(data, label, {}, sub.columns)]) for label in sub.rows]
        parts.append(table_html(sub.item, ["信息内容"], sub.columns, rows, css="gk-data gk-proactive"))
    return "".join(parts)


def files(entry: Entry, site: Any = None) -> list[tuple[str, bytes]]:
    meta = meta_of(entry)
    if meta.disclosure != "主动公开" or report_format(meta) == 2008:
        return []
    out = []
    fmt = report_format(meta)
    if meta.requests:
        out.append(("requests.csv", csv_bytes(["分组", "项目"], REQUEST_COLUMN_NAMES, requests_rows(meta.requests, fmt))))
    if meta.review_litigation:
        out.append(("review-litigation.csv", csv_bytes([], REVIEW_COLUMNS, [Row([], review_values(meta.review_litigation))])))
    return out


def render(entry: Entry, site: Any) -> str:
    meta = meta_of(entry)
    fmt = report_format(meta)
    if fmt == 2008:  # no tables of a format before 2021; the narratives still show
        return "".join(_narrative(getattr(meta, key, None)) for key in facts_of(type(meta)).markdown)
    downloads = {name for name, _ in files(entry, site)}

    def download(name: str, what: str) -> str:
        if name not in downloads:
            return ""
        href = attachment_href(entry, name, site)
        return f'\n<p class="gk-download"><a href="{escape(href)}" download>下载{what}（CSV）</a></p>\n'

    parts = [_narrative(meta.preface)]
    for key, title in SECTIONS:
        value = getattr(meta, key)
        if value is None:
            continue
        parts.append(markdown_block(f"## {title}", ""))  # a heading of the page (and its table of contents)
        if key == "proactive":
            parts.append("\n" + proactive_html(value, fmt) + "\n")
        elif key == "requests":
            parts.append("\n" + requests_html(value, fmt) + "\n" + download("requests.csv", "申请情况表"))
        elif key == "review_litigation":
            table = table_html("政府信息公开行政复议、行政诉讼情况", [], REVIEW_COLUMNS, [Row([], review_values(value))], css="gk-data gk-review")
            parts.append("\n" + table + "\n" + download("review-litigation.csv", "行政复议、行政诉讼情况表"))
        else:
            parts.append(_narrative(value))
    return "".join(parts)
