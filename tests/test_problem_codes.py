"""The catalog of problem codes: declared once, the docs made from it, every code in the source declared."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from plugins.cli.codes import main as codes_main
from plugins.cli.codes import sections
from plugins.core.problems import codes as generic
from plugins.core.problems.codes import PROTECTED, Severity, anchor, index, severity_of
from plugins.core.problems.codes.doc import DOC, render
from plugins.core.kinds import KINDS
from plugins.core.problems.diagnostics import Diagnostic
from plugins.core.problems import detectors

ROOT = Path(__file__).resolve().parent.parent
SECTIONS = sections()
"""The generic sections and every kind's: what docs/problem-codes.md shows."""
CODES = index(SECTIONS)
SHAPE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)+$")
MAKERS = {"Diagnostic": 3, "problem": 2, "add": 1, "report": 1, "at": None}
"""Functions that make a diagnostic, and where their code argument is (None: keyword ``code=`` only)."""
PRINTED = re.compile(r"\[([a-z][a-z0-9]*(?:-[a-z0-9]+)+)\]$")
"""A code printed at the end of a message written out by hand (build.py, the search plugin)."""


def product_files() -> list[Path]:
    return sorted(p for p in (ROOT / "plugins").rglob("*.py") if "problems/codes" not in p.as_posix() and p.name != "codes.py") + [ROOT / "build.py"]


def literal_codes() -> dict[str, list[str]]:
    """Every problem code written as a string in product code: at a call that makes a diagnostic, or printed ``[code]``."""
    found: dict[str, list[str]] = {}
    for path in product_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        where = path.relative_to(ROOT).as_posix()
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                f = node.func
                name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""
                args = [k.value for k in node.keywords if k.arg == "code"]
                if name in MAKERS and MAKERS[name] is not None and len(node.args) > MAKERS[name]:  # type: ignore[operator]
                    args.append(node.args[MAKERS[name]])  # type: ignore[index]
                for arg in args:
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and SHAPE.match(arg.value):
                        found.setdefault(arg.value, []).append(f"{where}:{node.lineno}")
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                match = PRINTED.search(node.value.strip())
                if match:
                    found.setdefault(match.group(1), []).append(f"{where}:{node.lineno}")
    return found


def test_every_code_in_the_source_is_declared() -> None:
    found = literal_codes()
    assert len(found) > 150  # the scan sees the call sites (a broken scan would pass on nothing)
    missing = {code: places for code, places in found.items() if code not in CODES}
    assert not missing, f"problem codes used in product code but not declared in plugins/core/problems/codes/: {missing}"


def test_computed_codes_are_declared() -> None:
    """Codes made from a name at run time: one per detector."""
    for name in detectors.DETECTORS:
        code = "detect-marking" if name == "classification-marking" else f"detect-{name}"
        assert code in CODES, code
        assert not CODES[code].may_adjust


def test_call_sites_agree_with_the_catalog() -> None:
    """A call site names a severity only where the code is declared to be both (``levels``)."""
    wrong = []
    for path in product_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            code = next((k.value for k in node.keywords if k.arg == "code"), None)
            f = node.func
            name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""
            if code is None and MAKERS.get(name) is not None and len(node.args) > MAKERS[name]:  # type: ignore[operator]
                code = node.args[MAKERS[name]]  # type: ignore[index]
            if not (isinstance(code, ast.Constant) and isinstance(code.value, str) and code.value in CODES):
                continue
            severities = [k.value for k in node.keywords if k.arg == "severity"]
            if severities and not CODES[code.value].levels:
                wrong.append(f"{path.relative_to(ROOT)}:{node.lineno}: {code.value}")
    assert not wrong, f"severity given at the call site of a code with one level (the catalog decides): {wrong}"


def test_the_doc_is_made_from_the_catalog() -> None:
    assert DOC.read_text(encoding="utf-8") == render(SECTIONS), "docs/problem-codes.md differs: run python build.py codes --write"
    assert codes_main(["--check"]) == 0
    text = DOC.read_text(encoding="utf-8")
    for section in SECTIONS:
        assert f'<a id="{section.id}"></a>' in text
    for code in CODES:
        assert f"| `{code}` |" in text


def test_other_docs_link_to_the_anchors_instead_of_repeating_tables() -> None:
    for name in ("kinds-budget.md", "kinds-procurement-policy.md", "negative-list.md"):
        text = (ROOT / "docs" / name).read_text(encoding="utf-8")
        assert "| 代码 |" not in text, name
        for target in re.findall(r"problem-codes\.md#([a-z-]+)", text):
            assert any(s.id == target for s in SECTIONS) or target == "validation", (name, target)
    assert anchor("budget-late", SECTIONS) == "problem-codes.md#budget"


def test_no_confidentiality_code_is_adjustable() -> None:
    for code in CODES.values():
        if code.name.startswith(PROTECTED):
            assert not code.may_adjust, code.name
        if not code.can_warn:
            assert not code.may_adjust, code.name
    assert CODES["budget-late"].may_adjust and CODES["result-without-notice"].may_adjust
    assert not CODES["wall-auto-withheld"].may_adjust and not CODES["allowlist-stale"].may_adjust


def test_a_diagnostic_takes_its_severity_from_the_catalog() -> None:
    assert Diagnostic("a.yml", 1, 1, "allowlist-stale", "过期").severity is Severity.WARNING
    assert Diagnostic("a.yml", 1, 1, "missing-field", "缺少").severity is Severity.ERROR
    assert Diagnostic("a.yml", 1, 1, "budget-year", "早了", severity=Severity.WARNING).severity is Severity.WARNING
    assert severity_of("no-such-code") is Severity.ERROR
    assert severity_of("budget-late", CODES) is Severity.WARNING


def test_a_kind_declares_its_own_codes() -> None:
    """A kind's codes are on its Kind, in its package; the generic catalog names no kind's code."""
    pending = Diagnostic("a.yml", 1, 1, "budget-late", "晚了")
    assert pending.severity is None and pending.is_error  # check_catalog settles it from the kind; unsettled counts as an error
    for kind in KINDS:
        for section in kind.codes:
            assert all(code.name not in generic.CODES for code in section.codes), kind.code
    assert not any(s.id == "budget" for s in generic.SECTIONS)
