"""``build.py import PATH… [--kind] [--organ] [--year]``: documents as they arrive into catalog entries.

After writing, the catalog is checked once and the problems of the written files are printed,
so the editor sees at once what the document lacks (or what the import could not read).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from plugins.cli.settings import _catalog_dir, _run
from plugins.core.intake import run as intake
from plugins.core.kinds import KINDS
from plugins.core.load.kind import KindSet
from plugins.core.load.registries import load_registry
from plugins.core.problems.diagnostics import summary
from plugins.core.sources.document import Request
from plugins.core.wall.logview import log_view

KIND_SET = KindSet(KINDS)


def add_arguments(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("paths", metavar="文件", nargs="+", help="要导入的文件：PDF（带文字层）、xlsx、CSV、文字公告（.txt）或信息公开目录的导出表")
    sub.add_argument("--kind", choices=intake.importable(KIND_SET) or None, metavar="类别", help="条目类别（不写时按文件内容识别）：" + "、".join(intake.importable(KIND_SET)))
    sub.add_argument("--organ", metavar="机构编号", help="发布机构编号（catalog/organs.yml 中的 id；不写时从文件中的机构全称识别）")
    sub.add_argument("--year", type=int, metavar="年度", help="条目所属年度（预决算年度等；不写时从文件中读取）")
    sub.add_argument("--no-check", action="store_true", help="写入后不检查目录")


def cmd_import(args: argparse.Namespace) -> int:
    config_file = Path(args.config_file).resolve()
    catalog_dir = _catalog_dir(config_file)
    organs, _ = load_registry(catalog_dir / "organs.yml", config_file.parent, required=False)
    topics, _ = load_registry(catalog_dir / "topics.yml", config_file.parent, required=False)
    if args.organ and organs and args.organ not in organs:
        print(f"错误 --organ：发布机构编号“{args.organ[:40]}”不在 catalog/organs.yml 中 — 可用的编号：" + "、".join(f"{k}（{v.name}）" for k, v in organs.items()))
        return 2
    if args.kind is not None and args.kind not in intake.importable(KIND_SET):
        print(f"错误 --kind：类别“{args.kind[:40]}”不能从文件导入 — 能导入的类别：" + "、".join(f"{k}（{KIND_SET[k].name}）" for k in intake.importable(KIND_SET)))
        return 2
    if args.year is not None and not 1990 <= args.year <= 2100:
        print(f"错误 --year：年度应是四位数的年份，如 2024，这里是 {args.year}")
        return 2
    request = Request(organ=args.organ, year=args.year, organs={k: v.name for k, v in organs.items()}, topics={k: v.name for k, v in topics.items()},
                      usccs={k: str(v.data.get("uscc") or "") for k, v in organs.items()})
    outcome = intake.run([Path(p) for p in args.paths], catalog_dir, KIND_SET, request, args.kind, print)
    if outcome.written and not args.no_check:
        _report_check(config_file, outcome.written)
    if outcome.failed:
        print(f"\n导入了 {len(outcome.written)} 个条目；{outcome.failed} 个文件或条目没有导入（原因见上）。")
        return 1
    print(f"\n导入了 {len(outcome.written)} 个条目。")
    return 0


def _report_check(config_file: Path, written: list[Path]) -> None:
    """The written files' problems from one check of the whole catalog (references need the rest)."""
    result = _run(config_file)
    root = config_file.parent
    mine = {str(path.resolve().relative_to(root)) if path.resolve().is_relative_to(root) else str(path) for path in written}
    found = [d for d in result.diagnostics if d.file in mine]
    view = log_view(result.catalog, found, private_dirs=result.private_dirs)
    if not found:
        print(f"\n检查：导入的 {len(written)} 个条目没有问题。")
        return
    print(f"\n检查导入的条目：{summary(found)}（改正后运行 python build.py check）：")
    for diagnostic, text in view.lines(found):
        print(("错误 " if diagnostic.is_error else "警告 ") + text)
