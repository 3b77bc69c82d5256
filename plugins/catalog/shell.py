"""Render the parts of Material's page frame that are the same for many pages once.

Material renders its whole frame for every page: the nav (every section, every
link), the stylesheets, scripts, the search configuration, the footer. For a
page that is not in the nav (an entry page, a listing) none of that depends on
the page except through relative URLs, and relative URLs depend only on the
folder the page sits in. So, for such pages, each of the parts below is
rendered for the first page of a folder and its text reused for the others of
that folder. What is reused is Jinja's own output, so the site is byte for byte
the one Material makes (tests/test_page_shell.py builds both ways and compares
every file).

Only templates loaded from Material's own folder or from gk-catalog's theme are
touched: a part that a site overrides in its ``custom_dir`` is rendered for
every page as usual.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2

if TYPE_CHECKING:
    from jinja2.runtime import Context
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

Render = Callable[["Context"], Iterator[str]]

BLOCKS: dict[str, tuple[str, ...]] = {
    # template: its blocks that read nothing of the page but relative URLs (and, for the footer,
    # the previous/next page, which a page outside the nav has not). Never a block that calls
    # super(): Jinja finds the block it is called from by identity in the block list.
    "base.html": ("styles", "analytics", "footer", "config", "scripts"),
    "main.html": ("announce",),
}
PARTIALS = ("partials/nav.html", "partials/logo.html", "partials/search.html", "partials/top.html", "partials/javascripts/base.html")
"""Whole templates included from a page-dependent part (the header, the sidebar) that read nothing of the page
but relative URLs and whether it is in the nav."""
SHADOWED = ("partials/", "base.html", "main.html")
"""A site's ``custom_dir`` template under one of these names may read the page: then nothing is reused."""


class Shell:
    """The reusable parts of one build (a fresh one for every Jinja environment, so every ``serve`` rebuild)."""

    def __init__(self, pages: dict[str, str], nav: Navigation | None):
        inside = [page.url for page in (nav.pages if nav is not None else [])]
        self.keys = {src: _folder(url) for src, url in pages.items() if not any(other.startswith(url) for other in inside)}
        """src_uri → the folder its relative URLs start from, for the pages whose frame parts are reused:
        generated, outside the nav, and no nav link inside their own folder (its relative URL would be its own)."""
        self.parts: dict[tuple[str, str, bool], str] = {}

    def key(self, context: Context) -> tuple[str, bool] | None:
        """The folder of the page being rendered, or None when its frame must be rendered in full."""
        page: Page | None = context.get("page")
        if page is None or page.previous_page is not None or page.next_page is not None:
            return None
        return self.keys.get(page.file.src_uri)

    def reuse(self, name: str, render: Render) -> Render:
        def reused(context: Context) -> Iterator[str]:
            key = self.key(context)
            if key is None:
                yield from render(context)
                return
            part = (name, key[0], key[1])
            text = self.parts.get(part)
            if text is None:
                text = self.parts[part] = "".join(render(context))
            yield text

        return reused


def install(env: jinja2.Environment, pages: dict[str, str], nav: Navigation | None, ours: Path, theme_dirs: list[str]) -> Shell | None:
    """Make ``env`` reuse the frame parts of ``pages`` (src_uri → URL); None when the theme is not Material or a site overrides a part."""
    material = _material_dir(theme_dirs)
    if material is None or not pages:
        return None
    for folder in theme_dirs:
        if Path(folder).resolve() in (material, ours.resolve()):
            continue
        for path in Path(folder).rglob("*.html"):
            name = path.relative_to(folder).as_posix()
            if name.startswith(SHADOWED):
                return None
    shell = Shell(pages, nav)
    allowed = (material, ours.resolve())
    for name, blocks in BLOCKS.items():
        template = env.get_template(name)
        if not _from(template, allowed):
            return None
        for block in blocks:
            if block in template.blocks:
                template.blocks[block] = shell.reuse(f"{name}#{block}", template.blocks[block])
    for name in PARTIALS:
        template = env.get_template(name)
        if _from(template, allowed):
            template.root_render_func = shell.reuse(name, template.root_render_func)
    return shell


def _folder(url: str) -> tuple[str, bool]:
    """What a relative URL from ``url`` to a page outside its own folder depends on (mkdocs.utils.get_relative_url)."""
    return posixpath.dirname(url.rstrip("/")), url.endswith("/")


def _material_dir(theme_dirs: list[str]) -> Path | None:
    for folder in theme_dirs:
        if (Path(folder) / "base.html").is_file() and Path(folder).parent.name == "material" and Path(folder).name == "templates":
            return Path(folder).resolve()
    return None


def _from(template: jinja2.Template, folders: tuple[Path, ...]) -> bool:
    if not template.filename:
        return False
    where = Path(template.filename).resolve()
    return any(where.is_relative_to(folder) for folder in folders)
