"""Charts drawn at build time as HTML with SVG bars: readable without JavaScript, text at the body size.

Horizontal bars only. The labels and values are HTML text, so they follow the
toolbar's 大字号/特大字号 and wrap on a phone (text inside a scaled SVG shrank
to about 7 px at 390 px); each bar is a tiny SVG drawn in percent of the
largest value. The chart is one ``role="img"`` named by its title and a text
summary, for a screen reader (the data table next to it has every figure).
Colours of the text come from the theme (light/dark). No MkDocs here.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from .numbers import amount, decimals

PALETTE = ("#2f6db3", "#d9822b", "#3d9a5b", "#8a5cb8", "#c0504d")
"""Colour-blind-safe enough for two or three series; bars also differ by label text."""


def number(value: float) -> str:
    """As the tables show it (pages.numbers): ``9,595.07``, ``−4.30``."""
    return amount(value, max(2, decimals([value])))


def bar_chart(
    chart_id: str,
    title: str,
    bars: Sequence[tuple[str, float]],
    unit: str,
    *,
    desc: str = "",
) -> str:
    """One series of horizontal bars; returns ``<figure>`` HTML."""
    return grouped_bar_chart(chart_id, title, [label for label, _ in bars], [("", [v for _, v in bars])], unit, desc=desc)


def _bar(percent: float, colour: str) -> str:
    """A bar ``percent`` wide of its track: an SVG stretched to the track (no inline style needed); its
    size attributes keep it a bar where the page's CSS is absent (the review report, a feed reader)."""
    return (
        '<svg class="gk-chart__rect" width="100%" height="12" viewBox="0 0 100 1" preserveAspectRatio="none" aria-hidden="true" focusable="false">'
        f'<rect width="{percent:.2f}" height="1" fill="{colour}"/></svg>'
    )


def grouped_bar_chart(
    chart_id: str,
    title: str,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    unit: str,
    *,
    desc: str = "",
) -> str:
    """Bars per category, one per series (e.g. 上年 and 本年); a legend when there are several."""
    if not categories:
        return ""
    values = [v for _, vals in series for v in vals if v is not None]
    top = max([v for v in values if v > 0], default=0.0) or 1.0
    named = [name for name, _ in series if name]
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    if not desc:
        desc = describe(categories, series, unit)
    caption = f"{escape(title)}（单位：{escape(unit)}）"
    out = [
        f'<div class="gk-chart{" gk-chart--grouped" if len(named) > 1 else ""}" role="img" aria-labelledby="{title_id} {desc_id}">',
        f'<span class="gk-sr" id="{desc_id}">{escape(desc)}</span>',
    ]
    if len(named) > 1:
        out.append('<span class="gk-chart__legend">' + "".join(
            f'<span class="gk-chart__key">{_bar(100, PALETTE[k % len(PALETTE)])}{escape(name)}</span>' for k, name in enumerate(named)
        ) + "</span>")
    for i, category in enumerate(categories):
        tip = f"{category}：" + "；".join(
            f"{name + ' ' if name else ''}{number(value) + unit if value is not None else '无数据'}"
            for name, value in ((name, vals[i]) for name, vals in series)
        )
        out.append(f'<span class="gk-chart__row" title="{escape(tip)}"><span class="gk-chart__label">{escape(category)}</span><span class="gk-chart__bars">')
        for k, (_, vals) in enumerate(series):
            value = vals[i]
            width = 0.0 if value is None or value <= 0 else max(100 * value / top, 0.5)
            text = ("无数据" if value is None else number(value))
            if len(named) > 1:
                text = f"{escape(series[k][0])} {text}"  # the series by name too, not by colour alone
            out.append(f'<span class="gk-chart__bar"><span class="gk-chart__value">{text}</span>{_bar(width, PALETTE[k % len(PALETTE)])}</span>')
        out.append("</span></span>")
    out.append("</div>")
    return f'<figure class="gk-figure" id="{chart_id}">' + "".join(out) + f'<figcaption id="{title_id}">{caption}</figcaption></figure>'


def describe(categories: Sequence[str], series: Sequence[tuple[str, Sequence[float | None]]], unit: str) -> str:
    """A one-paragraph text summary of the chart for screen readers and search."""
    parts = []
    for name, vals in series:
        known = [(c, v) for c, v in zip(categories, vals) if v is not None]
        if not known:
            continue
        items = "，".join(f"{c} {number(v)}" for c, v in known)
        prefix = f"{name}：" if name else ""
        if len(known) < len(vals):  # a partial series: which is largest cannot be said
            missing = "、".join(c for c, v in zip(categories, vals) if v is None)
            parts.append(f"{prefix}{items}（单位：{unit}）；{missing}无数据")
            continue
        biggest = max(known, key=lambda cv: cv[1])
        ties = [c for c, v in known if abs(v - biggest[1]) < 1e-9]
        parts.append(f"{prefix}{items}（单位：{unit}）；" + (f"最大的是{biggest[0]}" if len(ties) == 1 else f"{'、'.join(ties)}并列最大"))
    return f"共 {len(categories)} 项。" + "。".join(parts) + "。"
