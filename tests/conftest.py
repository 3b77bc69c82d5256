"""Fixtures that write a tiny catalog site into tmp_path and build it for real."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

ORGANS = """\
- id: demo-office
  name: 示例市人民政府办公室
  uscc: 11441900007330235A
- id: demo-finance
  name: 示例市财政局
  uscc: "114419000073302510"
"""

TOPICS = """\
- id: zwgk
  name: 综合政务\\政务公开
- id: czys
  name: 财政、金融、审计\\财政
"""

NEGATIVE_LIST = """\
- id: state-secret
  name: 国家秘密
  basis: 《政府信息公开条例》第十四条
- id: privacy
  name: 个人隐私
  basis: 《政府信息公开条例》第十五条
- id: process-info
  name: 过程性信息
  basis: 《政府信息公开条例》第十六条第二款
"""

POLICY = """\
kind: policy
title: 示例市政务公开工作要点
organ: demo-office
doc_no: 示府办〔2024〕3号
written: 2024-03-01
published: 2024-03-05
topics: [zwgk]
disclosure: 主动公开
validity: 有效
body: 各区人民政府，市府直属各单位。
"""


@pytest.fixture(autouse=True)
def _local_log(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests run as an editor's machine does (full diagnostics), even when the test runner itself is in CI."""
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("GK_PUBLIC_LOG", raising=False)


def write_files(root: Path, files: dict[str, str | bytes]) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")


@pytest.fixture
def make_project(tmp_path: Path) -> Callable[..., Path]:
    """Write registries, content pages and the given files; return the project root.

    ``files`` maps paths relative to the project root to their text (or bytes).
    A registry given in ``files`` replaces the default one.
    """

    def _make(files: dict[str, str | bytes] | None = None, *, plugins: list | None = None, **config) -> Path:
        base: dict[str, str | bytes] = {
            "catalog/organs.yml": ORGANS,
            "catalog/topics.yml": TOPICS,
            "catalog/negative-list.yml": NEGATIVE_LIST,
            "content/index.md": "# 首页\n",
            "content/apply.md": "# 依申请公开指南\n",
            "content/guide.md": "# 信息公开指南\n",
        }
        base.update(files or {})
        write_files(tmp_path, base)
        mkdocs_yml = {
            "site_name": "测试目录",
            "docs_dir": "content",
            "theme": {"name": "material", "language": "zh", "font": False},
            "plugins": plugins if plugins is not None else ["gk-catalog"],
            "markdown_extensions": ["tables", "nl2br", "attr_list", "md_in_html", "admonition"],
            **config,
        }
        (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(mkdocs_yml, allow_unicode=True), encoding="utf-8")
        return tmp_path

    return _make


def mkdocs_build(config_file: Path, **overrides: object) -> Path:
    """Build the site of ``config_file`` as ``mkdocs build`` does (plugins started and shut down); return its folder.

    ``overrides``: settings that replace mkdocs.yml's, e.g. ``site_dir``.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(config_file), **overrides)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    return Path(config["site_dir"])


def with_workers(root: Path, workers: int, site: str) -> Path:
    """Write mkdocs-<site>.yml: the project's mkdocs.yml with gk-catalog's ``workers`` set and ``site_dir: <site>``."""
    import yaml

    data = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    plugins = []
    for item in data["plugins"]:
        name = item if isinstance(item, str) else next(iter(item))
        if name == "gk-catalog":
            options = {} if isinstance(item, str) else dict(item[name] or {})
            item = {"gk-catalog": {**options, "workers": workers}}
        plugins.append(item)
    data.update(plugins=plugins, site_dir=site)
    path = root / f"mkdocs-{site}.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def site_files(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by its relative path: two builds compared byte for byte."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def build_site(make_project: Callable[..., Path]) -> Callable[..., Path]:
    """Write a project and build it with MkDocs; return the site folder."""

    def _build(files: dict[str, str | bytes] | None = None, **kwargs) -> Path:
        return mkdocs_build(make_project(files, **kwargs) / "mkdocs.yml")

    return _build


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    """Debian's Chromium driven by Playwright (sitekit.launch), one per test module that asks for it."""
    from playwright.sync_api import sync_playwright

    import sitekit

    with sync_playwright() as playwright:
        instance = sitekit.launch(playwright)
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo site, built once per test run by MkDocs from the repository's mkdocs.yml. Read it, never change it."""
    return mkdocs_build(Path(__file__).resolve().parents[1] / "mkdocs.yml", site_dir=str(tmp_path_factory.mktemp("demo") / "site"))


# --- every problem code an editor can meet is declared (and so documented) ---
# Diagnostics created anywhere during the run are recorded; at the end of the
# session every code must be in the catalog of problem codes (plugins/core/problems/codes/ and each
# kind's codes.py, ``Kind.codes``), from which docs/problem-codes.md is made (tests/test_problem_codes.py keeps the two equal).

from plugins.core.problems import diagnostics as _diagnostics  # noqa: E402
from plugins.cli.codes import sections as _sections  # noqa: E402
from plugins.core.problems.codes import index as _index  # noqa: E402

_CODES = _index(_sections())

EMITTED_CODES: set[str] = set()
_original_init = _diagnostics.Diagnostic.__init__


def _recording_init(self, *args, **kwargs):  # type: ignore[no-untyped-def]
    _original_init(self, *args, **kwargs)
    EMITTED_CODES.add(self.code)


_diagnostics.Diagnostic.__init__ = _recording_init  # type: ignore[method-assign]


def pytest_sessionfinish(session, exitstatus):  # type: ignore[no-untyped-def]
    missing = sorted(code for code in EMITTED_CODES if code not in _CODES)
    if missing and exitstatus == 0:
        session.exitstatus = 1
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter:
            reporter.write_line("Problem codes emitted in tests but not declared in plugins/core/problems/codes/ or a kind's codes.py: " + ", ".join(missing), red=True)
