"""Load catalog/ into a Catalog plus every problem found. No MkDocs here.

Never raises for a problem in an editor's file: each becomes a Diagnostic with
file, line, field and fix. An entry with errors is still reported, never
silently dropped (it is left out of the Catalog only together with an error).
"""

from __future__ import annotations

import dataclasses
import difflib
import errno
import functools
import operator
import os
import re
import stat
import unicodedata
from pathlib import Path
from typing import Any, NamedTuple

import yaml
from pydantic import ValidationError

from ..check import formats
from ..serve import journal
from ..serve import memo
from . import parsecache
from ..check.diagnostics import Diagnostic, Severity
from .messages import _short, translate
from .model import Catalog, Entry, RegistryItem
from .schema import ENTRY_MODELS, KINDS, label
from .yamlpos import MAX_FILE_BYTES, Document, decode, dotted, parse

DATE_KEYS = ("written", "published", "effective", "expires", "repealed", "approved", "decided", "signed")
REGISTRIES = {"organs": "organs.yml", "topics": "topics.yml", "negative_list": "negative-list.yml"}
ENTRY_SUFFIXES = (".yml", ".yaml", ".md", ".markdown", ".mdown", ".mkd")
"""Entry file endings, compared in lower case (``.MD`` and ``.Yml`` are entries too)."""
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")


def load_catalog(catalog_dir: Path, *, root: Path | None = None, watch: bool = False, attachments_dir: Path | None = None) -> tuple[Catalog, list[Diagnostic]]:
    """Load registries and every entry under ``catalog_dir``.

    ``watch`` (``serve``): learn which files changed from the kernel instead of
    listing and checking every file, when the last run of this process left a listing.
    ``attachments_dir``: the declared attachments folder (absolute, inside the catalog), if any.
    """
    catalog_dir = Path(catalog_dir)
    root = Path(root) if root else catalog_dir.parent
    catalog = Catalog(root=root, catalog_dir=catalog_dir, attachments_dir=Path(os.path.normpath(os.path.abspath(attachments_dir))) if attachments_dir else None)
    problems: list[Diagnostic] = []
    if not catalog_dir.is_dir():
        problems.append(Diagnostic(_rel(catalog_dir, root), 0, 0, "catalog-missing", "找不到目录文件夹", "检查 mkdocs.yml 中 catalog_dir 的设置"))
        return catalog, problems
    for attr, name in REGISTRIES.items():
        items, found = load_registry(catalog_dir / name, root, required=attr != "negative_list")
        setattr(catalog, attr, items)
        problems += found
    from ..pages import attachments

    attachments._real_dir.cache_clear()  # a folder may have become a link since the last run
    problems += attachments.config_problems(catalog, catalog_dir)
    listing, written = _listing(str(catalog_dir), watch, str(root), str(catalog.attachments_dir) if catalog.attachments_dir else None)
    problems += listing.problems
    paths = list(listing.entries)
    parsed = parsecache.read_documents(paths, root, written=written)  # cached after the first read of each file
    tokens = parsed.tokens() if isinstance(parsed, parsecache.Parsed) else {}
    known = _LOADED.previous()
    kept: dict[str, tuple[Any, tuple[Entry | None, Any, tuple[Diagnostic, ...]]]] = {}
    catalog_text, root_text = str(catalog_dir), str(root)
    entries = catalog.entries
    for path in paths:
        token = tokens.get(path)
        item = known.get(path)
        if item is not None and token is not None and item[0] is token:
            entry, meta, found = item[1]
            if entry is None or entry.meta is meta:  # the same parse as last run: the same Entry, unless something replaced its meta
                kept[path] = item
                if found:
                    problems += found
                if entry is not None:
                    entries.append(entry)
                continue
        entry, found_now = load_entry(path, catalog_text, root_text, parsed[path])
        if token is not None:
            kept[path] = (token, (entry, entry.meta if entry is not None else None, tuple(found_now)))
        problems += found_now
        if entry is not None:
            entries.append(entry)
    _LOADED.replace(kept)
    if listing.others:
        problems += _unused_files(listing, catalog, parsed, str(root))
    return catalog, problems


