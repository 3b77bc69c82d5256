"""The search box that goes into Material's header, with Material's own classes.

It reuses Material's ``#__search`` toggle and CSS, so it looks and opens like
the built-in search on desktop and phone. It is ``hidden`` until gk-search.js
runs: without JavaScript a reader sees no dead box and browses the listings.
"""

from __future__ import annotations

import functools

from pathlib import Path

from ..core.pages.urls import CATALOG_ROOT, FACETS

HEADER_SOURCE = '<div class="md-header__source">'
HEADER_NAV = 'class="md-header__inner'


@functools.cache
def icon(name: str) -> str:
    import material

    path = Path(material.__file__).parent / "templates" / ".icons" / "material" / f"{name}.svg"
    return path.read_text(encoding="utf-8").strip()


def search_box(per_page: int) -> str:
    magnify, back, close = icon("magnify"), icon("arrow-left"), icon("close")
    return f"""<label class="md-header__button md-icon gk-search-open" for="__search" title="搜索" hidden>{magnify}</label>
<div class="md-search gk-search" data-gk-search data-per-page="{int(per_page)}" hidden>
  <label class="md-search__overlay" for="__search"></label>
  <div class="md-search__inner" role="search" aria-label="搜索信息公开目录">
    <form class="md-search__form" name="gk-search" autocomplete="off">
      <input type="text" class="md-search__input" name="q" placeholder="搜索标题、文号、索引号或正文" aria-label="搜索信息公开目录" role="combobox" aria-autocomplete="list" aria-expanded="false" aria-controls="gk-search-list" aria-describedby="gk-search-status" autocapitalize="off" autocorrect="off" autocomplete="off" spellcheck="false" enterkeyhint="search">
      <label class="md-search__icon md-icon" for="__search" title="关闭搜索">{magnify}{back}</label>
      <nav class="md-search__options" aria-label="搜索选项">
        <button type="reset" class="md-search__icon md-icon" title="清空" aria-label="清空搜索词">{close}</button>
      </nav>
    </form>
    <div class="md-search__output">
      <div class="md-search__scrollwrap" data-md-scrollfix>
        <div class="md-search-result gk-search-result">
          <div class="gk-search-filters" role="group" aria-label="筛选">
            <select name="kind" aria-label="按类别筛选"><option value="">全部类别</option></select>
            <select name="organ" aria-label="按发布机构筛选"><option value="">全部发布机构</option></select>
            <select name="year" aria-label="按年度筛选"><option value="">全部年度</option></select>
          </div>
          <div class="md-search-result__meta" id="gk-search-status" role="status" aria-live="polite">输入词语开始搜索（两个字以上搜全文，一个字只搜标题）</div>
          <ol class="md-search-result__list" id="gk-search-list" role="listbox" aria-label="搜索结果"></ol>
          <button type="button" class="md-button gk-search-more" hidden>显示更多结果</button>
          <a class="gk-search-all" hidden>在搜索页查看全部结果（筛选、排序、翻页）</a>
        </div>
      </div>
    </div>
  </div>
</div>
"""


def insert_search_box(html: str, box: str) -> str | None:
    """Put the box into the header, where Material puts its own; None if there is no header."""
    at = html.find(HEADER_SOURCE)
    if at < 0:
        nav = html.find(HEADER_NAV)
        at = html.find("</nav>", nav) if nav >= 0 else -1
    if at < 0:
        return None
    return html[:at] + box + html[at:]


RESULTS_PAGE = "search.md"
"""The results page, ``search/``: the same search with filters, sort and pages; its URL is shareable."""


def results_page(per_page: int) -> str:
    """Markdown (one raw HTML block) of the results page; gk-search.js fills it. Without JavaScript: the listings."""
    browse = "".join(
        f'<li><a href="../{CATALOG_ROOT}/{facet}/" data-gk-root-href="{CATALOG_ROOT}/{facet}/">按{label}浏览</a></li>' for facet, label in FACETS.items()
    )
    return f"""---
title: 搜索
---

# 搜索

<div class="gk-search-page" data-gk-search-page data-per-page="{int(per_page)}" hidden>
<form class="gk-search-page__form" role="search" aria-label="搜索信息公开目录" autocomplete="off">
<p class="gk-search-page__query"><input type="search" name="q" aria-label="搜索词" placeholder="搜索标题、文号、索引号或正文" enterkeyhint="search" spellcheck="false"> <button type="submit" class="md-button md-button--primary">搜索</button></p>
<p class="gk-search-page__filters">
<select name="kind" aria-label="按类别筛选"><option value="">全部类别</option></select>
<select name="organ" aria-label="按发布机构筛选"><option value="">全部发布机构</option></select>
<select name="year" aria-label="按年度筛选"><option value="">全部年度</option></select>
<select name="sort" aria-label="排序"><option value="">按相关度排序</option><option value="date">按发布日期排序（新的在前）</option></select>
</p>
</form>
<p class="gk-search-page__status" id="gk-page-status" role="status" aria-live="polite">输入词语开始搜索</p>
<ol class="gk-search-page__list" aria-label="搜索结果"></ol>
<nav class="gk-search-page__pages" aria-label="结果分页" hidden></nav>
<div class="gk-search-page__empty" hidden>
<p class="gk-search-page__shorter" hidden>试试更短的词：<span></span></p>
<p>也可以在政府信息公开目录中浏览：</p>
<ul class="gk-search-page__browse"><li><a href="../{CATALOG_ROOT}/" data-gk-root-href="{CATALOG_ROOT}/">信息公开目录首页</a></li>{browse}</ul>
</div>
</div>

<noscript><p>搜索需要启用 JavaScript。也可以在<a href="../{CATALOG_ROOT}/">政府信息公开目录</a>中按类别、主题分类、发布机构、年度浏览。</p></noscript>
"""
