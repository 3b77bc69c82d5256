"""Confidentiality review (保密审查) of a change: what it publishes, withholds and trips.

Runs the pipeline on the catalog at a git ref (the pull request's base) and on
the working tree, compares the public views entry by entry, and returns a
Report laid out as the review record the domain expects (信息名称、内容摘要、
拟公开方式、公开范围、公开时间、不予公开理由和依据). review_report.py turns it
into Markdown and JSON. No MkDocs here.
"""

from __future__ import annotations

import dataclasses
import datetime
import os
import subprocess
import time
from pathlib import Path
from typing import Any

from .. import pipeline
from . import codeowners, textdiff
from .render import Pages
from .record import CHANGES, DETECTOR_PREFIX, METHOD, SCOPE, CountRow, Exemption, FieldChange, Finding, Record, RegistryChange, Report, TextChange
from .side import Side, _attachments, _diff, _name, _same_entry, public_fields
from ..check import asissued
from ..load import gitref
from ..load.model import Entry
from ..kinds.annual_report.report import policy_figures
from ..load.facts import facts_of
from ..load.schema import labels
from ..problems.detectors import scan


# --- comparison -----------------------------------------------------------------------------


def _changed_paths(project_root: Path, commit: str, rel: str) -> set[str]:
    """Files under ``rel`` that differ between the commit and the working tree (incl. untracked)."""
    repo = gitref.toplevel(project_root)
    prefix = project_root.resolve().relative_to(repo.resolve()).as_posix()
    prefix = "" if prefix == "." else prefix + "/"

    def names(*args: str) -> list[str]:
        done = subprocess.run(["git", *args], cwd=repo, capture_output=True, check=False)
        return [name.decode("utf-8", "surrogateescape") for name in done.stdout.split(b"\0") if name]

    # -z: names as they are (Chinese file names unquoted), whatever core.quotePath says
    paths = names("diff", "-z", "--name-only", "--no-renames", commit, "--", prefix + rel)
    paths += names("ls-files", "-z", "--others", "--exclude-standard", "--", prefix + rel)
    return {p[len(prefix):] if p.startswith(prefix) else p for p in paths}


def _auto_withheld(entry: Entry, side: Side) -> tuple[str, str] | None:
    """(negative-list item id, the wall's message) when the wall withheld an entry marked public."""
    if entry.meta.disclosure == "不予公开" or entry.ref in side.shown:
        return None
    for d in side.diagnostics:
        if d.code == "wall-auto-withheld" and d.file == entry.source:
            ident = next((i for i in side.result.catalog.negative_list if f"（{i}）" in d.message), "")
            return ident, d.message
    return None


def _exemption(entry: Entry, side: Side, auto: tuple[str, str] | None = None) -> Exemption | None:
    if entry.meta.disclosure == "主动公开" and auto is None:
        return None
    ident = auto[0] if auto else entry.meta.exemption or ""
    item = side.result.catalog.negative_list.get(ident)
    return Exemption(
        ident,
        item.name if item else "（负面清单中没有这一项）",
        str(item.data.get("basis", "（未写依据）")) if item else "",
        auto[1] if auto else entry.meta.exemption_reason or "",
    )


def _when(entry: Entry, change: str, today: datetime.date, disclosure: str) -> str:
    published = entry.meta.published
    if change == "unpublished":
        return "合并后网站删除此页面，原网址失效"
    if disclosure == "不予公开":
        return "不公开"
    text = f"合并后随网站更新即公开（发布日期 {published}）"
    if isinstance(published, datetime.date) and published > today:
        text += "；注意：发布日期在今天之后，网站不会等到该日期，合并即公开"
    return text


