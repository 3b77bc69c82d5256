"""Attachments: only from inside catalog/, never a hidden or project file, never through a link
out; published under unique names that never overwrite a generated file; links URL-encoded.
Every link in the built site is followed to a file with the right bytes."""

from __future__ import annotations

import html.parser
import json
import os
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from attachkit import reviewed
from plugins.core import pipeline



def notice(extra: str = "", index: int = 1, disclosure: str = "主动公开", title: str = "公开通知") -> str:
    exemption = "" if disclosure == "主动公开" else "exemption: privacy\n"
    return (
        f"---\nkind: notice\ntitle: {title}\nindex_no: 11441900007330235A/2024-{index:05d}\norgan: demo-office\n"
        f"published: 2024-01-0{index % 9 + 1}\ndisclosure: {disclosure}\n{exemption}{extra}---\n正文。\n"
    )


def attach(*files: str) -> str:
    return "attachments:\n" + "".join(f"  - file: {json.dumps(f, ensure_ascii=False)}\n" for f in files)


def run(make_project, files, **config):
    root = make_project(reviewed(files), **config)
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
        "catalog/notice/2024/a.md": notice(attach("out.pdf", "in.txt", "ring.pdf", "token.pdf", "linked/x.pdf")),
        "catalog/notice/2024/real.txt": "公开的附件",
        ".git/config": "token",
    })
    folder = root / "catalog/notice/2024"
    for name, target in {"out.pdf": str(outside), "in.txt": "real.txt", "ring.pdf": "ring.pdf", "token.pdf": "../../../.git/config", "linked": str(tmp_path.parent)}.items():
        os.symlink(target, folder / name)
    result = pipeline.run(root / "catalog", root)
    assert refusals(result) == [
        ("attachment-link-outside", "attachments[0].file"),
        ("attachment-link-outside", "attachments[2].file"),
        ("attachment-link-outside", "attachments[3].file"),
        ("attachment-link-outside", "attachments[4].file"),
    ]
    assert "folder-link" in {d.code for d in result.errors}  # the linked folder itself is reported too


# --- where attachments are published ---------------------------------------------------------


