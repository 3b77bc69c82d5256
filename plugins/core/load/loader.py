"""Load catalog/ into a Catalog plus every problem found. No MkDocs here.

Never raises for a problem in an editor's file: each becomes a Diagnostic with
file, line, field and fix. An entry with errors is still reported, never
silently dropped (it is left out of the Catalog only together with an error).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from . import formats
from .unfilled import MARK, marks
from ..serve import memo
from . import attachment_policy as attachments
from . import parsecache
from . import slips
from .salvage import salvage
from ..problems.diagnostics import Diagnostic, Severity
from .files import ENTRY_SUFFIXES, _folder, _quoted, _rel, is_markdown, read_document, shown
from .listing import Listing, inventory
from .registries import REGISTRIES, load_registry
from .facts import facts_of, prose_keys
from .kind import KindSet
from .messages import fold_not_stated, translate
from .model import Catalog, Entry
from .schema import NOT_STATED, accepts_not_stated, labels
from .yamlpos import Document, dotted, parse

_NO_KINDS = KindSet()


def load_catalog(catalog_dir: Path, *, kinds: KindSet = _NO_KINDS, root: Path | None = None, written: set[str] | None = None, attachments_dir: Path | None = None,
                 parse: parsecache.ParseMemo | None = None) -> tuple[Catalog, list[Diagnostic]]:
    """Load registries and every entry under ``catalog_dir``.

    ``kinds``: the kinds of this site (``kinds.KINDS``, handed down by the pipeline); they travel on the Catalog.
    Without them no entry loads (each is an unknown kind): only the registries are read.

    ``written`` (``serve``): the files written since the last run (the change set, from
    the kernel), instead of listing and checking every file, when the last run left a listing.
    ``parse``: the parse cache to read through (a fresh one, on disk in the default place, when None).
    ``attachments_dir``: the declared attachments folder (absolute, inside the catalog), if any.
    """
    catalog_dir = Path(catalog_dir)
    root = Path(root) if root else catalog_dir.parent
    catalog = Catalog(root=root, kinds=kinds, catalog_dir=catalog_dir, attachments_dir=Path(os.path.normpath(os.path.abspath(attachments_dir))) if attachments_dir else None)
    problems: list[Diagnostic] = []
    if not catalog_dir.is_dir():
        problems.append(Diagnostic(_rel(catalog_dir, root), 0, 0, "catalog-missing", "找不到目录文件夹", "检查 mkdocs.yml 中 catalog_dir 的设置"))
        return catalog, problems
    for attr, name in REGISTRIES.items():
        items, registry_problems = load_registry(catalog_dir / name, root, required=attr != "negative_list")
        setattr(catalog, attr, items)
        problems += registry_problems
    attachments._real_dir.cache_clear()  # a folder may have become a link since the last run
    problems += attachments.config_problems(catalog, catalog_dir)
    listing, written = _listing(str(catalog_dir), kinds, written, str(root), str(catalog.attachments_dir) if catalog.attachments_dir else None)
    problems += listing.problems
    paths = list(listing.entries)
    parsed = parsecache.read_documents(paths, root, written=written, cache=parse)  # cached after the first read of each file
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
        salvaged = len(catalog.incomplete)
        entry, found_now = load_entry(path, catalog_text, root_text, kinds, parsed[path], incomplete=catalog.incomplete)
        if token is not None and salvaged == len(catalog.incomplete):  # a salvaged entry is made again each run (never cached)
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
        if loaded is not None and path in loaded:  # (never None here; said for the type checker)
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


def _listing(catalog_dir: str, kinds: KindSet, written: set[str] | None, root: str = "", attachments_dir: str | None = None) -> tuple[Listing, set[str] | None]:
    """The listing, and which entry files were written since the last run (None: any of them)."""
    known = _LISTED.previous()
    if written is not None and known is not None and known.attachments_dir == attachments_dir:
        if not any(
            ((path in known.entries) != os.path.isfile(path)) if _is_entry_path(path, catalog_dir)
            else (not _is_scratch(path) and (path in known.others) != os.path.isfile(path))
            for path in written
        ):
            return known, {path for path in written if path in known.entries}
    listing = inventory(catalog_dir, kinds, root or os.path.dirname(catalog_dir), attachments_dir)
    _LISTED.replace(listing)
    return listing, None


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


# --- entries ------------------------------------------------------------


def load_entry(path: str | Path, catalog_dir: str | Path, root: str | Path, kinds: KindSet, parsed: tuple[Document | None, list[Diagnostic]] | None = None,
               incomplete: list[tuple[Entry, frozenset[str]]] | None = None) -> tuple[Entry | None, list[Diagnostic]]:
    """Validate one entry file; ``parsed`` is its read_document result when already known.

    ``incomplete``: where an entry with schema errors goes, its fields in error left out, for the rules (salvage.py).
    """
    path = str(path)
    markdown = is_markdown(path)
    rel = _rel(path, root)
    doc, problems = parsed if parsed is not None else read_document(path, root)
    if doc is None:
        if not (problems and any(p.code == "yaml-syntax" for p in problems)):
            return None, problems
        found = _with_slips(problems, path, rel, markdown, kinds)
        return None, found + _beyond_slips(path, rel, root, catalog_dir, kinds, found, incomplete)
    data = doc.data
    if not isinstance(data, dict):
        line, col = doc.where(())
        return None, _with_slips(problems + [Diagnostic(rel, line, col, "entry-format", "条目应为“键: 值”形式的元数据", "参照 build.py new 生成的模板书写")], path, rel, markdown, kinds)
    # An empty value (``title:``) means "not filled in": report it as missing, not as a type error.
    data = {key: value for key, value in data.items() if value is not None}
    ref = _rel(path, catalog_dir).rsplit(".", 1)[0]
    folder_kind = ref.split("/", 1)[0]
    if "kind" not in data and folder_kind in kinds:
        data["kind"] = folder_kind
    kind = data.get("kind")

    def name(key: object) -> str:
        """The label of ``key`` in any kind (an extra key of another kind is still named); asked only for a problem."""
        return labels(*(known.model for known in kinds.values())).get(str(key), "")

    def report(key_path: tuple[Any, ...], code: str, what: str, fix: str, severity: Severity | None = None) -> None:
        line, col = doc.where(key_path)
        key = key_path[-1] if key_path and isinstance(key_path[-1], str) else (key_path[0] if key_path else "")
        problems.append(Diagnostic(rel, line, col, code, what, fix, field=dotted(key_path), label=name(key), severity=severity))  # type: ignore[arg-type]  # None: the catalog's severity for the code (Diagnostic.__post_init__)

    if not isinstance(kind, str) or kind not in kinds:
        report(("kind",), "unknown-kind", f"类别 {_quoted(kind)} 不存在", "只能填写：" + "、".join(f"{k}（{v}）" for k, v in kinds.names.items()))
        return None, problems
    if folder_kind in kinds and folder_kind != kind:
        report(("kind",), "kind-folder-mismatch", f"类别是 {kind}，但文件放在 {folder_kind}/ 文件夹里", f"把文件移到 catalog/{kind}/ 下，或改正类别")

    model = kinds[kind].model
    flagged = _precheck(data, report, model, plain=doc.plain)
    if markdown and data.get("body"):
        report(("body",), "body-twice", "Markdown 条目的正文写在元数据块之后，不用 body 键", "删除 body 键，把内容移到第二个 --- 之后")

    try:
        meta = model.model_validate(data)
    except ValidationError as exc:
        found = slips.scan(path, rel, markdown=markdown, labels=_label_keys(kinds))
        problems += found
        relabelled = {d.label for d in found if d.code == "key-chinese-label"} | {d.field for d in found if d.code == "key-chinese-label"}
        failed = {key for (key, *_) in flagged} | relabelled
        for error in fold_not_stated(list(exc.errors(include_url=False))):  # type: ignore[arg-type]  # pydantic's ErrorDetails is a TypedDict
            loc = tuple(error["loc"])
            if loc and isinstance(loc[0], str):
                failed.add(loc[0])
            if loc[:1] in flagged or loc in flagged or (loc and loc[0] in relabelled and error["type"] in ("missing", "extra_forbidden")):
                continue
            if found and doc.where(loc)[0] in {d.line for d in found}:
                continue  # what the slip on that line made of the value (a string where a list was meant …)  # said already: a careless form, or a key written as its Chinese label (its field is then "missing" too)
            code, what, fix = translate(error)
            if code == "missing-field" and loc and isinstance(loc[-1], str):
                fix = f"加一行 {loc[-1]}: …，填写{name(loc[-1]) or loc[-1]}"
            report(loc, code, what, fix)
        _salvage(incomplete, model, data, failed, lambda meta: _entry(meta, doc, path, rel, ref, markdown))
        return None, problems
    if slips.suspicious(data):  # a few look-ups per entry; the file is read again only when one shows a slip
        problems += slips.scan(path, rel, markdown=markdown, labels=_label_keys(kinds))
    if flagged:
        _salvage(incomplete, model, data, {key for (key, *_) in flagged}, lambda meta: _entry(meta, doc, path, rel, ref, markdown))
        return None, problems
    if any("\0" in attachment.file for attachment in meta.attachments):  # no file name holds one: the system calls would raise
        for i, attachment in enumerate(meta.attachments):
            if "\0" in attachment.file:
                report(("attachments", i, "file"), "attachment-name-invalid", "附件文件名含有空字符（\\0），不可能是文件名", "删除文件名中的 \\0，写出真实的文件名")
        return None, problems
    return _entry(meta, doc, path, rel, ref, markdown), problems


def _entry(meta: Any, doc: Document, path: str, rel: str, ref: str, markdown: bool) -> Entry:
    body = doc.body if markdown else (meta.body or "")
    body_line = doc.body_line if markdown else doc.where(("body",))[0]
    return Entry(meta=meta, source=rel, ref=ref, body=body, body_line=body_line, positions=doc.positions, abs_dir=_folder(os.path.dirname(path)))


def _salvage(incomplete: list[tuple[Entry, frozenset[str]]] | None, model: type[BaseModel], data: dict[str, Any], failed: set[str], make: Any) -> None:
    """Hand the entry, its fields in error left out, to the rules (when the caller collects them and it can be done)."""
    if incomplete is None:
        return
    meta = salvage(model, data, failed)
    if meta is not None and not any("\0" in attachment.file for attachment in getattr(meta, "attachments", ())):
        incomplete.append((make(meta), frozenset(failed)))


def _with_slips(problems: list[Diagnostic], path: str, rel: str, markdown: bool, kinds: KindSet) -> list[Diagnostic]:
    """A file YAML could not read: its typing slips, which replace YAML's own words about the same or a later line."""
    found = slips.scan(path, rel, markdown=markdown, labels=_label_keys(kinds))
    if not found:
        return problems
    first = min(d.line for d in found)
    return [d for d in problems if not (d.code in ("yaml-syntax", "entry-format") and d.line >= first)] + found


