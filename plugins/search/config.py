"""Options of the ``gk-search`` plugin in mkdocs.yml."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class SearchConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Turn search off (no index, no search box), e.g. for a quick preview."""
    per_page = c.Type(int, default=10)
    """Results shown at a time; 显示更多 loads the next ones."""
