"""Reading one editor's file safely: bounded, inside the project, its name printable, its OS error in Chinese.

Every reader of editors' files (entries, registries, the private folder, the allowlist, attachments)
goes through here, so a file behaves the same whichever stage reads it.
"""

from __future__ import annotations

import errno
import functools
import os
import stat
import unicodedata
from pathlib import Path
from typing import Any

import yaml

from ..problems.diagnostics import Diagnostic
from .messages import _short
from .yamlpos import MAX_FILE_BYTES, Document, decode, parse

ENTRY_SUFFIXES = (".yml", ".yaml", ".md", ".markdown", ".mdown", ".mkd")
"""Entry file endings, compared in lower case (``.MD`` and ``.Yml`` are entries too)."""
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")


def _rel(path: str | Path, root: str | Path) -> str:
    text, base = str(path), str(root) + os.sep
    if text.startswith(base) and os.sep == "/":  # the common case, without pathlib's parsing (3 per file)
        return text[len(base):]
    try:
        return Path(path).relative_to(root).as_posix()
    except ValueError:
        return Path(path).as_posix()


@functools.lru_cache(maxsize=8192)
def _folder(path: str) -> Path:
    """One Path per folder, shared by the entries in it (``Entry.abs_dir``)."""
    return Path(path)


def read_document(path: str | Path, root: str | Path, raw: bytes | None = None) -> tuple[Document | None, list[Diagnostic]]:
    """Decode and parse one file; ``raw`` is its bytes when already read."""
    rel = shown(_rel(path, root))
    if raw is None:
        if os.path.islink(path) and not _link_inside(str(path), str(root)):
            return None, [Diagnostic(rel, 0, 0, "file-link-outside", "这是指向项目文件夹之外（或隐藏文件夹中）的符号链接，不会读取", "把文件本身（不是链接）放在这里")]
        raw, problem = read_bounded(path, rel)
        if raw is None:
            return None, [problem] if problem else []
    elif len(raw) > MAX_FILE_BYTES:
        return None, [_too_large(rel, len(raw))]
    text, problems = decode(raw, rel)
    if not text and problems:
        return None, problems
    doc, found = parse(text, rel, markdown=is_markdown(str(path)))
    return doc, problems + found


def _link_inside(path: str, root: str) -> bool:
    """Whether a link leads to a file inside the project folder, through no hidden folder."""
    real, base = os.path.realpath(path), os.path.realpath(root)
    return real.startswith(base + os.sep) and not any(part.startswith(".") for part in real[len(base) + 1:].split(os.sep))


def read_bounded(path: str | Path, rel: str) -> tuple[bytes | None, Diagnostic | None]:
    """The bytes of a regular file of at most MAX_FILE_BYTES, or the problem (never blocks on a FIFO)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        return None, _os_problem(rel, exc)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return None, Diagnostic(rel, 0, 0, "file-not-regular", "这不是普通文件（是文件夹、管道或设备），无法作为条目或名录读取", "换成普通文件，或把它移出 catalog/")
        if st.st_size > MAX_FILE_BYTES:
            return None, _too_large(rel, st.st_size)
        with os.fdopen(fd, "rb", closefd=False) as file:
            raw = file.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return None, _os_problem(rel, exc)
    finally:
        os.close(fd)
    if len(raw) > MAX_FILE_BYTES:
        return None, _too_large(rel, len(raw))
    return raw, None


def _too_large(rel: str, size: int) -> Diagnostic:
    return Diagnostic(rel, 0, 0, "file-too-large", f"文件有 {size / 1048576:.1f} MB，超过上限 {MAX_FILE_BYTES // 1048576} MB", "条目只写元数据和正文；大的表格、文件作为附件（attachments）")


def _os_problem(rel: str, exc: OSError) -> Diagnostic:
    """An OS error reading an editor's file, in Chinese."""
    reason = OS_REASONS.get(exc.errno or 0, exc.strerror or str(exc))
    return Diagnostic(rel, 0, 0, "file-unreadable", f"无法读取文件：{reason}", "检查文件是否存在、权限是否允许读取（如 chmod 644），然后重新运行")


OS_REASONS = {
    errno.EACCES: "没有读取权限",
    errno.EPERM: "没有读取权限",
    errno.ENOENT: "文件不存在（或是指向不存在文件的链接）",
    errno.ELOOP: "符号链接循环",
    errno.ENAMETOOLONG: "文件名太长",
    errno.EISDIR: "这是文件夹",
    errno.EIO: "磁盘读写错误",
    errno.ENOSPC: "磁盘已满",
    errno.EROFS: "文件系统只读",
}
"""Chinese reasons for the OS errors an editor can meet."""


BAD_NAME_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
"""Characters a file name may not hold: controls, invisible format marks (zero-width, right-to-left override),
lone surrogates (bytes that are not UTF-8), unassigned ones. Spaces of every width are fine."""


def odd_name(name: str) -> bool:
    """True when a file name holds a character of BAD_NAME_CATEGORIES."""
    return not name.isprintable() and any(unicodedata.category(char) in BAD_NAME_CATEGORIES for char in name)


def shown(text: str) -> str:
    """A file name as it may be printed: undecodable bytes as \\xNN, control and invisible characters escaped."""
    if text.isprintable():
        return text
    out = []
    for char in text:
        code = ord(char)
        if 0xDC80 <= code <= 0xDCFF:  # os.fsdecode's surrogateescape
            out.append(f"\\x{code - 0xDC00:02x}")
        elif unicodedata.category(char) in BAD_NAME_CATEGORIES:
            out.append(repr(char)[1:-1] if char in "\n\r\t" else (f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"))
        else:
            out.append(char)
    return "".join(out)


def _quoted(value: Any) -> str:
    """A value as an editor wrote it, short, for a message: “…”."""
    if isinstance(value, (list, dict)):  # as it was written ([notice]), not as Python prints it
        try:
            value = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=1 << 30).strip().removesuffix("...").strip()
        except yaml.YAMLError:
            pass
    return f"“{shown(_short(value))}”"


def is_markdown(path: str) -> bool:
    return path.lower().endswith(MARKDOWN_SUFFIXES)
