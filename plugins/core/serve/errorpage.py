"""What ``serve`` shows in every open page while the catalog has errors: the problem list, not the stale site.

MkDocs' live-reload server keeps serving the last good site when a rebuild fails; the editor who saved
a broken entry would look at the old page and wonder. The server puts this banner at the top of every
page it serves until a rebuild succeeds. The lines are those of a public log (``LogView`` with
``public=True``): nothing of a withheld entry reaches a page, even a local one. No MkDocs here.
"""

from __future__ import annotations

import html

MAX_LINES = 200
"""A catalog with thousands of errors: the first ones, and how many more (``check`` lists them all)."""

EMPTY_SITE = '<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>预览未生成</title></head><body style="margin:0"></body></html>'.encode()
"""The home page while the first build of a ``serve`` has failed: the banner is all it shows."""


def banner(headline: str, lines: list[str], *, last_good: bool = True) -> bytes:
    """The banner's HTML: what failed, each problem on its line (escaped), and that the page refreshes by itself.

    ``last_good``: a build of this ``serve`` succeeded before, so what is below the banner is that build's page;
    when none has (the catalog was broken from the start), the banner does not claim there is one.
    """
    shown = lines[:MAX_LINES]
    state, below = ("预览未更新", "下方仍是上次成功生成的页面。") if last_good else ("预览未生成", "本次预览还没有成功生成过网站，下方没有内容。")
    items = "".join(f"<li>{html.escape(line)}</li>" for line in shown)
    more = f"<p>另有 {len(lines) - len(shown)} 条，运行 python build.py check 查看全部。</p>" if len(lines) > len(shown) else ""
    return (
        '<div id="gk-serve-errors" role="alert" lang="zh" style="position:sticky;top:0;z-index:10000;max-height:60vh;overflow:auto;'
        'box-sizing:border-box;margin:0;padding:1em 1.5em;background:#fff4f4;color:#5a0000;border-bottom:4px solid #b00020;'
        'font:16px/1.6 sans-serif;box-shadow:0 2px 8px rgba(0,0,0,.25)">'
        f'<h1 style="margin:0 0 .5em;font-size:1.25em;color:#b00020">{state}：{html.escape(headline)}</h1>'
        f'<p style="margin:0 0 .5em">下面是本次重新生成时发现的问题（文件:行:列: 字段: 问题 — 改法）。{below}'
        "改正后保存文件，本页会自动刷新。</p>"
        f'<ul style="margin:0;padding-left:1.2em;font-family:monospace;white-space:pre-wrap">{items}</ul>{more}</div>'
    ).encode()


STALE_TITLE = "预览未更新 · ".encode()
"""Put before the page's title: the browser tab of a page that shows the last good build says so too."""


def inject(content: bytes, block: bytes) -> bytes:
    """``block`` right after ``<body …>`` (at the start when there is none), and the title marked as stale.

    The banner sticks to the top of the window: a live reload keeps the scroll position, so an editor
    reading the end of a long page would otherwise not see it (and it scrolls itself when the list is long).
    """
    title = content.find(b"<title>")
    if title >= 0 and not content.startswith("预览未".encode(), title + 7):
        content = content[: title + 7] + STALE_TITLE + content[title + 7 :]
    start = content.find(b"<body")
    end = content.find(b">", start) + 1 if start >= 0 else 0
    return content[:end] + block + content[end:]
