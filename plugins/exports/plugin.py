"""The ``gk-exports`` plugin: Atom feeds, JSON/CSV data and the sitemap.

Thin glue: it takes the PublicCatalog from the ``gk-catalog`` plugin (never the
raw catalog) and writes what plugins.core.outputs.feeds / exports / sitemap compute.
List it after ``gk-catalog`` in mkdocs.yml.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger

from ..catalog.parallel import DeferredFiles, Early
from ..core.outputs import exports
from ..core.outputs import feeds
from ..core.outputs import sitemap
from ..core.pages.attachments import href
from ..core.pages.attachments import attachment_dest
from ..core.serve.outputs import SiteFiles
from ..core.serve.state import ServeState

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files

log = get_plugin_logger("gk-exports")



class ExportsMemo:
    """What ``serve`` keeps between rebuilds into one site folder, on gk-catalog's ServeState.

    This plugin has no ``on_startup``, so MkDocs makes it afresh for every rebuild.
    Everything here shows organ and topic names or URLs, so a new site fingerprint
    (registries, settings) starts it afresh.
    """

    def __init__(self, fingerprint: str) -> None:
        self.fingerprint = fingerprint
        self.encoded: dict[str, tuple[object, str, str]] = {}
        """Entry ref → its JSON line and CSV line, as ``exports.Exporter`` keeps them."""
        self.sitemap_key: object = None
        self.sitemap_pages: dict[str, object] = {}
        """Generated page src → lastmod, patched with what each rebuild built or removed."""
        self.sitemap_files: dict[str, bytes] = {}

    @staticmethod
    def of(serve: ServeState, fingerprint: str) -> ExportsMemo:
        kept: dict[str, ExportsMemo] = serve.keep("exports", dict)
        state = kept.get("")
        if state is None or state.fingerprint != fingerprint:
            state = kept[""] = ExportsMemo(fingerprint)
        return state


class ExportsConfig(base.Config):
    enabled = c.Type(bool, default=True)
    feed_size = c.Type(int, default=feeds.FEED_SIZE)
    """Entries per Atom feed (newest first)."""
    sitemap = c.Type(bool, default=True)
    """Write sitemap.xml (needs site_url) instead of MkDocs' own."""


class ExportsPlugin(BasePlugin[ExportsConfig]):
    def __init__(self) -> None:
        self.files: Files | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if self.config.enabled and self.config.sitemap:
            # Ours replaces it: MkDocs' is empty without site_url and has no 50,000-URL split.
            config.theme.static_templates.discard("sitemap.xml")
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        if self.config.enabled and self.config.sitemap:
            # No longer a static template, MkDocs would copy the raw Jinja file instead.
            for name in ("sitemap.xml", "sitemap.xml.gz"):
                theme_file = files.get_file_from_path(name)
                if theme_file is not None and theme_file.src_dir != config.docs_dir:
                    files.remove(theme_file)
        return files

    early: Early | None = None

    @event_priority(50)  # before gk-catalog's on_env starts the workers (plugins/catalog/parallel.py)
    def on_env(self, env, /, *, config: MkDocsConfig, files: Files):
        """A full build with workers: write while they render (feeds, data and sitemap read the public view, never a page)."""
        self.files = files
        self.early = None
        if self.config.enabled and isinstance(files, DeferredFiles):
            self.early = Early(lambda: self._write(config), log)
            files.early.append(self.early)
        return env

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.early is not None and self.early.finish():
            return
        self._write(config)

    def _write(self, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        catalog = config.plugins.get("gk-catalog")
        if catalog is None:
            raise PluginError("gk-exports 需要 gk-catalog 插件：在 mkdocs.yml 的 plugins 中把 gk-catalog 写在 gk-exports 之前")
        public, site = getattr(catalog, "public", None), getattr(catalog, "site", None)
        if public is None or site is None:
            return  # catalog plugin disabled or failed: it has reported why
        site_url = config.site_url or ""
        if site_url and not site_url.endswith("/"):
            site_url += "/"

        def url_of(entry):
            return site_url + site.url_of(site.entry_src(entry))

        def attachment_url(entry, file):
            return site_url + href(attachment_dest(entry, file))  # URL-encoded: names may hold # ? % and spaces

        out: dict[str, bytes] = {}
        by_kind = site.groups["kind"]  # newest first, as feeds and data files list them
        urls = {entry.ref: url_of(entry) for entries in by_kind.values() for entry in entries[: self.config.feed_size]}
        out.update(feeds.all_feeds(public, urls, site_name=config.site_name, site_url=site_url, by_kind=by_kind, newest_first=site.newest_first, limit=self.config.feed_size))
        # In serve rebuilds (site.memo set) only what changed is encoded and written again.
        serve = getattr(catalog, "state", None)
        state = ExportsMemo.of(serve, site.fingerprint) if site.memo is not None and serve is not None else None
        cached = site.cached_value if state is not None else None
        exporter = exports.Exporter(public, url_of, attachment_url, by_ref=site.by_ref, by_kind=by_kind, referring=site.referring, encoded=state.encoded if state else None)
        out.update(exports.data_files(exporter, config.site_name, cached))
        if self.config.sitemap:
            out.update(self._sitemap(site_url, public, site, catalog, state))
        # serve: the same bytes are on disk from the previous rebuild, and what went is deleted
        site_files = serve.keep("exports-files", lambda: SiteFiles(Path(config.site_dir))) if state is not None and serve is not None else SiteFiles(Path(config.site_dir))
        site_files.sync(out)
        log.info(f"已生成订阅源 {sum(p.endswith('.xml') and 'feed' in p for p in out)} 个、数据文件 {sum(p.startswith('data/') for p in out)} 个")

    def _sitemap(self, site_url: str, public, site, catalog, state: ExportsMemo | None) -> dict[str, bytes]:
        if not site_url:
            log.warning("mkdocs.yml 未设置 site_url（网站地址），无法生成 sitemap.xml：站点地图必须使用完整网址。请加一行 site_url: https://…/")
            return {}
        documentation = self.files.documentation_pages() if self.files else []
        if state is None:
            published = {site.entry_src(e): e.meta.published for e in public.entries if not isinstance(e.meta.published, str)}  # 未说明: no lastmod
            return sitemap.sitemap_files(site_url, [(f.url, published.get(f.src_uri)) for f in documentation])
        # serve: patch the previous rebuild's list with the pages this one built or removed
        # pages gk-catalog does not make (hand-written, or another plugin's such as gk-search's results page) are listed whole
        hand_written = tuple((f.url, None) for f in documentation if f.generated_by != "gk-catalog")
        key = (site_url, hand_written)
        pages = state.sitemap_pages
        changed = state.sitemap_key != key
        if not catalog.reused:  # every page was built anew: start from them alone
            pages.clear()
        for src in catalog.removed & pages.keys():
            del pages[src]
            changed = True
        for src, lastmod in catalog.built.items():
            if src not in pages or pages[src] != lastmod:
                pages[src] = lastmod
                changed = True
        if changed:
            listed: list[tuple[str, Any]] = [*hand_written, *((self._url(site, src), lastmod) for src, lastmod in pages.items())]
            state.sitemap_files, state.sitemap_key = sitemap.sitemap_files(site_url, listed), key
        return state.sitemap_files

    @staticmethod
    def _url(site, src: str) -> str:
        url = site.url_of(src)
        return url + "index.html" if url.endswith("/") and not site.use_directory_urls else url
