"""Everything an entry would publish, as text with a place: for the wall to inspect.

``texts(entry)`` lists every string an entry holds (every field, nested ones
too, and the body) with its key path; ``locate`` turns an offset inside one of
them into a line of the editor's file; ``read_attachment`` reads the text of an
attachment as a person reads it (text in any encoding, Word, Excel, PowerPoint,
OpenDocument, PDF text layers) or says why it cannot. No MkDocs here.
"""

from __future__ import annotations

import bisect
import datetime
import functools
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..load.model import Entry
from ..load.yamlpos import Path_

TEXT_SUFFIXES = (".txt", ".md", ".csv", ".tsv", ".json", ".xml", ".html", ".htm", ".yml", ".yaml")
OFFICE_SUFFIXES = {".docx": "word/", ".xlsx": "xl/", ".pptx": "ppt/", ".pptm": "ppt/", ".odt": "odf", ".ods": "odf", ".odp": "odf"}
"""Where the text of each Office format lives (OpenDocument: content.xml, and styles.xml for headers and footers)."""


def texts(entry: Entry) -> list[tuple[Path_, str]]:
    """(key path, text) for every string of the entry; the body once, under ``("body",)``."""
    out: list[tuple[Path_, str]] = []
    _walk_model(entry.meta, (), out, skip="body")
    if entry.body:
        out.append((("body",), entry.body))
    return out


_NOT_TEXT = frozenset({int, float, bool, datetime.date, datetime.datetime, type(None)})


@functools.cache
def _field_names(model: type[BaseModel]) -> tuple[str, ...]:
    return tuple(model.model_fields)


def _walk_model(model: BaseModel, path: Path_, out: list[tuple[Path_, str]], skip: str = "") -> None:
    """The fields of one model in declaration order; plain strings and numbers without a call each."""
    values = model.__dict__
    for key in _field_names(type(model)):
        if key == skip:
            continue
        value = values[key] if key in values else getattr(model, key)
        cls = value.__class__
        if cls is str:
            if value:
                out.append(((*path, key), value))
        elif cls not in _NOT_TEXT:
            _walk(value, (*path, key), out)


def _walk(value: Any, path: Path_, out: list[tuple[Path_, str]]) -> None:
    if value is None:
        return
    if isinstance(value, str):
        if value:
            out.append((path, value))
    elif isinstance(value, (int, float, datetime.date)):
        return
    elif isinstance(value, BaseModel):
        _walk_model(value, path, out)
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            if item.__class__ is str:
                if item:
                    out.append(((*path, i), item))
            elif item.__class__ not in _NOT_TEXT:
                _walk(item, (*path, i), out)
    elif isinstance(value, dict):
        for key, item in value.items():
            _walk(item, (*path, key), out)


def locate(entry: Entry, path: Path_, text: str, start: int, source_text: str | None) -> tuple[int, int]:
    """Line and column, in the editor's file, of ``text[start]`` where ``text`` is the value at ``path``.

    A Markdown body maps directly. Elsewhere YAML may have folded or indented the
    value, so the matched characters are looked up in the file at or after the
    line where the value starts. Newlines are found once per string (``_newlines``):
    a body with thousands of hits is located in linear time, not once per hit.
    """
    if path == ("body",) and entry.source.endswith(".md") and entry.body_line:
        before = _newlines_before(text, start)
        return entry.body_line + before, start - _line_start(text, before) + 1
    line, col = entry.where(*path)
    if source_text is None:
        return line, col
    needle = text[start: start + 40].split("\n", 1)[0]
    offset = _line_start(source_text, max(0, line - 1))
    found = source_text.find(needle, offset) if needle else -1
    if found < 0:
        return line + _newlines_before(text, start), col
    before = _newlines_before(source_text, found)
    return before + 1, found - _line_start(source_text, before) + 1


@functools.lru_cache(maxsize=16)
def _newlines(text: str) -> list[int]:
    """Offsets of every newline in ``text`` (the last few strings located: a body and its file)."""
    return [m.start() for m in _NEWLINE.finditer(text)]


_NEWLINE = re.compile("\n")


def _newlines_before(text: str, offset: int) -> int:
    return bisect.bisect_left(_newlines(text), offset) if len(text) > 4096 else text.count("\n", 0, offset)


