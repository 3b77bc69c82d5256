"""A draft written as an entry file: never over an existing file, unread places listed at its head."""

from __future__ import annotations

import contextlib
import datetime
import os
import shutil
from pathlib import Path
from typing import Any

import yaml

from ..sources.document import Draft


class Exists(Exception):
    """The entry file is already there: an import never overwrites (``str()`` is the path)."""


class _Dumper(yaml.SafeDumper):
    """Lists of plain values and small row mappings inside lists on one line, as docs/kinds-budget.md writes them."""


def _flat(value: Any) -> bool:
    return not isinstance(value, (dict, list)) or (isinstance(value, list) and all(not isinstance(v, (dict, list)) for v in value))


def _represent_list(dumper: yaml.SafeDumper, data: list) -> yaml.Node:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=all(not isinstance(v, (dict, list)) for v in data))


def _represent_dict(dumper: yaml.SafeDumper, data: dict) -> yaml.Node:
    node = dumper.represent_mapping("tag:yaml.org,2002:map", data.items())
    node.flow_style = getattr(data, "flow", False)
    return node


class Row(dict):
    """A mapping written on one line (a table row)."""

    flow = True


_Dumper.add_representer(list, _represent_list)
_Dumper.add_representer(dict, _represent_dict)
_Dumper.add_representer(Row, _represent_dict)


def rows_on_one_line(value: Any) -> Any:
    """Every mapping inside a list whose values are plain (a table row, an attachment) becomes a ``Row``."""
    if isinstance(value, dict):
        return {key: rows_on_one_line(item) for key, item in value.items()}
    if isinstance(value, list):
        return [Row(item) if isinstance(item, dict) and all(_flat(v) for v in item.values()) else rows_on_one_line(item) for item in value]
    return value


def render(draft: Draft, source_name: str, today: datetime.date) -> str:
    """The entry file's text: a head comment, the fields (YAML), the body for a Markdown entry."""
    head = [f"# 由 python build.py import 从“{source_name}”导入（{today.isoformat()}）。核对后运行 python build.py check。"]
    if draft.unread:
        head.append(f"# 以下 {len(draft.unread)} 处未能从原件读出，已写作“待补：…”，请对照原件填写：")
        head += [f"#   {item.place}：{item.what}" for item in draft.unread]
    head += [f"# {note}" for note in draft.notes]
    if draft.origins:
        head.append("# 各项的出处（对照原件核对）：")
        head += [f"#   {key} ← {place}" for key, place in draft.origins]
    fields = yaml.dump(rows_on_one_line(draft.meta), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100_000, default_flow_style=False)
    if draft.body is not None:
        return "---\n" + "\n".join(head) + "\n" + fields + "---\n" + draft.body.strip() + "\n"
    return "\n".join(head) + "\n" + fields


def write(draft: Draft, catalog_dir: Path, source: Path, today: datetime.date) -> Path:
    """Write ``draft`` under ``catalog/<kind>/<year>/``; the source kept beside it when it is the attachment."""
    folder = catalog_dir / draft.kind / str(draft.year or today.year)
    suffix = ".md" if draft.body is not None else ".yml"
    path = folder / f"{draft.stem}{suffix}"
    if path.exists() or (folder / f"{draft.stem}{'.yml' if suffix == '.md' else '.md'}").exists():
        raise Exists(str(path))
    folder.mkdir(parents=True, exist_ok=True)
    if draft.attachment is not None:
        kept = folder / f"{draft.stem}{draft.attachment.suffix.lower()}"
        if not kept.exists():
            shutil.copyfile(draft.attachment, kept)
        draft.meta.setdefault("attachments", [{"file": kept.name, "title": draft.attachment.stem}])
    text = render(draft, source.name, today)
    yaml.safe_load(text.split("---\n")[1] if suffix == ".md" else text)  # what is written parses back
    _write_new(path, text.encode("utf-8"))
    return path


def _write_new(path: Path, data: bytes) -> None:
    try:
        with open(path, "xb") as file:  # never over a file written meanwhile
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
    except FileExistsError:
        raise Exists(str(path)) from None
    except OSError as exc:  # a full disk: no half-written entry left behind
        with contextlib.suppress(OSError):
            os.unlink(path)
        raise OSError(exc.errno, exc.strerror, str(path)) from None
