"""网站地图: one HTML page linking every column of the site — the catalog, each kind, the topic and organ trees, each year.

The footer's 网站地图 link points here (《政府网站发展指引》). Per key, never per entry.
"""

from __future__ import annotations

from html import escape

from ..wall.view import PublicCatalog
from .crumbs import META_KEY, top_trail
from .page import Page, hold
from .site import Site
from .trees import hub_list, hub_order
from .urls import CATALOG_ROOT, FACETS

SITEMAP_SRC = "sitemap/index.md"


def site_map(public: PublicCatalog, site: Site) -> Page:
    src = SITEMAP_SRC
    by = site.groups

    def link(to: str, label: str) -> str:
        return f'<a href="{escape(site.href(src, to))}">{escape(label)}</a>'

    parts = [
        '<h2 id="columns">栏目</h2>\n<ul class="gk-facets">'
        f"<li>{link('index.md', '首页')}</li>"
        f"<li>{link(f'{CATALOG_ROOT}/index.md', '政府信息公开目录')}</li>"
        f"<li>{link(f'{CATALOG_ROOT}/kind/index.md', '法定主动公开内容')}</li>"
        f"<li>{link(site.apply_page, '依申请公开')}</li></ul>"
    ]
    for facet, label in FACETS.items():
        keyed = by[facet]
        counts = tuple((key, len(keyed[key])) for key in hub_order(site, facet, keyed))
        body = hub_list(site, facet, src, counts) if counts else "<p>（暂无）</p>"
        parts.append(f'<h2 id="by-{facet}">按{label}（{link(f"{CATALOG_ROOT}/{facet}/index.md", "全部")}）</h2>\n{body}')
    raw: list[str] = []
    md = "# 网站地图\n" + hold(raw, "\n".join(parts))
    return Page(src, md, {META_KEY: top_trail(site, src, "网站地图")}, title="网站地图", raw=raw)

