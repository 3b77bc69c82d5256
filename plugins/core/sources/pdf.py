"""Text PDFs (as 财政 and procurement systems print them) read into lines and table grids.

pdfplumber (pdfminer.six beneath) finds ruled tables and gives each character its position, so a
cell keeps its page and place. A page without a text layer (a scan) is reported, never guessed.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdfparser import PDFSyntaxError
from pdfplumber.utils.exceptions import PdfminerException

from .document import Cell, Document, Grid, Line, SourceError

logging.getLogger("pdfminer").setLevel(logging.ERROR)  # font-metric chatter, not the editor's business

_RADICALS = re.compile("[\u2e80-\u2fdf]")
"""Kangxi and supplementary radicals: fonts often map 一 人 … to these look-alikes (⼀ ⼈); NFKC gives the character back."""
_SIMPLIFIED_RADICALS = str.maketrans(
    "⻅⻆⻉⻋⻓⻔⻙⻚⻛⻜⻢⻥⻦⻧⻨⻩⻪⻬⻮⻯⻳⺠⺟⻄⻘⻣⻤",
    "见角贝车长门韦页风飞马鱼鸟卤麦黄黾齐齿龙龟民母西青骨鬼",
)
"""Radicals-supplement look-alikes with no NFKC mapping (部⻔ → 部门); component-only forms are left alone."""
_CJK = re.compile("[\u3000-\u9fff\uff00-\uffef]")

CAPTION_LINES = 3
"""Text lines just above a table taken as its caption (title, 单位)."""


def read(path: Path) -> Document:
    try:
        pdf = pdfplumber.open(path)
    except (PdfminerException, PDFSyntaxError, ValueError, KeyError, TypeError) as exc:
        raise SourceError(f"{path.name} 不是能读取的 PDF（{type(exc).__name__}）：用 PDF 阅读器打开确认，必要时重新导出") from None
    document = Document(path=path, form="pdf")
    scanned = []
    with pdf:
        for number, page in enumerate(pdf.pages, 1):
            try:
                if not page.chars:
                    scanned.append(number)
                    continue
                _read_page(page, number, document)
            except (PdfminerException, PDFSyntaxError, ValueError, KeyError, TypeError) as exc:
                document.notes.append(f"第{number}页无法读取（{type(exc).__name__}），对照原件补录")
    if scanned and not document.lines and not document.grids:
        raise SourceError(f"{path.name} 是扫描件（{len(scanned)} 页都没有文字层），不能自动导入：向财政系统要带文字的 PDF 或 Excel，或按原件录入")
    if scanned:
        document.notes.append("第" + "、".join(map(str, scanned)) + "页没有文字层（扫描件），其中的内容没有导入，对照原件补录")
    return document


def _read_page(page: Any, number: int, document: Document) -> None:
    tables = page.find_tables()
    boxes = [table.bbox for table in tables]
    lines = [line for line in page.extract_text_lines() if not any(_inside(line, box) for box in boxes)]
    for t, table in enumerate(tables, 1):
        place = f"第{number}页 表{t}" if len(tables) > 1 else f"第{number}页 表格"
        rows = [
            [Cell(clean(text or ""), f"{place} 第{r}行第{c}列") for c, text in enumerate(row, 1)]
            for r, row in enumerate(_spanned(table), 1)
        ]
        top = table.bbox[1]
        above = [line for line in lines if line["bottom"] <= top]
        caption = [clean(line["text"]) for line in above[-CAPTION_LINES:]]
        document.grids.append(Grid(rows=rows, place=place, caption=caption))
    for line in lines:
        text = clean(line["text"])
        if text:
            document.lines.append(Line(text, f"第{number}页 （{line['x0']:.0f}, {line['top']:.0f}）"))


def _spanned(table: Any) -> list[list[str | None]]:
    """The table's texts with a merged cell's text repeated into every position it covers, as the
    xlsx reader does: pdfplumber gives None there, which would lose 预算数 over the columns it spans."""
    texts = table.extract()
    grid = [row.cells for row in table.rows]
    starts = [(bbox, texts[r][c]) for r, cells in enumerate(grid) for c, bbox in enumerate(cells) if bbox is not None]
    # a position's centre from the narrowest cell starting in its column and the shortest starting in its row
    # (pdfplumber's own row and column boxes take in the merged cells, so their centres can fall elsewhere)
    width = max((len(cells) for cells in grid), default=0)
    xs = [min(((b[0], b[2]) for cells in grid if c < len(cells) and (b := cells[c]) is not None), key=lambda x: x[1] - x[0], default=None) for c in range(width)]
    ys = [min(((b[1], b[3]) for b in cells if b is not None), key=lambda y: y[1] - y[0], default=None) for cells in grid]
    for r, cells in enumerate(grid):
        for c, bbox in enumerate(cells):
            x_range, y_range = xs[c], ys[r]
            if bbox is not None or x_range is None or y_range is None:
                continue
            x, y = sum(x_range) / 2, sum(y_range) / 2
            texts[r][c] = next((text for (x0, y0, x1, y1), text in starts if x0 <= x <= x1 and y0 <= y <= y1), None)
    return texts


def _inside(line: dict[str, Any], box: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    return line["top"] >= top - 1 and line["bottom"] <= bottom + 1 and line["x0"] >= x0 - 1 and line["x1"] <= x1 + 1


def clean(text: str) -> str:
    """A cell or line as a person reads it: radicals as characters, a line wrapped inside a cell joined
    without a space between Chinese characters (科目编\n码 → 科目编码), runs of spaces as one."""
    text = _RADICALS.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text.translate(_SIMPLIFIED_RADICALS))
    parts = [" ".join(part.split()) for part in text.splitlines()]
    out = ""
    for part in filter(None, parts):
        out += part if not out or (_CJK.match(out[-1]) and _CJK.match(part[0])) else " " + part
    return out
