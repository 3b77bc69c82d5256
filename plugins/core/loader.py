"""Load catalog/ into a Catalog plus every problem found. No MkDocs here.

Never raises for a problem in an editor's file: each becomes a Diagnostic with
file, line, field and fix. An entry with errors is still reported, never
silently dropped (it is left out of the Catalog only together with an error).
"""

from __future__ import annotations

import functools
import operator
import os
import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from . import formats, journal, memo, parsecache
from .diagnostics import Diagnostic, Severity
from .messages import translate
from .model import Catalog, Entry, RegistryItem
from .schema import ENTRY_MODELS, KINDS, label
from .yamlpos import Document, decode, dotted, parse

DATE_KEYS = ("written", "published", "effective", "expires", "repealed", "approved", "decided", "signed")
REGISTRIES = {"organs": "organs.yml", "topics": "topics.yml", "negative_list": "negative-list.yml"}
ENTRY_SUFFIXES = (".yml", ".yaml", ".md")


def load_catalog(catalog_dir: Path, *, root: Path | None = None, watch: bool = False) -> tuple[Catalog, list[Diagnostic]]:
    """Load registries and every entry under ``catalog_dir``.

    ``watch`` (``serve``): learn which files changed from the kernel instead of
    listing and checking every file, when the last run of this process left a listing.
    """
    catalog_dir = Path(catalog_dir)
    root = Path(root) if root else catalog_dir.parent
    catalog = Catalog(root=root)
    problems: list[Diagnostic] = []
    if not catalog_dir.is_dir():
        problems.append(Diagnostic(_rel(catalog_dir, root), 0, 0, "catalog-missing", "找不到目录文件夹", "检查 mkdocs.yml 中 catalog_dir 的设置"))
        return catalog, problems
    for attr, name in REGISTRIES.items():
        items, found = load_registry(catalog_dir / name, root, required=attr != "negative_list")
        setattr(catalog, attr, items)
        problems += found
    paths, written = _listing(str(catalog_dir), watch)
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
    return catalog, problems


_LOADED: memo.FileMemo[tuple[Entry | None, Any, tuple[Diagnostic, ...]]] = memo.FileMemo("loader")
"""Path → (its parse, (entry, its meta as loaded, the file's problems)) from the last run."""


_LISTED: memo.LastRun[dict[str, None]] = memo.LastRun("listing")
"""The entry files of the last run, in order (values unused)."""
_JOURNAL: dict[str, journal.Journal | None] = {}
"""The catalog folder ``serve`` watches → its journal (one at a time: each holds a kernel handle)."""


def _listing(catalog_dir: str, watch: bool) -> tuple[list[str], set[str] | None]:
    """The entry files, and which of them were written since the last run (None: any of them)."""
    written = _written(catalog_dir) if watch and memo.active() else None
    known = _LISTED.previous()
    if written is not None and known:
        if not any((path in known) != os.path.isfile(path) for path in written if _is_entry_path(path, catalog_dir)):
            return list(known), {path for path in written if path in known}
    paths = _entry_files(catalog_dir)  # plain strings: 300,000 Path objects were 3 s of a 100,000-entry check
    _LISTED.replace(dict.fromkeys(paths))
    return paths, None


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


def _is_entry_path(path: str, catalog_dir: str) -> bool:
    """An entry file's name in a sub-folder of the catalog (the journal watches only walked folders)."""
    rest = path[len(catalog_dir) + 1:] if path.startswith(catalog_dir + "/") else ""
    name = rest.rpartition("/")[2]
    return "/" in rest and name.endswith(ENTRY_SUFFIXES) and not name.startswith((".", "_"))


def _entry_files(catalog_dir: str | Path) -> list[str]:
    """Entry files under the kind folders, in the order pathlib sorts them; skips attachments and hidden files.

    Plain strings from ``os.scandir``, each folder sorted as it is read: at
    100,000 files, pathlib objects and a sort of the whole list cost more than the listing.
    """
    found: list[str] = []
    top = str(catalog_dir)
    for entry in _sorted_listing(top):
        if _is_walked_dir(entry):
            _collect(entry.path, found)
    return found


def _collect(folder: str, found: list[str]) -> None:
    for entry in _sorted_listing(folder):
        if _is_walked_dir(entry):
            _collect(entry.path, found)
        elif not entry.is_dir():
            name = entry.name
            if name.endswith(ENTRY_SUFFIXES) and not name.startswith((".", "_")):
                found.append(entry.path)


def _sorted_listing(folder: str) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as listing:
            return sorted(listing, key=_NAME)
    except OSError:
        return []  # as os.walk: a folder that can't be listed is skipped


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
    rel = _rel(path, root)
    if raw is None:
        try:
            with open(path, "rb") as file:
                raw = file.read()
        except OSError as exc:
            return None, [Diagnostic(rel, 0, 0, "file-unreadable", f"无法读取文件：{exc.strerror}", "检查文件权限")]
    text, problems = decode(raw, rel)
    if not text and problems:
        return None, problems
    doc, found = parse(text, rel, markdown=str(path).endswith(".md"))
    return doc, problems + found


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
    markdown = path.endswith(".md")
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

    def report(key_path: tuple[Any, ...], code: str, what: str, fix: str, severity: Severity = Severity.ERROR) -> None:
        line, col = doc.where(key_path)
        key = key_path[-1] if key_path and isinstance(key_path[-1], str) else (key_path[0] if key_path else "")
        problems.append(Diagnostic(rel, line, col, code, what, fix, field=dotted(key_path), label=label(key), severity=severity))

    if kind not in KINDS:
        report(("kind",), "unknown-kind", f"类别 {kind} 不存在", "只能填写：" + "、".join(f"{k}（{v}）" for k, v in KINDS.items()))
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
