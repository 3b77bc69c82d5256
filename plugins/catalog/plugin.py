"""The ``gk-catalog`` plugin: validate the catalog, put the wall up, generate pages.

Thin glue: every decision lives in plugins.core, which does not import MkDocs.
Pages are generated in memory (File.generated), never copied into docs_dir.
"""

from __future__ import annotations

import datetime
import functools
import html
import logging
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

import jinja2
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.toc import get_toc

from ..core import pipeline
from ..core.pages import attachments, outline
from ..core.serve import gcpause
from ..core.wall import sanitize
from ..core.check import asissued
from ..core.check import validation as codes_validation
from ..core.problems.diagnostics import summary
from ..core.kinds import KINDS
from ..core.wall.logview import LogView, log_view, public_log_wanted
from ..core.serve.outputs import SiteFiles
from ..core.serve.state import ServeState
from ..core.pages.attachments import attachment_dest
from ..core.pages.generate import all_pages
from ..core.pages.page import Later, restore
from ..core.pages.site import Site
from ..core.pages.urls import CATALOG_ROOT, FACETS
from ..core.load.model import Catalog
from ..core.outputs.publish import build_failure
from ..core.wall.view import PublicCatalog
from . import buildcache, parallel, shell
from .config import CatalogConfig

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

log = get_plugin_logger("gk-catalog")
THEME_DIR = Path(__file__).parent / "theme"
_TAG = re.compile(r"<[^>]*>")


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled theme templates kept for the life of a ``serve`` process.

    MkDocs makes a new Jinja environment for every rebuild, which compiles
    Material's templates again (≈ 0.4 s a rebuild). Jinja checks each entry
    against the template source, so an edited template is compiled afresh.
    """

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


class CatalogFiles(Files):
    """The build's files, minus generated pages that are already on disk unchanged.

    A dirty rebuild (``serve``) leaves them out so MkDocs spends nothing on them;
    they still resolve as link targets, so hand-written pages link to them as before.
    """

    def __init__(self, files: list[File], config: MkDocsConfig, unchanged: set[str]):
        super().__init__(files)
        self._config = config
        self.unchanged = unchanged

    def get_file_from_path(self, path: str) -> File | None:
        found = super().get_file_from_path(path)
        if found is None and path in self.unchanged:
            found = File.generated(self._config, path, content="")
        return found


class CatalogPlugin(BasePlugin[CatalogConfig]):
    """Publishes catalog/ as entry pages and paginated listings.

    It defines ``on_startup``, so MkDocs keeps this one object for the whole
    process: ``build.py serve``'s rebuilds find what the last one left in
    ``serve_states`` (one ServeState per site folder), and nothing is kept at
    module level. A build that is not dirty uses none.
    """

    dirty = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.dirty = dirty

    def on_shutdown(self) -> None:
        for state in self.serve_states.values():
            state.close()

    def __init__(self) -> None:
        self.serve_states: dict[str, ServeState] = {}
        """site_dir → what the last dirty rebuild into it left (``build.py serve``)."""
        self.templates = MemoryBytecodeCache()
        """Compiled theme templates, for dirty rebuilds."""
        self.public: PublicCatalog | None = None
        """The public view; the only catalog that rendering ever sees."""
        self.result: pipeline.Result | None = None
        self.page_meta: dict[str, dict[str, Any]] = {}
        self.page_raw: dict[str, list[str]] = {}
        """Generated HTML per page, kept away from Markdown and put back in on_page_content."""
        self.unchanged: set[str] = set()
        """Generated pages a dirty rebuild left as they are on disk (still part of the site)."""
        self.built: dict[str, datetime.date | None] = {}
        """Generated pages this build renders, with the 发布日期 of entry pages (for the sitemap)."""
        self.removed: set[str] = set()
        """Generated files of the previous rebuild that are gone (a deleted or withheld entry)."""
        self.reused = False
        """This build left pages of the previous rebuild on disk (``unchanged``)."""
        self.state: ServeState | None = None
        self.files: Files | None = None
        self.site_dir: str | None = None
        self.nav: Navigation | None = None

    @property
    def catalog_dir(self) -> Path:
        return self.root / self.config.catalog_dir

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Load, validate and filter the catalog; fail once with every problem listed."""
        self.site_dir = config.site_dir
        if not self.config.enabled:
            return None
        if os.path.lexists(config.site_dir) and not os.path.isdir(config.site_dir):
            raise PluginError(f"网站输出位置 {config.site_dir} 是一个文件，不是文件夹 — 删除或改名它，或在 mkdocs.yml 中把 site_dir 设为另一个文件夹")
        self.root = Path(config.config_file_path or ".").resolve().parent
        self._refuse_file_including(config)
        private_dir = (self.root / self.config.private_dir).resolve() if self.config.private_dir else None
        attachments_dir = self.root / self.config.attachments_dir if self.config.attachments_dir else None
        settings = {**self.config, "site_url": config.site_url or "", "site_name": config.site_name}
        # build.py serve: what the previous rebuild into this folder made, to reuse
        self.state = self.serve_states.setdefault(config.site_dir, ServeState(config.site_dir)) if self.dirty else None
        if self.state is not None:
            self.state.start(repr((sorted(settings.items(), key=str), config.use_directory_urls)))
        validation = self._validation(config)
        self.result = pipeline.run(self.catalog_dir, self.root, watch=self.dirty, private_dir=private_dir, attachments_dir=attachments_dir,
                                   state=self.state, cache_dir=Path(self.config.cache_dir) if self.config.cache else None, validation=validation,
                                   workers=parallel.worker_count(self.config.workers))
        self.policy = Catalog(root=self.root, catalog_dir=self.catalog_dir, attachments_dir=self.result.catalog.attachments_dir)
        """Only what the attachment policy reads (the folders), kept past the wall."""
        self._report(self.result.diagnostics, self.result.catalog)
        if self.result.public is None:
            failed = PluginError(f"目录有 {summary(self.result.diagnostics)}，见上方列表。改正后再构建。")
            if self.dirty:  # serve shows these in the open page (build.py): the public log's lines, nothing of a withheld entry
                shown = log_view(self.result.catalog, self.result.diagnostics, public=True, private_dirs=self.result.private_dirs)
                failed.problem_lines = [("错误 " if d.is_error else "警告 ") + text for d, text in shown.lines(self.result.diagnostics)]  # type: ignore[attr-defined]
            raise failed
        self._report_preview_numbers(self.result)
        self.public = self.result.public
        # Past the wall, nothing downstream may reach withheld entries through this plugin.
        self.result.catalog = Catalog(root=self.result.catalog.root)
        self.site = Site(self.public, use_directory_urls=config.use_directory_urls, apply_page=self.config.apply_page, settings=settings)
        for kind in KINDS:  # placeholders the site's settings leave in a kind's outputs (OCDS), said every build
            for problem in kind.site_problems(self.public, settings) if kind.site_problems is not None else ():
                log.warning(str(problem))
        if self.state is not None:  # reuse the pages of the previous rebuild that nothing changed
            self.site.reuse_from(self.state.pages)
        self._configure_theme(config)
        # Unsafe or unparsable link URLs are blanked before MkDocs' own link processing reads them.
        config.markdown_extensions.append(sanitize.SafeLinks())  # type: ignore[arg-type]
        self.sanitizer = sanitize.sanitizer(_host(config.site_url or ""))
        if config.nav is None:
            config.nav = self._default_nav(config)
        # Entry pages are reached through listings, never through the nav: listing
        # them all would make the build quadratic, so don't report them as omitted.
        config.validation.nav.omitted_files = logging.DEBUG
        return config

    @staticmethod
    def _refuse_file_including(config: MkDocsConfig) -> None:
        """An extension or plugin that pulls files into pages would publish the repository through a body."""
        names = [str(e) if isinstance(e, str) else type(e).__module__ for e in config.markdown_extensions]
        try:
            text = Path(config.config_file_path).read_text(encoding="utf-8") if config.config_file_path else ""
        except (OSError, UnicodeDecodeError):
            text = ""
        problems = sanitize.config_problems(names, list(config.plugins.keys()), text)
        if problems:
            for problem in problems:
                log.error(str(problem))
            raise PluginError(f"mkdocs.yml 有 {len(problems)} 个错误，见上方列表。改正后再构建。")

    def _validation(self, config: MkDocsConfig) -> codes_validation.Validation:
        """mkdocs.yml's ``validation:``; a mistake in it stops the build, named with its line."""
        found, problems = codes_validation.from_config_file(Path(config.config_file_path or "mkdocs.yml"), self.config.validation, KINDS)
        if problems:
            for problem in problems:
                log.error(str(problem))
            raise PluginError(f"mkdocs.yml 有 {len(problems)} 个错误，见上方列表。改正后再构建。")
        return found

    @staticmethod
    def _report_preview_numbers(result: pipeline.Result, shown: int = 20) -> None:
        """Name a few public entries that have only a preview 索引号; withheld ones are only counted."""
        if not result.assigned or result.public is None:
            return
        # 主动公开 only: in a public log a 依申请公开 entry's file name is not printed either (docs/security.md)
        everyone = public_log_wanted()
        public = {entry.ref for entry in result.public.entries if entry.meta.disclosure == "主动公开" or not everyone}
        named = [entry for entry in result.assigned if entry.ref in public]
        for entry in named[:shown]:
            log.info(f"{entry.source}: 尚无索引号，本次暂用预览号码 {entry.index_no}（页面标“索引号（预览）”；合并到默认分支后分配并写回）")
        rest = len(result.assigned) - min(len(named), shown)
        if rest:
            log.info(f"另有 {rest} 个条目尚无索引号，本次只作预览（不列出）。")

    def _report(self, diagnostics: list[Any], catalog: Catalog) -> LogView:
        """Log every problem; a ``serve`` rebuild repeats errors but only new warnings.

        An editor saving one file wants to see what that save caused, not thousands
        of warnings of a large catalog scrolling past again on every save.
        """
        shown = self.state.warnings if self.state is not None else set()
        now: set[str] = set()
        repeated = 0
        view = log_view(catalog, diagnostics, private_dirs=self.result.private_dirs if self.result else ())  # in CI: nothing of a non-public entry (docs/security.md)
        for diagnostic, text in view.lines(diagnostics):
            if not diagnostic.is_error:
                now.add(text)
                if text in shown:
                    repeated += 1
                    continue
            log.log(logging.ERROR if diagnostic.is_error else logging.WARNING, text)
        for _, text in view.lines([item.line for item in (self.result.acknowledged if self.result else [])]):
            if text not in shown:
                log.info(asissued.PREFIX + text)
            now.add(text)
        if repeated:
            log.info(f"另有 {repeated} 条警告与上次预览时相同，不再重复列出（python build.py check 列出全部）")
        if self.state is not None:
            self.state.warnings = now
        return view

    def _configure_theme(self, config: MkDocsConfig) -> None:
        theme = config.theme
        position = 1 if theme.custom_dir else 0
        theme.dirs.insert(position, str(THEME_DIR))
        if theme.name == "material" and theme.get("font") is not False:
            # Material fetches Google Fonts unless told not to; sites in China hang on it.
            theme["font"] = False
        config.extra_css.append("assets/stylesheets/catalog.css")
        config.extra_css.append("assets/stylesheets/figures.css")  # tables and charts of 预决算/“三公”/年报
        config.extra_css.append("assets/stylesheets/bodies.css")  # 当前位置, entry bodies
        config.extra_css.append("assets/stylesheets/reflow.css")  # phones and large text: cards, scrolling frames, no sideways page

    def _default_nav(self, config: MkDocsConfig) -> list[Any]:
        docs = Path(config.docs_dir)
        content = sorted(p.relative_to(docs).as_posix() for p in docs.glob("*.md"))
        first: list[Any] = [p for p in (self.config.guide_page, self.config.apply_page) if p in content]
        rest = [p for p in content if p not in first and p != "index.md"]
        if "index.md" in content:
            first.insert(0, {"首页": "index.md"})
        browse = [f"{CATALOG_ROOT}/index.md"] + [{f"按{label}": f"{CATALOG_ROOT}/{facet}/index.md"} for facet, label in FACETS.items()]
        return [*first, {"信息公开目录": browse}, *rest]

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        """Add one in-memory page per public entry and per listing page, plus attachments."""
        if not self.config.enabled or self.public is None:
            return None
        for file in [f for f in files if f.abs_src_path and _inside(Path(f.abs_src_path), self.catalog_dir)]:
            files.remove(file)  # catalog/ inside docs_dir: raw entry files must never be copied or rendered
        self.page_meta = {}
        self.page_raw = {}
        self.unchanged = set()
        self.built = {}
        # In a dirty rebuild (build.py serve) only pages made anew are built; the rest are on
        # disk from the previous rebuild. Pages in the nav are always rebuilt so that the nav
        # stays right on every page.
        reuse = self.reused = self.state is not None and self.state.pages.warm
        in_nav = {f"{CATALOG_ROOT}/index.md", *(f"{CATALOG_ROOT}/{facet}/index.md" for facet in FACETS)}
        generated: set[str] = set()
        later = not self.dirty and parallel.worker_count(self.config.workers) > 1 and parallel.can_fork()
        for page in all_pages(self.public, self.site, later=later):
            generated.add(page.src_uri)
            if isinstance(page, Later):  # made by the worker that renders it (parallel.LaterFile)
                files.append(parallel.LaterFile.of(config, page.src_uri, functools.partial(self._made, page)))
                continue
            if reuse and not page.fresh and page.src_uri not in in_nav:
                self.unchanged.add(page.src_uri)
                continue
            files.append(File.generated(config, page.src_uri, content=page.markdown))
            if self.state is not None and page.src_uri.endswith(".md"):  # serve: the sitemap is patched from these
                published = page.meta.get("gk", {}).get("published")
                self.built[page.src_uri] = datetime.date.fromisoformat(published) if published else None
            if page.meta:
                self.page_meta[page.src_uri] = page.meta
            if page.raw:
                self.page_raw[page.src_uri] = page.raw
        if self.dirty:  # hand-written pages are few and carry the nav titles: always render them
            for file in files.documentation_pages():
                if file.generated_by is None:
                    file.is_modified = lambda: True  # type: ignore[method-assign]
        for entry in self.public.entries:
            if not entry.meta.attachments:
                continue
            # only what the attachment policy allows, under unique names (attachments.py)
            for source, path in attachments.copies(entry, self.root, self.policy):
                dest = attachment_dest(entry, path)
                generated.add(dest)
                files.append(File.generated(config, dest, abs_src_path=source))
        if self.state is not None:
            self._remove_stale(config, generated)
        if self.unchanged:
            return CatalogFiles(list(files), config, self.unchanged)
        if not self.dirty and (self.config.cache or (parallel.worker_count(self.config.workers) > 1 and parallel.can_fork())):
            # rendered in on_env by forked workers (parallel.py), or taken from the build cache (buildcache.py);
            # nav pages stay with MkDocs for their titles
            deferred = {f.src_uri for f in files.documentation_pages() if f.generated_by == "gk-catalog" and f.src_uri not in in_nav}
            return parallel.DeferredFiles(list(files), deferred)
        return files

    def _made(self, later: Later) -> str:
        """A page made where it is rendered: its meta and held HTML kept for on_page_markdown/on_page_content."""
        page = later.make()
        if page.meta:
            self.page_meta[page.src_uri] = page.meta
        if page.raw:
            self.page_raw[page.src_uri] = page.raw
        return page.markdown

    def _remove_stale(self, config: MkDocsConfig, generated: set[str]) -> None:
        """Delete what the previous rebuild wrote for pages that are gone (a deleted entry)."""
        assert self.state is not None
        written = self.state.keep("catalog-files", lambda: SiteFiles(Path(config.site_dir)))
        written.where = lambda src_uri: Path(File.generated(config, src_uri, content="").abs_dest_path)
        self.removed = written.listed(generated)

    @event_priority(-100)  # after the other plugins have written their files
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.state is None:
            return
        self.state.pages.commit()
        if not self.state.settled:
            self._settle(self.files)

    def _settle(self, files: Files | None) -> None:
        """After the first ``serve`` build: take the catalog out of the collector's way.

        A full collection walks every object: ≈ 7 s with 100,000 entries in memory,
        and one falls due every few rebuilds. Freezing what survives the first build
        spares later rebuilds that walk. MkDocs' pages of the first build are garbage
        once the next rebuild starts, but in reference cycles a frozen heap never
        frees: drop their HTML now, so only their small skeletons stay behind.
        """
        assert self.state is not None
        for file in files.documentation_pages() if files is not None else []:
            if file.page is not None:
                file.page.content = file.page.markdown = None
        gcpause.settle()
        self.state.settled = True

    @event_priority(-100)
    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        self.nav = nav
        if isinstance(files, parallel.DeferredFiles):  # a page mkdocs.yml's nav names stays with MkDocs: its title is in every page's nav
            files.deferred -= {f.src_uri for f in files if f.page is not None}
        return None

    @event_priority(-100)  # last: the environment the pages are rendered with is final
    def on_env(self, env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files) -> jinja2.Environment | None:
        self.files = files
        if self.dirty and env.bytecode_cache is None:
            env.bytecode_cache = self.templates
        in_nav = {page.file.src_uri for page in self.nav.pages} if self.nav is not None else set()
        generated = {f.src_uri: f.url for f in Files.documentation_pages(files) if f.generated_by == "gk-catalog" and f.src_uri not in in_nav}
        shell.install(env, generated, self.nav, THEME_DIR, list(config.theme.dirs))
        if isinstance(files, parallel.DeferredFiles) and self.nav is not None:
            pages = [f for f in Files.documentation_pages(files) if f.src_uri in files.deferred]
            if self.config.cache:
                self._render_with_cache(pages, config, files, self.nav, env)
            else:
                parallel.render(pages, parallel.worker_count(self.config.workers), config, files, self.nav, env, early=files.early)
            files.rendered = True
        return env

    def _render_with_cache(self, pages: list[File], config: MkDocsConfig, files: parallel.DeferredFiles, nav: Navigation, env: jinja2.Environment) -> None:
        """Take unchanged pages from the build cache (``cache: true``), render the rest, keep them for the next build."""
        cache_dir = Path(self.config.cache_dir)
        cache = buildcache.open_cache(config, self.root, cache_dir, [self.catalog_dir, self.root / cache_dir], nav)
        keys = buildcache.Keys(cache.site, files, self.page_meta, self.page_raw)
        todo, wanted = buildcache.reuse(cache, pages, keys, files, config)
        for file in pages:  # keyed: the parent keeps no entry page's Markdown; a worker makes it again
            if isinstance(file, parallel.LaterFile):
                file.forget()
                self.page_meta.pop(file.src_uri, None)
                self.page_raw.pop(file.src_uri, None)
        workers = parallel.worker_count(self.config.workers)
        try:
            if workers > 1 and parallel.can_fork() and len(todo) > 1:
                with buildcache.Warnings() as said:
                    parallel.render(todo, workers, config, files, nav, env, early=files.early)
                warned = said.pages(todo)
            else:
                warned = buildcache.render_here(todo, config, files, nav, env)
        except BaseException:
            buildcache.keep(cache, [], wanted, None)  # what was taken stays listed
            raise
        buildcache.keep(cache, todo, wanted, warned)
        log.info(cache.summary(len(todo)))

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        meta = self.page_meta.pop(page.file.src_uri, None) if isinstance(page.file, parallel.LaterFile) else self.page_meta.get(page.file.src_uri)
        if meta:
            page.meta.update(meta)
        return None

    @event_priority(50)  # before other plugins read the page HTML
    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        """Sanitise what Markdown made of editors' text, then put back the generated HTML (pages.page.hold).

        Every piece of a generated page outside the held HTML came from text: the
        title (made inert by ``sanitize.markdown_text``), the body, narratives.
        """
        raw = self.page_raw.pop(page.file.src_uri, None) if isinstance(page.file, parallel.LaterFile) else self.page_raw.get(page.file.src_uri)
        if not raw:
            return None
        html = restore(html, raw, self.sanitizer.clean)
        page.toc = get_toc(outline.headings(html))  # type: ignore[arg-type]  # held headings too (tables, 附件): pages.outline; tokens of the same shape
        _plain_toc(page.toc)
        return html

    @event_priority(-100)  # last: the others have reacted to the error itself
    def on_build_error(self, *, error: Exception) -> None:
        """An OS error while MkDocs writes the site (full disk, no permission): one Chinese sentence, no traceback."""
        if isinstance(error, OSError):
            raise PluginError(build_failure(error, os.path.abspath(self.site_dir or "site"))) from None

    @event_priority(-50)  # after other plugins have registered their own watches
    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer | None:
        """Rebuild when any catalog file changes."""
        if self.config.enabled:
            server.watch(str(self.catalog_dir))
            if self.config.private_dir and (self.root / self.config.private_dir).is_dir():
                server.watch(str((self.root / self.config.private_dir).resolve()))
        return server


def _host(url: str) -> str:
    try:
        return urlsplit(url).hostname or ""
    except ValueError:
        return ""


def _plain_toc(items: Any) -> None:
    """Headings in the table of contents as plain, escaped text with safe anchors.

    Material prints each item's title and URL as they are; attr_list lets a body
    set a heading's id and ``data-toc-label`` to anything.
    """
    for item in items or ():
        item.title = html.escape(html.unescape(_TAG.sub("", item.title)), quote=False)
        item.id = quote(html.unescape(item.id), safe="-_.~!$&'()*+,;=:@/?")
        _plain_toc(item.children)


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except ValueError:
        return False
