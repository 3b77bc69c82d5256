"""Bounded input and the full listing of catalog/: alias bombs, sizes and depths refused with a
located Chinese error; every file under catalog/ an entry, a registry, an attachment or reported;
odd, unreadable and linked files reported, never a traceback nor a silent skip."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from attachkit import pdf

from plugins.core import pipeline
from plugins.core.load import listing, loader
from plugins.core.load import yamlpos

ROOT = Path(__file__).resolve().parent.parent


def notice(index: int = 1, extra: str = "", title: str = "公开通知") -> str:
    return (
        f"---\nkind: notice\ntitle: {title}\nindex_no: 11441900007330235A/2024-{index:05d}\norgan: demo-office\n"
        f"published: 2024-01-0{index % 9 + 1}\ndisclosure: 主动公开\n{extra}---\n正文。\n"
    )


def run(root: Path) -> pipeline.Result:
    return pipeline.run(root / "catalog", root)


def by_code(result: pipeline.Result, code: str) -> list:
    return [d for d in result.diagnostics if d.code == code]


def bomb(levels: int = 9) -> str:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


# --- bounded input -----------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["catalog/notice/2024/bomb.yml", "catalog/notice/2024/bomb.md", "catalog/organs.yml", "catalog/topics.yml", "catalog/negative-list.yml", "catalog/detector-allowlist.yml"])
def test_a_billion_laughs_is_refused_quickly_with_its_line(make_project, where):
    text = bomb()
    assert len(text.encode()) < 700
    if where.endswith(".md"):
        text = "---\n" + text + "---\n正文\n"
    root = make_project({where: text, "catalog/notice/2024/a.md": notice()})
    started = time.perf_counter()
    result = run(root)
    assert time.perf_counter() - started < 5
    (found,) = by_code(result, "yaml-alias")
    assert found.file == where and found.line >= 2 and "别名" in found.message and "&" in found.fix
    assert result.public is None


def test_a_few_aliases_still_work(make_project):
    root = make_project({"catalog/notice/2024/a.yml": notice().replace("---\n", "", 1).replace("---\n正文。\n", "keywords: &k [预算, 决算]\nbody: 正文\n")})
    result = run(root)
    assert not result.errors, [str(d) for d in result.errors]
    assert result.catalog.entries[0].meta.keywords == ["预算", "决算"]


def test_an_alias_that_contains_itself_is_refused(make_project):
    root = make_project({"catalog/notice/2024/a.yml": "a: &x [1, *x]\n"})
    (found,) = by_code(run(root), "yaml-alias")
    assert found.line == 1


def test_nesting_too_deep_is_refused_at_its_line(make_project):
    deep = "kind: notice\nx: " + "[" * 30 + "]" * 30 + "\n"
    deeper = "x: " + "[" * 5000 + "]" * 5000 + "\n"  # libyaml's own limit (1000) is reached first
    root = make_project({"catalog/notice/2024/a.yml": deep, "catalog/notice/2024/b.yml": deeper})
    result = run(root)
    (found,) = by_code(result, "yaml-too-deep")
    assert (found.file, found.line) == ("catalog/notice/2024/a.yml", 2) and "24" in found.message
    (syntax,) = [d for d in by_code(result, "yaml-syntax") if d.file.endswith("b.yml")]
    assert "嵌套太深" in syntax.message


def test_too_many_values_and_too_long_a_value_are_refused(make_project):
    many = "kind: notice\nkeywords:\n" + "- 词\n" * (yamlpos.MAX_VALUES + 5)
    long = 'kind: notice\ntitle: "' + "长" * (yamlpos.MAX_VALUE_CHARS + 1) + '"\n'
    root = make_project({"catalog/notice/2024/many.yml": many, "catalog/notice/2024/long.yml": long})
    result = run(root)
    (found,) = by_code(result, "yaml-too-many-values")
    assert found.file.endswith("many.yml") and found.line == yamlpos.MAX_VALUES  # kind, notice, keywords, then one value a line from line 3
    (found,) = by_code(result, "yaml-value-too-long")
    assert (found.file, found.line) == ("catalog/notice/2024/long.yml", 2)


def test_a_file_over_the_size_limit_is_refused_unread(make_project, monkeypatch):
    root = make_project({"catalog/notice/2024/big.md": notice() + "正文" * (yamlpos.MAX_FILE_BYTES // 6 + 10), "catalog/organs.yml": "# " + "x" * (yamlpos.MAX_FILE_BYTES + 1)})
    result = run(root)
    found = sorted((d.file, d.line) for d in by_code(result, "file-too-large"))
    assert found == [("catalog/notice/2024/big.md", 0), ("catalog/organs.yml", 0)]
    assert "MB" in by_code(result, "file-too-large")[0].message


# --- every file is an entry, a registry, an attachment, or reported ---------------------------


def test_entries_with_other_endings_load_and_misplaced_files_are_reported(make_project):
    root = make_project({
        "catalog/notice/2024/a.MD": notice(1, title="大写后缀"),
        "catalog/notice/2024/b.Yml": notice(2, title="混合大小写").replace("---\n", "", 1).replace("---\n正文。\n", ""),
        "catalog/notice/2024/c.markdown": notice(3, title="长后缀"),
        "catalog/notice/2024/d.YAML": notice(4, title="大写YAML").replace("---\n", "", 1).replace("---\n正文。\n", ""),
        "catalog/notice/2024/e.yml.txt": "title: x\n",
        "catalog/notice/2024/notes.txt": "草稿\n",
        "catalog/notice/2024/.gitkeep": "",
        "catalog/notice/2024/.DS_Store": b"\0",
        "catalog/notice/2024/_draft.md": notice(9),
        "catalog/top.md": notice(5, title="放错位置"),
        "catalog/Organs.yml": "- id: x\n",
        "catalog/polcy/2024/f.md": notice(6, title="类别拼错"),
        "catalog/stray.pdf": b"%PDF",
    })
    result = run(root)
    titles = sorted(e.meta.title for e in result.catalog.entries)
    assert titles == sorted(["大写后缀", "混合大小写", "长后缀", "大写YAML", "类别拼错"])
    seen = {(d.code, d.file, d.severity.value) for d in result.diagnostics if d.code not in ("year-folder-mismatch",)}
    assert {
        ("file-unused", "catalog/notice/2024/e.yml.txt", "warning"),
        ("file-unused", "catalog/notice/2024/notes.txt", "warning"),
        ("file-unused", "catalog/stray.pdf", "warning"),
        ("hidden-file", "catalog/notice/2024/.DS_Store", "warning"),
        ("hidden-file", "catalog/notice/2024/_draft.md", "warning"),
        ("entry-outside-kind", "catalog/top.md", "error"),
        ("entry-outside-kind", "catalog/Organs.yml", "error"),
        ("unknown-kind-folder", "catalog/polcy", "error"),
    } <= seen, sorted(seen)
    assert not [d for d in result.diagnostics if ".gitkeep" in d.file]
    (txt,) = [d for d in result.diagnostics if d.file.endswith("e.yml.txt")]
    assert "e.yml" in txt.fix and "文件没有被任何条目引用，不会发布" in txt.message
    (kind,) = by_code(result, "unknown-kind-folder")
    assert "policy" in kind.fix
    (organs,) = [d for d in by_code(result, "entry-outside-kind") if "Organs" in d.file]
    assert "organs.yml" in organs.fix


def test_attachments_of_an_entry_with_errors_are_not_called_strays(make_project):
    root = make_project({
        "catalog/notice/2024/a.md": notice(extra="attachments:\n  - file: 附件.pdf\nbogus: 1\n"),
        "catalog/notice/2024/附件.pdf": b"%PDF",
    })
    result = run(root)
    assert by_code(result, "unknown-field") and not by_code(result, "file-unused")


def test_odd_names_links_and_pipes_are_reported_never_read(make_project, tmp_path):
    root = make_project({"catalog/notice/2024/a.md": notice()})
    folder = root / "catalog/notice/2024"
    (folder / "new\nline.md").write_text(notice(2), encoding="utf-8")
    os.mkdir(os.fsencode(folder) + b"/bad\xff\xfename")
    with open(os.fsencode(folder) + b"/x\xff.yml", "wb") as file:
        file.write(notice(3).encode())
    os.symlink("gone.md", folder / "broken.md")
    os.symlink("/etc/hostname", folder / "outside.yml")
    os.symlink(str(tmp_path.parent), folder / "linked")
    os.mkfifo(folder / "pipe.md")
    (folder / ("长" * 80 + ".pdf")).write_bytes(b"%PDF")
    started = time.perf_counter()
    result = run(root)
    assert time.perf_counter() - started < 10  # the pipe was not opened
    got = sorted((d.code, d.file) for d in result.diagnostics if d.code != "file-unused")
    assert got == sorted([
        ("file-name-invalid", "catalog/notice/2024/new\\nline.md"),
        ("file-name-invalid", "catalog/notice/2024/bad\\xff\\xfename"),
        ("file-name-invalid", "catalog/notice/2024/x\\xff.yml"),
        ("file-broken-link", "catalog/notice/2024/broken.md"),
        ("file-link-outside", "catalog/notice/2024/outside.yml"),
        ("folder-link", "catalog/notice/2024/linked"),
        ("file-not-regular", "catalog/notice/2024/pipe.md"),
    ]), got
    for diagnostic in result.diagnostics:
        str(diagnostic).encode("utf-8")  # printable: no lone surrogate
    assert [e.meta.title for e in result.catalog.entries] == ["公开通知"]
    (unused,) = by_code(result, "file-unused")  # a very long name is just a stray here
    assert unused.file.endswith(".pdf")


def test_an_unreadable_folder_or_file_is_a_located_error(make_project, monkeypatch):
    root = make_project({"catalog/notice/2024/a.md": notice(), "catalog/policy/2024/b.md": notice(2), "catalog/notice/2023/c.md": notice(3)})
    blocked_folder = str(root / "catalog/policy")
    blocked_file = str(root / "catalog/notice/2023/c.md")
    real_scandir, real_open = os.scandir, os.open

    def scandir(path="."):  # type: ignore[no-untyped-def]
        if str(path) == blocked_folder:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_scandir(path)

    def os_open(path, flags, *args, **kwargs):  # type: ignore[no-untyped-def]
        if str(path) == blocked_file:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(loader.os, "scandir", scandir)
    monkeypatch.setattr(loader.os, "open", os_open)
    result = pipeline.run(root / "catalog", root, reuse=False)
    (folder,) = by_code(result, "folder-unreadable")
    assert folder.file == "catalog/policy" and "没有读取权限" in folder.message and "chmod" in folder.fix
    (file,) = by_code(result, "file-unreadable")
    assert file.file == "catalog/notice/2023/c.md" and "没有读取权限" in file.message
    assert result.public is None


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a chmod 000 file anyway; simulated above")
def test_chmod_000_folder_is_reported(make_project):  # pragma: no cover - runs only without root
    root = make_project({"catalog/notice/2024/a.md": notice()})
    (root / "catalog/notice/2024").chmod(0)
    try:
        assert by_code(run(root), "folder-unreadable")
    finally:
        (root / "catalog/notice/2024").chmod(0o755)


def test_check_prints_odd_names_without_a_traceback(make_project):
    root = make_project({"catalog/notice/2024/a.md": notice(), "catalog/notice/2024/bomb.yml": bomb()})
    folder = os.fsencode(root / "catalog/notice/2024")
    with open(folder + b"/\xff\xfe.md", "wb") as file:
        file.write(b"x")
    os.mkfifo(root / "catalog/organs.yml.fifo")
    proc = subprocess.run([sys.executable, str(ROOT / "build.py"), "-f", str(root / "mkdocs.yml"), "check"], capture_output=True, timeout=120)
    out = proc.stdout.decode("utf-8") + proc.stderr.decode("utf-8")
    assert proc.returncode == 1 and "Traceback" not in out
    assert "catalog/notice/2024/\\xff\\xfe.md" in out and "[file-name-invalid]" in out
    assert "[yaml-alias]" in out and "检查未通过" in out


def test_utf16_files_and_folders_nested_too_deep_are_reported(make_project):
    deep = "catalog/notice/" + "/".join(["d"] * 600) + "/x.md"  # deeper than Python's recursion would go
    root = make_project({
        "catalog/notice/2024/u.md": notice().encode("utf-16"),
        "catalog/organs.yml": "- id: a\n  name: 办公室\n".encode("utf-16-le"),
        deep: notice(2),
    })
    result = run(root)
    assert sorted(d.file for d in by_code(result, "file-encoding-utf16")) == ["catalog/notice/2024/u.md", "catalog/organs.yml"]
    (too_deep,) = by_code(result, "folder-too-deep")
    assert too_deep.file.count("/d") == listing.MAX_FOLDER_DEPTH


def test_attachment_with_dot_segments_inside_its_folder_is_fine(make_project):
    root = make_project({
        "catalog/notice/2024/a.md": notice(extra='attachments:\n  - file: "./sub/../附件.pdf"\n  - file: "sub/../../2023/x.pdf"\n'),
        "catalog/notice/2024/附件.pdf": b"%PDF",
        "catalog/notice/2023/x.pdf": b"%PDF",
    })
    result = run(root)
    assert [(d.code, d.field) for d in result.errors] == [("attachment-outside", "attachments[1].file")]


def test_names_with_spaces_of_any_width_load_invisible_characters_are_refused(make_project):
    root = make_project({
        "catalog/notice/2024/通知　全角空格.md": notice(1, extra="attachments:\n  - file: 附件\u3000一 .pdf\n  - file: \"附\u200b件.pdf\"\n"),
        "catalog/notice/2024/附件\u3000一 .pdf": pdf("attachment"),
        "catalog/notice/2024/\u202egpj.exe.md": notice(2),
        "catalog/README.md": "# 本文件夹说明\n",
    })
    result = run(root)
    assert [e.source for e in result.catalog.entries] == ["catalog/notice/2024/通知　全角空格.md"]
    got = sorted((d.code, d.file, d.field) for d in result.diagnostics)
    assert got == sorted([
        ("attachment-name-invalid", "catalog/notice/2024/通知　全角空格.md", "attachments[1].file"),
        ("file-name-invalid", "catalog/notice/2024/\\u202egpj.exe.md", ""),
        ("file-unused", "catalog/README.md", ""),
    ]), got
    assert "附\\u200b件.pdf" in str(by_code(result, "attachment-name-invalid")[0])


def test_a_registry_linked_out_of_the_project_is_not_read(make_project, tmp_path):
    root = make_project({"catalog/notice/2024/a.md": notice(), ".git/config": "- id: leaked\n  name: token\n"})
    (root / "catalog/topics.yml").unlink()
    os.symlink("../.git/config", root / "catalog/topics.yml")
    result = run(root)
    (found,) = by_code(result, "file-link-outside")
    assert found.file == "catalog/topics.yml" and not result.catalog.topics