def _unused_files(listing: Listing, catalog: Catalog, parsed: Any, root: str) -> list[Diagnostic]:
    """Files that are neither an entry, a registry nor an attachment some entry names (loaded or not)."""
    named: set[str] = set()
    loaded = {os.path.join(str(entry.abs_dir), os.path.basename(entry.source)) for entry in catalog.entries} if len(catalog.entries) < len(listing.entries) else None
    for entry in catalog.entries:
        if entry.meta.attachments and entry.abs_dir is not None:
            folder = str(entry.abs_dir)
            for attachment in entry.meta.attachments:
                file = attachment.file
                # most name a file beside the entry: no need for normpath's parsing (100,000 of them)
                named.add(f"{folder}/{file}" if "/" not in file and file[:1] != "." else os.path.normpath(os.path.join(folder, file)))
    for path in listing.entries if loaded is not None else ():
        if path in loaded:
            continue
        doc = parsed[path][0]  # an entry with errors still names its attachments: they are not strays
        data = doc.data if doc is not None else None
        items = data.get("attachments") if isinstance(data, dict) else None
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict) and isinstance(item.get("file"), str):
                named.add(os.path.normpath(os.path.join(os.path.dirname(path), item["file"])))
    for link in listing.links:  # a file named through a link to it is used
        if os.path.normpath(link) in named:
            named.add(os.path.realpath(link))
    problems = []
    for path in listing.others:
        if path in named or os.path.normpath(path) in named or (listing.links and os.path.realpath(path) in named):
            continue
        name = os.path.basename(path)
        lower = name.lower()
        if lower.endswith(".txt") and lower[:-4].endswith(ENTRY_SUFFIXES):
            hint = f"看起来是条目文件，但文件名多了 .txt：改名为 {name[:-4]}；"
        elif lower.endswith((".txt", ".json", ".toml", ".ini", ".yml~", ".md~", ".bak", ".tmp")):
            hint = "若这是条目，扩展名应为 .yml 或 .md；"
        else:
            hint = ""
        problems.append(Diagnostic(shown(_rel(path, root)), 0, 0, "file-unused", "文件没有被任何条目引用，不会发布",
                                   f"{hint}若是附件，在条目的 attachments 中写上它；不需要就删除"))
    return problems


_LOADED: memo.FileMemo[tuple[Entry | None, Any, tuple[Diagnostic, ...]]] = memo.FileMemo("loader")
"""Path → (its parse, (entry, its meta as loaded, the file's problems)) from the last run."""


_LISTED: memo.LastRun[Listing] = memo.LastRun("listing")
"""The listing of the last run: entry files in order, the other files, what the listing found wrong."""
_JOURNAL: dict[str, journal.Journal | None] = {}
"""The catalog folder ``serve`` watches → its journal (one at a time: each holds a kernel handle)."""


def _listing(catalog_dir: str, watch: bool, root: str = "", attachments_dir: str | None = None) -> tuple[Listing, set[str] | None]:
    """The listing, and which entry files were written since the last run (None: any of them)."""
    written = _written(catalog_dir) if watch and memo.active() else None
    known = _LISTED.previous()
    if written is not None and known is not None and known.attachments_dir == attachments_dir:
        if not any(
            ((path in known.entries) != os.path.isfile(path)) if _is_entry_path(path, catalog_dir)
            else (not _is_scratch(path) and (path in known.others) != os.path.isfile(path))
            for path in written
        ):
            return known, {path for path in written if path in known.entries}
    listing = inventory(catalog_dir, root or os.path.dirname(catalog_dir), attachments_dir)
    _LISTED.replace(listing)
    return listing, None


def _written(catalog_dir: str) -> set[str] | None:
    """Files written under the catalog since the last call; None the first time (the journal starts now)."""
    if catalog_dir in _JOURNAL:
        found = _JOURNAL[catalog_dir]
        return found.take() if found is not None else None
    for old in _JOURNAL.values():
        if old is not None:
            old.close()
    _JOURNAL.clear()
    _JOURNAL[catalog_dir] = journal.open_journal(catalog_dir, _is_walked_dir)  # before the listing: nothing written during it is missed
    return None


def _is_scratch(path: str) -> bool:
    """An editor's swap or backup file (``.a.md.swp``, ``a.md~``): ``serve`` does not list everything again for it.

    It is still reported by the next full listing (every ``check`` and ``build``).
    """
    name = path.rpartition("/")[2]
    return name.startswith((".", "_", "#")) or name.endswith(("~", ".swp", ".tmp"))


