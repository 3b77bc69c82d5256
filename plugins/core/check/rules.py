"""Rules that need the whole catalog: registry ids, references, duplicates.

Each rule takes the Catalog and returns Diagnostics. No MkDocs here.
"""

from __future__ import annotations

import contextlib
import dataclasses
import difflib
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from ..serve import memo
from ..load import attachment_policy
from ..serve.changes import ChangeSet
from ..problems.codes import index, sections_with, severity_of
from ..problems.diagnostics import Diagnostic, Severity
from ..load.model import Catalog, Entry, RegistryItem
from ..load.facts import facts_of
from ..load.schema import EntryBase, labels, stated_date
from ..load.yamlpos import dotted

Rule = Callable[[Catalog], Iterable[Diagnostic]]

TEXT_FIELDS = facts_of(EntryBase).text
"""What editors change most: fields that most rules never read (marked ``text`` on the fields)."""


def reads_text_of(*kinds: str) -> Callable[[Rule], Rule]:
    """Declare that a rule reads the text (TEXT_FIELDS, the body) of these kinds' entries only.

    ``@reads_text_of()`` (no kinds): the rule reads no text at all. A ``serve``
    rebuild then reuses the rule's last diagnostics when the only edits since
    are to text it does not read. A rule without this declaration always runs.
    """

    def declare(rule: Rule) -> Rule:
        rule.text_of = frozenset(kinds)  # type: ignore[attr-defined]
        return rule

    return declare


def problem(entry: Entry, path: tuple[Any, ...], code: str, what: str, fix: str, severity: Severity | None = None) -> Diagnostic:
    """A diagnostic located at ``path`` inside ``entry``'s file."""
    line, col = entry.where(*path)
    key = next((p for p in reversed(path) if isinstance(p, str)), "")
    return Diagnostic(entry.source, line, col, code, what, fix, field=dotted(path), label=labels(type(entry.meta)).get(str(key), ""), severity=severity)  # type: ignore[arg-type]  # None: the catalog's severity for the code (Diagnostic.__post_init__)


# --- naming another entry in a message ------------------------------------------------
# A rule that runs over the whole catalog often speaks of a second entry in a message
# about the first. Messages are printed in CI logs and review files, read by more people
# than the office's editors: a non-public entry is never named there (no title, no file
# name, no 索引号 unless the site publishes it). See docs/security.md.

WITHHELD_OTHER = "（一个不予公开的条目，不列标题和文件名）"

WallShown = Callable[[Catalog, Entry], "Entry | None"]
"""The wall's ``shown`` (wall/public.py), handed in by the caller: the check stage sits below the wall."""

_NAMING: list[tuple[Catalog, WallShown]] = []
"""The catalog whose rules are running (``check_catalog``), with its wall: who is named is what the wall decides."""


@contextlib.contextmanager
def naming(catalog: Catalog, wall_shown: WallShown) -> Iterator[None]:
    """While rules run: messages name other entries as the wall shows them (``shown``)."""
    _NAMING.append((catalog, wall_shown))
    try:
        yield
    finally:
        _NAMING.pop()


def shown(other: Entry) -> Entry | None:
    """``other`` as the site shows it, or None when nothing of it is published.

    Not only 不予公开: the negative list withholds some entries by itself (a marking, a
    covered kind or topic) and redacts text in others, so a message quotes the public form.
    Outside ``naming`` (no wall to ask), the entry's own 公开属性 decides.
    """
    if other.meta.disclosure == "不予公开":
        return None
    if not _NAMING:
        return other
    catalog, wall_shown = _NAMING[-1]
    return wall_shown(catalog, other)


def withheld(other: Entry) -> bool:
    """Nothing of ``other`` is published: a message about another entry says nothing of it."""
    return shown(other) is None


def is_public(entry: Entry) -> bool:
    """主动公开 and not withheld by the negative list: everything of the entry is published, so a message may name it."""
    return entry.meta.disclosure == "主动公开" and shown(entry) is not None


def title_of(other: Entry) -> str:
    """``《title》`` of another entry, as the site shows it, for a message about this one; a withheld one is not named.

    A 依申请公开 entry's title is catalog metadata the site publishes, so it is named.
    """
    public = shown(other)
    if public is None:
        return WITHHELD_OTHER
    return f"《{public.meta.title}》"


def date_of(other: Entry, day: object, before: str = "", after: str = "") -> str:
    """``before + day + after`` for a date of another entry; nothing for a withheld one (its dates are not published)."""
    return "" if withheld(other) else f"{before}{day}{after}"


def place_of(other: Entry, key: str = "") -> str:
    """``file:line`` of another entry; a non-public entry's file name is not printed (the site never shows it)."""
    if is_public(other):
        line, _ = other.where(key) if key else (0, 0)
        return f"{other.source}:{line}" if line else other.source
    if other.meta.disclosure == "依申请公开" and other.index_no and not withheld(other):
        return f"依申请公开的条目（索引号 {other.index_no}）"
    return WITHHELD_OTHER


