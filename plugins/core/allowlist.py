"""The detector allowlist: reviewed false positives, like a detect-secrets baseline.

``catalog/detector-allowlist.yml`` lists, per false positive, the file, the
detector and the sha256 of the normalised value — never the value itself —
with the reviewer's reason. Nothing here can turn a detector off: an item
allows one value in one file. Items that no longer match are reported as
stale so the list does not rot. No MkDocs here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .detectors import DETECTORS
from .diagnostics import Diagnostic, Severity

FILE_NAME = "detector-allowlist.yml"
KEYS = {"file": "文件", "detector": "检测器", "sha256": "哈希值", "reason": "理由", "reviewer": "审核人", "date": "日期"}
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


@dataclass
class AllowItem:
    file: str
    detector: str
    sha256: str
    reason: str
    line: int
    used: bool = False


@dataclass
class Allowlist:
    source: str = ""
    items: list[AllowItem] | None = None

    def allows(self, file: str, detector: str, digest: str) -> bool:
        """True (and the item counts as used) when this exact value in this file was reviewed."""
        found = False
        for item in self.items or []:
            if item.file == file and item.detector == detector and item.sha256 == digest:
                item.used = True
                found = True
        return found

    def reason(self, file: str, detector: str, digest: str) -> str:
        """The reviewer's reason for letting this value through (for the review report)."""
        return next((i.reason for i in self.items or [] if (i.file, i.detector, i.sha256) == (file, detector, digest)), "")

    def stale(self) -> Iterable[Diagnostic]:
        for item in self.items or []:
            if not item.used:
                yield Diagnostic(
                    self.source, item.line, 1, "allowlist-stale",
                    f"白名单这一项已不再匹配任何内容（{item.file}，检测器 {item.detector}）",
                    "内容已改正或文件已移动：删除这一项", field="file", label="文件", severity=Severity.WARNING,
                )


def load(path: Path, root: Path, extra_detectors: Iterable[str] = ()) -> tuple[Allowlist, list[Diagnostic]]:
    """Read the allowlist; every problem is located. A missing file is an empty list."""
    from .loader import read_document

    rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()
    allow = Allowlist(rel, [])
    if not path.exists():
        return allow, []
    doc, problems = read_document(path, root)
    if doc is None:
        return allow, problems
    if doc.data in (None, {}):
        return allow, problems
    if not isinstance(doc.data, list):
        line, col = doc.where(())
        return allow, problems + [Diagnostic(rel, line, col, "allowlist-format", "白名单应为列表", "每一项以“- file: …”开头")]
    known = set(DETECTORS) | set(extra_detectors)
    seen: set[tuple[str, str, str]] = set()
    for i, item in enumerate(doc.data):
        line, col = doc.where((i,))

        def report(key: str, code: str, what: str, fix: str, severity: Severity = Severity.ERROR) -> None:
            at_line, at_col = doc.where((i, key)) if key else (line, col)
            problems.append(Diagnostic(rel, at_line, at_col, code, what, fix, field=f"[{i}].{key}" if key else f"[{i}]", label=KEYS.get(key, ""), severity=severity))

        if not isinstance(item, dict):
            report("", "allowlist-format", "这一项应为键值对", "写成“- file: …”，下面缩进写 detector、sha256、reason")
            continue
        for key in item:
            if key not in KEYS:
                hint = "白名单只记录哈希值，不能写原始内容；删除这一行" if key in ("value", "text", "match", "number") else "可用的键：" + "、".join(KEYS)
                report(key, "allowlist-format", f"不认识的键 {key}", hint)
        values = {key: str(item.get(key) or "").strip() for key in ("file", "detector", "sha256", "reason")}
        for key in ("file", "detector", "sha256"):
            if not values[key]:
                report(key if key in item else "", "allowlist-format", f"缺少 {key}（{KEYS[key]}）", "照抄构建错误信息中给出的 file、detector、sha256")
        if not values["reason"]:
            report("reason" if "reason" in item else "", "allowlist-reason-missing", "白名单每一项都必须写明理由 reason", "写明为什么这不是个人信息或密级标志，例如 reason: 单位对外公开的服务热线")
        if values["detector"] and values["detector"] not in known:
            report("detector", "allowlist-unknown-detector", f"检测器 {values['detector']} 不存在", "可用的检测器：" + "、".join(sorted(known)))
        if values["sha256"] and not _SHA256.match(values["sha256"]):
            report("sha256", "allowlist-hash", "sha256 应为 64 位小写十六进制数字（构建错误信息中给出）", "照抄构建错误信息中的 sha256；不要填写原始号码")
        key3 = (values["file"], values["detector"], values["sha256"])
        if all(key3) and key3 in seen:
            report("", "allowlist-duplicate", "与前面的一项重复", "删除这一项", Severity.WARNING)
        seen.add(key3)
        if all(values.values()) and _SHA256.match(values["sha256"]):
            allow.items.append(AllowItem(values["file"], values["detector"], values["sha256"], values["reason"], line))  # type: ignore[union-attr]
    return allow, problems
