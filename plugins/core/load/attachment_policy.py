"""Where an entry's attachments may come from: the policy every stage asks. No MkDocs here.

An attachment is a file inside ``catalog/``: in the entry's own folder (or a
sub-folder of it), or in the attachments folder an office declares in
mkdocs.yml (``attachments_dir``). Never a hidden file or folder, never a file
the build itself reads (entries, registries, project files), never through a
link that leads elsewhere, never an absolute path or ``..`` out of those
folders, never a file a browser would run (HTML, SVG, scripts).

In the load stage because the loader checks the declared folder and tells
attachments from stray files; the rule (check/rules.py), the wall's scan and the
published copies (pages/attachments.py) ask the same ``check``.
"""
from __future__ import annotations

import errno
import functools
import os
import re
import stat
from pathlib import Path
from typing import Any

from ..problems.diagnostics import Diagnostic
from ..load.files import OS_REASONS, odd_name, shown
from ..load.model import Catalog, Entry

ENTRY_SUFFIXES = (".yml", ".yaml", ".md", ".markdown", ".mdown", ".mkd")
PROJECT_NAMES = frozenset({
    "mkdocs.yml", "mkdocs.yaml", "build.py", "pyproject.toml", "requirements.lock", "makefile", "codeowners",
    "organs.yml", "topics.yml", "negative-list.yml", "detector-allowlist.yml", "as-issued.yml",
})
"""Files the build or the repository itself reads (compared in lower case)."""
ACTIVE_SUFFIXES = (
    ".html", ".htm", ".xhtml", ".xht", ".shtml", ".shtm", ".mht", ".mhtml", ".svg", ".svgz", ".js", ".mjs", ".xml", ".xsl", ".xslt",
    ".swf", ".php", ".phtml", ".phar", ".jsp", ".asp", ".aspx", ".cgi",
)
"""Files a browser runs or renders as a page of the site: a script in one would run on the government's domain."""

def _fix_place(catalog: Catalog) -> str:
    where = "条目文件所在的文件夹（或其子文件夹）"
    if catalog.attachments_dir is not None:
        return f"把附件放在{where}或附件文件夹 {_rel(catalog.attachments_dir, catalog.root)}/ 中，file 写相对条目文件的路径"
    return f"把附件复制到{where}，file 写相对条目文件的路径（如 附件1.pdf）"


def check(entry: Entry, i: int, file: str, catalog: Catalog, *, quote_value: bool = True) -> tuple[str | None, tuple[str, str, str] | None]:
    """The real path of attachment ``i`` if the policy allows it, else (None, (code, what, fix)).

    ``quote_value=False`` (an entry that is not 主动公开): the file name is not repeated in the message.
    Decided once per catalog (the rule, the wall and the copy ask alike): a few system calls per attachment.
    """
    verdicts = catalog.__dict__.setdefault("_attachment_verdicts", {})
    key = (entry.abs_dir, file, quote_value)
    found = verdicts.get(key)
    if found is None:
        found = verdicts[key] = _check(entry, file, catalog, quote_value)
    return found


