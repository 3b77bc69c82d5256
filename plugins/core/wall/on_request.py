"""What survives 依申请公开: the catalog record of an entry, everything else emptied (step 3 of the wall)."""

from __future__ import annotations

from typing import Any

from ..load.model import Entry

METADATA_KEYS = frozenset(
    {
        # what a catalog lists for every item (《条例》第十二条: 名称、索引号、生成日期 …)
        "kind", "title", "index_no", "organ", "doc_no", "written", "published", "topics",
        "disclosure", "exemption", "validity", "summary", "keywords", "related",
        # identifying values of the kinds (no free text, no figures)
        "effective", "expires", "repealed", "repealed_by", "interprets", "form", "corrects",
        "fiscal_year", "stage", "unit", "report_year", "report_scope",
        "project_no", "notice_type", "method", "approved", "decided", "signed",
    }
)
"""Fields a 依申请公开 entry keeps. Any other field (tables, suppliers, body …) is emptied:
a field added to a kind later is withheld until someone decides it is metadata."""


def metadata_only(entry: Entry) -> Entry:
    """The public face of a 依申请公开 entry: catalog metadata kept, everything else emptied."""
    meta = entry.meta
    changes: dict[str, Any] = {}
    for key, info in type(meta).model_fields.items():
        if key in METADATA_KEYS:
            continue
        value = getattr(meta, key)
        if value in (None, "", [], {}):
            continue
        changes[key] = None if info.is_required() else info.get_default(call_default_factory=True)
    kept = {path: where for path, where in entry.positions.items() if not path or path[0] in METADATA_KEYS}
    return Entry(
        meta=meta.model_copy(update=changes), source=entry.source, ref=entry.ref, body="", body_line=0,
        positions=kept, abs_dir=None, redactions=dict(entry.redactions),
        index_no_preview=entry.index_no_preview,
    )


def _without_reason(entry: Entry) -> Entry:
    """The reason for withholding is written for the reviewers, not the public."""
    if not entry.meta.exemption_reason:
        return entry
    return entry.with_meta(exemption_reason=None)
