"""``python build.py allow`` and what every command prints: no planted value comes back.

The allowlist is written by a command that finds the hit on the named line itself,
stores a salted scrypt hash (never the value, never a fast hash), and prints what it
recorded without the value. ``check`` and ``build`` output, and the allowlist file,
are scanned for every planted number: at most 3 of its digits in a row, and no
sha256/md5/sha1 of it in any form.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
import time
from pathlib import Path

from attachkit import pdf
from plugins.core import pipeline
from plugins.core.wall import allowlist
from plugins.core.problems.detectors import id_check_digit

ROOT = Path(__file__).resolve().parent.parent
ENTRY = "catalog/notice/2024/a.md"
MOB = "15913572468"
ID = "44030619851120106X"
CARD = "6222021234567890128"
assert id_check_digit(ID[:17]) == ID[17]


def notice(body: str, attachments: tuple[str, ...] = (), index: int = 1) -> str:
    files = "attachments:\n" + "".join(f"  - file: {name}\n" for name in attachments) if attachments else ""
    return (
        f"---\nkind: notice\ntitle: 公开通知\nindex_no: 11441900007330235A/2024-{index:05d}\norgan: demo-office\n"
        f"published: 2024-01-02\ndisclosure: 主动公开\n{files}---\n{body}"
    )


def cli(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "-f", str(root / "mkdocs.yml"), *args],
        capture_output=True, text=True, timeout=300, cwd=root,
    )


def test_allow_records_the_hits_of_one_line_without_the_value(make_project):
    body = f"第一段。\n\n值班电话 {MOB}（对外公布）。\n\n身份证 {ID}\n"
    root = make_project({ENTRY: notice(body)})
    first = cli(root, "check")
    assert first.returncode == 1 and "python build.py allow catalog/notice/2024/a.md:11 --reason" in first.stdout
    done = cli(root, "allow", f"{ENTRY}:11", "--reason", "单位对外公布的值班手机，经保密审查同意")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "登记 1 项" in done.stdout and "手机号码" in done.stdout and "11 个字符" in done.stdout
    text = (root / "catalog/detector-allowlist.yml").read_text(encoding="utf-8")
    assert re.search(r"hash: scrypt:16384:8:1:[0-9a-f]{32}:[0-9a-f]{64}", text) and "line: 11" in text
    assert MOB not in text and hashlib.sha256(MOB.encode()).hexdigest() not in text
    after = cli(root, "check")
    assert after.returncode == 1 and "detect-mobile" not in after.stdout and "detect-id-number" in after.stdout
    # the same line again: already there, nothing written; a line without a hit: a Chinese error, nothing written
    again = cli(root, "allow", f"{ENTRY}:11", "--reason", "再次")
    assert again.returncode == 0 and "已在白名单中" in again.stdout
    none = cli(root, "allow", f"{ENTRY}:10", "--reason", "没有")
    assert none.returncode == 1 and "第 10 行没有检测发现" in none.stderr
    assert (root / "catalog/detector-allowlist.yml").read_text(encoding="utf-8") == text
    # an edit above the line moves the value: the item still matches (the line is a hint only)
    (root / ENTRY).write_text(notice("新加的一行。\n" + body), encoding="utf-8")
    assert "detect-mobile" not in cli(root, "check").stdout


def test_allow_keeps_the_existing_file_byte_for_byte(make_project):
    existing = "# 本单位白名单\r\n# 旧注释保留\r\n"
    root = make_project({ENTRY: notice(f"电话 {MOB}\n"), "catalog/detector-allowlist.yml": existing.encode("utf-8")})
    assert cli(root, "allow", f"{ENTRY}:9", "--reason", "热线", "--reviewer", "张三").returncode == 0
    raw = (root / "catalog/detector-allowlist.yml").read_bytes()
    assert raw.startswith(existing.encode("utf-8")) and b"\r\n- file:" in raw and raw.count(b"\n") == raw.count(b"\r\n")
    assert "reviewer: \"张三\"" in raw.decode("utf-8")
    assert cli(root, "check").returncode == 0


def test_unreadable_attachment_is_allowlisted_by_its_bytes(make_project):
    root = make_project({ENTRY: notice("正文。\n", ("旧版.doc",)), "catalog/notice/2024/旧版.doc": b"\xd0\xcf\x11\xe0" + b"\0" * 100})
    blocked = cli(root, "check")
    assert blocked.returncode == 1 and "catalog/notice/2024/a.md:9:" in blocked.stdout and "attachment-unscanned" in blocked.stdout
    done = cli(root, "allow", "catalog/notice/2024/旧版.doc", "--reason", "已逐页核对，无个人信息")
    assert done.returncode == 0 and "无法检查的附件" in done.stdout, done.stderr
    assert cli(root, "check").returncode == 0
    # the file changes: a new review is needed (the old item is stale)
    (root / "catalog/notice/2024/旧版.doc").write_bytes(b"\xd0\xcf\x11\xe0" + b"\1" * 100)
    again = cli(root, "check")
    assert again.returncode == 1 and "attachment-unscanned" in again.stdout and "allowlist-stale" in again.stdout
    # a readable file with hits needs a line; a file without anything is refused
    plain = cli(root, "allow", ENTRY, "--reason", "x")
    assert plain.returncode == 1 and "未登记任何内容" in plain.stderr


def test_old_sha256_items_give_a_migration_error_not_a_crash(make_project):
    old = f"- file: {ENTRY}\n  detector: mobile\n  sha256: {hashlib.sha256(MOB.encode()).hexdigest()}\n  reason: 旧格式\n"
    root = make_project({ENTRY: notice(f"电话 {MOB}\n"), "catalog/detector-allowlist.yml": old})
    result = pipeline.run(root / "catalog", root)
    (migrate,) = [d for d in result.errors if d.code == "allowlist-old-format"]
    assert (migrate.file, migrate.line) == ("catalog/detector-allowlist.yml", 3)
    assert "python build.py allow" in migrate.fix and "穷举" in migrate.message
    assert "detect-mobile" in {d.code for d in result.errors}


def test_one_guess_against_an_item_is_slow():
    item = allowlist.value_hash(ENTRY, "mobile", MOB)
    entry = allowlist.AllowItem(ENTRY, "mobile", item, "r", 1)
    started = time.perf_counter()
    assert not entry.matches_value("15913572469")
    assert time.perf_counter() - started >= 0.01
    assert entry.matches_value(MOB)
    assert allowlist.value_hash(ENTRY, "mobile", MOB) != item  # a fresh salt every time


# --- the log scan ------------------------------------------------------------------------------


def leaks(output: str, planted: list[str]) -> list[str]:
    """Lines that show 4 digits of a planted value in order, or a digest of it."""
    found = []
    for value in planted:
        forms = {value, value.lower(), " ".join(value[i: i + 4] for i in range(0, len(value), 4))}
        digests = {getattr(hashlib, name)(form.encode()).hexdigest() for name in ("sha256", "md5", "sha1") for form in forms}
        digests |= {d[:16] for d in digests}
        for raw in output.splitlines():
            # random salts and scrypt keys are long hex strings: digits in them say nothing of the value
            line = re.sub(r"(?<![0-9a-f])[0-9a-f]{32,}(?![0-9a-f])", "<hex>", raw) if "scrypt:" in raw or "sha256" in raw else raw
            if any(d in raw.lower() for d in digests):
                found.append(raw)
                continue
            squeezed = re.sub(r"[\s*\-•●■×xX]", "", line) if value[-1] != "X" else re.sub(r"[\s*\-•●■]", "", line)
            pieces = [value[i: i + 4] for i in range(len(value) - 3)]
            if any(p in line or p in squeezed for p in pieces):
                found.append(raw)
    return found


def test_no_output_line_reveals_a_planted_value(make_project):
    # values chosen so that no 4 digits of theirs occur in the project's paths, dates or 索引号
    mobile, card = "18765432981", "6217995798765431"
    person = "53262719770809875"
    person += id_check_digit(person)
    files = {
        ENTRY: notice(f"联系人手机 {mobile[:3]}\u3000{mobile[3:7]}\u200b{mobile[7:]}。\n收款账号 {card}\n"),
        "catalog/notice/2024/b.md": notice(f"| 姓名 | 身份证 |\n| --- | --- |\n| 王某 | {person[:6]} | {person[6:]} |\n", index=2),
        "catalog/notice/2024/c.md": notice("正文。\n", ("名单.txt", "扫描.pdf"), index=3),
        "catalog/notice/2024/名单.txt": f"姓名\t电话\n李某\t{mobile}\n".encode("utf-16"),
        "catalog/notice/2024/扫描.pdf": pdf(),
    }
    root = make_project(files)
    outputs = []
    check = cli(root, "check")
    assert check.returncode == 1
    outputs.append(check.stdout + check.stderr)
    for code in ("detect-mobile", "detect-bank-card", "detect-id-number", "attachment-unscanned"):
        assert code in check.stdout
    build = cli(root, "build", "--no-write-index-no")
    assert build.returncode != 0
    outputs.append(build.stdout + build.stderr)
    for line in re.findall(r"python build\.py allow (\S+)", check.stdout):
        done = cli(root, "allow", line, "--reason", "测试")
        assert done.returncode == 0, done.stderr
        outputs.append(done.stdout + done.stderr)
    outputs.append((root / "catalog/detector-allowlist.yml").read_text(encoding="utf-8"))
    final = cli(root, "check")
    assert final.returncode == 0, final.stdout
    outputs.append(final.stdout + final.stderr)
    everything = "\n".join(outputs)
    assert not leaks(everything, [mobile, card, person]), leaks(everything, [mobile, card, person])
    # the scan itself catches what the old messages printed: a 4+4 mask and an unsalted sha256
    assert leaks(f"手机 {mobile[:3]}****{mobile[-4:]}", [mobile]) and leaks("sha256: " + hashlib.sha256(mobile.encode()).hexdigest(), [mobile])


def test_hostile_hash_parameters_are_refused_not_run(make_project):
    salt, key = "ab" * 16, "cd" * 32
    allow = "".join(
        f"- file: {ENTRY}\n  detector: mobile\n  hash: scrypt:{n}:{r}:{p}:{salt}:{key}\n  reason: x\n"
        for n, r, p in ((2**30, 8, 1), (2**14, 8, 1000), (1024, 8, 1), (3 * 2**14, 8, 1))
    )
    root = make_project({ENTRY: notice(f"电话 {MOB}\n"), "catalog/detector-allowlist.yml": allow})
    started = time.perf_counter()
    result = pipeline.run(root / "catalog", root)
    assert time.perf_counter() - started < 10
    assert [d.line for d in result.errors if d.code == "allowlist-hash"] == [3, 7, 11, 15]


def test_a_reason_that_repeats_the_number_is_refused_and_nothing_is_written(make_project):
    """The reason is stored in clear and committed: “15913572468 是值班电话” would undo the salted hash."""
    root = make_project({ENTRY: notice(f"值班电话 {MOB}（对外公布）。\n")})
    for reason in (f"{MOB} 是单位值班电话", f"号码 {MOB[:3]} {MOB[3:7]} {MOB[7:]} 对外公布", f"尾号 {MOB[3:]} 为值班电话", f"另一个号码 {ID}"):
        done = cli(root, "allow", f"{ENTRY}:9", "--reason", reason)
        assert done.returncode == 2 and "不要写号码本身" in done.stderr, (reason, done.stdout, done.stderr)
        assert MOB[3:] not in done.stdout + done.stderr
        assert not (root / "catalog/detector-allowlist.yml").exists()
    done = cli(root, "allow", f"{ENTRY}:9", "--reason", "单位对外公布的值班手机（2024年核实）")
    assert done.returncode == 0 and "登记 1 项" in done.stdout, done.stdout + done.stderr