def _beyond_slips(path: str, rel: str, root: str | Path, catalog_dir: str | Path, kinds: KindSet, found: list[Diagnostic],
                  incomplete: list[tuple[Entry, frozenset[str]]] | None) -> list[Diagnostic]:
    """The file's other problems, read from its text with the slips put right: one check names them all.

    The entry is never published from the repaired text; its other fields still go to the rules (salvage).
    """
    for text in slips.repaired(path, rel, found):
        doc, problems = parse(text, rel, markdown=is_markdown(path))
        if doc is not None:
            break
    else:
        return []
    slip_lines = {d.line for d in found}
    slip_fields = {d.field.split(".", 1)[0].split("[", 1)[0] for d in found if d.field}
    entry, more = load_entry(path, catalog_dir, root, kinds, parsed=(doc, problems), incomplete=incomplete)
    if entry is not None and incomplete is not None:
        incomplete.append((entry, frozenset(slip_fields)))
    return [d for d in more if d.line not in slip_lines and d.code not in ("yaml-syntax", "entry-format")
            and not (d.code in slips.REPAIRABLE or d.field.split(".", 1)[0] in slip_fields and d.code == "missing-field")]


def _label_keys(kinds: KindSet) -> dict[str, str]:
    """Chinese label → key, over every kind (the common fields' labels win); asked only for a file with a problem."""
    found: dict[str, str] = {}
    for key, name in reversed(list(labels(*(known.model for known in kinds.values())).items())):
        if name:
            found[name] = key
    return found


