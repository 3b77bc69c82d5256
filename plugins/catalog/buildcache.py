"""MkDocs glue of the build cache (``cache: true``): which generated pages a build may take from the cache.

The cache itself (manifest, files, links) is plugins/core/outputs/buildcache.py.
Here are the keys, from what MkDocs renders a page with:

* the site: mkdocs.yml and the resolved config (every plugin's options, the
  theme, the Markdown extensions), the theme folders outside installed packages
  (``custom_dir`` overrides), the hand-written pages (``docs_dir``), this
  project's plugins (code, templates, assets), every installed package's version
  and Python's;
* the nav every page shows: each item's title, URL and meta, once MkDocs has
  read the nav pages (``on_env``);
* the page: its source path and URL, its Markdown (less the per-process mark of
  held HTML), its meta and held HTML, and where each relative link in its
  Markdown leads (MkDocs rewrites a link to a page or file that exists).

A page whose render logged a warning is not kept: the next build renders it
again and says it again (``--strict`` counts it).
"""

from __future__ import annotations

import json
import logging
import posixpath
import re
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from mkdocs.commands.build import _build_page, _populate_page
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Link, Section
from mkdocs.structure.pages import Page

from ..core.outputs.buildcache import FOLDER, PageCache, fingerprint, tree_parts
from ..core.pages.page import NONCE

if TYPE_CHECKING:
    import jinja2
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.nav import Navigation

CODE = Path(__file__).resolve().parent.parent
"""The project's plugins (gk-catalog, gk-search, gk-exports and plugins/core)."""
_LINK = re.compile(r"""\]\(\s*<?([^)\s>]+)|^[ ]{0,3}\[[^\]\n]+\]:[ \t]*<?([^\s>]+)|\b(?:href|src)[ \t]*=[ \t]*["']?([^"'\s>]+)""", re.M)
_QUOTED = re.compile(r"'([^']+)'|\"([^\"]+)\"")


def site_fingerprint(config: MkDocsConfig, root: Path, skip: Iterable[Path]) -> str:
    """What every generated page reads, in one digest; ``skip``: folders of docs_dir that are not pages (the catalog, the cache)."""
    settings = json.dumps(_stable({k: v for k, v in config.items() if k not in ("site_dir", "config_file_path")}), ensure_ascii=False, sort_keys=True)
    settings = settings.replace(str(root), "<root>").replace(sys.prefix, "<prefix>")  # the same project elsewhere (a CI runner) keeps its cache
    parts: list[str | bytes] = ["gk-catalog pages", sys.version, settings]
    parts += sorted(f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions())
    parts += tree_parts(CODE)
    if config.config_file_path:
        try:
            parts.append(Path(config.config_file_path).read_bytes())
        except OSError:
            parts.append("mkdocs.yml unreadable")
    for folder in config.theme.dirs:
        path = Path(folder).resolve()
        if not (path.is_relative_to(CODE) or path.is_relative_to(Path(sys.prefix).resolve())):  # installed themes: their version is above
            parts += ["theme", *tree_parts(path)]
    for hook in (config.get("hooks") or {}).values():
        if getattr(hook, "__file__", None):
            parts += ["hook", Path(hook.__file__).read_bytes()]
    parts += ["docs", *tree_parts(Path(config.docs_dir), skip)]
    return fingerprint(parts)


def nav_fingerprint(nav: Navigation) -> str:
    """The nav as a page shows it: titles, URLs, meta (Material prints a page's icon and status)."""

    def walk(items: Iterable[Any]) -> list[Any]:
        out: list[Any] = []
        for item in items:
            if isinstance(item, Section):
                out.append(["section", item.title, walk(item.children)])
            elif isinstance(item, Link):
                out.append(["link", item.title, item.url])
            else:
                out.append(["page", item.title, item.url, item.file.src_uri, _stable(item.meta)])
        return out

    home = nav.homepage.url if nav.homepage is not None else None
    return fingerprint([json.dumps([home, walk(nav.items)], ensure_ascii=False, default=str)])


