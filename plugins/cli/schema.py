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
SETTINGS = Path(".vscode") / "settings.json"
"""VS Code's workspace settings: ``yaml.schemas`` maps each schema to the files it checks (written with the schemas)."""


def mapping() -> dict[str, list[str]]:
    """Schema → the files it checks: each kind's folder, and the two registries."""
    out = {f"./{FOLDER}/{kind.code}.schema.json": [f"catalog/{kind.code}/**/*.yml", f"catalog/{kind.code}/**/*.yaml"] for kind in KINDS}
    out[f"./{FOLDER}/organs.schema.json"] = ["catalog/organs.yml"]
    out[f"./{FOLDER}/topics.schema.json"] = ["catalog/topics.yml"]
    return out


def settings_text(existing: str | None) -> str | None:
    """The settings with ``yaml.schemas`` made current, other settings kept; None when the file is not plain JSON."""
    try:
        settings = json.loads(existing) if existing else {}
    except json.JSONDecodeError:  # VS Code allows comments there; such a file is the office's to edit by hand
        return None
    if not isinstance(settings, dict):
        return None
    settings = {"yaml.schemas": mapping(), "yaml.validate": True, "yaml.completion": True, "yaml.hover": True, "yaml.schemaStore.enable": False, **settings}
    settings["yaml.schemas"] = {**{k: v for k, v in (settings.get("yaml.schemas") or {}).items() if not k.startswith(f"./{FOLDER}/")}, **mapping()}
    return json.dumps(settings, ensure_ascii=False, indent=2) + "\n"


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


def _settings(root: Path) -> tuple[str | None, str | None]:
    """(the settings file's text, what it should be)."""
    path = root / SETTINGS
    existing = path.read_text(encoding="utf-8") if path.is_file() else None
    return existing, settings_text(existing)


def main(root: Path, *, write: bool = False, check: bool = False) -> int:
    folder = root / FOLDER
    texts = render()
    existing, settings = _settings(root)
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
        if settings is None:
            print(f"{SETTINGS} 不是纯 JSON（可能有注释），未改动：请手工核对其中 yaml.schemas 的对应关系（见 docs/catalog-format.md）", file=sys.stderr)
        elif settings != existing:
            (root / SETTINGS).parent.mkdir(exist_ok=True)
            (root / SETTINGS).write_text(settings, encoding="utf-8")
            print(f"已更新 {root / SETTINGS} 的 yaml.schemas")
        return 0
    if check:
        problems = stale(folder, texts)
        if settings is not None and settings != existing:
            problems.append(f"{SETTINGS.as_posix()} 的 yaml.schemas 与类别不一致")
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
