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
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from mkdocs.commands.build import _build_page, _populate_page
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

if TYPE_CHECKING:
    import jinja2
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.nav import Navigation


def worker_count(option: int) -> int:
    """``workers: 0`` means every core this process may run on."""
    if option > 0:
        return option
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


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


def _render(pages: Sequence[File], config: MkDocsConfig, files: Files, nav: Navigation, env: jinja2.Environment) -> tuple[list[tuple[str, int, str]], bytes | None]:
    """In a worker: populate and build each page, write it, drop it."""
    keep = _Keep()
    root = logging.getLogger("mkdocs")
    for handler in list(root.handlers):
        root.removeHandler(handler)
    root.addHandler(keep)
    doc_files = files.documentation_pages()
    error: bytes | None = None
    for file in pages:
        try:
            page = file.page
            assert page is not None
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


def render(pages: Sequence[File], workers: int, config: MkDocsConfig, files: Files, nav: Navigation, env: jinja2.Environment) -> None:
    """Render ``pages`` in ``workers`` forked processes, contiguous slices in page order.

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
