"""build.py serve rebuilds dirty: only pages whose source changed are rendered again, and they are right."""

from __future__ import annotations

import os
import time

from bs4 import BeautifulSoup

from conftest import POLICY


def policy(n: int, title: str, related: str = "") -> str:
    text = POLICY.replace("title:", f"index_no: 11441900007330235A/2024-{n:05d}\ntitle:").replace("示例市政务公开工作要点", title)
    return text + (f"related: [{related}]\n" if related else "")


def page(site, n):
    return site / f"xxgk/11441900007330235A/2024-{n:05d}/index.html"


def text(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_dirty_rebuild_renders_what_changed_and_skips_the_rest(make_project):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    root = make_project({
        "catalog/policy/2024/a.yml": policy(1, "甲文件"),
        "catalog/policy/2024/b.yml": policy(2, "乙文件", related="11441900007330235A/2024-00001"),
        "catalog/policy/2024/c.yml": policy(3, "丙文件"),
    })
    site = root / "site"

    def rebuild():
        config = load_config(str(root / "mkdocs.yml"))
        config.plugins.on_startup(command="serve", dirty=True)
        build(config, dirty=True)

    rebuild()
    untouched = page(site, 3).stat().st_mtime_ns
    time.sleep(0.05)
    (root / "catalog/policy/2024/a.yml").write_text(policy(1, "甲文件（修订）"), encoding="utf-8")
    rebuild()
    assert text(page(site, 1)).h1.get_text(strip=True) == "甲文件（修订）"
    assert "甲文件（修订）" in [a.get_text() for a in text(page(site, 2)).select(".gk-related a")], "a page linking to the edited one must be rebuilt"
    assert "甲文件（修订）" in text(site / "catalog/kind/policy/index.html").select_one("table.gk-listing").get_text()
    assert page(site, 3).stat().st_mtime_ns == untouched, "an unrelated entry page should have been skipped"
    dirty_nav = [a.get_text(strip=True) for a in text(page(site, 1)).select(".md-nav--primary a")]
    os.utime(root / "catalog/policy/2024/c.yml")  # touched, not changed: still skipped
    rebuild()
    assert page(site, 3).stat().st_mtime_ns == untouched
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(root / "clean"))
    build(config)
    clean_nav = [a.get_text(strip=True) for a in text(page(root / "clean", 1)).select(".md-nav--primary a")]
    assert dirty_nav == clean_nav and "按类别" in clean_nav and "信息公开指南" in clean_nav
