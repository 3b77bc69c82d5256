"""Charts drawn at build time as inline SVG: readable without JavaScript.

Horizontal bars only: long Chinese labels fit on the left, every value is
printed beside its bar, and each chart carries ``<title>``/``<desc>`` so a
screen reader gets a summary (the data table next to it has every figure).
Text uses ``currentColor`` so the chart follows the theme's light/dark colours.
No MkDocs here.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from html import escape
from .numbers import amount, decimals

PALETTE = ("#2f6db3", "#d9822b", "#3d9a5b", "#8a5cb8", "#c0504d")
"""Colour-blind-safe enough for two or three series; bars also differ by label text."""

FONT = 14
GAP = 5
WIDTH = 720
MAX_LABEL_CHARS = 16


def text_width(text: str, size: int = FONT) -> float:
    """Approximate rendered width: CJK and full-width characters take a whole em."""
    em = 0.0
    for char in text:
        em += 1.0 if unicodedata.east_asian_width(char) in ("W", "F") else 0.58
    return em * size


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL_CHARS else label[: MAX_LABEL_CHARS - 1] + "…"


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
    """One series of horizontal bars; returns ``<figure>`` HTML with an inline SVG."""
    return grouped_bar_chart(chart_id, title, [label for label, _ in bars], [("", [v for _, v in bars])], unit, desc=desc)


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
    labels = [_short(c) for c in categories]
    label_w = min(max((text_width(t) for t in labels), default=0) + 12, WIDTH * 0.42)
    value_w = max((text_width(number(v)) for v in values), default=0) + 10
    plot_w = max(WIDTH - label_w - value_w - 8, 80)
    named = [name for name, _ in series if name]
    legend_h = 24 if len(named) > 1 else 0
    n = max(len(series), 1)
    bar_h = 18.0 if n == 1 else 14.0
    group_h = n * bar_h + (n - 1) * 2 + 2 * GAP
    height = int(legend_h + group_h * len(categories) + GAP)
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    if not desc:
        desc = describe(categories, series, unit)
    out = [
        f'<svg class="gk-chart" role="img" aria-labelledby="{title_id} {desc_id}" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'font-size="{FONT}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{title_id}">{escape(title)}（单位：{escape(unit)}）</title>',
        f'<desc id="{desc_id}">{escape(desc)}</desc>',
    ]
    if legend_h:
        x = label_w
        for k, name in enumerate(named):
            colour = PALETTE[k % len(PALETTE)]
            out.append(f'<rect x="{x:.1f}" y="6" width="12" height="12" fill="{colour}"/>')
            out.append(f'<text x="{x + 16:.1f}" y="16" fill="currentColor">{escape(name)}</text>')
            x += 16 + text_width(name) + 18
    for i, category in enumerate(categories):
        y0 = legend_h + i * group_h + GAP
        out.append("<g>")
        out.append(f"<title>{escape(category)}：" + "；".join(
            f"{escape(name) + ' ' if name else ''}{number(value) + escape(unit) if value is not None else '无数据'}"
            for name, value in ((name, vals[i]) for name, vals in series)
        ) + "</title>")
        mid = y0 + (group_h - 2 * GAP) / 2
        out.append(
            f'<text x="{label_w - 8:.1f}" y="{mid + FONT * 0.35:.1f}" text-anchor="end" fill="currentColor">{escape(labels[i])}</text>'
        )
        for k, (_, vals) in enumerate(series):
            value = vals[i]
            y = y0 + k * (bar_h + 2)
            width = 0.0 if value is None or value <= 0 else max(plot_w * value / top, 1.0)
            colour = PALETTE[k % len(PALETTE)]
            out.append(f'<rect x="{label_w:.1f}" y="{y:.1f}" width="{width:.1f}" height="{bar_h:.1f}" fill="{colour}"/>')
            text = "无数据" if value is None else number(value)
            out.append(
                f'<text x="{label_w + width + 4:.1f}" y="{y + bar_h / 2 + FONT * 0.35:.1f}" fill="currentColor">{text}</text>'
            )
        out.append("</g>")
    out.append(f'<line x1="{label_w:.1f}" y1="{legend_h:.1f}" x2="{label_w:.1f}" y2="{height - 2}" stroke="currentColor" stroke-opacity=".4"/>')
    out.append("</svg>")
    return (
        f'<figure class="gk-figure" id="{chart_id}">' + "".join(out)
        + f"<figcaption>{escape(title)}（单位：{escape(unit)}）</figcaption></figure>"
    )


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