def _suggest(value: str, registry: dict[str, RegistryItem], what: str) -> str:
    close = difflib.get_close_matches(value, list(registry), n=1)
    by_name = [item.id for item in registry.values() if item.name == value]
    if by_name:
        return f"这里填编号而不是名称：应写作 {by_name[0]}"
    if close:
        return f"是不是 {close[0]}（{registry[close[0]].name}）？编号见 {what}"
    return f"先在 {what} 中登记，或改用已有的编号"


@reads_text_of()
def registry_ids(catalog: Catalog) -> Iterable[Diagnostic]:
    for entry in catalog.entries:
        meta = entry.meta
        if meta.organ not in catalog.organs:
            yield problem(entry, ("organ",), "unknown-organ", f"发布机构 {meta.organ} 不在名录中", _suggest(meta.organ, catalog.organs, "catalog/organs.yml"))
        for i, topic in enumerate(meta.topics):
            if topic not in catalog.topics:
                yield problem(entry, ("topics", i), "unknown-topic", f"主题分类 {topic} 不存在", _suggest(topic, catalog.topics, "catalog/topics.yml"))
        if meta.exemption and meta.exemption not in catalog.negative_list:
            yield problem(entry, ("exemption",), "unknown-exemption", f"不予公开依据 {meta.exemption} 不在负面清单中", _suggest(meta.exemption, catalog.negative_list, "catalog/negative-list.yml"))


@reads_text_of()
def exemption_required(catalog: Catalog) -> Iterable[Diagnostic]:
    for entry in catalog.entries:
        meta = entry.meta
        if meta.disclosure != "主动公开" and not meta.exemption:
            ids = "、".join(list(catalog.negative_list)[:8]) or "（负面清单为空）"
            yield problem(entry, ("disclosure",), "exemption-missing", f"公开属性为{meta.disclosure}，但没有写不予公开依据 exemption", f"加一行 exemption: 负面清单中的编号（如 {ids}）；若应主动公开，把公开属性改为 主动公开")
        elif meta.disclosure == "主动公开" and meta.exemption:
            yield problem(entry, ("exemption",), "exemption-unused", "主动公开的条目不应写不予公开依据", "删除 exemption，或把公开属性改为 依申请公开 / 不予公开")


@reads_text_of()
def unique_index_no(catalog: Catalog) -> Iterable[Diagnostic]:
    seen: dict[str, Entry] = {}
    for entry in catalog.entries:
        index_no = entry.meta.index_no
        if not index_no:
            continue
        if index_no in seen:
            first = seen[index_no]
            yield problem(entry, ("index_no",), "duplicate-index-no", f"索引号 {index_no} 与 {place_of(first, 'index_no')} 重复" if not withheld(first) else f"索引号与{WITHHELD_OTHER}重复", "删去本条的 index_no 行，由 build.py 重新分配一个新的")
        else:
            seen[index_no] = entry


@reads_text_of()
def index_no_prefix(catalog: Catalog) -> Iterable[Diagnostic]:
    usccs = {ident: str(organ.data.get("uscc", "")) for ident, organ in catalog.organs.items()}
    for entry in catalog.entries:
        meta = entry.meta
        uscc = usccs.get(meta.organ)
        if uscc is None or not meta.index_no or meta.index_no_legacy:
            continue  # a number another system published keeps its own prefix
        prefix = meta.index_no.split("/", 1)[0]
        if prefix != uscc and prefix != uscc[8:17]:
            yield problem(entry, ("index_no",), "index-no-prefix", f"索引号前段 {prefix} 与发布机构的统一社会信用代码 {uscc} 不符",
                          "已发布的索引号不可更改：是原信息公开系统公布的号码，加一行 index_no_legacy: true 照原样保留；若尚未发布，删去 index_no 行由 build.py 重新分配")


@reads_text_of()
def references(catalog: Catalog) -> Iterable[Diagnostic]:
    table = catalog.lookup()
    for entry in catalog.entries:
        meta = entry.meta
        fields = meta.__dict__  # a missing name through pydantic's getattr raises inside: slow at 100,000 entries
        references = facts_of(type(meta)).references
        if not (meta.related or any(fields.get(key) for key in references)):
            continue  # refers to nothing (most entries)
        targets: list[tuple[tuple[Any, ...], str]] = [((key,), fields[key]) for key in references if fields.get(key)]
        targets += [(("related", i), ref) for i, ref in enumerate(meta.related)]
        for path, ref in targets:
            if ref not in table:
                close = [key for key in difflib.get_close_matches(ref, _suggestable(table), n=5) if not withheld(table[key])]
                hint = f"是不是 {close[0]}？" if close else ""
                yield problem(entry, path, "unknown-reference", f"找不到条目 {ref}", f"{hint}写目标条目的索引号，或它在 catalog/ 下的路径（不带扩展名）")
            elif table[ref] is entry:
                yield problem(entry, path, "self-reference", "条目引用了它自己", "改为另一个条目的索引号或路径")
        if fields.get("interprets") in table:
            target = table[fields["interprets"]]
            if not catalog.kinds[target.kind].policy_like:
                what = f"解读的对象 {fields['interprets']} 是 {target.kind}，不是政策文件" if not withheld(target) else "解读的对象不是政策文件（且不予公开）"
                yield problem(entry, ("interprets",), "interprets-kind", what, "interprets 应指向一个 policy（政策文件）条目")


