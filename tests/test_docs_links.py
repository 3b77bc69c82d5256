"""Every command README.md and docs/*.md show is one build.py and make accept, and every link and picture in them resolves.

Fast and without builds: each ``python build.py …`` of a code block is parsed with build.py's own argument
parser (subcommand, flags, required arguments); each one written inline in a sentence names a subcommand
and flags that exist; each ``make X`` names a target of the Makefile. ``test_documented_commands.py`` runs
the code-block commands for real. Links: every relative link and image in the docs names a file of the
repository, and a ``#anchor`` names a heading of that file (GitHub's and MkDocs' heading ids).
"""

from __future__ import annotations

import re
import shlex
import subprocess
import unicodedata
from pathlib import Path
from urllib.parse import unquote

import pytest

import build
from test_documented_commands import PLACEHOLDERS

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
STARTS = ("python build.py", "python3 build.py", "./build.py")
INLINE_VALUES = {
    "类别": "policy", "机构编号": "dg-finance", "文件名": "zijin-guanli", "附件路径": "catalog/notice/2024/附件.doc",
    "目标分支": "main", "文件…": "a.pdf", "文件:行号": "catalog/notice/2024/a.md:11", "年度": "2024", "基准版本": "main",
}
"""The Chinese names the docs give an argument in a sentence, and a value of that kind."""

FENCE = re.compile(r"^([ \t]*)(```+|~~~+)[^\n]*\n(.*?)^\1\2[ \t]*$", re.S | re.M)


def relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def prose(text: str) -> str:
    """The text outside fenced code blocks (links and inline commands live there)."""
    return FENCE.sub("", text)


def split_commands(line: str) -> list[str]:
    """The simple commands of one shell line (``a && b; c``), a trailing comment removed."""
    line = re.sub(r"(^|\s)#.*$", "", line)
    return [part.strip() for part in re.split(r"&&|\|\||;|\|", line) if part.strip()]


def block_commands() -> list[tuple[str, str]]:
    found = []
    for path in DOCS:
        for match in FENCE.finditer(path.read_text(encoding="utf-8")):
            for line in match.group(3).splitlines():
                for command in split_commands(line.strip()):
                    if not command.startswith((*STARTS, "make ")):
                        continue
                    command = re.sub(r"\s{2,}[^-\s].*$", "", command)  # a synopsis: the description after the command
                    for placeholder, value in PLACEHOLDERS:
                        command = command.replace(placeholder, value)
                    found.append((relative(path), command))
    return found


def inline_commands() -> list[tuple[str, str]]:
    found = []
    for path in DOCS:
        for span in re.findall(r"`([^`\n]+)`", prose(path.read_text(encoding="utf-8"))):
            if span.startswith((*STARTS, "make ")):
                for command in split_commands(span):
                    found.append((relative(path), command))
    return found


def argv_of(command: str) -> list[str]:
    for start in STARTS:
        if command.startswith(start):
            return shlex.split(command[len(start):])
    raise AssertionError(command)


