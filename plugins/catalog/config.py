"""Options of the ``gk-catalog`` plugin in mkdocs.yml."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class CatalogConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Turn the plugin off, e.g. for a quick preview of content/ only."""
    catalog_dir = c.Type(str, default="catalog")
    """Folder holding the entries and the registries, relative to mkdocs.yml."""
    private_dir = c.Type(str, default="")
    """Folder of withheld entries kept out of a public repository (same layout as catalog/), relative
    to mkdocs.yml, e.g. ``../gk-private``. Loaded, checked and counted, never published; where it is
    absent the counts come from catalog/withheld-counts.yml. See docs/security.md."""
    attachments_dir = c.Optional(c.Type(str))
    """A folder inside catalog_dir (relative to mkdocs.yml, e.g. ``catalog/附件``) that entries may take
    attachments from besides their own folder; unset: attachments live beside their entries."""
    page_size = c.Type(int, default=50)
    """Entries per listing page."""
    apply_page = c.Type(str, default="apply.md")
    """The 依申请公开 guide in content/, linked from every 依申请公开 entry."""
    guide_page = c.Type(str, default="guide.md")
    """The 信息公开指南 in content/."""
    ocid_prefix = c.Type(str, default="ocds-xxxxxx")
    """OCDS ocid prefix registered with the Open Contracting Partnership (procurement exports)."""