def _line_start(text: str, line_index: int) -> int:
    """Offset of the first character of the 0-based line ``line_index``."""
    if line_index <= 0:
        return 0
    if len(text) > 4096:
        newlines = _newlines(text)
        return newlines[line_index - 1] + 1 if line_index <= len(newlines) else len(text)
    at = -1
    for _ in range(line_index):
        at = text.find("\n", at + 1)
        if at < 0:
            return len(text)
    return at + 1


@dataclass(frozen=True)
class AttachmentText:
    """What the detectors can read of one attachment: its text, or why it cannot be read."""

    text: str | None
    problem: str = ""
    """Why the file cannot be scanned (Chinese), empty when ``text`` is the whole readable text."""


UNSCANNABLE = {
    ".doc": "Word 97-2003 文档（.doc）", ".dot": "Word 97-2003 模板（.dot）", ".xls": "Excel 97-2003 工作簿（.xls）",
    ".ppt": "PowerPoint 97-2003 演示文稿（.ppt）", ".wps": "WPS 文字文档（.wps）", ".et": "WPS 表格（.et）",
    ".dps": "WPS 演示（.dps）", ".rtf": "RTF 文档", ".zip": "压缩包（.zip）", ".rar": "压缩包（.rar）", ".7z": "压缩包（.7z）",
    ".gz": "压缩包（.gz）", ".tar": "打包文件（.tar）", ".ofd": "OFD 版式文件", ".wpt": "WPS 模板",
    ".jpg": "图片", ".jpeg": "图片", ".png": "图片", ".gif": "图片", ".bmp": "图片", ".tif": "图片", ".tiff": "图片", ".webp": "图片",
}
"""Formats the detectors cannot read: they block the build until a reviewer allowlists the file."""
MAX_PART = 64 * 1024 * 1024
"""Largest uncompressed XML part read from a docx/xlsx/pptx/odt (a zip bomb stops here)."""
MAX_TOTAL = 256 * 1024 * 1024


def attachment_text(path: Path) -> str | None:
    """Text of an attachment the detectors can read; None when it cannot be read."""
    return read_attachment(path).text


def read_attachment(path: Path) -> AttachmentText:
    """Every readable attachment's text; a located reason for every other file. Never raises."""
    suffix = path.suffix.lower()
    try:
        if suffix in TEXT_SUFFIXES or suffix == "":
            raw = path.read_bytes()
            packed = next((name for magic, name in _MAGIC if raw.startswith(magic)), None)
            if packed:
                return AttachmentText(None, f"扩展名是 {suffix or '（无）'}，内容却是{packed}，无法自动检查其中的文字")
            text = decode_text(raw)
            if _binary(text):
                return AttachmentText(None, f"扩展名是 {suffix or '（无）'}，内容却不是文本，无法自动检查其中的文字")
            return AttachmentText(text)
        if suffix in (".docx", ".docm", ".dotx"):
            return AttachmentText(_docx_text(path))
        if suffix in (".xlsx", ".xlsm"):
            return AttachmentText(_xlsx_text(path))
        if suffix in (".pptx", ".pptm", ".odt", ".ods", ".odp"):
            return AttachmentText(_xml_parts_text(path, OFFICE_SUFFIXES.get(suffix, "ppt/")))
        if suffix == ".pdf":
            return _pdf_text(path)
        if suffix in UNSCANNABLE:
            path.stat()
            return AttachmentText(None, f"{UNSCANNABLE[suffix]}无法自动检查其中的文字")
        path.stat()
        return AttachmentText(None, f"不认识的文件格式（{suffix}），无法自动检查其中的文字")
    except PermissionError:
        return AttachmentText(None, "没有读取这个文件的权限")
    except OSError as exc:
        return AttachmentText(None, f"无法读取这个文件（{exc.strerror or type(exc).__name__}）")
    except _TooLarge:
        return AttachmentText(None, "文件解压后过大（可能是压缩炸弹），无法检查")
    except Exception as exc:  # corrupt archives, XML bombs and parser errors of every library
        name = type(exc).__name__
        if "Entities" in name or "DTD" in name or "External" in name:
            return AttachmentText(None, "文件中的 XML 含有实体声明（可能是 XML 炸弹），拒绝读取")
        return AttachmentText(None, f"文件已损坏或不是有效的 {suffix.lstrip('.')} 文件（{name}）")


