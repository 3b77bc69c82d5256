"""mkdocs.yml's ``validation:``: an office raises or silences adjustable warnings, in check and in the build."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, PluginError

from conftest import POLICY
from plugins.core import pipeline
from plugins.core.check import validation
from plugins.core.problems.codes.code import Severity
from plugins.core.kinds import KINDS

ROOT = Path(__file__).resolve().parent.parent
ENTRY = "catalog/policy/2024/yaodian.yml"
NO_VALIDITY = {ENTRY: POLICY.replace("validity: 有效\n", "")}
"""A clean policy but for one adjustable warning: validity-missing."""


def project(make_project, settings: object) -> Path:
    return make_project(NO_VALIDITY, plugins=[{"gk-catalog": {"validation": settings}}])


def run_cli(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "-f", str(root / "mkdocs.yml"), *args], capture_output=True, text=True, timeout=120)


def checked(root: Path) -> pipeline.Result:
    found, problems = validation.from_config_file(root / "mkdocs.yml", kinds=KINDS)
    assert not problems
    return pipeline.run(root / "catalog", root, validation=found)


def codes(result: pipeline.Result) -> list[tuple[str, str]]:
    return [(d.code, d.severity.value) for d in result.diagnostics]


def test_without_the_option_the_warning_is_a_warning(make_project):
    result = checked(make_project(NO_VALIDITY))
    assert codes(result) == [("validity-missing", "warning")] and result.public is not None


def test_a_raised_warning_is_an_error_and_stops_the_build(make_project):
    result = checked(project(make_project, {"warnings_as_errors": ["validity-missing"]}))
    assert codes(result) == [("validity-missing", "error")]
    assert result.public is None
    assert "政策文件没写有效性" in str(result.diagnostics[0]) or result.diagnostics[0].field == "validity"


def test_an_ignored_warning_is_not_reported(make_project):
    result = checked(project(make_project, {"ignore": ["validity-missing"]}))
    assert codes(result) == [] and result.public is not None


def test_ignore_leaves_the_error_cases_of_a_two_level_code():
    error = validation.Diagnostic("a.yml", 1, 1, "result-without-notice", "找不到", severity=Severity.ERROR)
    warning = validation.Diagnostic("a.yml", 2, 1, "result-without-notice", "找不到", severity=Severity.WARNING)
    policy, problems = validation.read({"ignore": ["result-without-notice"]}, lambda path: (1, 1), kinds=KINDS)
    assert not problems and policy.apply([error, warning]) == [error]


def test_check_reads_the_option(make_project):
    root = project(make_project, {"ignore": ["validity-missing"]})
    quiet = run_cli(root, "check")
    assert quiet.returncode == 0 and "validity-missing" not in quiet.stdout + quiet.stderr
    (root / "mkdocs.yml").write_text((root / "mkdocs.yml").read_text(encoding="utf-8").replace("ignore:", "warnings_as_errors:"), encoding="utf-8")
    strict = run_cli(root, "check")
    assert strict.returncode != 0 and "[validity-missing]" in strict.stdout + strict.stderr


@pytest.mark.parametrize(("settings", "code", "says"), [
    ({"ignore": ["wall-auto-withheld"]}, "wall-auto-withheld", "不能调整"),
    ({"ignore": ["detect-id-number"]}, "detect-id-number", "是错误"),
    ({"warnings_as_errors": ["allowlist-stale"]}, "allowlist-stale", "不能调整"),
    ({"ignore": ["missing-field"]}, "missing-field", "错误不能忽略"),
    ({"ignore": ["validity-mising"]}, "validity-mising", "没有问题代码"),
    ({"ignore": "validity-missing"}, "validity-missing", "应为代码的列表"),
    ({"silence": ["validity-missing"]}, "silence", "不认识的设置"),
])
def test_a_mistake_is_a_located_config_error_in_check(make_project, settings, code, says):
    root = project(make_project, settings)
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    needle = "validity-missing" if code == "silence" else code  # a wrong key is placed at its value
    line = next(i for i, row in enumerate(text.splitlines(), 1) if needle in row)
    out = run_cli(root, "check")
    printed = out.stdout + out.stderr
    assert out.returncode == 2 and "Traceback" not in printed
    assert f"mkdocs.yml:{line}:" in printed and code in printed and says in printed and "[config-validation]" in printed


def test_a_mistake_stops_the_mkdocs_build_with_its_line(make_project, caplog):
    root = project(make_project, {"warnings_as_errors": ["wall-auto-withheld"]})
    config = load_config(str(root / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        with pytest.raises((Abort, PluginError)):
            build(config)
    finally:
        config.plugins.on_shutdown()
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "mkdocs.yml 有 1 个错误" in logged and "mkdocs.yml:" in logged and "wall-auto-withheld 涉及防火墙" in logged and "[config-validation]" in logged
    assert not (root / "site").exists()


def test_a_raised_warning_stops_the_mkdocs_build(build_site, caplog):
    with pytest.raises((Abort, PluginError)):
        build_site(NO_VALIDITY, plugins=[{"gk-catalog": {"validation": {"warnings_as_errors": ["validity-missing"]}}}])
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "目录有 1 个错误" in logged and "[validity-missing]" in logged


def test_an_ignored_warning_builds(build_site):
    site = build_site(NO_VALIDITY, plugins=[{"gk-catalog": {"validation": {"ignore": ["validity-missing"]}}}])
    assert (site / "index.html").is_file()
