"""The detector allowlist: reviewed false positives, like a detect-secrets baseline.

``catalog/detector-allowlist.yml`` lists, per false positive, the file, the
detector and a *salted slow hash* of the value — never the value, never a
fast hash (a mobile number's sha256 is reversed in milliseconds) — with the
reviewer's reason. ``python build.py allow FILE:LINE --reason …`` writes the
items (``new_item`` / ``append``); nobody copies a hash by hand.

A value item's ``hash`` is ``scrypt:N:r:p:SALT:KEY`` — scrypt over
``file NUL detector NUL value`` with a random 16-byte salt per item, so one
guess costs about 50 ms and guesses cannot be shared between items. ``line``
is where the value was when it was recorded: a hint for the reader, not part
of the match (an edit above it must not undo the review).

A file item (``detector: unscanned-file``) lets one attachment the detectors
cannot read (.doc, a scanned PDF, an image, an archive) be published after a
reviewer looked at it: it holds the sha256 of the file's bytes, so any change
to the file needs a new review.

Nothing here can turn a detector off: an item allows one value in one file.
Items that no longer match are reported as stale so the list does not rot.
No MkDocs here.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..serve import memo
from ..problems.detectors import DETECTORS, LABELS
from ..problems.diagnostics import Diagnostic, Severity
from ..load.files import read_document
from ..load.records import append as append_records, yaml_quote as _quote

FILE_NAME = "detector-allowlist.yml"
UNSCANNED = "unscanned-file"
"""The detector name of file items: an attachment the tool cannot read."""
KEYS = {
    "file": "文件", "detector": "检测器", "hash": "加盐哈希", "file_sha256": "文件哈希", "line": "行号（参考）",
    "reason": "理由", "reviewer": "审核人", "date": "日期",
}
OLD_KEYS = ("sha256",)
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_HASH = re.compile(r"^scrypt:(\d+):(\d+):(\d+):([0-9a-f]{32}):([0-9a-f]{64})$")

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
"""About 50 ms and 16 MB per guess on the development machine."""
_MIN_N = 2**14


def _sane(n: int, r: int, p: int) -> bool:
    """Parameters slow enough to guard the value and small enough not to exhaust the machine."""
    return _MIN_N <= n and not n & (n - 1) and 1 <= r <= 32 and 128 * n * r <= 128 * 1024 * 1024 and 1 <= p <= 4


def _key(file: str, detector: str, value: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    material = f"{file}\0{detector}\0{value}".encode()
    return hashlib.scrypt(material, salt=salt, n=n, r=r, p=p, maxmem=256 * 1024 * 1024, dklen=32)


def value_hash(file: str, detector: str, value: str) -> str:
    """A new salted hash for one value (a fresh salt each call)."""
    salt = secrets.token_bytes(16)
    key = _key(file, detector, value, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return f"scrypt:{SCRYPT_N}:{SCRYPT_R}:{SCRYPT_P}:{salt.hex()}:{key.hex()}"


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


_VERIFIED: memo.LastRun[dict[tuple[str, str, str, str], bool]] = memo.LastRun("allowlist.verified")
"""(file, detector, item hash, value) → matched: kept on the serve state only, never written."""


@dataclass
class AllowItem:
    file: str
    detector: str
    hash: str
    """``scrypt:…`` for a value, the file's sha256 for an unscanned file."""
    reason: str
    line: int
    """Line of the item in the allowlist file."""
    used: bool = False

    def matches_value(self, value: str) -> bool:
        key = (self.file, self.detector, self.hash, value)
        verified = _VERIFIED.previous()
        if verified is None:
            verified = {}
            _VERIFIED.replace(verified)
        if key in verified:  # serve: the next rebuild does not pay the slow hash again
            return verified[key]
        match = _HASH.match(self.hash)
        ok = False
        if match:
            n, r, p = int(match[1]), int(match[2]), int(match[3])
            try:
                ok = _sane(n, r, p) and hmac.compare_digest(_key(self.file, self.detector, value, bytes.fromhex(match[4]), n, r, p).hex(), match[5])
            except (ValueError, MemoryError):
                ok = False
        if len(verified) > 10_000:
            verified.clear()
        verified[key] = ok
        return ok


@dataclass
class Allowlist:
    source: str = ""
    items: list[AllowItem] | None = None

    def match(self, file: str, detector: str, value: str) -> AllowItem | None:
        """The reviewed item for this exact value in this file (it counts as used), or None.

        Only items of the same file and detector are tried: each try costs one slow hash.
        """
        for item in self.items or []:
            if item.file == file and item.detector == detector and item.matches_value(value):
                item.used = True
                return item
        return None

    def match_file(self, file: str, digest: str) -> AllowItem | None:
        """The reviewed item for an attachment the detectors cannot read, by the sha256 of its bytes."""
        found = None
        for item in self.items or []:
            if item.file == file and item.detector == UNSCANNED and hmac.compare_digest(item.hash, digest):
                item.used = True
                found = found or item
        return found

    def stale(self) -> Iterable[Diagnostic]:
        for item in self.items or []:
            if not item.used:
                what = "这个附件文件已改动或已不再引用" if item.detector == UNSCANNED else "白名单这一项已不再匹配任何内容"
                yield Diagnostic(
                    self.source, item.line, 1, "allowlist-stale",
                    f"{what}（{item.file}，检测器 {item.detector}）",
                    "内容已改正或文件已移动：删除这一项；仍需放行的，运行 python build.py allow 重新登记",
                    field="file", label="文件",
                )