def _check(entry: Entry, file: str, catalog: Catalog, quote_value: bool) -> tuple[str | None, tuple[str, str, str] | None]:
    quoted = f"“{_shown(file)}”" if quote_value else "（文件名不在此显示）"
    if not file.strip():
        return None, ("attachment-name-invalid", "附件文件名为空", "写附件的文件名，如 附件1.pdf")
    if _odd_name(file):
        return None, ("attachment-name-invalid", f"附件文件名 {quoted} 含有换行符、控制字符或看不见的格式字符", "改用只含普通文字的文件名，并同样重命名文件")
    if "\\" in file:
        return None, ("attachment-path-form", f"附件路径 {quoted} 用了反斜杠 \\", f"路径用 / 分隔，应写作 {file.replace(chr(92), '/')}")
    if re.match(r"[A-Za-z][A-Za-z0-9+.-]*://", file):
        return None, ("attachment-path-form", f"附件 {quoted} 是网址，不是文件", "附件要把文件放进 catalog/；外部网页写在正文里作为链接")
    if file.startswith(("/", "~")) or re.match(r"[A-Za-z]:", file):
        return None, ("attachment-path-absolute", f"附件路径 {quoted} 是绝对路径", _fix_place(catalog))
    parts = [p for p in file.split("/") if p not in ("", ".")]
    if any(p.startswith(".") and p != ".." for p in parts):
        return None, ("attachment-hidden", f"附件路径 {quoted} 指向隐藏的文件或文件夹（名称以 . 开头），这类文件不能发布", "把附件改名（去掉开头的点）并放在条目旁边")
    name = parts[-1] if parts else file
    lower = name.lower()
    if lower.endswith(ENTRY_SUFFIXES) or lower in PROJECT_NAMES:
        return None, ("attachment-project-file", f"附件 {quoted} 是条目文件、名录或项目配置文件，不能作为附件发布", "附件只能是要公开的文件（PDF、Word、Excel、图片等）；条目之间用 related 关联")
    if lower.endswith(ACTIVE_SUFFIXES):
        return None, ("attachment-active-content", f"附件 {quoted} 是网页、SVG 或脚本文件，浏览器会在政府网站上直接运行其中的代码", "转换为 PDF 后作为附件，或压缩为 .zip")
    if entry.abs_dir is None:
        return None, ("attachment-outside", f"附件 {quoted} 无法确定所在文件夹", _fix_place(catalog))
    folder = str(entry.abs_dir)
    lexical = os.path.normpath(os.path.join(folder, file))
    areas = _areas(folder, catalog)
    if not any(_within(lexical, area) for area in areas):
        return None, ("attachment-outside", f"附件路径 {quoted} 指向条目文件夹之外", _fix_place(catalog))
    try:
        real = os.path.realpath(lexical) if os.path.islink(lexical) else os.path.join(_real_dir(os.path.dirname(lexical)), os.path.basename(lexical))
    except (OSError, ValueError) as exc:  # pragma: no cover - realpath is lenient
        return None, ("attachment-unreadable", f"附件 {quoted} 无法读取：{exc}", "检查文件")
    if real != lexical:
        real_areas = [os.path.realpath(area) for area in areas]
        inside = next((area for area in real_areas if _within(real, area)), None)
        if inside is None or any(p.startswith(".") for p in os.path.relpath(real, inside).split(os.sep)):
            return None, ("attachment-link-outside", f"附件 {quoted} 是符号链接（或在链接的文件夹里），实际指向条目文件夹之外", "把文件本身（不是链接）放在条目旁边")
        if _real_name_refused(real):
            return None, ("attachment-project-file", f"附件 {quoted} 通过链接指向条目文件、名录或项目配置文件", "附件只能是要公开的文件本身")
    try:
        st = os.stat(real)
    except OSError as exc:
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            return None, ("attachment-missing", f"找不到附件文件 {quoted}", "把附件放在条目文件旁边，并核对文件名（含扩展名、大小写）")
        if exc.errno == errno.ELOOP:
            return None, ("attachment-link-outside", f"附件 {quoted} 是循环的符号链接", "把文件本身（不是链接）放在条目旁边")
        if exc.errno == errno.ENAMETOOLONG:
            return None, ("attachment-name-invalid", f"附件文件名 {quoted} 太长", "文件名不超过 80 个汉字（255 字节）")
        return None, ("attachment-unreadable", f"附件 {quoted} 无法读取：{_reason(exc)}", "检查文件权限（如 chmod 644）")
    if not stat.S_ISREG(st.st_mode):
        return None, ("attachment-not-file", f"附件 {quoted} 不是普通文件（是文件夹、管道或设备）", "file 写到具体的文件名")
    if not os.access(real, os.R_OK):
        return None, ("attachment-unreadable", f"附件 {quoted} 无法读取：没有读取权限", "检查文件权限（如 chmod 644）")
    return real, None


def allowed(entry: Entry, i: int, catalog: Catalog) -> str | None:
    """The real path of attachment ``i`` when the policy allows it (the rule reports the others)."""
    return check(entry, i, entry.meta.attachments[i].file, catalog, quote_value=entry.meta.disclosure == "主动公开")[0]


def config_problems(catalog: Catalog, catalog_dir: Path) -> list[Diagnostic]:
    """The declared attachments folder must be a plain folder inside catalog/."""
    folder = catalog.attachments_dir
    if folder is None:
        return []
    rel = _rel(folder, catalog.root)
    fix = "在 mkdocs.yml 的 gk-catalog 下写 attachments_dir: catalog/附件（catalog 里的一个普通文件夹），或删去这一行"
    what = None
    if not _within(os.path.normpath(str(folder)), os.path.normpath(str(catalog_dir))) or os.path.normpath(str(folder)) == os.path.normpath(str(catalog_dir)):
        what = f"附件文件夹 {rel} 不在目录文件夹 {_rel(catalog_dir, catalog.root)}/ 之内"
    elif any(p.startswith(".") for p in Path(os.path.relpath(folder, catalog_dir)).parts):
        what = f"附件文件夹 {rel} 是隐藏文件夹"
    elif os.path.islink(folder) or not folder.is_dir():
        what = f"附件文件夹 {rel} 不存在（或是符号链接）"
    if what is None:
        return []
    catalog.attachments_dir = None  # nothing is accepted from it
    return [Diagnostic("mkdocs.yml", 0, 0, "attachments-dir-invalid", what, fix, field="attachments_dir", label="附件文件夹")]


# --- helpers --------------------------------------------------------------------------------


@functools.lru_cache(maxsize=4096)
def _real_dir(folder: str) -> str:
    """Real path of a folder (thousands of attachments share a few folders; cleared by each listing)."""
    return os.path.realpath(folder)


def _areas(folder: str, catalog: Catalog) -> list[str]:
    areas = [folder]
    if catalog.attachments_dir is not None:
        areas.append(os.path.normpath(str(catalog.attachments_dir)))
    return areas


def _within(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _real_name_refused(real: str) -> bool:
    lower = os.path.basename(real).lower()
    return lower.endswith(ENTRY_SUFFIXES) or lower in PROJECT_NAMES or lower.endswith(ACTIVE_SUFFIXES)


def _reason(exc: OSError) -> str:
    return OS_REASONS.get(exc.errno or 0, exc.strerror or str(exc))


def _odd_name(text: str) -> bool:
    return odd_name(text)


def _shown(text: str) -> str:
    text = shown(text)
    return text if len(text) <= 120 else text[:60] + "…" + text[-40:]


def _rel(path: Any, root: Path) -> str:
    try:
        return Path(os.path.normpath(str(path))).relative_to(root).as_posix()
    except ValueError:
        return Path(path).as_posix()
