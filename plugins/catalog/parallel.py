"""Render generated pages in forked worker processes (the ``workers`` option).

MkDocs reads and renders every page in one process and keeps each one in
memory until the end. Generated pages that are not in the nav (entry pages and
listings) need nothing from one another, so gk-catalog hides them from MkDocs'
own loops (``DeferredFiles``) and, once MkDocs has made the nav and the Jinja
environment (``on_env``), forks workers that run the very steps MkDocs would —
``_populate_page`` then ``_build_page``, with the same config, files, nav and
env, so every plugin's ``on_page_*`` hooks run as they would — writing each page
as soon as it is made and dropping it.

A worker does not print: it keeps its log records and sends them back with the
first error it met, and the parent prints them in page order and raises that
error, so messages (and ``--strict`` counting) are those of a one-process build.

Meanwhile the parent, which would only wait, does the ``on_post_build`` work of
other plugins that reads the public catalog and not the pages (gk-search's
index, gk-exports' feeds, data files and sitemap: ``Early``); their messages and
errors are kept and given at ``on_post_build``, where a one-process build gives them.
"""

from __future__ import annotations

import functools
import logging
import multiprocessing
import pickle
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import markdown
from mkdocs.commands.build import _build_page, _populate_page
from mkdocs.exceptions import PluginError
from mkdocs.structure import pages as mkdocs_pages
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from ..core.load.forked import can_fork as can_fork, worker_count as worker_count  # one count of processes, for pages and for check

if TYPE_CHECKING:
    import jinja2
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.nav import Navigation


class LaterFile(File):
    """A generated page whose Markdown is made when MkDocs first reads it (``pages.page.Later``).

    A deferred page is read only by the worker that renders it, so the parent never holds its
    Markdown; ``forget`` drops it once the page is written.
    """

    _make: Callable[[], str]
    _made: str | bytes | None = None

    @property
    def _content(self) -> str | bytes | None:
        if self._made is None:
            self._made = self._make()
        return self._made

    @_content.setter
    def _content(self, value: str | bytes | None) -> None:
        self._made = value

    @classmethod
    def of(cls, config: MkDocsConfig, src_uri: str, make: Callable[[], str]) -> LaterFile:
        file = cls.generated(config, src_uri, content="")
        assert isinstance(file, LaterFile)
        file._make = make
        file._made = None
        return file

    def forget(self) -> None:
        self._made = None


class Early:
    """An ``on_post_build`` step run while the workers render; ``finish`` gives its messages and error at on_post_build."""

    def __init__(self, work: Callable[[], None], logger: logging.Logger | logging.LoggerAdapter[logging.Logger]):
        self.work = work
        self.logger: logging.Logger = logger.logger if isinstance(logger, logging.LoggerAdapter) else logger
        """The plugin's logger (``get_plugin_logger`` gives an adapter that prefixes the plugin's name)."""
        self.records: list[logging.LogRecord] = []
        self.error: BaseException | None = None
        self.ran = False

    def run(self) -> None:
        keep = _Records()
        propagate, self.logger.propagate = self.logger.propagate, False
        self.logger.addHandler(keep)
        try:
            self.work()
        except Exception as e:  # noqa: BLE001 - raised again at on_post_build, where one process raises it
            self.error = e
        finally:
            self.logger.removeHandler(keep)
            self.logger.propagate = propagate
            self.records = keep.records
            self.ran = True

    def finish(self) -> bool:
        """Say what the step logged and raise its error; False when it did not run (do the work now)."""
        if not self.ran:
            return False
        for record in self.records:
            self.logger.handle(record)
        if self.error is not None:
            raise self.error
        return True


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


class DeferredFiles(Files):
    """The build's files, the deferred pages hidden from MkDocs' own page loops.

    They stay in the list, so links to them resolve. MkDocs asks for its pages
    with an explicit ``inclusion`` twice (mkdocs/commands/build.py): to read them,
    before ``on_env``, and for the list it renders, after. Both get the list
    without the deferred pages; once that second list is taken, everyone else
    (templates' ``pages``, the sitemap, other plugins) sees every page again.
    """

    def __init__(self, files: list[File], deferred: set[str]):
        super().__init__(files)
        self.deferred = deferred
        self.rendered = False
        """Set once the workers have written the deferred pages."""
        self.hidden = True
        self.early: list[Early] = []
        """Other plugins' on_post_build steps that read no page, run while the workers render (``Early``)."""

    def documentation_pages(self, **kwargs: Any) -> Sequence[File]:
        found = super().documentation_pages(**kwargs)
        if not self.hidden or (self.rendered and "inclusion" not in kwargs):
            return found
        if self.rendered:  # MkDocs' render list, taken once: from now on nothing is hidden
            self.hidden = False
        return [f for f in found if f.src_uri not in self.deferred]