def _record(change: str, base: Entry | None, head: Entry | None, sides: tuple[Side, Side], site_url: str, today: datetime.date) -> Record:
    before, after = sides
    entry = head or base
    assert entry is not None
    side = after if head is not None else before
    disclosure = entry.meta.disclosure
    auto = _auto_withheld(head, after) if head is not None else None
    if auto:
        disclosure = "不予公开"
    public = head is not None and head.ref in after.shown
    url = ""
    if entry.ref in side.shown or (base is not None and base.ref in before.shown):
        url = site_url.rstrip("/") + "/" + entry.url
    # What is published is the public view: a value the list redacts (■■■) is shown as the public
    # will see it, never its original, in the full report as in the public comment.
    shown = after.shown.get(head.ref) if head is not None else None
    if shown is None and base is not None and head is None:
        shown = before.shown.get(base.ref)
    record = Record(
        change=change,
        title=(shown or entry).meta.title,
        index_no=entry.index_no or "",
        index_no_pending=entry.ref in side.pending,
        url=url,
        kind=entry.kind,
        kind_name=side.result.catalog.kinds.name(entry.kind),
        organ=entry.meta.organ,
        organ_name=_name(side.result.catalog.organs, entry.meta.organ),
        disclosure=disclosure if head is not None else "（已删除）",
        previous_disclosure=base.meta.disclosure if base is not None else None,
        source=entry.source,
        previous_source=base.source if base is not None and head is not None and base.source != head.source else None,
        summary=(shown or entry).meta.summary or "",
        method=METHOD[disclosure] if head is not None else "不再公开（条目已删除）",
        scope=SCOPE[disclosure] if head is not None else "不公开",
        when=_when(entry, change, today, disclosure),
        exemption=_exemption(entry, side, auto),
        public=public,
    )
    if auto:
        record.notes.append(f"本条写的公开属性是{entry.meta.disclosure}，但负面清单已把它自动不予公开：请核实后把公开属性改为 不予公开")
    if record.previous_source:
        record.notes.append(f"文件由 {record.previous_source} 移到 {record.source}")
    if base is not None and head is not None and base.index_no and head.index_no and base.index_no != head.index_no and not record.index_no_pending:
        record.notes.append(f"索引号由 {base.index_no} 改为 {head.index_no}：已发布的索引号不应更改，原网址将失效")
    if record.exemption and not record.exemption.reason:
        record.notes.append("未写不予公开理由（exemption_reason）：请写明本条为何适用该依据，供审查和年度复核使用")
    if base is not None and head is not None and base.meta.disclosure != "主动公开" and disclosure == "主动公开":
        record.notes.append(f"原为{base.meta.disclosure}，本次改为主动公开：请确认不予公开的情形已消失（条例第十八条 动态调整）")
    if head is not None and head.ref in after.shown:
        for key, item_id in after.shown[head.ref].redactions.items():
            item = after.result.catalog.negative_list.get(item_id)
            what = f"{item.name}（{item.data.get('basis', '')}）" if item else item_id
            last = next((part for part in reversed(key.replace("]", "").replace("[", ".").split(".")) if not part.isdigit()), key)
            record.redactions.append(f"{labels(type(head.meta)).get(last, last)}（{key}）：已按 {what} 遮盖")
    _fill_changes(record, base, head, sides)
    return record


def _fill_changes(record: Record, base: Entry | None, head: Entry | None, sides: tuple[Side, Side]) -> None:
    """Public fields (values) and hidden fields (labels only) that this change adds or alters."""
    before, after = sides
    old_public = before.shown.get(base.ref) if base is not None else None
    new_public = after.shown.get(head.ref) if head is not None else None
    if new_public is not None:
        new_fields = public_fields(new_public, after.public)
        old_fields = public_fields(old_public, before.public) if old_public is not None else {}
        for key in [*new_fields, *(k for k in old_fields if k not in new_fields)]:
            old, new = old_fields.get(key), new_fields.get(key)
            if old_public is not None and old == new:
                continue
            if old_public is not None and key == "index_no" and record.index_no_pending:
                continue
            label = (new or old or (key, ""))[0]
            change = FieldChange(key, label, old[1] if old else None, new[1] if new else None)
            if change.old and change.new:
                change.segments = textdiff.inline(textdiff.mask_text(change.old), textdiff.mask_text(change.new))
            record.fields.append(change)
        if old_public is None:
            record.body = new_public.body
        elif old_public.body != new_public.body:
            record.body_diff = _diff(old_public.body, new_public.body)
            record.body_changes = [TextChange(line, segments) for line, segments in textdiff.paragraphs(old_public.body, new_public.body)]
    if base is not None and head is not None:
        hidden = []
        not_public = facts_of(type(head.meta)).not_public
        for key in type(head.meta).model_fields:
            if getattr(base.meta, key, None) != getattr(head.meta, key, None) and key not in ("index_no", "body"):
                is_public = new_public is not None and key not in not_public
                if not is_public:
                    hidden.append(f"{labels(type(head.meta)).get(key, key)}（{key}）")
        if base.body != head.body and not (new_public is not None and new_public.body):
            hidden.append("正文（body，不公开）")
        record.hidden_changes = hidden