def _suggestable(table: dict[str, Entry]) -> list[str]:
    """Reference keys a message may suggest: a 主动公开 entry's path or 索引号, a 依申请公开 one's 索引号 (published)."""
    return [key for key, e in table.items() if e.meta.disclosure == "主动公开" or (e.meta.disclosure == "依申请公开" and key == e.meta.index_no)]


@reads_text_of()
def dates_in_order(catalog: Catalog) -> Iterable[Diagnostic]:
    for entry in catalog.entries:
        meta = entry.meta
        written, published = stated_date(meta.written), stated_date(meta.published)  # 未说明: nothing to compare
        if written and published and written > published:
            yield problem(entry, ("published",), "date-order", f"发布日期 {meta.published} 早于成文日期 {written}", "核对两个日期：发布不能早于成文")


@reads_text_of()
def year_folder(catalog: Catalog) -> Iterable[Diagnostic]:
    for entry in catalog.entries:
        parts = entry.ref.split("/")
        if len(parts) == 3 and parts[1].isdigit() and entry.year is not None and int(parts[1]) != entry.year:  # undated archive entry: any folder
            yield problem(entry, ("published",), "year-folder-mismatch", f"发布日期在 {entry.year} 年，但文件放在 {parts[1]}/ 文件夹", f"把文件移到 catalog/{entry.kind}/{entry.year}/")


def attachments_exist(catalog: Catalog) -> Iterable[Diagnostic]:
    """The attachment policy (load/attachment_policy.py): inside catalog/, no hidden or project file, no link out, the file there.

    Every attachment of every entry (whatever its 公开属性: a refused path is a mistake anyway)."""
    for entry in catalog.entries:
        for i, attachment in enumerate(entry.meta.attachments):
            _, refused = attachment_policy.check(entry, i, attachment.file, catalog, quote_value=entry.meta.disclosure == "主动公开")
            if refused is not None:
                yield problem(entry, ("attachments", i, "file"), *refused)


RULES: list[Rule] = [attachments_exist, registry_ids, exemption_required, unique_index_no, index_no_prefix, references, dates_in_order, year_folder]


def check_catalog(catalog: Catalog, rules: list[Rule] | None = None, changes: ChangeSet | None = None, *, wall_shown: WallShown) -> list[Diagnostic]:
    """Every rule's diagnostics, in rule order.

    ``changes`` (``serve``): what changed since the last run; a rule those edits can't affect is not run again.
    """
    last_found = _LAST_RUN.previous()
    text_edited = _text_edits(changes.edited) if changes is not None and changes.edited is not None and last_found is not None else None
    last_found = last_found or {}
    kept: dict[str, list[Diagnostic]] = {}
    found: list[Diagnostic] = []
    codes = index(sections_with(kind.codes for kind in catalog.kinds.values()))
    with catalog.entries_fixed(), naming(catalog, wall_shown):
        for rule in rules if rules is not None else RULES:
            key = f"{rule.__module__}.{rule.__qualname__}"
            text_of = getattr(rule, "text_of", None)  # see reads_text_of
            if text_edited is not None and text_of is not None and not text_of & text_edited and key in last_found:
                result = last_found[key]  # the edits since the last run changed nothing this rule reads
            else:
                result = [d if d.severity is not None else dataclasses.replace(d, severity=severity_of(d.code, codes)) for d in rule(catalog)]
            kept[key] = result
            found.extend(result)
    _LAST_RUN.replace(kept)
    return found


_LAST_RUN: memo.LastRun[dict[str, list[Diagnostic]]] = memo.LastRun("rules")
"""Each rule's diagnostics of the last run (``serve``)."""


def _text_edits(pairs: list[tuple[Entry, Entry]]) -> set[str] | None:
    """The kinds whose entries had only their text edited since the last run; None when anything else changed."""
    if any(old.source != new.source or _shape(old) != _shape(new) for old, new in pairs):
        return None
    return {old.meta.kind for old, new in pairs if _text(old) != _text(new)}


def _shape(entry: Entry) -> tuple[Any, ...]:
    """Everything of an entry but its text; where the diagnostics point included."""
    text = facts_of(type(entry.meta)).text
    fields = {key: value for key, value in entry.meta.__dict__.items() if key not in text}
    return (type(entry.meta), fields, entry.positions, entry.body_line, entry.abs_dir, entry.redactions)


def _text(entry: Entry) -> tuple[Any, ...]:
    fields = entry.meta.__dict__
    return (entry.body, *(fields.get(key) for key in sorted(facts_of(type(entry.meta)).text)))
