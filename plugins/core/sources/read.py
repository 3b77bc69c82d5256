"""One entry point for every file an office receives: the reader is chosen by the file's form."""

from __future__ import annotations

from pathlib import Path

from . import pdf, sheets
from .document import Document, Line, SourceError

READERS = {".pdf": pdf.read, ".xlsx": sheets.read_xlsx, ".xlsm": sheets.read_xlsx, ".csv": sheets.read_csv, ".tsv": sheets.read_csv}
"""Suffix → reader; a text notice (.txt, .md) is read as lines."""

REFUSED = {
    ".xls": "是旧版 Excel 格式（.xls）：用 Excel 或 WPS 打开后“另存为” .xlsx 再导入",
    ".et": "是 WPS 表格格式：用 WPS 打开后“另存为” .xlsx 再导入",
    ".doc": "是旧版 Word 格式：另存为 PDF 后再导入",
    ".docx": "是 Word 文件：另存为 PDF 后再导入，或把文字贴入条目正文",
    ".wps": "是 WPS 文字格式：另存为 PDF 后再导入",
    ".ofd": "是 OFD 版式文件：用数科或福昕 OFD 阅读器另存为 PDF 后再导入",
}


def read(path: Path) -> Document:
    """The document in ``path``; ``SourceError`` (one Chinese sentence) when it cannot be read."""
    suffix = path.suffix.lower()
    if suffix in REFUSED:
        raise SourceError(f"{path.name} {REFUSED[suffix]}")
    if not path.exists():
        raise SourceError(f"找不到文件 {path}：检查路径和文件名（含空格的路径要加引号）")
    if path.is_dir():
        raise SourceError(f"{path} 是文件夹：写出其中的文件，如 {path}/*.pdf")
    try:
        if suffix in READERS:
            return READERS[suffix](path)
        if suffix in (".txt", ".md", ""):
            return _read_text(path)
    except OSError as exc:
        raise SourceError(f"无法读取 {path}：{exc.strerror or exc}") from None
    raise SourceError(f"{path.name} 的格式（{suffix}）不能导入：能导入 PDF（带文字层）、xlsx、CSV 和文字（.txt）")


def _read_text(path: Path) -> Document:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover
        raise SourceError(f"{path.name} 既不是 UTF-8 也不是 GBK 编码")
    lines = [Line(line.strip(), f"第{n}行") for n, line in enumerate(text.splitlines(), 1) if line.strip()]
    return Document(path=path, form="text", lines=lines)