def _stable(value: Any) -> Any:
    """``value`` as plain JSON data that is the same in every process (no object addresses, sets sorted)."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, BasePlugin):
        return {"plugin": f"{type(value).__module__}.{type(value).__qualname__}", "config": _stable(value.config)}
    if hasattr(value, "items") and callable(value.items):
        return {str(k): _stable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_stable(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(json.dumps(_stable(v), sort_keys=True, default=str) for v in value)
    if isinstance(value, Path):
        return str(value)
    if type(value).__name__ == "Theme":
        return {"name": value.name, "dirs": list(value.dirs), "static_templates": sorted(value.static_templates), "options": _stable(dict(value.items()))}
    return f"{type(value).__module__}.{type(value).__qualname__}"


class Keys:
    """The cache key of each generated page of this build."""

    def __init__(self, site: str, files: Files, meta: dict[str, dict[str, Any]], raw: dict[str, list[str]]):
        """``site``: what every page reads (``PageCache.site``)."""
        self.base = site
        self.files = files
        self.meta = meta
        self.raw = raw

    def of(self, file: File) -> str:
        markdown = file.content_string
        meta = self.meta.get(file.src_uri)
        parts: list[str | bytes] = [self.base, file.src_uri, file.dest_uri, file.url, markdown.replace(NONCE, "")]
        parts.append(json.dumps(meta, ensure_ascii=False, default=str).replace(NONCE, "") if meta else "")
        parts += [piece.replace(NONCE, "") for piece in self.raw.get(file.src_uri, ())]
        parts.append("links")
        parts += self._links(file, markdown)
        return fingerprint(parts)

    def _links(self, file: File, markdown: str) -> list[str]:
        """Where each relative link of the Markdown leads now: the found file's URL, or nothing."""
        if "](" not in markdown and "]:" not in markdown and "=" not in markdown:
            return []
        out: list[str] = []
        here = posixpath.dirname(file.src_uri)
        for match in _LINK.finditer(markdown):
            target = match[1] or match[2] or match[3]
            try:
                split = urlsplit(target)
            except ValueError:
                continue
            if split.scheme or split.netloc or not split.path:
                continue
            resolved = posixpath.normpath(posixpath.join(here, unquote(split.path)).lstrip("/"))  # as MkDocs resolves it (_RelativePathTreeprocessor)
            found = self.files.get_file_from_path(resolved)
            out += [resolved, found.url if found is not None else "-"]
        return out


def open_cache(config: MkDocsConfig, root: Path, cache_dir: Path, skip: Iterable[Path], nav: Navigation) -> PageCache:
    """The page cache under ``cache_dir``, read, for pages rendered with this config and nav."""
    cache = PageCache(root / cache_dir / FOLDER, fingerprint([site_fingerprint(config, root, skip), nav_fingerprint(nav)]))
    cache.open()
    return cache


def reuse(cache: PageCache, pages: Sequence[File], keys: Keys, files: Files, config: MkDocsConfig) -> tuple[list[File], dict[str, str]]:
    """Link every page whose key is unchanged into the site folder; return the pages to render, and their keys.

    A page shares its output path with another file (which MkDocs would then write over it) is always rendered.
    """
    dests = Counter(f.dest_uri for f in files)
    todo: list[File] = []
    wanted: dict[str, str] = {}
    for file in pages:
        key = keys.of(file)
        if dests[file.dest_uri] == 1 and cache.take(file.src_uri, key, Path(file.abs_dest_path)):
            if file.page is None:  # as for a rendered page: templates made here (a sitemap) read its URL
                Page(None, file, config)
            continue
        todo.append(file)
        wanted[file.src_uri] = key if dests[file.dest_uri] == 1 else ""
    cache.forget_others()
    return todo, wanted


def keep(cache: PageCache, rendered: Sequence[File], wanted: dict[str, str], warned: set[str] | None) -> None:
    """Add the pages just rendered to the cache (``warned``: those that logged a warning; None: which is unknown, keep none)."""
    if warned is not None:
        for file in rendered:
            if wanted.get(file.src_uri) and file.src_uri not in warned:
                cache.store(file.src_uri, wanted[file.src_uri], Path(file.abs_dest_path))
    cache.commit()


class Warnings(logging.Handler):
    """Warnings logged while pages render, and the pages they name."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())

    def __enter__(self) -> Warnings:
        logging.getLogger("mkdocs").addHandler(self)
        return self

    def __exit__(self, *exc: object) -> None:
        logging.getLogger("mkdocs").removeHandler(self)

    def pages(self, rendered: Sequence[File]) -> set[str] | None:
        """The pages the warnings name (MkDocs quotes the page's source path); None when one names none of them."""
        sources = {f.src_uri for f in rendered}
        named: set[str] = set()
        for message in self.messages:
            found = {a or b for a, b in _QUOTED.findall(message)} & sources
            if not found:
                return None
            named |= found
        return named


def render_here(pages: Sequence[File], config: MkDocsConfig, files: Files, nav: Navigation, env: jinja2.Environment) -> set[str] | None:
    """Render ``pages`` in this process, as MkDocs' own loop would, writing each and dropping it.

    Returns the pages that logged a warning (None: a warning named no page).
    """
    warned: set[str] = set()
    doc_files = files.documentation_pages()
    with Warnings() as said:
        for file in pages:
            before = len(said.messages)
            page = file.page if file.page is not None else Page(None, file, config)
            _populate_page(page, config, files, dirty=False)
            _build_page(page, config, doc_files, nav, env, dirty=False)
            page.content = page.markdown = None
            page.toc = []  # type: ignore[assignment]
            if len(said.messages) > before:
                warned.add(file.src_uri)
        said.messages.clear()
        for file in pages:  # as MkDocs does once every page is made
            if file.page is not None:
                file.page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
        named = said.pages(pages)
    return None if named is None else warned | named