_MAGIC = (
    (b"PK\x03\x04", "压缩包或 Office 文件"), (b"PK\x05\x06", "压缩包"), (b"\xd0\xcf\x11\xe0", "旧版 Office 或 WPS 文件"),
    (b"%PDF", "PDF"), (b"\x89PNG", "图片"), (b"\xff\xd8\xff", "图片"), (b"GIF8", "图片"), (b"Rar!", "压缩包"),
    (b"7z\xbc\xaf", "压缩包"), (b"\x1f\x8b", "压缩包"), (b"{\\rtf", "RTF 文档"),
)
"""What a renamed file really is: a packed file behind a text extension is not scanned as text."""


def _binary(text: str) -> bool:
    """Control characters (other than tab and line breaks) in more than 1 % of the text: not a text file."""
    sample = text[:20000]
    if not sample:
        return False
    controls = sum(1 for c in sample if c < " " and c not in "\t\n\r\f") + sample.count("\ufffd")
    return controls > len(sample) / 100


def decode_text(raw: bytes) -> str:
    """Text in any encoding an office saves: UTF-8 (with or without BOM), UTF-16 LE/BE (with or
    without BOM: Excel's “Unicode 文本”), UTF-32 with BOM, GB18030 (GBK)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace")
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return raw.decode("utf-32", errors="replace")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16", errors="replace")
    sample = raw[:4096]
    if len(sample) >= 4:
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        half = len(sample) // 2
        if odd > half * 0.3 and even < half * 0.05:
            return raw.decode("utf-16-le", errors="replace")
        if even > half * 0.3 and odd < half * 0.05:
            return raw.decode("utf-16-be", errors="replace")
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", errors="replace")


class _TooLarge(Exception):
    pass


def _parts(archive: zipfile.ZipFile, wanted: Iterable[str]) -> Iterable[tuple[str, bytes]]:
    total = 0
    for name in wanted:
        info = archive.getinfo(name)
        total += info.file_size
        if info.file_size > MAX_PART or total > MAX_TOTAL:
            raise _TooLarge(name)
        with archive.open(info) as handle:
            data = handle.read(MAX_PART + 1)
        if len(data) > MAX_PART:
            raise _TooLarge(name)
        yield name, data


def _parse(data: bytes) -> Any:
    from defusedxml import ElementTree

    return ElementTree.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


_DOCX_SKIP = ("styles", "fontTable", "settings", "webSettings", "theme", "numbering", "stylesWithEffects", "people", "commentsIds", "commentsExtended")


def _docx_text(path: Path) -> str:
    """A Word document as a person (or a reviewer with 修订 shown) reads it.

    Body, headers, footers, footnotes, endnotes, comments and text boxes; runs joined
    within a paragraph; tabs and breaks as separators; one line per paragraph; table
    cells separated by a tab; inserted (w:ins) and deleted (w:del) text both — deleted
    text is still in the file and anyone can show it again.
    """
    with zipfile.ZipFile(path) as archive:
        names = [
            n for n in archive.namelist()
            if n.startswith("word/") and n.endswith(".xml") and not any(n.rsplit("/", 1)[-1].startswith(s) for s in _DOCX_SKIP)
        ]
        names.sort(key=lambda n: (n != "word/document.xml", n))
        if not names:
            raise ValueError("no word/document.xml")
        return _walk_parts(archive, names, _ooxml_walk)


def _ooxml_walk(element: Any, out: list[str]) -> None:
    name = _local(element.tag)
    if name in ("t", "delText", "instrText") and element.text:
        out.append(element.text)
    elif name == "tab" and element.text is None:
        out.append("\t")
    elif name in ("br", "cr"):
        out.append("\n")
    for child in element:
        _ooxml_walk(child, out)
    if name == "p":
        out.append("\n")
    elif name == "tc":
        if out and out[-1] == "\n":
            out.pop()
        out.append("\t")
    elif name == "tr":
        out.append("\n")


def _xml_parts_text(path: Path, prefix: str) -> str:
    """PowerPoint and OpenDocument text: paragraphs, spans, cells (with their numeric values)."""
    with zipfile.ZipFile(path) as archive:
        if prefix == "odf":
            names: list[str] = [n for n in ("content.xml", "styles.xml") if n in archive.namelist()]
            if "content.xml" not in names:
                raise ValueError("no content.xml")
        else:
            names = sorted(n for n in archive.namelist() if n.startswith(prefix) and n.endswith(".xml"))
        return _walk_parts(archive, names, _odf_walk)


def _walk_parts(archive: zipfile.ZipFile, names: list[str], walk: Any) -> str:
    """The text of each named XML part (parsed safely, size-capped), one part after another."""
    out: list[str] = []
    for _, data in _parts(archive, names):
        walk(_parse(data), out)
        out.append("\n")
    return "".join(out)


def _odf_walk(element: Any, out: list[str]) -> None:
    name = _local(element.tag)
    if name == "s" and element.text is None and not list(element):
        out.append(" ")
    elif name in ("tab",):
        out.append("\t")
    elif name in ("line-break", "br"):
        out.append("\n")
    if name == "table-cell":
        for key, value in element.attrib.items():
            if _local(key) == "value":  # the number itself, not its formatted display (1.38E+10)
                out.append(_number(value) + "\t")
    if element.text and name not in ("s",):
        out.append(element.text)
    for child in element:
        _odf_walk(child, out)
        if child.tail:
            out.append(child.tail)
    if name in ("p", "h"):
        out.append("\n")
    elif name == "table-cell":
        out.append("\t")


def _number(value: Any) -> str:
    """A cell's number as the digits a person would type: 1.3800138E10 → 13800138000."""
    if isinstance(value, bool):
        return ""
    if isinstance(value, int):
        return str(value)
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    if number != number or number in (float("inf"), float("-inf")):
        return str(value)
    if number.is_integer() and abs(number) < 1e21:
        return str(int(number))
    return repr(number)