def _is_entry_path(path: str, catalog_dir: str) -> bool:
    """An entry file's name in a sub-folder of the catalog (the journal watches only walked folders)."""
    rest = path[len(catalog_dir) + 1:] if path.startswith(catalog_dir + "/") else ""
    name = rest.rpartition("/")[2]
    return "/" in rest and name.lower().endswith(ENTRY_SUFFIXES) and not name.startswith((".", "_"))


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
REGISTRY_FILES = frozenset({*REGISTRIES.values(), "detector-allowlist.yml", "withheld-counts.yml"})
"""Top-level files read by their own loaders (allowlist.py, private.py), not as entries."""


def _entry_files(catalog_dir: str | Path) -> list[str]:
    """Entry files under the kind folders, in the order pathlib sorts them."""
    return list(inventory(str(catalog_dir), os.path.dirname(str(catalog_dir))).entries)


def inventory(catalog_dir: str, root: str, attachments_dir: str | None = None) -> Listing:
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
            if name in KINDS:
                _collect(entry.path, found, others, problems, root, files_only=False, top=top, links=links)
            elif attachments_dir is not None and (entry.path == attachments_dir or attachments_dir.startswith(entry.path + "/")):
                _collect(entry.path, found, others, problems, root, files_only=True, top=top, links=links)
            else:
                close = difflib.get_close_matches(name, list(KINDS), n=1)
                hint = f"是不是 {close[0]}（{KINDS[close[0]]}）？" if close else ""
                problems.append(Diagnostic(
                    shown(_rel(entry.path, root)), 0, 0, "unknown-kind-folder",
                    f"catalog/ 下的文件夹 {shown(name)} 不是条目类别，其中的条目会按各自的 kind 读取，文件夹名与类别不符",
                    f"{hint}类别文件夹只能是：" + "、".join(f"{k}（{v}）" for k, v in KINDS.items()) + "；附件文件夹要在 mkdocs.yml 的 gk-catalog 下用 attachments_dir 声明",
                ))
                _collect(entry.path, found, others, problems, root, files_only=False, top=top, links=links)
        elif name.lower().endswith(ENTRY_SUFFIXES) and not name.lower().startswith("readme"):  # a README is only a stray
            registry = next((r for r in REGISTRY_FILES if r.lower() == name.lower() or r.rsplit(".", 1)[0] == name.lower().rsplit(".", 1)[0]), None)
            if registry:
                what, fix = f"文件名 {shown(name)} 与名录文件名不符，不会被读取", f"改名为 {registry}（全部小写，扩展名 .yml）"
            else:
                what, fix = "条目文件直接放在 catalog/ 下，不在任何类别文件夹里，不会发布", "移到 catalog/<类别>/<年份>/ 下，如 catalog/policy/2024/；类别：" + "、".join(KINDS)
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


def _is_walked_dir(entry: os.DirEntry[str]) -> bool:
    """A real folder (not a link to one, as os.walk) that is not hidden or private."""
    try:
        return entry.is_dir() and not entry.is_symlink() and not entry.name.startswith((".", "_"))
    except OSError:
        return False


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


# --- registries ---------------------------------------------------------

REGISTRY_LABELS = {"organs.yml": "发布机构名录", "topics.yml": "主题分类表", "negative-list.yml": "负面清单"}


REGISTRY_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")


