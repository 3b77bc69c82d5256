"""What a reader on a phone meets, measured in Chromium: which pages of a built site to open, and what to measure on each.

Used by tests/test_phone_browser.py (and handy on its own: ``measure(page)`` on any page).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

VIEWPORTS = {"320": {"width": 320, "height": 700}, "390": {"width": 390, "height": 844}, "1366": {"width": 1366, "height": 900}}
FONTS = {"标准字号": "", "大字号": "large", "特大字号": "xlarge"}

MEASURE = """() => {
  const doc = document.documentElement;
  const body = parseFloat(getComputedStyle(document.querySelector('article.md-content__inner') || document.body).fontSize);
  // Listing titles: characters per line, measured with a Range over each character.
  const lines = [];
  for (const link of document.querySelectorAll('.gk-listing .gk-title a, table.gk-listing td:first-child a')) {
    const walker = document.createTreeWalker(link, NodeFilter.SHOW_TEXT), range = document.createRange(), tops = [];
    let text = '';
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      text += node.textContent;
      for (let i = 0; i < node.textContent.length; i++) {
        range.setStart(node, i); range.setEnd(node, i + 1);
        const rects = range.getClientRects();
        if (!rects.length) continue;
        const top = Math.round(rects[0].top);
        const last = tops[tops.length - 1];
        if (last && Math.abs(last.top - top) <= 2) last.n++; else tops.push({top, n: 1});
      }
    }
    if (!text.trim()) continue;
    // Every line but the last must hold ten characters (the last may end a title).
    const full = tops.slice(0, -1).map(t => t.n);
    lines.push({title: text.slice(0, 30), lines: tops.length, min: full.length ? Math.min(...full) : null});  // one line: nothing to measure
  }
  // Chart text as rendered: font-size times the SVG's scale, or the HTML font-size.
  const charts = [];
  for (const el of document.querySelectorAll('.gk-figure text, .gk-figure .gk-chart span, .gk-figure figcaption')) {
    if (!el.textContent.trim()) continue;
    let px = parseFloat(getComputedStyle(el).fontSize);
    const svg = el.closest('svg');
    if (svg && svg.getScreenCTM()) px *= svg.getScreenCTM().a;
    charts.push(px);
  }
  // What sticks out to the right of the viewport, for the report.
  const wide = [];
  if (doc.scrollWidth > doc.clientWidth) {
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      if (r.right > doc.clientWidth + 1 && r.width > 0) {
        let clipped = false;
        for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
          const s = getComputedStyle(p);
          if (s.overflowX !== 'visible' && p.getBoundingClientRect().right <= doc.clientWidth + 1) { clipped = true; break; }
        }
        if (!clipped) wide.push((el.tagName + '.' + (el.className || '')).slice(0, 60) + ' ' + Math.round(r.right));
      }
      if (wide.length > 5) break;
    }
  }
  const footer = [...document.querySelectorAll('.gk-footer__items li')].map(li => li.textContent.trim());
  return {scroll: doc.scrollWidth, width: doc.clientWidth, body, lines, charts, wide, footer,
          height: doc.scrollHeight, pagers: document.querySelectorAll('nav.gk-pager').length};
}"""


def measure(page: Any) -> dict[str, Any]:
    """Scroll width against the viewport, title characters per line, chart text sizes, footer items of the open page."""
    return page.evaluate(MEASURE)  # type: ignore[no-any-return]


def shot_name(site: str, name: str, path: str) -> str:
    """A file name for the screenshot of one page type: phone-<site>-<what>.png, ASCII only."""
    kind = re.search(r"（(\w+)）$", name)
    what = f"entry-{kind[1]}" if kind else re.sub(r"[^0-9A-Za-z_-]+", "-", path).strip("-") or "home"
    return f"phone-{site}-{what}.png"


def _path(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def page_types(site: Path) -> dict[str, str]:
    """Page type → path under the site root: home, catalog home, every kind listing, one topic/organ/year listing,
    one entry of each kind, a procurement project, the data page, the sitemap, a content page and the 404."""
    pages = {"首页": "", "目录首页": "catalog/"}
    for facet in ("kind", "topic", "organ", "year"):
        root = site / "catalog" / facet
        keys = sorted(p.name for p in root.iterdir() if p.is_dir()) if root.is_dir() else []
        chosen = keys if facet == "kind" else keys[:1]
        for key in chosen:
            pages[f"列表：{facet}/{key}"] = f"catalog/{facet}/{key}/"
        if root.is_dir():
            pages[f"分面：{facet}"] = f"catalog/{facet}/"
    index = json.loads((site / "data" / "index.json").read_text(encoding="utf-8"))
    for dataset in index["datasets"]:
        if dataset["count"]:
            records = json.loads((site / "data" / dataset["json"]).read_text(encoding="utf-8"))["entries"]
            pages[f"条目：{dataset['kind_name']}（{dataset['kind']}）"] = _path(records[0]["url"])
    projects = site / "catalog" / "procurement" / "project"
    if projects.is_dir():
        first = sorted(p.name for p in projects.iterdir() if p.is_dir())
        if first:
            pages["采购项目"] = f"catalog/procurement/project/{first[0]}/"
    for name, path in (("数据页", "open-data/"), ("网站地图", "sitemap/"), ("信息公开指南", "guide/"), ("依申请公开", "apply/")):
        if (site / path / "index.html").is_file():
            pages[name] = path
    pages["404"] = "no-such-page/"
    return pages
