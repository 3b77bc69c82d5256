"""Many detector hits in one body are located as the editor's file has them, in one pass.

A hostile or careless body with thousands of pasted numbers must not make ``check``
quadratic (each hit used to count the lines before it again)."""

from __future__ import annotations

from plugins.core import pipeline

ENTRY = "catalog/notice/2024/many.md"


def test_thousands_of_hits_each_at_its_own_line_and_column(make_project):
    lines = [f"第{i}行 联系电话 139{i:08d}，请勿外传" for i in range(6000)]
    head = "---\nkind: notice\ntitle: 名单\norgan: demo-office\npublished: 2024-01-02\ndisclosure: 主动公开\n---\n"
    root = make_project({ENTRY: head + "\n".join(lines) + "\n"})
    result = pipeline.run(root / "catalog", root)
    hits = sorted((d.line, d.column) for d in result.errors if d.code == "detect-mobile")
    body_line = head.count("\n") + 1
    expected = [(body_line + i, line.index("电话 ") + 4) for i, line in enumerate(lines)]
    assert hits == expected