def load(path: Path, root: Path, extra_detectors: Iterable[str] = ()) -> tuple[Allowlist, list[Diagnostic]]:
    """Read the allowlist; every problem is located. A missing file is an empty list."""
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
    known = set(DETECTORS) | set(extra_detectors) | {UNSCANNED}
    seen: set[tuple[str, str, str]] = set()
    for i, item in enumerate(doc.data):
        line, col = doc.where((i,))

        def report(key: str, code: str, what: str, fix: str, severity: Severity | None = None, *, i: int = i, line: int = line, col: int = col) -> None:
            at_line, at_col = doc.where((i, key)) if key else (line, col)
            problems.append(Diagnostic(rel, at_line, at_col, code, what, fix, field=f"[{i}].{key}" if key else f"[{i}]", label=KEYS.get(key, ""), severity=severity))  # type: ignore[arg-type]  # None: the catalog's severity for the code (Diagnostic.__post_init__)

        if not isinstance(item, dict):
            report("", "allowlist-format", "这一项应为键值对", "用 python build.py allow 文件:行号 --reason 理由 生成")
            continue
        if any(key in item for key in OLD_KEYS):
            report(
                "sha256", "allowlist-old-format",
                "这是旧格式的白名单项（未加盐的 sha256）：手机号、身份证号可以从它在几秒内穷举还原，已不再生效",
                "删除这一项（连同 sha256 一行），然后对仍需放行的内容运行 python build.py allow 文件:行号 --reason 理由 重新登记；"
                "这个文件的 git 历史中仍有旧哈希，公开的仓库请一并评估",
            )
            continue
        for key in item:
            if key not in KEYS:
                hint = "白名单只记录加盐哈希，不能写原始内容；删除这一行" if key in ("value", "text", "match", "number") else "可用的键：" + "、".join(KEYS)
                report(key, "allowlist-format", f"不认识的键 {key}", hint)
        values = {key: str(item.get(key) or "").strip() for key in ("file", "detector", "hash", "file_sha256", "reason")}
        for key in ("file", "detector"):
            if not values[key]:
                report(key if key in item else "", "allowlist-format", f"缺少 {key}（{KEYS[key]}）", "用 python build.py allow 文件:行号 --reason 理由 生成这一项")
        if not values["reason"]:
            report("reason" if "reason" in item else "", "allowlist-reason-missing", "白名单每一项都必须写明理由 reason", "写明为什么这不是个人信息或密级标志，例如 reason: 单位对外公开的服务热线")
        detector = values["detector"]
        if detector and detector not in known:
            report("detector", "allowlist-unknown-detector", f"检测器 {detector} 不存在", "可用的检测器：" + "、".join(sorted(known)))
        digest = ""
        if detector == UNSCANNED:
            digest = values["file_sha256"]
            if not _HEX64.match(digest):
                report("file_sha256" if "file_sha256" in item else "", "allowlist-hash", "无法检查的附件要写 file_sha256：文件内容的 sha256（64 位小写十六进制）",
                       "用 python build.py allow 附件路径 --reason 理由 生成这一项")
                digest = ""
        elif detector:
            digest = values["hash"]
            match = _HASH.match(digest)
            if not match or not _sane(int(match[1]), int(match[2]), int(match[3])):
                report("hash" if "hash" in item else "", "allowlist-hash", "hash 应为 python build.py allow 生成的加盐哈希（scrypt:…）",
                       "不要手写哈希或号码：删除这一项，运行 python build.py allow 文件:行号 --reason 理由")
                digest = ""
        key3 = (values["file"], detector, digest)
        if all(key3) and key3 in seen:
            report("", "allowlist-duplicate", "与前面的一项重复", "删除这一项")
        seen.add(key3)
        if values["file"] and detector in known and digest and values["reason"]:
            allow.items.append(AllowItem(values["file"], detector, digest, values["reason"], line))  # type: ignore[union-attr]
    return allow, problems


# --- writing items (python build.py allow) ------------------------------------------------




def new_value_item(file: str, detector: str, value: str, line: int, reason: str, reviewer: str = "") -> str:
    """The YAML text of one value item; the value itself is not in it."""
    lines = [
        f"- file: {_quote(file)}",
        f"  detector: {detector}",
        f"  line: {line}  # 登记时所在行，仅供查找；不参与匹配",
        f"  hash: {value_hash(file, detector, value)}",
        f"  reason: {_quote(reason)}",
    ]
    return _finish(lines, reviewer)


def new_file_item(file: str, digest: str, reason: str, reviewer: str = "") -> str:
    lines = [
        f"- file: {_quote(file)}",
        f"  detector: {UNSCANNED}",
        f"  file_sha256: {digest}",
        f"  reason: {_quote(reason)}",
    ]
    return _finish(lines, reviewer)


def _finish(lines: list[str], reviewer: str) -> str:
    if reviewer:
        lines.append(f"  reviewer: {_quote(reviewer)}")
    lines.append(f"  date: {datetime.date.today().isoformat()}")
    return "\n".join(lines) + "\n"


HEADER = "# 检测器误报白名单：用 python build.py allow 文件:行号 --reason 理由 添加，不要手写（见 docs/negative-list.md）\n"


def append(path: Path, items: list[str]) -> None:
    """Append items to the allowlist, keeping every byte already there (``load/records.py``)."""
    append_records(path, items, HEADER)


def label(detector: str) -> str:
    return "无法检查的附件" if detector == UNSCANNED else LABELS.get(detector, detector)
