"""Attachments: only from inside catalog/, never a hidden or project file, never through a link
out; published under unique names that never overwrite a generated file; links URL-encoded.
Every link in the built site is followed to a file with the right bytes."""

from __future__ import annotations

import html.parser
import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from plugins.core import pipeline

ROOT = Path(__file__).resolve().parent.parent


def notice(extra: str = "", index: int = 1, disclosure: str = "主动公开", title: str = "公开通知") -> str:
    exemption = "" if disclosure == "主动公开" else "exemption: privacy\n"
    return (
        f"---\nkind: notice\ntitle: {title}\nindex_no: 11441900007330235A/2024-{index:05d}\norgan: demo-office\n"
        f"published: 2024-01-0{index % 9 + 1}\ndisclosure: {disclosure}\n{exemption}{extra}---\n正文。\n"
    )


def attach(*files: str) -> str:
    return "attachments:\n" + "".join(f"  - file: {json.dumps(f, ensure_ascii=False)}\n" for f in files)


def run(make_project, files, **config):
    root = make_project(files, **config)
    attachments_dir = None
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and plugin.get("gk-catalog", {}).get("attachments_dir"):
            attachments_dir = root / plugin["gk-catalog"]["attachments_dir"]
    return pipeline.run(root / "catalog", root, attachments_dir=attachments_dir), root


def refusals(result):
    return sorted((d.code, d.field) for d in result.errors if d.code.startswith("attachment"))


# --- where an attachment may come from -----------------------------------------------------


@pytest.mark.parametrize(
    ("file", "code"),
    [
        ("../../../mkdocs.yml", "attachment-project-file"),
        ("../../../.git/config", "attachment-hidden"),
        (".git/config", "attachment-hidden"),
        (".hidden.pdf", "attachment-hidden"),
        ("sub/.secret/a.pdf", "attachment-hidden"),
        ("../../organs.yml", "attachment-project-file"),
        ("../../negative-list.yml", "attachment-project-file"),
        ("../../detector-allowlist.yml", "attachment-project-file"),
        ("../../../build.py", "attachment-project-file"),
        ("other.md", "attachment-project-file"),
        ("OTHER.YML", "attachment-project-file"),
        ("/etc/passwd", "attachment-path-absolute"),
        ("C:/Users/a.pdf", "attachment-path-absolute"),
        ("~/a.pdf", "attachment-path-absolute"),
        ("..\\..\\a.pdf", "attachment-path-form"),
        ("https://example.com/a.pdf", "attachment-path-form"),
        ("../../../content/index.md", "attachment-project-file"),
        ("../../../pyproject.toml", "attachment-project-file"),
        ("../2023/a.pdf", "attachment-outside"),
        ("../../../README.txt", "attachment-outside"),
        ("page.html", "attachment-active-content"),
        ("pic.SVG", "attachment-active-content"),
        ("missing.pdf", "attachment-missing"),
        ("a\nb.pdf", "attachment-name-invalid"),
        ("长" * 120 + ".pdf", "attachment-name-invalid"),
        ("sub", "attachment-not-file"),
    ],
)
def test_refused_attachment_is_a_located_chinese_error_quoting_the_value(make_project, file, code):
    files = {
        "catalog/notice/2024/a.md": notice(attach(file)),
        "catalog/notice/2024/other.md": notice(index=2),
        "catalog/notice/2024/OTHER.YML": "x: 1\n",
        "catalog/notice/2024/page.html": "<script>alert(1)</script>",
        "catalog/notice/2024/pic.SVG": "<svg onload=alert(1)></svg>",
        "catalog/notice/2024/.hidden.pdf": b"%PDF",
        "catalog/notice/2024/sub/.secret/a.pdf": b"%PDF",
        "catalog/notice/2024/.git/config": "[remote]\n",
        "catalog/notice/2023/a.pdf": b"%PDF",
        "README.txt": "x",
        "build.py": "print()",
        "pyproject.toml": "",
        ".git/config": "[http]\n\textraheader = AUTHORIZATION: basic c2VjcmV0\n",
    }
    result, _ = run(make_project, files)
    assert result.public is None
    found = [d for d in result.errors if d.field == "attachments[0].file"]
    assert [d.code for d in found] == [code], [str(d) for d in result.errors]
    (problem,) = found
    assert problem.file == "catalog/notice/2024/a.md" and problem.line == 9 and problem.label == "文件"
    text = str(problem)
    assert "—" in text and problem.fix  # says how to fix it
    shown = file.replace("\n", "\\n")
    assert (shown if len(shown) < 100 else shown[:30]) in text  # the value is quoted (shortened when long)


def test_links_that_resolve_outside_are_refused_inside_are_published(make_project, tmp_path):
    outside = tmp_path.parent / f"{tmp_path.name}-outside.pdf"
    outside.write_bytes(b"%PDF outside")
    root = make_project({
        "catalog/notice/2024/a.md": notice(attach("out.pdf", "in.pdf", "ring.pdf", "token.pdf", "linked/x.pdf")),
        "catalog/notice/2024/real.pdf": b"%PDF inside",
        ".git/config": "token",
    })
    folder = root / "catalog/notice/2024"
    for name, target in {"out.pdf": str(outside), "in.pdf": "real.pdf", "ring.pdf": "ring.pdf", "token.pdf": "../../../.git/config", "linked": str(tmp_path.parent)}.items():
        os.symlink(target, folder / name)
    result = pipeline.run(root / "catalog", root)
    assert refusals(result) == [
        ("attachment-link-outside", "attachments[0].file"),
        ("attachment-link-outside", "attachments[2].file"),
        ("attachment-link-outside", "attachments[3].file"),
        ("attachment-link-outside", "attachments[4].file"),
    ]
    assert "folder-link" in {d.code for d in result.errors}  # the linked folder itself is reported too
