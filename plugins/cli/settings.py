"""mkdocs.yml as the CLI reads it, without importing MkDocs: the plugin's folders, and what stops every command.

``check`` must fail where ``build`` would, so the file is read with the bounded parser; the folders it names
are the ones the MkDocs plugin uses.
"""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path
from typing import Any

import yaml

from plugins.core.check import validation
from plugins.core import pipeline
from plugins.core.kinds import KINDS
from plugins.core.load import files as loader
from plugins.core.load import forked
from plugins.core.load import yamlpos
from plugins.core.wall import sanitize


def _options(config_file: Path) -> dict:
    """The gk-catalog plugin's options from mkdocs.yml, without importing MkDocs."""
    try:
        config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_PermissiveLoader) or {}
    except (OSError, ValueError, yaml.YAMLError):  # ValueError: not UTF-8; config_problems says so
        return {}
    for plugin in (config.get("plugins") or []) if isinstance(config, dict) else []:
        if isinstance(plugin, dict) and "gk-catalog" in plugin:
            return plugin["gk-catalog"] if isinstance(plugin["gk-catalog"], dict) else {}
    return {}


def site_settings(config_file: Path) -> dict[str, Any]:
    """The settings the build hands the page generators (plugin options, site_url, site_name), as the CLI reads them."""
    try:
        config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_PermissiveLoader) or {}
    except (OSError, ValueError, yaml.YAMLError):
        config = {}
    config = config if isinstance(config, dict) else {}
    return {**_options(config_file), "site_url": str(config.get("site_url") or ""), "site_name": str(config.get("site_name") or "")}


def _config_problems(config_file: Path) -> list:
    """mkdocs.yml extensions and plugins that would let a body pull files into the site (as the build refuses them)."""
    try:
        text = config_file.read_text(encoding="utf-8")
        config = yaml.load(text, Loader=_PermissiveLoader) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return []
    if not isinstance(config, dict):
        return []

    def names(key: str) -> list[str]:
        items = config.get(key) or []
        items = list(items.keys()) if isinstance(items, dict) else items if isinstance(items, list) else []
        return [str(next(iter(i))) if isinstance(i, dict) and i else str(i) for i in items]

    return sanitize.config_problems(names("markdown_extensions"), names("plugins"), text)


def _catalog_dir(config_file: Path) -> Path:
    """The plugin's catalog_dir from mkdocs.yml."""
    return config_file.parent / str(_options(config_file).get("catalog_dir") or "catalog")


def _private_dir(config_file: Path) -> Path | None:
    """The plugin's private_dir (the folder of withheld entries kept out of the repository), or None."""
    value = _options(config_file).get("private_dir")
    return (config_file.parent / str(value)).resolve() if value else None


def _attachments_dir(config_file: Path) -> Path | None:
    """The plugin's attachments_dir from mkdocs.yml (None when not declared)."""
    folder = _options(config_file).get("attachments_dir")
    return config_file.parent / str(folder) if folder else None


def _cache_dir(config_file: Path) -> Path | None:
    """The plugin's cache_dir (default .cache), or None when mkdocs.yml says ``cache: false``."""
    options = _options(config_file)
    if options.get("cache", True) is False:
        return None
    return Path(str(options.get("cache_dir") or ".cache"))


def project_file(target: str, project: Path) -> str | None:
    """A file named on the command line (relative to here or to the project) as a path relative to the project.

    ``allow`` and ``asissued`` take the ``文件:行号`` that ``check`` printed, which is relative to the project
    wherever the command runs. None, said in Chinese, when the file is outside the project.
    """
    path = Path(target)
    if not path.is_absolute():
        path = (Path.cwd() / path) if (Path.cwd() / path).exists() or not (project / path).exists() else project / path
    try:
        return path.resolve().relative_to(project.resolve()).as_posix()
    except ValueError:
        print(f"{target} 不在网站项目文件夹 {project} 内", file=sys.stderr)
        return None


