"""``build.py counts``: the numbers of withheld entries in the private folder, written for the public repository."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from plugins.cli.settings import _catalog_dir, _private_dir, _run
from plugins.core.load import private


def cmd_counts(args: argparse.Namespace) -> int:
    config_file = Path(args.config_file).resolve()
    private_dir = _private_dir(config_file)
    if private_dir is None:
        print("mkdocs.yml 中没有设置私有文件夹（gk-catalog 的 private_dir），不需要数量文件。", file=sys.stderr)
        return 2
    if not private_dir.is_dir():
        print(f"找不到私有文件夹 {private_dir}：在能读到它的电脑上运行本命令（或先检出私有仓库到这里）。", file=sys.stderr)
        return 2
    result = _run(config_file)
    private_rel = private.rel(private_dir, config_file.parent)
    counts = private.count_entries(result.catalog.entries, private_rel + "/")
    path = _catalog_dir(config_file) / private.COUNTS_FILE
    path.write_text(private.dump(counts, private_rel), encoding="utf-8")
    print(f"已写入 {path.relative_to(config_file.parent).as_posix()}：不予公开条目 {counts.total} 个（只有数字）。请提交这个文件。")
    broken = [d for d in result.errors if d.file.startswith(private_rel + "/")]
    if broken:
        print(f"注意：私有文件夹中有 {len(broken)} 个错误，有错误的条目未计入（运行 python build.py check 查看）。", file=sys.stderr)
        return 1
    return 0
