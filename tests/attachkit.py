"""Attachments built by hand in a test: a Word file with chosen XML parts, a PDF with a text layer."""

from __future__ import annotations

import io
import zipfile

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx(body: str, **parts: str) -> bytes:
    """A .docx whose document body is ``body`` (w: XML inside <w:body>); ``parts`` add
    word/<name>.xml files (header1, footer1, comments, footnotes …) given as full XML."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<?xml version='1.0'?><Types xmlns='http://schemas.openxmlformats.org/package/2006/content-types'/>")
        archive.writestr("word/document.xml", f"<?xml version='1.0' encoding='UTF-8'?><w:document xmlns:w='{W}'><w:body>{body}</w:body></w:document>")
        archive.writestr("word/styles.xml", f"<w:styles xmlns:w='{W}'/>")
        for name, xml in parts.items():
            archive.writestr(f"word/{name}.xml", xml)
    return buffer.getvalue()


def wpart(root: str, inner: str) -> str:
    return f"<?xml version='1.0' encoding='UTF-8'?><w:{root} xmlns:w='{W}'>{inner}</w:{root}>"


def pdf(*lines: str) -> bytes:
    """A one-page PDF whose text layer holds ``lines`` (ASCII, Helvetica); no lines: a page without text."""
    content = "BT /F1 12 Tf 72 720 Td " + " ".join(f"({line}) Tj 0 -16 Td" for line in lines) + " ET" if lines else ""
    stream = content.encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def reviewed(files: dict) -> dict:
    """``files`` plus a detector-allowlist item for every attachment given as bytes, as a reviewer
    records an unscannable file with ``build.py allow FILE``: for tests about where attachments come
    from and where they are published, not about what they hold."""
    import hashlib

    from plugins.core.wall import allowlist

    items = [
        allowlist.new_file_item(path, hashlib.sha256(data).hexdigest(), "测试：人工逐页核对")
        for path, data in files.items()
        if isinstance(data, bytes) and path.startswith("catalog/")
    ]
    if not items:
        return files
    return {**files, f"catalog/{allowlist.FILE_NAME}": "".join(items)}
