"""An entry's page as the site will show it, for the reviewer: the same page generator, Markdown and sanitiser.

The review shows what will be published, so it renders each changed public entry
with the site's own parts — ``pages.entries.entry_page`` (metadata table with the
Chinese labels, the kind's section such as budget tables, the body), Python-Markdown
with the extensions mkdocs.yml lists, and the nh3 allow-list the site applies —
and links it to the entry's page in the preview build (``Site.url_of``, the URL the
site gives it). Only the content area, not the theme. No MkDocs here.
"""

from __future__ import annotations

import posixpath
import re
from html import escape, unescape
from typing import Any
from urllib.parse import quote, urlsplit

import markdown

from ..load.model import Entry
from ..pages.entries import entry_page
from ..pages.page import restore
from ..pages.site import Site
from ..wall import sanitize
from ..wall.view import PublicCatalog
from .textdiff import MASKED_DETECTORS, mask_text
from ..problems.detectors import scan

MKDOCS_EXTENSIONS = ("toc", "tables", "fenced_code")
"""The extensions MkDocs always adds before those of mkdocs.yml."""
PLUGIN = "gk-catalog"

_URL_ATTRIBUTE = re.compile(r'\b(href|src)="([^"]*)"')
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_INLINE_TAG = re.compile(r"</?(?:a|abbr|b|code|del|em|i|ins|kbd|mark|s|small|span|strong|sub|sup|u)\b[^>]*>", re.I)
_TAG = re.compile(r"<[^>]*>")
HIDDEN = '<p class="gk-review-hidden">（本条的网页含检测到的个人号码，这里不显示；请在预览网站中查看，并先按检测发现改正。）</p>'


def plugin_options(config: dict[str, Any]) -> dict[str, Any]:
    """The gk-catalog options written in mkdocs.yml (``plugins: - gk-catalog: {...}``)."""
    plugins = config.get("plugins") or []
    for item in plugins if isinstance(plugins, list) else [plugins]:
        if isinstance(item, dict) and isinstance(item.get(PLUGIN), dict):
            return dict(item[PLUGIN])
    return dict(plugins.get(PLUGIN) or {}) if isinstance(plugins, dict) and isinstance(plugins.get(PLUGIN), dict) else {}


def _extensions(config: dict[str, Any]) -> tuple[list[Any], dict[str, Any]]:
    names: list[Any] = list(MKDOCS_EXTENSIONS)
    configs: dict[str, Any] = {}
    listed = config.get("markdown_extensions") or []
    for item in listed if isinstance(listed, list) else []:
        name, options = (item, None) if isinstance(item, str) else next(iter(item.items()), (None, None)) if isinstance(item, dict) else (None, None)
        if not isinstance(name, str) or name in sanitize.FILE_INCLUDING:
            continue  # the site refuses to build with these (sanitize.config_problems)
        if name not in names:
            names.append(name)
        if isinstance(options, dict):
            configs[name] = options
    return names, configs


def _markdown(config: dict[str, Any]) -> markdown.Markdown:
    names, configs = _extensions(config)
    try:
        return markdown.Markdown(extensions=[*names, sanitize.SafeLinks()], extension_configs=configs)
    except Exception:  # an extension this machine lacks or a bad option: the site's build reports it; here the defaults do
        return markdown.Markdown(extensions=[*MKDOCS_EXTENSIONS, "nl2br", "attr_list", "md_in_html", "admonition", sanitize.SafeLinks()])


def _host(site_url: str) -> str:
    try:
        return (urlsplit(site_url).hostname or "").lower()
    except ValueError:
        return ""


def shows_number(html: str) -> bool:
    """Whether the text a browser shows of ``html`` still holds a personal number (e.g. split by ``**``)."""
    text = unescape(_TAG.sub("\n", _INLINE_TAG.sub("", html)))
    return any(hit.detector in MASKED_DETECTORS for hit in scan(text))


class Pages:
    """Renders the entry pages of one public view and names their place in the preview build."""

    def __init__(self, public: PublicCatalog, config: dict[str, Any], preview_url: str):
        options = plugin_options(config)
        site_url = str(config.get("site_url") or "")
        settings = {**options, "site_url": site_url, "site_name": str(config.get("site_name") or "")}
        self.site = Site(public, use_directory_urls=config.get("use_directory_urls", True) is not False,
                         apply_page=str(options.get("apply_page") or "apply.md"), settings=settings)
        self.markdown = _markdown(config)
        self.sanitizer = sanitize.sanitizer(_host(site_url))
        self.preview_url = preview_url if not preview_url or preview_url.endswith("/") else preview_url + "/"

    def path(self, entry: Entry) -> str:
        """The page's path inside the built site folder (``xxgk/draft/…/index.html``), as a browser opens a file."""
        url = self.site.url_of(Site.entry_src(entry))
        return url + "index.html" if url.endswith("/") or not url else url

    def preview(self, entry: Entry) -> str:
        """The page in the preview build; the path (from a file name an editor chose) percent-encoded."""
        return self.preview_url + quote(self.path(entry), safe="/-._~")

    def html(self, entry: Entry) -> str:
        """The page's content as the site renders it, links pointing into the preview build."""
        shown = entry.with_meta(title=mask_text(entry.meta.title), summary=mask_text(entry.meta.summary or "") or None)
        shown.body = mask_text(entry.body)
        page = entry_page(shown, self.site)
        text = restore(self.markdown.reset().convert(page.markdown), page.raw, self.sanitizer.clean)
        if shows_number(text):
            return HIDDEN
        page_path = self.path(entry)
        folder = posixpath.dirname(page_path) + "/"
        return _URL_ATTRIBUTE.sub(lambda m: f'{m[1]}="{self._into_preview(unescape(m[2]), folder, page_path)}"', text)

    def _into_preview(self, url: str, folder: str, page_path: str) -> str:
        """A link of the page, resolved as the browser would from the page, inside the preview build."""
        if url.startswith("#"):
            return escape(self.preview_url + page_path + url)
        if not url or _SCHEME.match(url) or url.startswith(("/", "\\")):
            return escape(url)
        target = posixpath.normpath(posixpath.join(folder, url))
        if url.endswith("/") or target.endswith("/"):
            target = target.rstrip("/") + "/index.html"
        return escape(self.preview_url + target)
