"""``build.py asissued``: a person who checked a finding against the original records it as issued (原文如此).

Consistent with ``build.py allow``: the finding is named by the ``文件:行号`` that ``check`` printed (and its
code when the line has several); the record is computed here, never typed by hand.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from plugins.cli.settings import _catalog_dir, _private_dir, _run, project_file
from plugins.core.check import asissued
from plugins.core.kinds import KINDS
from plugins.core.problems.codes import index, sections_with
from plugins.core.problems.detectors import scrub


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("target", metavar="文件:行号", help="python build.py check 错误信息中的 文件:行号")
    parser.add_argument("--code", default="", metavar="代码", help="问题代码（方括号中的，如 budget-total-row）；这一行只有一个可登记的问题时可不写")
    parser.add_argument("--by", required=True, metavar="核实人", help="核实人姓名（必填）")
    parser.add_argument("--reason", required=True, metavar="说明", help="为什么照原样公开（必填），如“原文如此，已与财政局核实”")


def cmd_asissued(args: argparse.Namespace) -> int:
    config_file = Path(args.config_file).resolve()
    project = config_file.parent
    reason, checked_by = " ".join(args.reason.split()), " ".join(args.by.split())
    if not reason or not checked_by:
        print("核实人 --by 和说明 --reason 都不能为空：写明谁核实的、为什么照原样公开", file=sys.stderr)
        return 2
    if scrub(reason) != reason or scrub(checked_by) != checked_by:
        print("说明 --reason 和核实人 --by 中不要写身份证号、手机号等号码：登记文件随目录提交，以明文保存", file=sys.stderr)
        return 2
    head, sep, tail = args.target.rpartition(":")
    if not (sep and head and tail.isascii() and tail.isdigit() and 0 < int(tail) < 10**9):
        print(f"“{args.target[:80]}”不是 文件:行号：照抄 python build.py check 错误信息开头的 文件:行号", file=sys.stderr)
        return 2
    line = int(tail)
    rel = project_file(head, project)
    if rel is None:
        return 2
    codes = index(sections_with(kind.codes for kind in KINDS))
    if args.code and not asissued.acknowledgeable(codes.get(args.code)):
        what = f"没有问题代码 {args.code}" if args.code not in codes else (
            f"{args.code} 不是原件内容的问题：负面清单、检测器、公开属性和使网站无法正确生成的格式错误必须改正，不能登记为原文如此")
        print(f"{what}。可以登记的代码见 docs/problem-codes.md 中“可登记原文如此”一栏。未写入任何内容。", file=sys.stderr)
        return 1
    result = _run(config_file)
    broken = [d for d in result.diagnostics if d.code.startswith("as-issued-") and d.is_error and d.code != "as-issued-withheld"]
    if broken:  # appending to a file that does not read would bury the new record in it
        for problem in broken:
            print(f"错误 {problem}", file=sys.stderr)
        print("先改正登记文件的上述问题，再登记；未写入任何内容。", file=sys.stderr)
        return 1
    done = [a for a in result.acknowledged if a.diagnostic.file == rel and a.diagnostic.line == line and (not args.code or a.diagnostic.code == args.code)]
    at_line = [d for d in result.diagnostics if d.file == rel and d.line == line]
    found = [d for d in at_line if asissued.acknowledgeable(codes.get(d.code)) and (not args.code or d.code == args.code)]
    if not found:
        if done:
            print(f"已登记过：{rel} 第 {line} 行的 {done[0].diagnostic.code}（{done[0].record.source}:{done[0].record.line}），未写入任何内容。")
            return 0
        others = sorted({d.code for d in at_line})
        hint = (f"这一行的问题（{'、'.join(others)}）不能登记为原文如此：必须改正" if others and not args.code else
                f"这一行没有 {args.code} 问题" if args.code else "这一行没有问题")
        print(f"{rel} 第 {line} 行：{hint}。请照抄 python build.py check 输出的 文件:行号 和方括号中的代码。未写入任何内容。", file=sys.stderr)
        return 1
    if len({d.code for d in found}) > 1 and not args.code:
        print(f"{rel} 第 {line} 行有 {len(found)} 个可登记的问题，用 --code 指明登记哪一个：", file=sys.stderr)
        for d in found:
            print(f"  --code {d.code}  {scrub(d.message)[:120]}", file=sys.stderr)
        print("未写入任何内容。", file=sys.stderr)
        return 2
    entry = next((e for e in [*result.catalog.entries, *(e for e, _ in result.catalog.incomplete)] if e.source == rel), None)
    name = entry.meta.index_no if entry is not None and entry.meta.index_no and not entry.index_no_preview else rel
    private_dir = _private_dir(config_file)
    withheld = entry is not None and entry.meta.disclosure == asissued.WITHHELD
    if withheld and private_dir is not None:
        if not private_dir.is_dir():
            print(f"这是不予公开的条目，要登记在私有文件夹 {private_dir} 中，但本机找不到它。未写入任何内容。", file=sys.stderr)
            return 1
        target = private_dir / asissued.FILE_NAME
    else:
        target = _catalog_dir(config_file) / asissued.FILE_NAME
    items = [asissued.new_record(name, d, checked_by, reason) for d in found]
    try:
        asissued.append(target, items)
    except OSError as exc:
        print(f"无法写入 {target}：{exc.strerror or exc}", file=sys.stderr)
        return 1
    shown = target.relative_to(project).as_posix() if target.is_relative_to(project) else str(target)
    print(f"已在 {shown} 登记 {len(items)} 处原文如此（核实人 {checked_by}，说明：{reason}）：")
    for d in found:
        print(f"  {rel}:{d.line}:{d.column}: {d.field} [{d.code}] {scrub(d.message)[:160]}")
    print("这处问题不再阻止发布：check 显示为“已核实”，条目页面注明“原文如此”。请把登记文件的修改随拉取请求一起提交审查。")
    return 0
