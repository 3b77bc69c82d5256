"""Accessible HTML tables and their CSV twins, for the figure-heavy kinds.

Column headings may span (``基本支出/人员经费`` sits under ``基本支出``); the
header rows use ``scope="colgroup"``/``scope="col"``, each row is named by a
``<th scope="row">``, and numbers are right-aligned in tabular figures. The
CSV carries the same cells, UTF-8 with a BOM so Excel opens it in Chinese.
No MkDocs here.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape

from ..wall.sanitize import csv_text
from .numbers import MINUS, amount, decimals

SEPARATOR = "/"


def number(value: float | None, digits: int = 2) -> str:
    """``1234.5`` → ``1,234.50``, ``-4.3`` → ``−4.30`` (pages.numbers); more decimals when written; an empty cell stays empty."""
    return amount(value, max(digits, decimals([value])))


def plain(value: float | int | None) -> str:
    """A number as a spreadsheet reads it: no thousands separators; amounts keep 2 decimals (分)."""
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    if abs(round(value, 2) - value) < 1e-9:
        text = f"{value:.2f}"
    else:
        text = f"{value:.6f}".rstrip("0").rstrip(".")
    return "0.00" if text == "-0.00" else text


@dataclass
class Row:
    lead: Sequence[str]
    """Leading text cells, e.g. (科目编码, 科目名称)."""
    values: Sequence[float | int | str | None]
    header: int = -1
    """Which lead cell names the row (rendered as ``<th scope="row">``); default the last."""
    css: str = ""
    level: int = 1
    raw: Sequence[float | int | str | None] = field(default_factory=list)
    """Values for the CSV when they differ from the displayed ones."""


def paths(columns: Sequence[str]) -> list[tuple[str, ...]]:
    """Heading paths for display; a heading that also spans others shows 小计 under itself."""
    split = [tuple(p.strip() for p in c.split(SEPARATOR)) for c in columns]
    shown = []
    for path in split:
        spans = any(len(other) > len(path) and other[: len(path)] == path for other in split)
        shown.append((*path, "小计") if spans else path)
    return shown


def header_html(lead: Sequence[str], columns: Sequence[str]) -> str:
    shown = paths(columns)
    depth = max([len(p) for p in shown] + [1])
    rows: list[list[str]] = [[] for _ in range(depth)]
    for k, text in enumerate(lead):
        cls = ' class="gk-rowhead"' if k == len(lead) - 1 else ""  # above the row headings (reflow.css keeps them in view)
        rows[0].append(f'<th scope="col"{cls} rowspan="{depth}">{escape(text)}</th>' if depth > 1 else f'<th scope="col"{cls}>{escape(text)}</th>')
    for level in range(depth):
        i = 0
        while i < len(shown):
            path = shown[i]
            if len(path) <= level:
                i += 1
                continue
            prefix = path[: level + 1]
            j = i
            while j < len(shown) and shown[j][: level + 1] == prefix:
                j += 1
            span = j - i
            leaf = len(path) == level + 1 and span == 1
            if leaf:
                rowspan = depth - level
                attrs = f' rowspan="{rowspan}"' if rowspan > 1 else ""
                rows[level].append(f'<th scope="col"{attrs}>{escape(prefix[-1])}</th>')
            else:
                rows[level].append(f'<th scope="colgroup" colspan="{span}">{escape(prefix[-1])}</th>')
            i = j
    return "".join(f"<tr>{''.join(cells)}</tr>" for cells in rows if cells)


def cell_html(value: float | int | str | None) -> str:
    if isinstance(value, str):  # "-8.2%": the CSV keeps the ASCII sign, the page shows a true minus
        return f'<td class="gk-num">{escape(MINUS + value[1:] if value[:1] == "-" and value[1:2].isdigit() else value)}</td>'
    if isinstance(value, int):
        return f'<td class="gk-num">{amount(value)}</td>'
    return f'<td class="gk-num">{number(value)}</td>'


def table_html(
    caption: str,
    lead: Sequence[str],
    columns: Sequence[str],
    rows: Sequence[Row],
    *,
    css: str = "gk-data",
    empty: str = "本表无数据",
) -> str:
    """The whole ``<table>``; an empty table still shows its headings and says so."""
    body = []
    for row in rows:
        cells = []
        header = row.header % len(row.lead) if row.lead else -1
        for k, text in enumerate(row.lead):
            if k == header:
                cls = f' class="gk-l{row.level}"' if row.level > 1 else ""
                cells.append(f'<th scope="row"{cls}>{escape(text)}</th>')
            else:
                cells.append(f'<td class="gk-code">{escape(text)}</td>')
        cells += [cell_html(v) for v in row.values]
        cls = f' class="{row.css}"' if row.css else ""
        body.append(f"<tr{cls}>{''.join(cells)}</tr>")
    if not rows:
        body.append(f'<tr><td colspan="{len(lead) + len(columns)}" class="gk-empty">{escape(empty)}</td></tr>')
    return (
        f'{scroll_frame(caption)}<table class="{css}"><caption>{escape(caption)}</caption>'
        f"<thead>{header_html(lead, columns)}</thead><tbody>{''.join(body)}</tbody></table></div>"
    )


def scroll_frame(caption: str) -> str:
    """The opening ``<div>`` a wide table scrolls in: focusable so a keyboard can scroll it (WCAG 2.1.1),
    and a named region so a screen reader says which table it is."""
    return f'<div class="gk-data-wrap gk-listing-wrap" tabindex="0" role="region" aria-label="{escape(caption)}（表格，可横向滚动）">'


def csv_bytes(lead: Sequence[str], columns: Sequence[str], rows: Sequence[Row], unit: str = "") -> bytes:
    """UTF-8 with BOM and CRLF line ends: what Excel on a Chinese Windows opens cleanly."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    suffix = f"（{unit}）" if unit else ""
    writer.writerow([csv_text(c) for c in lead] + [csv_text(c.replace(" ", "") + suffix) for c in columns])
    for row in rows:
        values = row.raw if row.raw else row.values
        writer.writerow([csv_text(c) for c in row.lead] + [csv_text(v) if isinstance(v, str) else plain(v) for v in values])
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")