def _route(record: Record, owners: codeowners.CodeOwners, repo_prefix: str) -> None:
    """Who approves this file; a note when the organ's reviewers would not see it."""
    record.owners = owners.owners(repo_prefix + record.source)
    name = Path(record.source).name
    if owners.mentions(f"{record.organ}-") and not name.startswith(f"{record.organ}-"):
        record.notes.append(
            f"文件名没有以发布机构编号“{record.organ}-”开头，{owners.source} 不会把它分给{record.organ_name}的审查人："
            f"请把文件改名为 {record.organ}-{name}"
        )


def _classify(base: Entry | None, head: Entry | None, sides: tuple[Side, Side], changed: set[str]) -> str | None:
    before, after = sides
    was_public = base is not None and base.ref in before.shown
    is_public = head is not None and head.ref in after.shown
    if is_public and not was_public:
        return "published"
    if was_public and not is_public:
        return "unpublished"
    if base is None and head is None:
        return None
    touched = any(
        path in changed
        for entry in (base, head) if entry is not None
        for path in [entry.source, *((Path(entry.source).parent / a.file).as_posix() for a in entry.meta.attachments)]
    )
    same = base is not None and head is not None and base.source == head.source and _same_entry(base, head, head.ref in after.pending or base.ref in before.pending)
    if same and not touched:
        return None
    if is_public:
        return "changed"
    if head is not None:
        return "withheld"
    return None


def _pairs(before: Side, after: Side) -> list[tuple[Entry | None, Entry | None]]:
    """Match entries by file, then moved files by a 索引号 written on both sides."""
    pairs: list[tuple[Entry | None, Entry | None]] = []
    lost = {ref: e for ref, e in before.entries.items() if ref not in after.entries}
    new = {ref: e for ref, e in after.entries.items() if ref not in before.entries}
    for ref, entry in after.entries.items():
        if ref in before.entries:
            pairs.append((before.entries[ref], entry))
    by_index = {e.index_no: e for ref, e in lost.items() if e.index_no and ref not in before.pending}
    for ref, entry in new.items():
        old = by_index.pop(entry.index_no, None) if entry.index_no and ref not in after.pending else None
        if old is not None:
            del lost[old.ref]
        pairs.append((old, entry))
    pairs += [(entry, None) for entry in lost.values()]
    return pairs


def _findings(after: Side, before: Side) -> tuple[list[Finding], list[Finding], int]:
    found = [Finding.of(d) for d in after.diagnostics if d.code.startswith(DETECTOR_PREFIX)]
    known = {(f.file, f.code, f.message, f.reason) for f in before.allowlisted}
    new = [f for f in after.allowlisted if (f.file, f.code, f.message, f.reason) not in known]
    return found, new, len(after.allowlisted) - len(new)


def _as_issued(after: Side, before: Side) -> tuple[list[Finding], int]:
    """The 原文如此 acknowledgements in force after the change that were not before (same finding, same figures)."""
    def key(item: asissued.Acknowledged) -> tuple[str, str, str, str]:
        d = item.diagnostic
        return (d.file, d.code, d.field, asissued.fingerprint(d))

    known = {key(item) for item in before.result.acknowledged}
    new = [item for item in after.result.acknowledged if key(item) not in known]
    found = [dataclasses.replace(Finding.of(item.diagnostic), blocking=False,
                                 reason=f"{item.record.reason}（{item.record.checked_by} {item.record.checked_on.isoformat()} 核实；{item.record.source}:{item.record.line}）")
             for item in new]
    return found, len(after.result.acknowledged) - len(new)


