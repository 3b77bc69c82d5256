"""mkdocs.yml's ``validation:``: an office raises or silences the adjustable warnings. No MkDocs here.

    - gk-catalog:
        validation:
          warnings_as_errors: [budget-late]
          ignore: [validity-missing]

Read the same way by the plugin and by ``build.py check``; every mistake is a located ``config-validation``
error naming the code and the fix. Applied once to a run's diagnostics (``Validation.apply``), after
the rules: a rule never asks.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..load import yamlpos
from ..problems.diagnostics import Diagnostic
from ..problems.codes import index, sections_with
from ..problems.codes.code import Code, Severity

if TYPE_CHECKING:
    from ..load.kind import Kind

KEYS = {"warnings_as_errors": "当作错误的警告", "ignore": "不再报告的警告"}
CODE = "config-validation"
FIX = "只写 docs/problem-codes.md 中“可调整”一栏打 ✓ 的代码"

Locate = Callable[[tuple[Any, ...]], tuple[int, int]]


@dataclass(frozen=True)
class Validation:
    """Which adjustable warnings this site raises to errors and which it does not report."""

    raised: frozenset[str] = frozenset()
    ignored: frozenset[str] = frozenset()

    def apply(self, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
        """The diagnostics as this site's office wants them: only warnings change, never an error."""
        if not (self.raised or self.ignored):
            return diagnostics
        out = []
        for d in diagnostics:
            if d.severity is Severity.WARNING:
                if d.code in self.ignored:
                    continue
                if d.code in self.raised:
                    d = dataclasses.replace(d, severity=Severity.ERROR)
            out.append(d)
        return out


NONE = Validation()


def read(value: Any, locate: Locate, file: str = "mkdocs.yml", kinds: Iterable[Kind] = ()) -> tuple[Validation, list[Diagnostic]]:
    """``validation:`` as written (None: not written), and one located error for each mistake in it.

    ``kinds``: the site's kinds, whose own codes (``Kind.codes``) may stand there beside the generic ones.
    """
    if value is None:
        return NONE, []
    declared = index(sections_with(kind.codes for kind in kinds))
    problems: list[Diagnostic] = []

    def problem(path: tuple[Any, ...], what: str, fix: str = FIX) -> None:
        line, col = locate(("validation", *path))
        key = next((p for p in reversed(path) if isinstance(p, str)), "validation")
        problems.append(Diagnostic(file, line, col, CODE, what, fix, field=".".join(["validation", *(str(p) if isinstance(p, str) else f"[{p}]" for p in path)]).replace(".[", "["),
                                   label=KEYS.get(key, "警告的级别")))

    if not isinstance(value, dict):
        problem((), f"validation 应为“键: 值”，这里是 {value!r}", "写成 validation: {warnings_as_errors: [代码], ignore: [代码]}")
        return NONE, problems
    found: dict[str, set[str]] = {key: set() for key in KEYS}
    for key, codes in value.items():
        if key not in KEYS:
            problem((key,), f"不认识的设置 {key!r}", "只能写 warnings_as_errors（当作错误）和 ignore（不再报告）")
            continue
        if codes is None:
            continue
        if not isinstance(codes, list):
            problem((key,), f"{key} 应为代码的列表，这里是 {codes!r}", f"写成 {key}: [代码, 代码]")
            continue
        for i, name in enumerate(codes):
            message = _refused(key, name, declared)
            if message:
                problem((key, i), message)
            else:
                found[key].add(name)
    return Validation(frozenset(found["warnings_as_errors"]), frozenset(found["ignore"])), problems


def _refused(key: str, name: Any, codes: Mapping[str, Code]) -> str:
    """Why ``name`` may not stand in ``key``, in Chinese; empty when it may."""
    if not isinstance(name, str):
        return f"应为问题代码（如 budget-late），这里是 {name!r}"
    code = codes.get(name)
    if code is None:
        return f"没有问题代码 {name}"
    if not code.can_warn:
        return f"{name} 是错误，不是警告：错误不能{'忽略' if key == 'ignore' else '再升级'}"
    if not code.may_adjust:
        return f"{name} 涉及防火墙、保密或文件读取，各单位不能调整它"
    return ""


def gk_catalog_options(doc: yamlpos.Document) -> tuple[Any, tuple[Any, ...]] | None:
    """The gk-catalog plugin's options in a parsed mkdocs.yml and their key path, or None."""
    data = doc.data
    plugins = data.get("plugins") if isinstance(data, dict) else None
    if isinstance(plugins, dict):
        return (plugins["gk-catalog"], ("plugins", "gk-catalog")) if "gk-catalog" in plugins else None
    for i, plugin in enumerate(plugins if isinstance(plugins, list) else []):
        if isinstance(plugin, dict) and len(plugin) == 1 and "gk-catalog" in plugin:
            return plugin["gk-catalog"], ("plugins", i, "gk-catalog")
    return None


def from_config_file(config_file: Path, value: Any = ..., kinds: Iterable[Kind] = ()) -> tuple[Validation, list[Diagnostic]]:
    """Read ``validation:`` from mkdocs.yml (or take ``value``, as MkDocs resolved it), located in the file.

    A mkdocs.yml that cannot be parsed gives no validation here: what reads the rest of it says why.
    """
    try:
        text = config_file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = ""
    doc, _ = yamlpos.parse(text, config_file.name, markdown=False) if text else (None, [])
    found = gk_catalog_options(doc) if doc is not None else None
    options, where = found if found is not None and isinstance(found[0], dict) else ({}, ())
    if value is ...:
        value = options.get("validation")

    def locate(path: tuple[Any, ...]) -> tuple[int, int]:
        return doc.where((*where, *path)) if doc is not None and where else (0, 0)

    return read(value, locate, config_file.name, kinds)