def subparsers() -> dict:
    parser = build._parser()
    [action] = [a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction"]
    return action.choices


BLOCKS = block_commands()
INLINE = inline_commands()


def test_the_docs_show_many_commands():
    assert len(BLOCKS) >= 20 and len(INLINE) >= 50, (len(BLOCKS), len(INLINE))
    assert ("README.md", "python build.py check") in BLOCKS
    assert any(doc == "docs/git-guide.md" for doc, _ in BLOCKS), "the git guide shows the local commands"


@pytest.mark.parametrize(("document", "command"), [c for c in BLOCKS if not c[1].startswith("make ")], ids=lambda v: str(v))
def test_block_command_parses_with_the_cli(document, command):
    argv = argv_of(command)
    try:
        args = build._parser().parse_args(argv)
    except SystemExit as exc:
        pytest.fail(f"{document}: `{command}` is not accepted by build.py (exit {exc.code})")
    assert args.command, f"{document}: `{command}` names no subcommand"


@pytest.mark.parametrize(("document", "command"), [c for c in INLINE if not c[1].startswith("make ")], ids=lambda v: str(v))
def test_inline_command_names_a_subcommand_and_flags_that_exist(document, command):
    text = command.replace("…", " ").replace("[", " ").replace("]", " ")
    for name, value in sorted(INLINE_VALUES.items(), key=lambda kv: -len(kv[0])):
        text = text.replace(name, value)
    argv = argv_of(text)
    if not argv:
        return  # “`python build.py …`”: the program itself
    commands = subparsers()
    assert argv[0] in commands, f"{document}: `{command}` — build.py has no subcommand {argv[0]!r} ({', '.join(commands)})"
    known = {option for action in commands[argv[0]]._actions for option in action.option_strings}
    unknown = [token.split("=")[0] for token in argv[1:] if token.startswith("-") and token.split("=")[0] not in known]
    assert not unknown, f"{document}: `{command}` — {argv[0]} has no option {unknown}"


MAKE_TARGETS = sorted({(doc, command) for doc, command in BLOCKS + INLINE if command.startswith("make ")})


@pytest.mark.parametrize(("document", "command"), MAKE_TARGETS, ids=lambda v: str(v))
def test_make_command_names_a_makefile_target(document, command):
    targets = shlex.split(command)[1:]
    assert targets
    for target in targets:
        done = subprocess.run(["make", "-n", "--no-print-directory", target], cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert "No rule to make target" not in done.stderr, f"{document}: `{command}` — the Makefile has no target {target}"


def heading_ids(path: Path) -> set[str]:
    """The ids GitHub and MkDocs (toc with its default slugify on unicode text) give the headings of ``path``."""
    ids: set[str] = set()
    seen: dict[str, int] = {}
    for match in re.finditer(r"^#{1,6}[ \t]+(.+?)[ \t#]*$", prose(path.read_text(encoding="utf-8")), re.M):
        text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", match.group(1))  # a link in a heading: its text
        text = re.sub(r"[`*_]", "", text).strip().lower()
        slug = "".join(ch for ch in text if ch in " -_" or unicodedata.category(ch)[0] in "LNM").replace(" ", "-")
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        ids.add(slug if count == 0 else f"{slug}-{count}")
    ids |= set(re.findall(r'<a (?:name|id)="([^"]+)"', path.read_text(encoding="utf-8")))
    return ids


def links(path: Path) -> list[tuple[int, str]]:
    """(line, target) for every Markdown link and image and every HTML ``src``/``href`` outside code."""
    text = prose(path.read_text(encoding="utf-8"))
    text = re.sub(r"`[^`\n]*`", "", text)  # inline code is not a link
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        for target in re.findall(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)", line):
            found.append((number, target))
        for target in re.findall(r"""(?:src|href)=["']([^"']+)["']""", line):
            found.append((number, target))
    return found


LINKS = [(relative(path), number, target) for path in DOCS for number, target in links(path)
         if not re.match(r"^[a-z][a-z0-9+.-]*:", target)]  # http:, https:, mailto: leave the repository


def test_the_docs_have_relative_links_and_pictures():
    assert len(LINKS) >= 20
    assert any(target.startswith("img/") and target.endswith(".svg") for doc, _, target in LINKS if doc == "docs/git-guide.md")


@pytest.mark.parametrize(("document", "line", "target"), LINKS, ids=lambda v: str(v))
def test_relative_link_resolves(document, line, target):
    source = ROOT / document
    where, _, anchor = unquote(target).partition("#")
    file = (source.parent / where).resolve() if where else source
    assert file.exists(), f"{document}:{line}: link to {target} — no such file {relative(file) if file.is_relative_to(ROOT) else file}"
    assert file.is_relative_to(ROOT), f"{document}:{line}: link to {target} leaves the repository"
    if anchor and file.suffix == ".md":
        assert anchor in heading_ids(file), f"{document}:{line}: link to {target} — {relative(file)} has no heading #{anchor}"


PATH_SPAN = re.compile(r"/?((?:plugins|tests|docs|bench|schemas|content|\.github|\.gitlab)/[\w./-]+)")
NOT_IN_THE_REPOSITORY = {
    ".gitlab/CODEOWNERS": "docs/review.md tells a GitLab office to create it",
    ".gitlab/merge_request_templates/保密审查单.md": "docs/review.md tells a GitLab office to create it",
    "content/search.md": "docs/search.md: an office may write its own results page; the demo has none",
    "tests/vendor/vnu.jar": "optional: the HTML checker's jar, fetched when absent (docs/public-site.md)",
}


@pytest.mark.parametrize("path", DOCS, ids=relative)
def test_repository_paths_named_in_the_docs_exist(path):
    """A file of the repository named in inline code (`plugins/…`, `tests/…`, `.github/…`) is there."""
    missing = []
    for span in re.findall(r"`([^`\n]+)`", prose(path.read_text(encoding="utf-8"))):
        match = PATH_SPAN.fullmatch(span.strip().rstrip("/"))
        if match and match[1] not in NOT_IN_THE_REPOSITORY and not (ROOT / match[1]).exists():
            missing.append(match[1])
    assert not missing, f"{relative(path)} names files that do not exist: {missing}"


SVGS = sorted((ROOT / "docs/img").glob("*.svg"))


@pytest.mark.parametrize("svg", SVGS, ids=lambda p: p.name)
def test_docs_pictures_are_self_contained_accessible_svg(svg):
    """Hand-written SVG: well-formed, titled and described in Chinese, nothing fetched from elsewhere, no script."""
    import xml.etree.ElementTree as ET

    text = svg.read_text(encoding="utf-8")
    root = ET.fromstring(text)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.tag == f"{ns}svg" and root.get("viewBox") and root.get("role") == "img"
    title, desc = root.find(f"{ns}title"), root.find(f"{ns}desc")
    assert title is not None and desc is not None and re.search(r"[\u4e00-\u9fff]", (title.text or "") + (desc.text or ""))
    assert root.get("aria-labelledby")
    for element in root.iter():
        assert element.tag not in (f"{ns}script", f"{ns}image", f"{ns}foreignObject", f"{ns}style"), f"{svg.name}: {element.tag}"
        for name, value in element.attrib.items():
            assert not name.startswith("on"), f"{svg.name}: event handler {name}"
            assert not re.search(r"(?:https?:|//|data:)", value) or name == "xmlns", f"{svg.name}: {name}={value}"
    assert "@import" not in text and "url(http" not in text
    labels = "".join(t.text or "" for t in root.iter(f"{ns}text")) + "".join(t.text or "" for t in root.iter(f"{ns}tspan"))
    assert len(re.findall(r"[\u4e00-\u9fff]", labels)) >= 30, f"{svg.name}: labels are not Chinese"


def test_every_picture_is_shown_by_a_doc():
    shown = {(ROOT / doc).parent.joinpath(target).resolve() for doc, _, target in LINKS if target.endswith(".svg")}
    assert SVGS and {svg.resolve() for svg in SVGS} <= shown