def _counts(side: Side) -> dict[str, int]:
    """The figures the annual report takes from the catalog."""
    rows: dict[str, int] = {}
    entries = side.result.catalog.entries
    rows["主动公开条目"] = sum(e.meta.disclosure == "主动公开" for e in entries)
    rows["依申请公开条目（只公开目录信息）"] = sum(e.meta.disclosure == "依申请公开" for e in entries)
    rows["不予公开条目合计"] = sum(side.public.withheld_by_item.values())
    for ident, number in side.public.withheld_by_item.items():
        item = side.result.catalog.negative_list.get(ident)
        rows[f"不予公开：{item.name}（{item.data.get('basis', '')}）" if item else f"不予公开：{ident}"] = number
    rows.update(policy_figures(entries))
    return rows


def _registry_changes(before: Side, after: Side) -> list[RegistryChange]:
    out = []
    names = {"organs": "发布机构名录", "topics": "主题分类表", "negative_list": "负面清单"}
    for attr, title in names.items():
        old, new = getattr(before.result.catalog, attr), getattr(after.result.catalog, attr)
        for ident in sorted(set(old) | set(new)):
            a, b = old.get(ident), new.get(ident)
            if a is not None and b is not None and a.data == b.data:
                continue
            status = "新增" if a is None else "删除" if b is None else "修改"
            describe = lambda item: "；".join(f"{k}: {v}" for k, v in item.data.items() if k != "id") if item else ""  # noqa: E731
            out.append(RegistryChange(title, ident, status, describe(a), describe(b)))
    return out


def compare(before: Side, after: Side, *, changed: set[str], base_ref: str, base_commit: str, base_present: bool,
            site_url: str = "", catalog_rel: str = "catalog", today: datetime.date | None = None,
            owners: codeowners.CodeOwners | None = None, repo_prefix: str = "") -> Report:
    today = today or datetime.date.today()
    sides = (before, after)
    report = Report(
        base_ref=base_ref, base_commit=base_commit, base_present=base_present,
        base_errors=len(before.errors) if base_present else 0,
        generated=datetime.datetime.now().isoformat(timespec="seconds"),
        changed_files=len(changed),
    )
    head_error_files = {d.file for d in after.errors}
    detector_hits: dict[str, list[Finding]] = {}
    report.findings, report.allowlisted, report.allowlisted_unchanged = _findings(after, before)
    report.unscanned = [f for f in after.allowlisted if f.code == "attachment-unscanned"]
    report.as_issued, report.as_issued_unchanged = _as_issued(after, before)
    for finding in [*report.findings, *report.allowlisted]:
        detector_hits.setdefault(finding.file, []).append(finding)
    order = list(CHANGES)
    for base, head in _pairs(before, after):
        if head is None and base is not None and base.source in head_error_files:
            change: str | None = "unreadable"
        else:
            change = _classify(base, head, sides, changed)
        if change is None:
            continue
        if change == "unreadable":
            record = _record("unreadable", base, None, sides, site_url, today)
            record.method = record.scope = record.when = "（本次修改后文件有错误，无法读取；改正后重新审查）"
        else:
            record = _record(change, base, head, sides, site_url, today)
            entry = head or base
            assert entry is not None
            record.attachments = _attachments(base, head, record.public and (head is not None and head.meta.disclosure == "主动公开"), changed, after.root)
        if owners is not None:
            _route(record, owners, repo_prefix)
        record.findings = [f for path in {record.source, *(a.file for a in record.attachments)} for f in detector_hits.get(path, [])]
        report.records.append(record)
    report.records.sort(key=lambda r: (order.index(r.change), r.organ, r.index_no, r.source))

    blocking = [d for d in after.errors if not d.code.startswith(DETECTOR_PREFIX)]
    known = {str(d) for d in before.errors} if base_present else set()
    for d in sorted(blocking):
        old_problem = str(d) in known and d.file not in changed
        (report.old_errors if old_problem else report.errors).append(str(d))
    report.warnings = [str(d) for d in sorted(after.diagnostics) if not d.is_error and d.file in changed]
    old_counts, new_counts = (_counts(before) if base_present else {}), _counts(after)
    for label in [*new_counts, *(k for k in old_counts if k not in new_counts)]:
        a, b = old_counts.get(label, 0), new_counts.get(label, 0)
        if a != b:
            report.counts.append(CountRow(label, a, b))
    report.registries = _registry_changes(before, after)
    entry_sources = {e.source for e in after.entries.values()} | {e.source for e in before.entries.values()}
    attachment_paths = {a.file for r in report.records for a in r.attachments}
    report.config_files = sorted(
        p for p in changed
        if p.startswith(catalog_rel + "/") and p.count("/") == catalog_rel.count("/") + 1
        and p not in entry_sources and p not in attachment_paths
    )
    return report