def load_registry(path: Path, root: Path, *, required: bool = True) -> tuple[dict[str, RegistryItem], list[Diagnostic]]:
    rel = _rel(path, root)
    what = REGISTRY_LABELS.get(path.name, path.name)
    if not path.exists():
        if not required:
            return {}, []
        return {}, [Diagnostic(rel, 0, 0, "registry-missing", f"缺少{what}文件", f"新建 {rel}，每项写 id 和 name")]
    doc, problems = read_document(path, root)
    if doc is None:
        return {}, problems
    if not isinstance(doc.data, list):
        line, col = doc.where(())
        return {}, problems + [Diagnostic(rel, line, col, "registry-format", f"{what}应为列表", "每一项以“- id: …”开头")]
    items: dict[str, RegistryItem] = {}
    for i, item in enumerate(doc.data):
        line, col = doc.where((i,))
        if not isinstance(item, dict):
            problems.append(Diagnostic(rel, line, col, "registry-format", "这一项应为键值对", "写成“- id: …”，下一行缩进写“name: …”", field=f"[{i}]"))
            continue
        for key in ("id", "name"):
            if isinstance(item.get(key), (list, dict)):  # str() of it would become the name on every page
                key_line, key_col = doc.where((i, key))
                problems.append(Diagnostic(rel, key_line, key_col, "registry-format", f"{'编号' if key == 'id' else '名称'}应为一段文字，这里写成了{'列表' if isinstance(item[key], list) else '键值对'}",
                                           f"写成“{key}: 文字”，不要用方括号、花括号或再缩进一层", field=f"[{i}].{key}", label="编号" if key == "id" else "名称"))
                item = {**item, key: None}
            if not str(item.get(key) or "").strip():
                problems.append(Diagnostic(rel, line, col, "missing-field", "缺少必填项", f"补上 {key}", field=f"[{i}].{key}", label="编号" if key == "id" else "名称"))
        ident = str(item.get("id") or "").strip()
        if not ident:
            continue
        if not REGISTRY_ID.fullmatch(ident):  # ids become folder names and URLs of the listings
            id_line, id_col = doc.where((i, "id"))
            problems.append(Diagnostic(rel, id_line, id_col, "registry-id-format", f"编号 {ident} 只能由字母、数字、连字符（-）和下划线组成",
                                       "改成如 dg-finance 这样的编号（它是列表页网址的一部分），并同样修改引用它的条目", field=f"[{i}].id", label="编号"))
        if ident in items:
            problems.append(Diagnostic(rel, line, col, "duplicate-id", f"编号 {ident} 重复（第 {items[ident].line} 行已有）", "给其中一项换一个编号", field=f"[{i}].id", label="编号"))
            continue
        if path.name == "organs.yml":
            problems += _check_organ(item, doc, i, rel)
        name = item.get("name")
        if isinstance(name, str) and "<" in name:  # shown as written on every page of the organ or topic
            from ..wall.sanitize import plain_findings

            for finding in plain_findings(name):
                name_line, name_col = doc.where((i, "name"))
                problems.append(Diagnostic(rel, name_line, name_col, finding.code, finding.what, finding.fix, field=f"[{i}].name", label="名称", severity=finding.severity))
        items[ident] = RegistryItem(ident, str(item.get("name", "")), item, rel, line)
    return items, problems


def _check_organ(item: dict[str, Any], doc: Document, i: int, rel: str) -> list[Diagnostic]:
    uscc = item.get("uscc")
    line, col = doc.where((i, "uscc"))
    if not uscc:
        return [Diagnostic(rel, line, col, "missing-field", "缺少必填项", "填写 18 位统一社会信用代码（索引号以它开头）", field=f"[{i}].uscc", label="统一社会信用代码")]
    problem = formats.check_uscc(str(uscc))
    if problem:
        code, what, fix = problem
        return [Diagnostic(rel, line, col, code, what, fix, field=f"[{i}].uscc", label="统一社会信用代码")]
    return []


# --- entries ------------------------------------------------------------