class _Keep(logging.Handler):
    """Log records of a worker, kept to be printed by the parent."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


class _OneMarkdown:
    """``Page.render`` (mkdocs/structure/pages.py) with one Markdown instance for all of a worker's pages.

    MkDocs builds a new ``markdown.Markdown`` with every extension for each page, which costs about
    as much as converting one of our pages. Python-Markdown is made to be reused: ``reset()`` between
    documents; MkDocs' four per-page processors are registered afresh under their names (replacing
    the previous page's). The steps and their order are MkDocs'; tests/test_parallel_render.py
    compares every file with one MkDocs process.
    """

    md: markdown.Markdown | None = None

    def render(self, page: Page, config: MkDocsConfig, files: Files) -> None:
        if page.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        if self.md is None:  # made here, so that an extension that fails says so for the first page, as in MkDocs
            self.md = markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"] or {})
        md = self.md
        md.reset()
        raw_html_ext = mkdocs_pages._RawHTMLPreprocessor()
        raw_html_ext._register(md)
        extract_anchors_ext = mkdocs_pages._ExtractAnchorsTreeprocessor(page.file, files, config)
        extract_anchors_ext._register(md)
        relative_path_ext = mkdocs_pages._RelativePathTreeprocessor(page.file, files, config)
        relative_path_ext._register(md)
        extract_title_ext = mkdocs_pages._ExtractTitleTreeprocessor()
        extract_title_ext._register(md)
        page.content = md.convert(page.markdown)
        page.toc = get_toc(getattr(md, "toc_tokens", []))
        page._title_from_render = extract_title_ext.title
        page.present_anchor_ids = extract_anchors_ext.present_anchor_ids | raw_html_ext.present_anchor_ids
        if mkdocs_pages.log.getEffectiveLevel() > logging.DEBUG:
            page.links_to_anchors = relative_path_ext.links_to_anchors


def _render(pages: Sequence[File], config: MkDocsConfig, files: Files, nav: Navigation, env: jinja2.Environment) -> tuple[list[tuple[str, int, str]], bytes | None]:
    """In a worker: populate and build each page, write it, drop it."""
    keep = _Keep()
    root = logging.getLogger("mkdocs")
    for handler in list(root.handlers):
        root.removeHandler(handler)
    root.addHandler(keep)
    doc_files = files.documentation_pages()
    error: bytes | None = None
    one = _OneMarkdown()
    for file in pages:
        try:
            page = file.page
            assert page is not None
            page.render = functools.partial(one.render, page)  # type: ignore[method-assign]
            _populate_page(page, config, files, dirty=False)
            _build_page(page, config, doc_files, nav, env, dirty=False)
        except Exception as e:  # noqa: BLE001 - carried to the parent, which raises it
            try:
                error = pickle.dumps(e)
            except Exception:  # noqa: BLE001 - an error that cannot cross the pipe is said as text
                error = pickle.dumps(PluginError(str(e)))
            break
        finally:
            if file.page is not None:  # written: hold nothing of it
                file.page.content = file.page.markdown = None
                file.page.toc = []  # type: ignore[assignment]
            if isinstance(file, LaterFile):
                file.forget()
    if error is None:  # as MkDocs does after rendering (links to pages of other workers are not checked)
        for file in pages:
            if file.page is not None:
                file.page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
    return keep.records, error


def _child(conn: Any, pages: Sequence[File], config: MkDocsConfig, files: Files, nav: Navigation, env: jinja2.Environment) -> None:
    try:
        result = _render(pages, config, files, nav, env)
    except BaseException as e:  # noqa: BLE001
        result = ([], pickle.dumps(PluginError(str(e))))
    conn.send(result)
    conn.close()


def render(pages: Sequence[File], workers: int, config: MkDocsConfig, files: Files, nav: Navigation, env: jinja2.Environment,
           early: Sequence[Early] = ()) -> None:
    """Render ``pages`` in ``workers`` forked processes, contiguous slices in page order; run ``early`` meanwhile.

    Each keeps, in this process, the empty Page that MkDocs' nav would have made
    for it: templates rendered here (MkDocs' sitemap.xml) read its URL and date.
    """
    for file in pages:
        if file.page is None:
            Page(None, file, config)
    context = multiprocessing.get_context("fork")
    size = -(-len(pages) // workers) if pages else 0
    slices = [pages[i : i + size] for i in range(0, len(pages), size)] if size else []
    running = []
    for part in slices:
        receive, send = context.Pipe(duplex=False)
        process = context.Process(target=_child, args=(send, part, config, files, nav, env), daemon=True)
        process.start()
        send.close()
        running.append((process, receive))
    if isinstance(files, DeferredFiles) and early:
        files.hidden = False  # the steps see every page, as they do at on_post_build
        try:
            for step in early:
                step.run()
        finally:
            files.hidden = True
    results = []
    for process, receive in running:
        try:
            results.append(receive.recv())
        except EOFError:  # the worker died (killed, out of memory)
            results.append(([], pickle.dumps(PluginError(f"渲染页面的子进程意外退出（退出码 {process.exitcode}）：可能内存不足。可在 mkdocs.yml 的 gk-catalog 下设 workers: 1 后重试"))))
        process.join()
    for records, error in results:
        for name, level, message in records:
            logging.getLogger(name).log(level, message)
        if error is not None:
            raise pickle.loads(error)