MASKED_DETECTORS = ("id-number", "mobile", "bank-card")
"""Values the report never prints in full; classification markings are not secret values."""


def mask_text(text: str) -> str:
    """The text with every personal number the detectors recognise masked (4419**********1234)."""
    for hit in reversed(scan(text)):
        if hit.detector in MASKED_DETECTORS:
            text = text[: hit.start] + hit.masked + text[hit.end:]
    return text


def _mask_all(value: Any) -> Any:
    """Mask every string in the report (titles, fields, bodies, diffs, messages) in place."""
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, list):
        value[:] = [_mask_all(v) for v in value]
        return value
    if hasattr(value, "__dataclass_fields__"):
        for name in value.__dataclass_fields__:
            setattr(value, name, _mask_all(getattr(value, name)))
    return value


def _render(report: Report, after: Side, pages: Pages) -> None:
    """Each public record this change publishes or alters, as its page will read, and where it is in the preview."""
    by_source = {e.source: e for e in after.shown.values()}
    for record in report.records:
        entry = by_source.get(record.source)
        if entry is None or record.change not in ("published", "changed"):
            continue
        record.page_html = pages.html(entry)
        if pages.preview_url:
            record.preview = pages.preview(entry)


def review(project_root: Path, catalog_dir: Path, base: str, *, site_url: str = "", attachments_dir: Path | None = None,
           config: dict[str, Any] | None = None, preview_url: str = "") -> Report:
    """Compare the catalog at git ref ``base`` with the working tree.

    ``config`` is mkdocs.yml as data (the page rendering follows its Markdown
    extensions and gk-catalog options); ``preview_url`` where the preview build
    of the working tree is opened (absolute, or relative to the report's folder).
    """
    started = time.perf_counter()
    project_root = project_root.resolve()
    catalog_dir = catalog_dir.resolve()
    rel = catalog_dir.relative_to(project_root).as_posix()
    after = Side.of(pipeline.run(catalog_dir, project_root, attachments_dir=attachments_dir), catalog_dir, project_root)
    attachments_rel = os.path.relpath(attachments_dir, project_root) if attachments_dir else None
    repo = gitref.toplevel(project_root)
    repo_prefix = project_root.relative_to(repo.resolve()).as_posix()
    repo_prefix = "" if repo_prefix == "." else repo_prefix + "/"
    with gitref.snapshot(project_root, base, [rel]) as snap:
        present = snap.present[rel]
        before = Side.of(pipeline.run(snap.root / rel, snap.root, attachments_dir=snap.root / attachments_rel if attachments_rel else None), snap.root / rel, snap.root)
        changed = _changed_paths(project_root, snap.commit, rel)
        report = compare(before, after, changed=changed, base_ref=base, base_commit=snap.commit,
                         base_present=present, site_url=site_url, catalog_rel=rel,
                         owners=codeowners.load(repo), repo_prefix=repo_prefix)
    settings = {"site_url": site_url, **(config or {})}
    _render(report, after, Pages(after.public, settings, preview_url))
    report.preview_url = preview_url
    report.pending_index_no = sum(r.index_no_pending and r.change != "unpublished" for r in report.records)
    _mask_all(report)
    report.elapsed = time.perf_counter() - started
    return report