def load_entry(path: str | Path, catalog_dir: str | Path, root: str | Path, parsed: tuple[Document | None, list[Diagnostic]] | None = None) -> tuple[Entry | None, list[Diagnostic]]:
    """Validate one entry file; ``parsed`` is its read_document result when already known."""
    path = str(path)
    markdown = is_markdown(path)
    rel = _rel(path, root)
    doc, problems = parsed if parsed is not None else read_document(path, root)
    if doc is None:
        return None, problems
    data = doc.data
    if not isinstance(data, dict):
        line, col = doc.where(())
        return None, problems + [Diagnostic(rel, line, col, "entry-format", "条目应为“键: 值”形式的元数据", "参照 build.py new 生成的模板书写")]
    # An empty value (``title:``) means "not filled in": report it as missing, not as a type error.
    data = {key: value for key, value in data.items() if value is not None}
    ref = _rel(path, catalog_dir).rsplit(".", 1)[0]
    folder_kind = ref.split("/", 1)[0]
    if "kind" not in data and folder_kind in KINDS:
        data["kind"] = folder_kind
    kind = data.get("kind")

    def report(key_path: tuple[Any, ...], code: str, what: str, fix: str, severity: Severity | None = None) -> None:
        line, col = doc.where(key_path)
        key = key_path[-1] if key_path and isinstance(key_path[-1], str) else (key_path[0] if key_path else "")
        problems.append(Diagnostic(rel, line, col, code, what, fix, field=dotted(key_path), label=label(key), severity=severity))

    if not isinstance(kind, str) or kind not in KINDS:
        report(("kind",), "unknown-kind", f"类别 {_quoted(kind)} 不存在", "只能填写：" + "、".join(f"{k}（{v}）" for k, v in KINDS.items()))
        return None, problems
    if folder_kind in KINDS and folder_kind != kind:
        report(("kind",), "kind-folder-mismatch", f"类别是 {kind}，但文件放在 {folder_kind}/ 文件夹里", f"把文件移到 catalog/{kind}/ 下，或改正类别")

    flagged = _precheck(data, report, plain=doc.plain)
    if markdown and data.get("body"):
        report(("body",), "body-twice", "Markdown 条目的正文写在元数据块之后，不用 body 键", "删除 body 键，把内容移到第二个 --- 之后")

    model = ENTRY_MODELS[kind]
    try:
        meta = model.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            loc = tuple(error["loc"])
            if loc[:1] in flagged or loc in flagged:
                continue
            code, what, fix = translate(error)
            if code == "missing-field" and loc and isinstance(loc[-1], str):
                fix = f"加一行 {loc[-1]}: …，填写{label(loc[-1]) or loc[-1]}"
            report(loc, code, what, fix)
        return None, problems
    if flagged:
        return None, problems
    if any("\0" in attachment.file for attachment in meta.attachments):  # no file name holds one: the system calls would raise
        for i, attachment in enumerate(meta.attachments):
            if "\0" in attachment.file:
                report(("attachments", i, "file"), "attachment-name-invalid", "附件文件名含有空字符（\\0），不可能是文件名", "删除文件名中的 \\0，写出真实的文件名")
        return None, problems
    body = doc.body if markdown else (meta.body or "")
    body_line = doc.body_line if markdown else doc.where(("body",))[0]
    return Entry(meta=meta, source=rel, ref=ref, body=body, body_line=body_line, positions=doc.positions, abs_dir=_folder(os.path.dirname(path))), problems


def _precheck(data: dict[str, Any], report: Any, *, plain: bool = False) -> set[tuple[Any, ...]]:
    """Checks that recognise a careless form and show the corrected one.

    Returns the key paths already reported, so the schema does not report them twice.
    """
    flagged: set[tuple[Any, ...]] = set()

    def flag(key: str, problem: tuple[str, str, str] | None) -> None:
        if problem:
            report((key,), *problem)
            flagged.add((key,))

    for key in DATE_KEYS:
        if data.get(key) not in (None, ""):
            flag(key, formats.check_date(data[key]))
    if isinstance(data.get("doc_no"), str) and data["doc_no"].strip():
        flag("doc_no", formats.check_doc_no(data["doc_no"].strip()))
    if isinstance(data.get("index_no"), str) and data["index_no"].strip():
        flag("index_no", formats.check_index_no(data["index_no"].strip()))
    if not plain and formats.has_full_width(repr(data)):  # the file had none (plain), else one C-speed scan instead of a walk
        _precheck_numbers(data, (), report, flagged)
    return flagged


def _precheck_numbers(value: Any, path: tuple[Any, ...], report: Any, flagged: set[tuple[Any, ...]]) -> None:
    """Full-width digits where a number is expected: show the half-width form."""
    if isinstance(value, dict):
        for key, item in value.items():
            _precheck_numbers(item, (*path, key), report, flagged)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _precheck_numbers(item, (*path, i), report, flagged)
    elif isinstance(value, str) and formats.has_full_width(value) and path and path[-1] not in ("title", "summary", "body", "name", "note", "change_reason", "exemption_reason", "project_name", "title", "preface", "overview", "problems", "other_matters", "security_review", "head_signoff") and "columns" not in path:
        if path[-1] in ("doc_no", "index_no") or path[-1] in DATE_KEYS:
            return
        fixed = formats.half_width(value)
        report(path, "full-width-digits", f"含有全角数字或字母：{value}", f"应写作 {fixed}")
        flagged.add(path)