def _xlsx_text(path: Path) -> str:
    """Every sheet (hidden ones too), every cell: strings (shared and inline), numbers (large
    integers and floats such as 1.3800138E10 written out), dates, and formulas' cached values."""
    import openpyxl

    with zipfile.ZipFile(path) as archive:  # a zip bomb stops before openpyxl inflates it
        total = 0
        for info in archive.infolist():
            total += info.file_size
            if info.file_size > MAX_PART or total > MAX_TOTAL:
                raise _TooLarge(info.filename)
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    out: list[str] = []
    try:
        for sheet in workbook.worksheets:
            out.append(f"[{sheet.title}]\n")
            if hasattr(sheet, "reset_dimensions"):
                sheet.reset_dimensions()  # read every row, not only those the file's <dimension> admits
            for row in sheet.iter_rows(values_only=True):
                cells = []
                for value in row:
                    if value is None:
                        cells.append("")
                    elif isinstance(value, (int, float)) and not isinstance(value, bool):
                        cells.append(_number(value))
                    elif isinstance(value, (datetime.date, datetime.time, datetime.timedelta)):
                        cells.append(str(value))
                    else:
                        cells.append(str(value))
                out.append("\t".join(cells).rstrip("\t") + "\n")
    finally:
        workbook.close()
    return "".join(out)


def _pdf_text(path: Path) -> AttachmentText:
    import logging

    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings about odd files are for developers
    reader = PdfReader(path, strict=False)
    if reader.is_encrypted:
        try:
            if not reader.decrypt(""):
                return AttachmentText(None, "PDF 已加密，无法检查其中的文字")
        except Exception:
            return AttachmentText(None, "PDF 已加密，无法检查其中的文字")
    pages = [page.extract_text() or "" for page in reader.pages]
    text = "\n".join(pages)
    if pages and not text.strip():
        return AttachmentText(None, "PDF 没有文字层（扫描件或图片），无法自动检查其中的文字")
    return AttachmentText(text)


def source_of(entry: Entry, root: Path) -> Path:
    return root / entry.source


def read_source(entry: Entry, root: Path) -> str | None:
    try:
        return source_of(entry, root).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        try:
            return source_of(entry, root).read_bytes().decode("gb18030", errors="replace")
        except OSError:
            return None


def attachment_paths(entry: Entry) -> Iterable[tuple[int, Path]]:
    if entry.abs_dir is None:
        return
    for i, attachment in enumerate(entry.meta.attachments):
        yield i, (entry.abs_dir / attachment.file)
