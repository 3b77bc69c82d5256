"""``build.py allow``: a reviewer lets one detector finding (or one unscannable attachment) through, with a reason.

The allowlist keeps a salted hash, never the value; the reason itself may not quote the number it excuses.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from plugins.cli.settings import _catalog_dir, project_file
from plugins.core.kinds import KINDS
from plugins.core.load.kind import KindSet
from plugins.core.load.loader import load_catalog
from plugins.core.wall import allowlist
from plugins.core.wall import public as wall
from plugins.core.problems.detectors import scrub


def cmd_allow(args: argparse.Namespace) -> int:
    config_file = Path(args.config_file).resolve()
    project = config_file.parent
    catalog_dir = _catalog_dir(config_file)
    reason = " ".join(args.reason.split())
    if not reason:
        print("理由 --reason 不能为空：写明为什么这不是个人信息或可以公开", file=sys.stderr)
        return 2
    target, line = args.target, 0
    head, sep, tail = target.rpartition(":")
    if sep and tail.isascii() and tail.isdigit() and head:
        if len(tail) > 9 or int(tail) == 0:
            print(f"{head} 的行号“{tail[:20]}”不对：照抄 python build.py check 错误信息中的 文件:行号", file=sys.stderr)
            return 2
        target, line = head, int(tail)
    rel = project_file(target, project)
    if rel is None:
        return 2
    catalog, _ = load_catalog(catalog_dir, kinds=KindSet(KINDS), root=project)
    allow_file = catalog_dir / allowlist.FILE_NAME
    known, broken = allowlist.load(allow_file, catalog.root, catalog.negative_list)
    broken = [d for d in broken if d.is_error]
    if broken:  # appending to a file that does not read would bury the new item in it
        for problem in broken:
            print(f"错误 {problem}", file=sys.stderr)
        print(f"先改正 {allow_file.relative_to(project).as_posix()} 的上述问题，再登记；未写入任何内容。", file=sys.stderr)
        return 1
    found = [f for f in wall.findings(catalog, allowlist.Allowlist()) if f.file == rel]
    if line:
        found = [f for f in found if f.line == line and f.detector != allowlist.UNSCANNED]
        if not found:
            print(f"{rel} 第 {line} 行没有检测发现，未登记任何内容。请照抄 python build.py check 错误信息中的 文件:行号。", file=sys.stderr)
            return 1
    else:
        unscanned = [f for f in found if f.detector == allowlist.UNSCANNED]
        if not unscanned:
            hint = "这个文件中的检测发现要逐行登记：写成 文件:行号" if found else "这个文件不是无法检查的附件，也没有检测发现"
            print(f"{rel}：{hint}，未登记任何内容。", file=sys.stderr)
            return 1
        found = unscanned[:1]
    # the reason is kept in clear in a committed file: it must not hold the number it excuses, nor any other
    typed = "".join(ch for ch in reason + args.reviewer if ch.isalnum()).upper()
    if scrub(reason) != reason or scrub(args.reviewer) != args.reviewer or any(
        f.detector not in (allowlist.UNSCANNED, "classification-marking") and any(f.value.upper()[i: i + 6] in typed for i in range(len(f.value) - 5))
        for f in found
    ):  # six characters of it in a row: most of an 11-digit number
        print("理由 --reason（和审核人 --reviewer）中不要写号码本身：白名单随拉取请求提交，理由以明文保存。"
              "改写为“单位值班电话，非个人号码”这样的说明后重新运行", file=sys.stderr)
        return 2
    items, told = [], []
    for finding in found:
        if finding.detector == allowlist.UNSCANNED:
            if not finding.file_sha256:
                print(f"{rel}：无法读取这个文件，不能按内容登记。先改正文件的权限。", file=sys.stderr)
                return 1
            if known.match_file(rel, finding.file_sha256):
                told.append(f"  已在白名单中：{rel}（无法检查的附件，内容未变）")
                continue
            items.append(allowlist.new_file_item(rel, finding.file_sha256, reason, args.reviewer))
            told.append(f"  {rel}：无法检查的附件，按文件内容的哈希登记")
            continue
        what = allowlist.label(finding.detector)
        shown = f"“{finding.value}”" if finding.detector == "classification-marking" else f"（{len(finding.value)} 个字符）"
        if known.match(rel, finding.detector, finding.value):
            told.append(f"  已在白名单中：第 {finding.line} 行第 {finding.column} 列 {what}{shown}")
            continue
        items.append(allowlist.new_value_item(rel, finding.detector, finding.value, finding.line, reason, args.reviewer))
        told.append(f"  第 {finding.line} 行第 {finding.column} 列 {what}{shown}")
    if items:
        try:
            allowlist.append(allow_file, items)
        except OSError as exc:
            print(f"无法写入 {allow_file.relative_to(project).as_posix()}：{exc.strerror or exc}", file=sys.stderr)
            return 1
        print(f"已在 {allow_file.relative_to(project).as_posix()} 登记 {len(items)} 项（只存加盐哈希，不存内容），理由：{reason}")
    else:
        print("没有新登记的内容：")
    print("\n".join(told))
    if items:
        print("请把白名单的修改随拉取请求一起提交审查。")
    return 0
