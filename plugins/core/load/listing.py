"""Which files are under catalog/: entries, registries, attachments, strays, and what cannot be used.

One walk with ``os.scandir`` and a located message for everything skipped; the loader and ``serve``'s
journal share its idea of which folders are walked.
"""

from __future__ import annotations

import dataclasses
import difflib
import operator
import os
from pathlib import Path
from typing import NamedTuple


from ..problems.diagnostics import Diagnostic
from .files import ENTRY_SUFFIXES, _os_problem, _rel, odd_name, shown
from .registries import REGISTRIES
from .kind import KindSet


class Listing(NamedTuple):
    entries: dict[str, None]
    """Entry files, in the order pathlib sorts them (values unused)."""
    others: dict[str, None]
    """Every other regular file under the catalog except the registries: attachments, or strays."""
    problems: tuple[Diagnostic, ...]
    """Files and folders that can't be read or used, found while listing."""
    attachments_dir: str | None = None
    links: tuple[str, ...] = ()
    """Files among ``others`` that are links (to files inside the catalog)."""


QUIET_NAMES = frozenset({".gitkeep", ".gitignore", ".gitattributes", ".keep", ".index-no.lock"})
"""Hidden files that only git reads, and the 索引号 lock (indexno.LOCK_NAME, git-ignored): not reported."""
REGISTRY_FILES = frozenset({*REGISTRIES.values(), "detector-allowlist.yml", "withheld-counts.yml", "as-issued.yml"})
"""Top-level files read by their own loaders (allowlist.py, private.py, check/asissued.py), not as entries."""


def _entry_files(catalog_dir: str | Path, kinds: KindSet) -> list[str]:
    """Entry files under the kind folders, in the order pathlib sorts them."""
    return list(inventory(str(catalog_dir), kinds, os.path.dirname(str(catalog_dir))).entries)


def inventory(catalog_dir: str, kinds: KindSet, root: str, attachments_dir: str | None = None) -> Listing:
    """Every file under the catalog: entry, registry, other (attachment or stray), or a problem.

    Plain strings from ``os.scandir``, each folder sorted as it is read: at
    100,000 files, pathlib objects and a sort of the whole list cost more than the listing.
    Nothing is skipped without a word: hidden and unreadable files and folders,
    links, pipes and odd names each become a located message.
    """
    found: dict[str, None] = {}
    others: dict[str, None] = {}
    problems: list[Diagnostic] = []
    links: list[str] = []
    top = str(catalog_dir)
    for entry in _sorted_listing(top, problems, root):
        name = entry.name
        if name in REGISTRY_FILES:
            continue  # read (and reported) by its own loader
        shape = _shape(entry, top, problems, root)
        if shape is None:
            continue
        if shape == "dir":
            if name in kinds:
                _collect(entry.path, found, others, problems, root, files_only=False, top=top, links=links)
            elif attachments_dir is not None and (entry.path == attachments_dir or attachments_dir.startswith(entry.path + "/")):
                _collect(entry.path, found, others, problems, root, files_only=True, top=top, links=links)
            else:
                close = difflib.get_close_matches(name, list(kinds), n=1)
                hint = f"是不是 {close[0]}（{kinds.names[close[0]]}）？" if close else ""
                problems.append(Diagnostic(
                    shown(_rel(entry.path, root)), 0, 0, "unknown-kind-folder",
                    f"catalog/ 下的文件夹 {shown(name)} 不是条目类别，其中的条目会按各自的 kind 读取，文件夹名与类别不符",
                    f"{hint}类别文件夹只能是：" + "、".join(f"{k}（{v}）" for k, v in kinds.names.items()) + "；附件文件夹要在 mkdocs.yml 的 gk-catalog 下用 attachments_dir 声明",
                ))
                _collect(entry.path, found, others, problems, root, files_only=False, top=top, links=links)
        elif name.lower().endswith(ENTRY_SUFFIXES) and not name.lower().startswith("readme"):  # a README is only a stray
            registry = next((r for r in REGISTRY_FILES if r.lower() == name.lower() or r.rsplit(".", 1)[0] == name.lower().rsplit(".", 1)[0]), None)
            if registry:
                what, fix = f"文件名 {shown(name)} 与名录文件名不符，不会被读取", f"改名为 {registry}（全部小写，扩展名 .yml）"
            else:
                what, fix = "条目文件直接放在 catalog/ 下，不在任何类别文件夹里，不会发布", "移到 catalog/<类别>/<年份>/ 下，如 catalog/policy/2024/；类别：" + "、".join(kinds)
            problems.append(Diagnostic(shown(_rel(entry.path, root)), 0, 0, "entry-outside-kind", what, fix))
        else:
            others[entry.path] = None
            if shape == "link":
                links.append(entry.path)
    return Listing(found, others, tuple(problems), attachments_dir, tuple(links))


