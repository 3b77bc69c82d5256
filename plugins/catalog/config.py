"""Options of the ``gk-catalog`` plugin in mkdocs.yml."""

from __future__ import annotations

from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c


class _Text(c.Type):
    """A text option whose wrong type is said in Chinese, with the value as written (MkDocs prints "<class 'list'>")."""

    def __init__(self, label: str, **kwargs: Any) -> None:
        super().__init__(str, **kwargs)
        self.label = label

    def run_validation(self, value: object) -> object:
        if not isinstance(value, str):
            raise base.ValidationError(f"{self.label}应为一段文字（如 ../文件夹名），这里写成了 {value!r}：不要用列表、数字或键值对")
        return value


class CatalogConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Turn the plugin off, e.g. for a quick preview of content/ only."""
    catalog_dir = _Text("目录文件夹 catalog_dir ", default="catalog")
    """Folder holding the entries and the registries, relative to mkdocs.yml."""
    private_dir = _Text("私有文件夹 private_dir ", default="")
    """Folder of withheld entries kept out of a public repository (same layout as catalog/), relative
    to mkdocs.yml, e.g. ``../gk-private``. Loaded, checked and counted, never published; where it is
    absent the counts come from catalog/withheld-counts.yml. See docs/security.md."""
    attachments_dir = c.Optional(_Text("附件文件夹 attachments_dir "))
    """A folder inside catalog_dir (relative to mkdocs.yml, e.g. ``catalog/附件``) that entries may take
    attachments from besides their own folder; unset: attachments live beside their entries."""
    cache = c.Type(bool, default=True)
    """Keep what each entry file parses to on disk, so a later ``check`` or ``build`` reads only changed files."""
    cache_dir = _Text("缓存文件夹 cache_dir ", default=".cache")
    """Folder of that cache, relative to mkdocs.yml (its own .gitignore keeps it out of git)."""
    page_size = c.Type(int, default=50)
    """Entries per listing page."""
    apply_page = c.Type(str, default="apply.md")
    """The 依申请公开 guide in content/, linked from every 依申请公开 entry."""
    guide_page = c.Type(str, default="guide.md")
    """The 信息公开指南 in content/."""
    validation = c.Optional(c.Type(object))
    """Adjustable warnings this office raises to errors (``warnings_as_errors``) or does not report (``ignore``).
    Checked by plugins/core/problems/codes/validation.py, which names the line of a mistake. See docs/problem-codes.md."""
    ocid_prefix = c.Type(str, default="ocds-xxxxxx")
    """OCDS ocid prefix registered with the Open Contracting Partnership (procurement exports)."""
