"""The review record (保密审查记录) as data: one Record per changed entry, counts, registry changes, the Report.

Its own module so that report.py (Markdown and JSON) reads the shape without the comparison machinery.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..problems.detectors import scrub
from ..problems.diagnostics import Diagnostic

DETECTOR_PREFIX = "detect-"

METHOD = {
    "主动公开": "主动公开：目录信息、正文和附件在网站全文公开",
    "依申请公开": "依申请公开：网站只公开目录信息（标题、索引号、发布机构、日期等），正文和附件不上网，依申请提供",
    "不予公开": "不予公开：网站上不出现任何内容，只计入年度报告的不予公开数字",
}
SCOPE = {
    "主动公开": "社会公众（互联网，任何人可读）",
    "依申请公开": "目录信息：社会公众（互联网）；正文和附件：仅向申请人提供",
    "不予公开": "不公开",
}

CHANGES = {
    "published": "新增公开",
    "changed": "公开内容变更",
    "unpublished": "停止公开",
    "withheld": "不予公开（新增或修改）",
    "unreadable": "有错误，无法比较",
}
"""Record kinds, in the order the report lists them."""


# --- the report ---------------------------------------------------------------


@dataclass
class FieldChange:
    key: str
    label: str
    old: str | None
    new: str | None
    segments: list[list[str]] = field(default_factory=list)
    """``[op, text]`` from old to new by character (textdiff.inline), when both sides have a value."""


@dataclass
class TextChange:
    """One changed paragraph of a public body: where it is, and what changed in it by character."""

    line: int
    """Line of the body (after the change) where the paragraph starts."""
    segments: list[list[str]]


@dataclass
class AttachmentChange:
    file: str
    """Path relative to the project root."""
    title: str
    status: str
    """新增 / 变更 / 删除 / 未变."""
    size: int | None
    mime: str
    published: bool
    note: str = ""


@dataclass
class Finding:
    """One detector hit: the value is already masked by the detector."""

    file: str
    line: int
    column: int
    code: str
    message: str
    field: str = ""
    label: str = ""
    blocking: bool = True
    """An error (blocks publication) rather than a warning."""
    allowlisted: bool = False
    reason: str = ""
    """Why the allowlist lets it through (allowlisted findings only)."""

    @classmethod
    def of(cls, diagnostic: Diagnostic, *, allowlisted: bool = False, reason: str = "") -> Finding:
        return cls(diagnostic.file, diagnostic.line, diagnostic.column, diagnostic.code, scrub(diagnostic.message),
                   diagnostic.field, diagnostic.label, diagnostic.is_error and not allowlisted, allowlisted, reason)


@dataclass
class Exemption:
    id: str
    name: str
    basis: str
    reason: str


@dataclass
class Record:
    """One entry's review record (保密审查记录)."""

    change: str
    """A key of CHANGES."""
    title: str
    index_no: str
    index_no_pending: bool
    """The 索引号 is not written in the file yet; the one shown is what the build will assign."""
    url: str
    kind: str
    kind_name: str
    organ: str
    organ_name: str
    disclosure: str
    previous_disclosure: str | None
    source: str
    previous_source: str | None
    summary: str
    method: str
    scope: str
    when: str
    exemption: Exemption | None
    public: bool
    """True when the working tree publishes anything of this entry (主动公开 or 依申请公开)."""
    fields: list[FieldChange] = field(default_factory=list)
    """For a new public entry every public field; for a changed one the changed fields."""
    body: str = ""
    """The public body of a new 主动公开 entry."""
    body_diff: str = ""
    """Unified diff of the public body of a changed entry (for programs; people read ``body_changes``)."""
    body_changes: list[TextChange] = field(default_factory=list)
    """The public body's changed paragraphs, by character (textdiff.paragraphs)."""
    hidden_changes: list[str] = field(default_factory=list)
    """Labels of changed fields that are not published (values not shown)."""
    attachments: list[AttachmentChange] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    redactions: list[str] = field(default_factory=list)
    owners: list[str] = field(default_factory=list)
    """Who must approve this file, from CODEOWNERS (谁公开谁审查)."""
    notes: list[str] = field(default_factory=list)
    page_html: str = ""
    """The entry's page content as the site will render it (review.render), for a public entry this change publishes or alters."""
    preview: str = ""
    """Where that page is in the preview build of this change ('' when no preview address was given)."""


@dataclass
class CountRow:
    label: str
    before: int
    after: int


@dataclass
class RegistryChange:
    registry: str
    id: str
    status: str
    before: str
    after: str


@dataclass
class Report:
    base_ref: str
    base_commit: str
    base_present: bool
    base_errors: int
    generated: str
    records: list[Record] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    allowlisted: list[Finding] = field(default_factory=list)
    allowlisted_unchanged: int = 0
    as_issued: list[Finding] = field(default_factory=list)
    """Findings recorded as issued (原文如此) that this change brings in: published as issued, noted on the page."""
    as_issued_unchanged: int = 0
    """原文如此 records already in force at the base (not listed)."""
    unscanned: list[Finding] = field(default_factory=list)
    """Every published attachment the detectors cannot read that a reviewer allowlisted (new or not)."""
    """Allowlisted findings that were already allowlisted at the base (not listed)."""
    errors: list[str] = field(default_factory=list)
    """Blocking problems other than detector findings that this change brings in, as editors read them."""
    old_errors: list[str] = field(default_factory=list)
    """Blocking problems the base already had, in files this change does not touch (they block too)."""
    warnings: list[str] = field(default_factory=list)
    """Warnings in the files this change touches."""
    counts: list[CountRow] = field(default_factory=list)
    registries: list[RegistryChange] = field(default_factory=list)
    config_files: list[str] = field(default_factory=list)
    """Other files under catalog/ (outside entries) that changed, e.g. the detector allowlist."""
    changed_files: int = 0
    elapsed: float = 0.0
    preview_url: str = ""
    """The preview build's address as given (absolute, or relative to the report's folder)."""
    pending_index_no: int = 0
    """Records whose 索引号 is a preview (assigned after merge): said once, not on every record."""

    @property
    def blocked(self) -> bool:
        return bool(self.errors or self.old_errors) or any(f.blocking for f in self.findings)

    def of(self, change: str) -> list[Record]:
        return [r for r in self.records if r.change == change]