MAX_FOLDER_DEPTH = 12
"""Folders nested deeper than this under a kind folder are reported, not walked (catalog/<kind>/<year>/ needs two)."""


def _collect(folder: str, found: dict[str, None], others: dict[str, None], problems: list[Diagnostic], root: str, *, files_only: bool, top: str, links: list[str], depth: int = 1) -> None:
    if depth > MAX_FOLDER_DEPTH:
        problems.append(Diagnostic(shown(_rel(folder, root)), 0, 0, "folder-too-deep", f"文件夹嵌套超过 {MAX_FOLDER_DEPTH} 层，其中的文件不会读取", "条目放在 catalog/<类别>/<年份>/ 下，不要层层嵌套文件夹"))
        return
    for entry in _sorted_listing(folder, problems, root):
        shape = _shape(entry, top, problems, root)
        if shape is None:
            continue
        if shape == "dir":
            _collect(entry.path, found, others, problems, root, files_only=files_only, top=top, links=links, depth=depth + 1)
        elif entry.name.lower().endswith(ENTRY_SUFFIXES):
            if files_only:
                problems.append(Diagnostic(shown(_rel(entry.path, root)), 0, 0, "entry-outside-kind", "附件文件夹里的条目文件不会被读取，也不能作为附件发布", "条目移到 catalog/<类别>/<年份>/ 下；附件文件夹只放附件"))
            else:
                found[entry.path] = None
        else:
            others[entry.path] = None
            if shape == "link":
                links.append(entry.path)


def _shape(entry: os.DirEntry[str], top: str, problems: list[Diagnostic], root: str) -> str | None:
    """"dir" (walk it), "file" (a regular file), "link" (to a file inside the catalog), or None (reported or ignored)."""
    name = entry.name
    try:
        if entry.is_file(follow_symlinks=False) and name[0] not in "._" and (name.isprintable() or not odd_name(name)):
            return "file"  # the common case: no system call (the type comes with the listing)
        rel = shown(_rel(entry.path, root))
        is_dir = entry.is_dir(follow_symlinks=False)
        if odd_name(name):
            problems.append(Diagnostic(rel, 0, 0, "file-name-invalid", f"{'文件夹' if is_dir else '文件'}名含有换行符、控制字符或无法识别的字节（不是 UTF-8），不会读取", "改用普通文字的名称（Windows 上用“重命名”重新输入），再提交"))
            return None
        if name[0] in "._":
            if name in QUIET_NAMES:
                return None
            what = "文件夹" if is_dir else "文件"
            problems.append(Diagnostic(rel, 0, 0, "hidden-file", f"名称以 {name[0]} 开头的{what}不会读取，也不会发布", f"若是条目或附件，去掉名称开头的 {name[0]}；不需要就删除"))
            return None
        if is_dir:
            return "dir"
        if entry.is_symlink():
            target = os.path.realpath(entry.path)
            catalog = os.path.realpath(top)
            if not os.path.exists(target):
                problems.append(Diagnostic(rel, 0, 0, "file-broken-link", "这是指向不存在文件的符号链接，不会读取", "换成文件本身，或删除这个链接"))
                return None
            if os.path.isdir(target):
                problems.append(Diagnostic(rel, 0, 0, "folder-link", "文件夹是符号链接，不会读取其中的条目", "把文件夹本身（不是链接）放进 catalog/"))
                return None
            if not target.startswith(catalog + "/") or any(p.startswith(".") for p in target[len(catalog) + 1:].split("/")):
                problems.append(Diagnostic(rel, 0, 0, "file-link-outside", "这是指向 catalog/ 之外（或隐藏文件夹中）的符号链接，不会读取，也不会发布", "把文件本身（不是链接）放进 catalog/"))
                return None
            return "link" if os.path.isfile(target) else None
        problems.append(Diagnostic(rel, 0, 0, "file-not-regular", "这不是普通文件（是管道、套接字或设备），不会读取", "删除它，或换成普通文件"))
        return None
    except OSError as exc:
        problems.append(_os_problem(shown(_rel(entry.path, root)), exc))
        return None


def _sorted_listing(folder: str, problems: list[Diagnostic] | None = None, root: str = "") -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as listing:
            return sorted(listing, key=_NAME)
    except OSError as exc:
        if problems is not None:
            found = _os_problem(shown(_rel(folder, root) if root else folder), exc)
            problems.append(dataclasses.replace(found, code="folder-unreadable", message=found.message.replace("无法读取文件", "无法读取文件夹") + "，其中的条目和附件都没有检查", fix="检查文件夹权限（如 chmod 755），然后重新运行"))
        return []


_NAME = operator.attrgetter("name")


def is_walked_dir(entry: os.DirEntry[str]) -> bool:
    """A real folder (not a link to one, as os.walk) that is not hidden or private."""
    try:
        return entry.is_dir() and not entry.is_symlink() and not entry.name.startswith((".", "_"))
    except OSError:
        return False
