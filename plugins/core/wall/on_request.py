"""What survives 依申请公开: the catalog record of an entry, everything else emptied (step 3 of the wall)."""

from __future__ import annotations

from typing import Any

from ..load.facts import facts_of
from ..load.model import Entry


def metadata_only(entry: Entry) -> Entry:
    """The public face of a 依申请公开 entry: catalog metadata kept, everything else emptied."""
    meta = entry.meta
    kept_keys = facts_of(type(meta)).on_request  # what 《条例》第十二条 lists; a field not marked is withheld
    changes: dict[str, Any] = {}
    for key, info in type(meta).model_fields.items():
        if key in kept_keys:
            continue
        value = getattr(meta, key)
        if value in (None, "", [], {}):
            continue
        changes[key] = None if info.is_required() else info.get_default(call_default_factory=True)
    kept = {path: where for path, where in entry.positions.items() if not path or path[0] in kept_keys}
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
