"""Every attachment an office publishes is read the way a person reads it, or blocks the build.

Word (runs, tabs, tables, headers, comments, tracked deletions), Excel (number cells, floats
written 1.3800138E10, inline strings, hidden sheets, formulas' cached values), PDF text
layers, text in UTF-16 (Excel's “Unicode 文本”) and GB18030; formats the tool cannot
read (.doc, .wps, .zip, images, scanned PDFs, corrupt files) stop the build with the entry's
file and line until a reviewer allowlists the file's bytes.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from attachkit import W, docx, pdf, wpart
from plugins.core import pipeline
from plugins.core.problems.detectors import id_check_digit

MOB = "15913572468"
ID = "44030619851120106X"
assert id_check_digit(ID[:17]) == ID[17]
ENTRY = "catalog/notice/2024/a.md"


def notice(*files: str) -> str:
    attachments = "".join(f"  - file: {name}\n" for name in files)
    return (
        "---\nkind: notice\ntitle: 公开通知\nindex_no: 11441900007330235A/2024-00001\norgan: demo-office\n"
        f"published: 2024-01-02\ndisclosure: 主动公开\nattachments:\n{attachments}---\n正文。\n"
    )


def check(make_project, name: str, content: bytes | str):
    root = make_project({ENTRY: notice(name), f"catalog/notice/2024/{name}": content})
    return pipeline.run(root / "catalog", root)


def found(result) -> list[tuple[str, str, int]]:
    return [(d.code, d.file, d.line) for d in result.errors]


# --- Word -------------------------------------------------------------------------------------


def run(text: str) -> str:
    return f"<w:r><w:t xml:space='preserve'>{text}</w:t></w:r>"


def para(*runs: str) -> str:
    return "<w:p>" + "".join(runs) + "</w:p>"


def test_word_tabs_between_columns_separate_and_runs_join(make_project):
    body = para(run("第一段")) + para(run("王某"), "<w:r><w:tab/></w:r>", run(MOB[:3] + " "), run(MOB[3:7]), run(" " + MOB[7:]), "<w:r><w:tab/></w:r>", run("男"))
    result = check(make_project, "名单.docx", docx(body))
    assert found(result) == [("detect-mobile", "catalog/notice/2024/名单.docx", 2)]


def test_word_tracked_deletion_header_comment_footnote_and_table_cells_are_read(make_project):
    deleted = f"<w:del w:id='1' w:author='x'><w:r><w:delText>身份证号{ID}</w:delText></w:r></w:del>"
    body = para(run("正文")) + para(deleted)
    table = f"<w:tbl><w:tr><w:tc>{para(run('张某'))}</w:tc><w:tc>{para(run(MOB[:7]))}</w:tc><w:tc>{para(run(MOB[7:]))}</w:tc></w:tr></w:tbl>"
    result = check(
        make_project, "通知.docx",
        docx(
            body + table,
            header1=wpart("hdr", para(run("机　密★1年"))),
            comments=wpart("comments", f"<w:comment w:id='0'>{para(run('卡号 6222021234567890128'))}</w:comment>"),
            footnotes=wpart("footnotes", f"<w:footnote w:id='2'>{para(run('联系 139 1234 5678'))}</w:footnote>"),
        ),
    )
    codes = sorted(code for code, _, _ in found(result))
    assert codes == ["detect-bank-card", "detect-id-number", "detect-marking", "detect-mobile", "detect-mobile"], found(result)


def test_word_with_an_xml_bomb_or_corrupt_zip_blocks(make_project):
    bomb = (
        "<?xml version='1.0'?><!DOCTYPE w [<!ENTITY a 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;'>"
        "<!ENTITY c '&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;'>]>"
        f"<w:document xmlns:w='{W}'><w:body><w:p><w:r><w:t>&c;</w:t></w:r></w:p></w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", bomb)
    result = check(make_project, "炸弹.docx", buffer.getvalue())
    (error,) = result.errors
    assert (error.code, error.file, error.line) == ("attachment-unscanned", ENTRY, 9)
    assert "炸弹.docx" in error.message and "XML" in error.message
    result = check(make_project, "坏.docx", b"PK\x03\x04 not really a zip")
    (error,) = result.errors
    assert error.code == "attachment-unscanned" and "损坏" in error.message and "python build.py allow catalog/notice/2024/坏.docx" in error.fix


# --- Excel ------------------------------------------------------------------------------------


def xlsx(tmp_path, fill, patch=None) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    fill(book)
    path = tmp_path / "book.xlsx"
    book.save(path)
    raw = path.read_bytes()
    if patch is None:
        return raw
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = patch(data.decode("utf-8")).encode("utf-8")
            dst.writestr(info, data)
    return out.getvalue()


def test_excel_number_cells_are_read_as_digits(make_project, tmp_path):
    def fill(book):
        sheet = book.active
        sheet.append(["姓名", "电话"])
        sheet.append(["王某", int(MOB)])

    result = check(make_project, "名单.xlsx", xlsx(tmp_path, fill))
    assert found(result) == [("detect-mobile", "catalog/notice/2024/名单.xlsx", 3)]


def test_excel_float_in_e_notation_and_inline_string(make_project, tmp_path):
    def fill(book):
        book.active.append(["电话", 1.0])
        book.active.append(["备注", "x"])

    def patch(xml: str) -> str:
        xml = xml.replace("<v>1</v>", "<v>1.3800138E10</v>")
        return xml.replace("</sheetData>", f"<row r='9'><c r='A9' t='inlineStr'><is><t>身份证 {ID}</t></is></c></row></sheetData>")

    result = check(make_project, "表.xlsx", xlsx(tmp_path, fill, patch))
    assert sorted(code for code, _, _ in found(result)) == ["detect-id-number", "detect-mobile"], found(result)


def test_excel_hidden_sheet_and_cached_formula_value(make_project, tmp_path):
    def fill(book):
        book.active.append(["公开的数据", 1])
        hidden = book.create_sheet("隐藏")
        hidden.sheet_state = "hidden"
        hidden.append(["银行卡号", "6222021234567890128"])

    result = check(make_project, "预算.xlsx", xlsx(tmp_path, fill))
    assert [code for code, _, _ in found(result)] == ["detect-bank-card"]

    def formula(book):
        book.active["A1"] = "=B1"

    def cached(xml: str) -> str:
        return xml.replace("<f>B1</f><v></v>", f"<f>B1</f><v>{MOB}</v>").replace("<f>B1</f><v/>", f"<f>B1</f><v>{MOB}</v>").replace("<f>B1</f><v /></c>", f"<f>B1</f><v>{MOB}</v></c>")

    result = check(make_project, "公式.xlsx", xlsx(tmp_path, formula, cached))
    assert [code for code, _, _ in found(result)] == ["detect-mobile"]


# --- text in every encoding, PDF -------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "gb18030", "utf-8-sig", "utf-8"])
def test_text_in_every_encoding(make_project, encoding):
    text = f"姓名\t电话\n王某\t{MOB}\n"
    result = check(make_project, "名单.txt", text.encode(encoding))
    assert found(result) == [("detect-mobile", "catalog/notice/2024/名单.txt", 2)]


def test_pdf_text_layer_is_read(make_project):
    result = check(make_project, "通知.pdf", pdf("Notice", f"Contact {MOB[:3]} {MOB[3:7]} {MOB[7:]}"))
    assert found(result) == [("detect-mobile", "catalog/notice/2024/通知.pdf", 2)]
    assert check(make_project, "干净.pdf", pdf("Notice", "No numbers here")).errors == []


def test_pdf_without_text_layer_or_encrypted_blocks(make_project, tmp_path):
    result = check(make_project, "扫描件.pdf", pdf())
    (error,) = result.errors
    assert error.code == "attachment-unscanned" and "文字层" in error.message
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    result = check(make_project, "加密.pdf", buffer.getvalue())
    (error,) = result.errors
    assert error.code == "attachment-unscanned" and "加密" in error.message


@pytest.mark.parametrize(
    "name, content, why",
    [
        ("旧版.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, ".doc"),
        ("表格.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, ".xls"),
        ("文档.wps", b"\xd0\xcf\x11\xe0" + b"\0" * 60, ".wps"),
        ("打包.zip", b"PK\x05\x06" + b"\0" * 18, ".zip"),
        ("文字.rtf", b"{\\rtf1 13800138000}", "RTF"),
        ("照片.jpg", b"\xff\xd8\xff\xe0" + b"\0" * 60, "图片"),
        ("未知.abc", b"abc", ".abc"),
        ("改名.txt", b"PK\x03\x04" + b"\0" * 60, "压缩包"),  # a zip renamed to .txt is not scanned as text
        ("改名.csv", bytes(range(256)) * 4, "不是文本"),
    ],
)
def test_formats_the_tool_cannot_read_block_with_the_entry_line(make_project, name, content, why):
    result = check(make_project, name, content)
    (error,) = result.errors
    assert (error.code, error.file, error.line, error.field) == ("attachment-unscanned", ENTRY, 9, "attachments[0].file")
    assert why in error.message and f"catalog/notice/2024/{name}" in error.message
    assert f"python build.py allow catalog/notice/2024/{name} --reason" in error.fix


def test_an_unreadable_attachment_blocks_without_a_traceback(make_project, monkeypatch):
    root = make_project({ENTRY: notice("名单.txt"), "catalog/notice/2024/名单.txt": "名单"})
    real_read_bytes = Path.read_bytes

    def failing_read(self: Path) -> bytes:  # an I/O error while reading (a bad sector, a vanished network share)
        if self.name == "名单.txt":
            raise OSError(5, "Input/output error")
        return real_read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", failing_read)
    result = pipeline.run(root / "catalog", root)
    (error,) = [d for d in result.errors if d.code == "attachment-unscanned"]
    assert error.file == ENTRY and "无法读取" in error.message


def test_opendocument_and_powerpoint_text_is_read(make_project):
    text_ns = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
    office_ns = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    table_ns = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
    content = (
        f"<office:document-content xmlns:office='{office_ns}' xmlns:text='{text_ns}' xmlns:table='{table_ns}'><office:body>"
        f"<table:table><table:table-row><table:table-cell office:value-type='float' office:value='13800138000'><text:p>1.38E+10</text:p></table:table-cell></table:table-row></table:table>"
        "</office:body></office:document-content>"
    )
    styles = f"<office:document-styles xmlns:office='{office_ns}' xmlns:text='{text_ns}'><text:p>机密★1年</text:p></office:document-styles>"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
        archive.writestr("styles.xml", styles)
    result = check(make_project, "表.ods", buffer.getvalue())
    assert sorted(code for code, _, _ in found(result)) == ["detect-marking", "detect-mobile"], found(result)
    a = "http://schemas.openxmlformats.org/drawingml/2006/main"
    slide = f"<p:sld xmlns:p='http://schemas.openxmlformats.org/presentationml/2006/main' xmlns:a='{a}'><a:p><a:r><a:t>联系 {MOB}</a:t></a:r></a:p></p:sld>"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("ppt/slides/slide1.xml", slide)
    result = check(make_project, "讲稿.pptx", buffer.getvalue())
    assert [code for code, _, _ in found(result)] == ["detect-mobile"]