class _Links(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self._href: str | None = None
        self._text = ""

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        if tag == "a" and "download" in dict(attrs):
            self._href, self._text = dict(attrs)["href"], ""

    def handle_data(self, data):  # type: ignore[no-untyped-def]
        if self._href is not None:
            self._text += data

    def handle_endtag(self, tag):  # type: ignore[no-untyped-def]
        if tag == "a" and self._href is not None:
            self.links.append((self._href, self._text))
            self._href = None


def _follow(site: Path, page: Path) -> list[tuple[str, bytes]]:
    """Every download link of a page, resolved as a browser does → (caption, the bytes it reaches)."""
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    base = "http://x/" + page.relative_to(site).as_posix()
    found = []
    for href, text in parser.links:
        url = urlsplit(urljoin(base, href))
        assert not url.query and not url.fragment and " " not in href, href  # nothing of a name became a query or fragment
        target = site / unquote(url.path.lstrip("/"))
        assert target.is_file(), (href, target)
        found.append((text, target.read_bytes()))
    return found


NAMES = ["报告 2024#1?.pdf", "100%.xlsx", "附件.pdf", "table-01.csv", "search_index.json", "a b.txt", "%E9%99%84.doc"]


@pytest.mark.parametrize("directory_urls", [True, False])
def test_every_attachment_link_reaches_its_own_bytes_and_nothing_is_overwritten(build_site, directory_urls):
    files = {
        # two entries, and folders inside one entry, with attachments of the same names (and cases)
        "catalog/notice/2024/a.md": notice(attach(*NAMES, "sub/附件.pdf", "sub/TABLE-01.CSV", "附件.PDF"), index=1),
        "catalog/notice/2024/b.md": notice(attach("附件.pdf"), index=2, title="第二个通知"),
        "catalog/notice/2024/sub/附件.pdf": b"%PDF sub",
        "catalog/notice/2024/sub/TABLE-01.CSV": b"sub table",
        "catalog/notice/2024/附件.PDF": b"%PDF upper",
    }
    expected = [(name, f"bytes of {i} {name}".encode()) for i, name in enumerate(NAMES)]
    files.update({f"catalog/notice/2024/{name}": data for name, data in expected})
    site = build_site(reviewed(files), use_directory_urls=directory_urls)
    pages = {p.relative_to(site).as_posix(): p for p in site.glob("xxgk/**/*.html") if 'class="gk-attachments"' in p.read_text(encoding="utf-8")}
    assert len(pages) == 2, sorted(pages)
    first = _follow(site, next(p for k, p in pages.items() if "00001" in k))
    second = _follow(site, next(p for k, p in pages.items() if "00002" in k))
    assert first == [*expected, ("附件.pdf", b"%PDF sub"), ("TABLE-01.CSV", b"sub table"), ("附件.PDF", b"%PDF upper")]
    assert second == [("附件.pdf", "bytes of 2 附件.pdf".encode())]
    # what the build generates is intact: entry pages and the site's own search index
    for page in pages.values():
        assert "公开通知" in page.read_text(encoding="utf-8") or "第二个通知" in page.read_text(encoding="utf-8")
    for generated in [p for p in site.rglob("*") if p.is_file() and "xxgk" not in p.parts]:
        assert not generated.read_bytes().startswith(b"bytes of"), generated
    # the data download lists the same working addresses
    data = (site / "data/notice.json").read_text(encoding="utf-8") if (site / "data/notice.json").is_file() else ""
    for name in ("100%25.xlsx", "%23", "%3F"):
        assert not data or name in data


# --- a declared attachments folder --------------------------------------------------------------


def test_a_declared_attachments_folder_is_used_and_published_beside_the_entry(build_site):
    site = build_site(reviewed({
        "catalog/notice/2024/a.md": notice(attach("../../附件库/2024/合同 #1.pdf")),
        "catalog/附件库/2024/合同 #1.pdf": b"%PDF shared",
        "catalog/附件库/2024/未用.pdf": b"%PDF unused",
    }), plugins=[{"gk-catalog": {"attachments_dir": "catalog/附件库"}}, "search"])
    (page,) = [p for p in site.glob("xxgk/**/*.html") if 'class="gk-attachments"' in p.read_text(encoding="utf-8")]
    assert _follow(site, page) == [("合同 #1.pdf", b"%PDF shared")]
    assert not list(site.rglob("未用.pdf"))


def test_a_markdown_file_in_the_attachments_folder_is_not_an_entry(make_project):
    result, _ = run(make_project, {"catalog/附件库/说明.md": "# 说明\n", "catalog/notice/2024/a.md": notice()},
                    plugins=[{"gk-catalog": {"attachments_dir": "catalog/附件库"}}])
    assert [(d.code, d.file) for d in result.errors] == [("entry-outside-kind", "catalog/附件库/说明.md")]


def test_attachments_folder_outside_the_catalog_or_hidden_is_refused(make_project):
    for folder, ok in [("catalog/附件库", True), ("content", False), ("catalog/.files", False), ("catalog", False), ("catalog/none", False)]:
        result, _ = run(make_project, {
            "catalog/notice/2024/a.md": notice(attach("../../附件库/合同.pdf")),
            "catalog/附件库/合同.pdf": b"%PDF",
            "catalog/.files/x.pdf": b"%PDF",
            "content/x.pdf": b"%PDF",
        }, plugins=[{"gk-catalog": {"attachments_dir": folder}}])
        codes = {d.code for d in result.errors}
        if ok:
            assert not codes, [str(d) for d in result.errors]
        else:
            assert "attachments-dir-invalid" in codes and "attachment-outside" in codes, (folder, codes)
            (bad,) = [d for d in result.errors if d.code == "attachments-dir-invalid"]
            assert bad.file == "mkdocs.yml" and bad.field == "attachments_dir"


def test_published_names_are_unique_as_a_case_blind_server_sees_them():
    from types import SimpleNamespace

    from plugins.core.pages.attachments import published_paths
    from plugins.core.load.schema import Attachment

    names = ["e\u0301.pdf", "\u00e9.pdf", "A.pdf", "sub/a.PDF", "three-public.csv", "table-07.CSV", "x/A.pdf"]
    entry = SimpleNamespace(meta=SimpleNamespace(attachments=[Attachment(file=n) for n in names]))
    assert published_paths(entry) == ["e\u0301.pdf", "2/\u00e9.pdf", "A.pdf", "2/a.PDF", "2/three-public.csv", "2/table-07.CSV", "3/A.pdf"]


def test_a_nul_in_an_attachment_name_is_a_located_error_not_a_crash(make_project):
    result, _ = run(make_project, {"catalog/notice/2024/a.md": notice(attach("a\0b.pdf", "x/\0/y.pdf"))})
    assert refusals(result) == [("attachment-name-invalid", "attachments[0].file"), ("attachment-name-invalid", "attachments[1].file")]
    assert result.errors[0].line == 9


def test_the_data_download_gives_the_same_working_addresses(build_site):
    site_url = "https://gk.example.gov.cn/"
    names = ["报告 2024#1?.pdf", "100%.xlsx", "附件.pdf", "sub/附件.pdf"]
    files = {"catalog/notice/2024/a.md": notice(attach(*names))}
    files.update({f"catalog/notice/2024/{name}": name.encode() for name in names})
    site = build_site(reviewed(files), plugins=["gk-catalog", "gk-exports"], site_url=site_url)
    data = json.loads((site / "data/notice.json").read_text(encoding="utf-8"))
    records = data["entries"] if isinstance(data, dict) and "entries" in data else data
    urls = [a["url"] for r in records for a in r["attachments"]]
    assert len(urls) == 4
    reached = []
    for url in urls:
        parts = urlsplit(url)
        assert url.startswith(site_url) and not parts.query and not parts.fragment, url
        reached.append((site / unquote(parts.path.lstrip("/"))).read_bytes())
    assert reached == [name.encode() for name in names]