def _precheck(data: dict[str, Any], report: Any, model: type[BaseModel], *, plain: bool = False) -> set[tuple[Any, ...]]:
    """Checks that recognise a careless form and show the corrected one.

    Returns the key paths already reported, so the schema does not report them twice.
    """
    flagged: set[tuple[Any, ...]] = set()

    def flag(key: str, problem: tuple[str, str, str] | None) -> None:
        if problem:
            report((key,), *problem)
            flagged.add((key,))

    text = "" if plain else repr(data)
    if MARK in text:  # an imported entry's unread values, each named with its place in the source
        for key_path, place in marks(data):
            report(key_path, "import-unfilled", f"导入时未能从原件读出这一项（{place}），暂写作“{MARK}{place}”",
                   "对照原件填写这一项的值，替换掉“待补：…”；原件此处本来空白时写 -")
            flagged.add(key_path)
    dates = facts_of(model).dates
    for key in dates:
        if data.get(key) not in (None, "") and (key,) not in flagged and not (data[key] == NOT_STATED and accepts_not_stated(model, key)):
            flag(key, formats.check_date(data[key]))
    if data.get("published") == NOT_STATED and data.get("index_no_legacy") is not True and ("published",) not in flagged:
        flag("published", ("published-not-stated", "发布日期（published）写了“未说明”，但这不是沿用原索引号的存档条目",
                           "写本网站发布它的日期，如 2024-06-03；原信息公开系统导出、没有记录发布日期的存档条目，写上原索引号并加一行 index_no_legacy: true"))
    if isinstance(data.get("doc_no"), str) and data["doc_no"].strip():
        flag("doc_no", formats.check_doc_no(data["doc_no"].strip()))
    if isinstance(data.get("index_no"), str) and data["index_no"].strip():
        legacy = data.get("index_no_legacy") is True
        flag("index_no", (formats.check_legacy_index_no if legacy else formats.check_index_no)(data["index_no"].strip()))
    elif data.get("index_no_legacy") is True and (data.get("index_no") is None or isinstance(data.get("index_no"), str)):  # no number, or only spaces
        report(("index_no_legacy",), "index-no-legacy-missing", "写了 index_no_legacy: true（沿用原索引号），但没有写索引号",
               "写上原系统公布的索引号（index_no: …），或删去 index_no_legacy 这一行由 build.py 分配")
        flagged.add(("index_no_legacy",))
    if text and formats.has_full_width(text):  # the file had none (plain), else one C-speed scan instead of a walk
        _precheck_numbers(data, (), report, flagged, prose_keys(model) | {"doc_no", "index_no", *dates})
    return flagged


def _precheck_numbers(value: Any, path: tuple[Any, ...], report: Any, flagged: set[tuple[Any, ...]], skip: frozenset[str]) -> None:
    """Full-width digits where a number is expected: show the half-width form.

    ``skip``: prose (marked on the fields), and keys checked in their own way above.
    """
    if isinstance(value, dict):
        for key, item in value.items():
            _precheck_numbers(item, (*path, key), report, flagged, skip)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _precheck_numbers(item, (*path, i), report, flagged, skip)
    elif isinstance(value, str) and path not in flagged and formats.has_full_width(value) and path and path[-1] not in skip and "columns" not in path:
        fixed = formats.half_width(value)
        report(path, "full-width-digits", f"含有全角数字或字母：{value}", f"应写作 {fixed}")
        flagged.add(path)
