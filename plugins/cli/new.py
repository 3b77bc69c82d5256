"""``build.py new KIND``: a commented template, named by the organ so review routing (CODEOWNERS) finds it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from plugins.cli.settings import _catalog_dir
from plugins.core import scaffold
from plugins.core.load.registries import REGISTRIES, load_registry


def cmd_new(args: argparse.Namespace) -> int:
    config_file = Path(args.config_file).resolve()
    slug = args.slug
    if slug is not None and (not slug.strip() or any(c in slug for c in '/\\:*?"<>|') or not slug.isprintable() or slug[0] in "._-" or len(slug.encode()) > 150):
        print(f"文件名“{slug.encode('unicode_escape').decode()[:60]}”不能用：只写文件名本身（不含 / \\ : * ? \" < > | 和控制字符，不以 . _ - 开头，不超过 50 个汉字），"
              "条目会放在 catalog/<类别>/<年份>/ 下", file=sys.stderr)
        return 2
    catalog_dir = _catalog_dir(config_file)
    organs = _organs(catalog_dir, config_file.parent)
    organ = args.organ
    if organ is not None and organ not in organs:
        listed = "；".join(f"{key}（{name}）" for key, name in organs.items()) or "名录中还没有机构"
        print(f"发布机构编号“{organ[:40]}”不在 catalog/organs.yml 中。可以写：{listed}", file=sys.stderr)
        return 2
    if organ is None and organs and sys.stdin.isatty():
        organ = _ask(organs)  # None: not answered, the note below says what to do
    path = scaffold.new_entry(catalog_dir, args.kind, args.slug, markdown=args.markdown, organ=organ)
    print(f"已生成 {path.relative_to(config_file.parent)}，请按注释填写后运行 python build.py check。")
    if organ is None:
        print("提示：文件名最好以发布机构编号开头（如 dg-finance-0305.yml），保密审查按它找审查人（CODEOWNERS）；"
              "下次可加 --organ 编号，或把文件改名。")
    return 0


def _organs(catalog_dir: Path, root: Path) -> dict[str, str]:
    """id → name of catalog/organs.yml (empty when it cannot be read: check reports why)."""
    items, _ = load_registry(catalog_dir / REGISTRIES["organs"], root)
    return {key: item.name for key, item in items.items()}


def _ask(organs: dict[str, str]) -> str | None:
    """Ask on the terminal which organ issues the entry: a number of the list or an id."""
    ids = list(organs)
    print("发布机构（写序号或编号，直接回车则不填）：")
    for number, key in enumerate(ids, 1):
        print(f"  {number}. {key}  {organs[key]}")
    for _ in range(3):
        try:
            answer = input("> ").strip()
        except EOFError:
            return None
        if not answer:
            return None
        if answer.isdigit() and 1 <= int(answer) <= len(ids):
            return ids[int(answer) - 1]
        if answer in organs:
            return answer
        print(f"没有“{answer[:40]}”：写 1 到 {len(ids)} 的序号，或上面列出的编号。")
    return None
