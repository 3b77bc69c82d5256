"""The ``gk-search`` plugin: Chinese search over the public view, replacing Material's.

Thin glue: the index comes from plugins.core.search, built from the PublicCatalog
that gk-catalog keeps — never from rendered pages, so nothing withheld can be
indexed. Writes ``site/search/``, adds gk-search.js/.css and the header box.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files

from ..catalog.parallel import DeferredFiles, Early
from ..core.search.incremental import Builder, build_search
from .config import SearchConfig
from .markup import RESULTS_PAGE, insert_search_box, results_page, search_box

if TYPE_CHECKING:
    import jinja2
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page

log = get_plugin_logger("gk-search")
ASSETS = Path(__file__).parent / "assets"
SCRIPT = "assets/javascripts/gk-search.js"
STYLE = "assets/stylesheets/gk-search.css"
INFLATE = "assets/javascripts/gk-inflate.js"


class SearchPlugin(BasePlugin[SearchConfig]):
    """Writes a split, prebuilt search index and the search box that reads it."""

    ui = False
    """False when Material's own search is also on: then only the index is written."""
    box = ""

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        self.ui = not any(
            name in config.plugins and getattr(config.plugins[name].config, "enabled", True)
            for name in ("search", "material/search")
        )
        if not self.ui:
            log.warning(
                "mkdocs.yml: plugins 里同时启用了 search 和 gk-search。本次只写出 gk-search 的索引，"
                "页面上仍是 Material 自带的搜索框（它搜不到“预算”这样的中文词）。"
                "请删除 plugins 中的 “- search” 这一行 [search-duplicate]"
            )
        if "gk-catalog" not in config.plugins:
            raise PluginError("mkdocs.yml: gk-search 需要 gk-catalog 插件，请在 plugins 中加上 “- gk-catalog” [search-needs-catalog]")
        if self.ui:
            self.box = search_box(self.config.per_page)
            config.extra_css.append(STYLE)
            config.extra_javascript.append(SCRIPT)
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled or not self.ui:
            return None
        for uri in (SCRIPT, STYLE, INFLATE):
            files.append(File.generated(config, uri, abs_src_path=str(ASSETS / Path(uri).relative_to("assets"))))
        if files.get_file_from_path(RESULTS_PAGE) is None:  # an office's own content/search.md wins
            files.append(File.generated(config, RESULTS_PAGE, content=results_page(self.config.per_page)))
        return files

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        if not self.config.enabled or not self.ui:
            return None
        return insert_search_box(output, self.box)

    def on_post_template(self, output_content: str, /, *, template_name: str, config: MkDocsConfig) -> str | None:
        if self.config.enabled and self.ui and template_name == "404.html":
            return insert_search_box(output_content, self.box)
        return None

    early: Early | None = None

    @event_priority(50)  # before gk-catalog's on_env starts the workers (plugins/catalog/parallel.py)
    def on_env(self, env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files) -> jinja2.Environment | None:
        """A full build with workers: index while they render (the index reads the public view, never a page)."""
        self.early = None
        if self.config.enabled and isinstance(files, DeferredFiles):
            self.early = Early(lambda: self._index(config), log)
            files.early.append(self.early)
        return None

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.early is not None and self.early.finish():
            return
        self._index(config)

    def _index(self, config: MkDocsConfig) -> None:
        """Index the public view that gk-catalog rendered, and write it under site/search/.

        In ``build.py serve`` the next build of the same folder changes only the
        files an edit touched: the last build (plugins/core/search/incremental.py
        ``Builder``) is kept on gk-catalog's ServeState, since MkDocs makes this
        plugin (no ``on_startup``) afresh for every rebuild.
        """
        if not self.config.enabled:
            return
        catalog = config.plugins["gk-catalog"]
        public, site = getattr(catalog, "public", None), getattr(catalog, "site", None)
        if public is None or site is None:
            log.warning("gk-catalog 没有生成公开目录，本次不生成搜索索引 [search-no-catalog]")
            return
        started = time.perf_counter()
        serve = getattr(catalog, "state", None)
        builder = serve.keep("search", Builder.fresh) if serve is not None else None
        index, stats = build_search(public, site, Path(config.site_dir) / "search", builder=builder)
        log.info(
            f"搜索索引：{len(index.docs)} 条，{stats['files']} 个文件，"
            f"{stats['gzip_bytes'] / 1e6:.1f} MB（gzip），本次写入 {stats['written']} 个文件，"
            f"用时 {time.perf_counter() - started:.1f} 秒"
        )
