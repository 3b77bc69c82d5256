"""A hostile catalog in headless Chromium: no payload runs, nothing is fetched from another host.

The site of tests/test_markup_safety.py (hostile titles, summaries, registry names, attachment
titles and bodies), built with the body check switched off so that only the sanitiser stands,
is served on 127.0.0.1; every page is loaded, and the search box is given the hostile title so
that its results (built in the browser) are shown too.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

import sitekit
from plugins.core.wall import markup_check
from test_markup_safety import MARK, PLUGINS, site_files

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not sitekit.chromium_available(), reason="Debian chromium is not installed (make browser-deps)"),
]


@dataclass
class Watch:
    """A page in headless Chromium whose dialogs, console lines and requests are recorded."""

    base: str
    page: Any
    dialogs: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def assert_nothing_ran(self) -> None:
        assert self.dialogs == []
        assert [m for m in self.console if f"{MARK}-ran" in m] == []
        foreign = sorted({r for r in self.requests if not r.startswith(self.base) and not r.startswith("data:")})
        assert foreign == [], f"requests to other hosts: {foreign}"


@contextlib.contextmanager
def watched(site: Path) -> Iterator[Watch]:
    """Serve ``site`` on 127.0.0.1 and open one page in Chromium; any script that runs reports, alert or not."""
    from playwright.sync_api import sync_playwright

    with sitekit.serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=sitekit.CHROMIUM, args=["--headless", *sitekit.CHROMIUM_ARGS])
        context = browser.new_context()
        watch = Watch(base, None)
        context.on("request", lambda request: watch.requests.append(request.url))
        context.route(re.compile(r"^(?!http://127\.0\.0\.1:)"), lambda route: route.abort())  # never wait on the internet
        context.add_init_script(f"window.{MARK} = 0; ['alert', 'confirm', 'prompt'].forEach(n => {{ const f = window[n]; window[n] = (...a) => {{ console.log('{MARK}-ran ' + a.join(' ')); return f.apply(window, a); }}; }});")
        watch.page = context.new_page()
        watch.page.on("dialog", lambda dialog: (watch.dialogs.append(dialog.message), dialog.dismiss()))
        watch.page.on("console", lambda message: watch.console.append(message.text))
        try:
            yield watch
        finally:
            context.close()
            browser.close()


def test_no_payload_of_a_hostile_site_runs_in_chromium(build_site, monkeypatch):
    monkeypatch.setattr(markup_check, "check_public", lambda *args, **kwargs: [])
    site = build_site(site_files(), plugins=PLUGINS, site_url="https://xxgk.example.gov.cn/")
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    with watched(site) as watch:
        page, base = watch.page, watch.base
        for path in pages:
            page.goto(base + path, wait_until="networkidle")
            for selector in ("h1", ".gk-body a", ".gk-body img", ".md-nav__link"):  # hover and focus where handlers would sit
                for element in page.query_selector_all(selector)[:20]:
                    try:
                        element.hover(timeout=500)
                    except Exception:  # noqa: BLE001 - hidden elements cannot be hovered; nothing to check there
                        pass
        page.goto(base, wait_until="networkidle")
        page.keyboard.press("/")
        box = page.locator("input.md-search__input").first
        box.wait_for(state="visible", timeout=5000)
        box.fill("onerror")
        page.wait_for_timeout(1500)
        hits = page.locator(".gk-hit").count()
    assert len(pages) >= 10
    watch.assert_nothing_ran()
    assert hits >= 1, "the search box found nothing: its result rendering was not exercised"


def test_no_markdown_link_title_or_attribute_payload_runs_in_chromium(build_site, monkeypatch):
    """Reference links, <javascript:…>, link titles with quotes, attr_list, md_in_html, admonition titles, table cells."""
    from test_markup_vectors_md import _files

    monkeypatch.setattr(markup_check, "check_public", lambda *args, **kwargs: [])
    site = build_site(_files(), plugins=PLUGINS, site_url="https://xxgk.example.gov.cn/")
    with watched(site) as watch:
        page, base = watch.page, watch.base
        page.goto(base + "xxgk/114419000073302510/2024-00001/", wait_until="networkidle")
        body_links = page.query_selector_all(".gk-body a, .gk-body img, .gk-body p, .gk-body h1, .gk-body h2, .gk-body div, .gk-body td, .gk-body summary")
        assert len(body_links) >= 10
        for element in body_links:
            try:
                element.hover(timeout=300)
                element.click(timeout=300, modifiers=["Alt"], no_wait_after=True)  # Alt: a link would download, not navigate away
            except Exception:  # noqa: BLE001 - hidden or detached elements; nothing to run there
                pass
        page.wait_for_timeout(300)
    watch.assert_nothing_ran()
