"""``build.py schema [--write | --check]``: the JSON Schemas editors check entry files with, in schemas/.

Made here, above the kinds, because there is one schema per kind (``KINDS``). The files are
committed so VS Code finds them in a fresh clone (.vscode/settings.json maps them to the folders);
``--check`` tells when a model changed and they were not written again.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from plugins.core.kinds import KINDS
from plugins.core.load.jsonschema import all_schemas

FOLDER = "schemas"
COMMAND = "python build.py schema --write"


def render() -> dict[str, str]:
    """File name → its text, as written (stable, so --check compares text)."""
    return {name: json.dumps(schema, ensure_ascii=False, indent=2) + "\n" for name, schema in all_schemas(KINDS).items()}


def stale(folder: Path, texts: dict[str, str]) -> list[str]:
    """What differs between ``folder`` and ``texts``: files missing, out of date, or no longer made."""
    found = []
    for name, text in texts.items():
        path = folder / name
        if not path.is_file():
            found.append(f"缺少 {FOLDER}/{name}")
        elif path.read_text(encoding="utf-8") != text:
            found.append(f"{FOLDER}/{name} 与条目模型不一致")
    if folder.is_dir():
        found += [f"{FOLDER}/{path.name} 已不对应任何类别或名录" for path in sorted(folder.glob("*.schema.json")) if path.name not in texts]
    return found


def main(root: Path, *, write: bool = False, check: bool = False) -> int:
    folder = root / FOLDER
    texts = render()
    if write:
        folder.mkdir(exist_ok=True)
        for name, text in texts.items():
            path = folder / name
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                path.write_text(text, encoding="utf-8")
        for path in folder.glob("*.schema.json"):
            if path.name not in texts:
                path.unlink()
        print(f"已写入 {folder}（{len(texts)} 个文件）")
        return 0
    if check:
        problems = stale(folder, texts)
        for line in problems:
            print(line, file=sys.stderr)
        if problems:
            print(f"编辑器用的 JSON Schema 不是最新的 — 运行 {COMMAND} 并提交 {FOLDER}/ 的改动", file=sys.stderr)
            return 1
        print(f"{folder} 是最新的（{len(texts)} 个文件）")
        return 0
    for name in texts:
        print(f"{FOLDER}/{name}")
    print(f"（运行 {COMMAND} 写入这些文件，--check 核对它们是否最新）")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    return main(Path(args.config_file).resolve().parent, write=args.write, check=args.check)