def _workers(config_file: Path) -> int:
    """The plugin's ``workers`` as a process count (0 or not a whole number ≥ 0: every core; mkdocs.yml's check names a wrong value)."""
    value = _options(config_file).get("workers", 0)
    return forked.worker_count(value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0)


def _run(config_file: Path, **kwargs: object) -> pipeline.Result:
    kwargs.setdefault("workers", _workers(config_file))
    return pipeline.run(_catalog_dir(config_file), config_file.parent, private_dir=_private_dir(config_file),
                        attachments_dir=_attachments_dir(config_file), cache_dir=_cache_dir(config_file),
                        validation=validation.from_config_file(config_file, kinds=KINDS)[0], **kwargs)  # type: ignore[arg-type]


PATH_OPTIONS = {"catalog_dir": "目录文件夹", "private_dir": "私有文件夹", "attachments_dir": "附件文件夹", "cache_dir": "缓存文件夹"}


def _where_below(doc: Any, where: tuple[Any, ...], path: tuple[Any, ...]) -> tuple[int, int]:
    """Line and column of ``path`` inside the plugin's options at ``where``."""
    return doc.where((*where, *path))


def config_problems(config_file: Path) -> list[str]:
    """What in mkdocs.yml stops every command from reading the catalog as the site would: one located line each.

    Read with the bounded parser (an alias bomb, a GBK file, a duplicate key are named, not obeyed),
    so that ``check`` fails where ``build`` would, instead of silently using the default folders.
    """
    name = config_file.name
    raw, problem = loader.read_bounded(config_file, name)
    if raw is None:
        if not config_file.exists():
            return [f"{config_file}: 找不到网站配置文件 mkdocs.yml — 在网站项目文件夹（有 mkdocs.yml 的文件夹）中运行，或用 -f 指定它 [config-missing]"]
        return [str(problem)]
    text, found = yamlpos.decode(raw, name)
    doc = None
    if text or not found:
        doc, parsed = yamlpos.parse(text, name, markdown=False)
        found += parsed
    lines = [str(d) for d in found if d.is_error and d.code != "file-bom"]  # MkDocs reads a BOM fine
    if lines or doc is None:
        return lines
    data = doc.data if doc.data is not None else {}
    if not isinstance(data, dict):
        return [f"{name}:1:1: 网站配置应为“键: 值”形式 — 参照项目自带的 mkdocs.yml 书写 [config-format]"]
    plugins = data.get("plugins") or []
    entries = plugins.items() if isinstance(plugins, dict) else [next(iter(p.items())) if isinstance(p, dict) and len(p) == 1 else (p, None) for p in plugins] if isinstance(plugins, list) else []
    for i, (plugin, options) in enumerate(entries):
        if plugin != "gk-catalog" or options is None:
            continue
        where = ("plugins", plugin) if isinstance(plugins, dict) else ("plugins", i, plugin)
        if not isinstance(options, dict):
            line, col = doc.where(where)
            lines.append(f"{name}:{line}:{col}: plugins.gk-catalog: gk-catalog 的设置应为“键: 值”，这里是{loader._quoted(options)} — 写成 - gk-catalog: {{private_dir: ../gk-private}}，或只写 - gk-catalog [config-format]")
            continue
        for key, label in PATH_OPTIONS.items():
            value = options.get(key)
            if value is not None and not (isinstance(value, str) and value.strip()):
                line, col = doc.where((*where, key))
                lines.append(f"{name}:{line}:{col}: {key}({label}): 应为一个文件夹路径（一段文字），这里是{loader._quoted(value)} — 写成 {key}: ../文件夹名，不要用列表、数字或空值 [config-format]")
        lines += [str(d) for d in validation.read(options.get("validation"), partial(_where_below, doc, where), name, KINDS)[1]]
    return lines


class _PermissiveLoader(yaml.SafeLoader):
    """mkdocs.yml may hold !ENV and !!python/name tags; treat them as plain values."""


_PermissiveLoader.add_multi_constructor("", lambda loader, suffix, node: None)
