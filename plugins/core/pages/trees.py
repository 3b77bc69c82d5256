"""The facet hubs as trees: topics by their 一级\\二级 name, organs under their ``parent``; kinds in the declared order.

Per key, never per entry: a hub lists each topic or organ once with its count.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from .numbers import year
from .site import Site
from .urls import listing_src

TOPIC_SEP = "\\"


def topic_label(name: str) -> str:
    """A topic's name as a reader sees it: the levels of ``一级\\二级`` joined by “ › ”, never the backslash."""
    return " › ".join(part for part in name.split(TOPIC_SEP) if part)


def hub_order(site: Site, facet: str, keys: Iterable[str]) -> list[str]:
    """Kinds as KINDS declares them (the 专栏's order), topics by name (so a tree's branches stay together), years newest first."""
    keys = list(keys)
    if facet == "kind":
        declared = {code: i for i, code in enumerate(site.kinds.names)}
        return sorted(keys, key=lambda k: (declared.get(k, len(declared)), k))
    if facet == "topic":
        return sorted(keys, key=lambda k: (site.topic_name(k), k))
    return sorted(keys, reverse=facet == "year")


def _organ_path(site: Site, organ_id: str) -> tuple[str, ...]:
    """The names from the top organ down to ``organ_id`` (a cycle or an unknown parent ends the climb)."""
    path: list[str] = []
    seen: set[str] = set()
    current: str | None = organ_id
    while current and current not in seen:
        seen.add(current)
        path.append(current)
        item = site.public.organs.get(current)
        parent = item.data.get("parent") if item else None
        current = parent if isinstance(parent, str) else None
    return tuple(reversed(path))


def hub_list(site: Site, facet: str, hub_src: str, counts: tuple[tuple[str, int], ...]) -> str:
    """The hub's ``<ul>``: nested for topics and organs, flat for kinds and years."""

    def item(key: str, count: int, label: str) -> str:
        href = escape(site.href(hub_src, listing_src(facet, key)))
        return f'<a href="{href}">{escape(label)}</a> <span class="gk-count">（{count} 条）</span>'

    if facet == "topic":
        paths = {tuple(p for p in site.topic_name(k).split(TOPIC_SEP) if p) or (k,): (k, n) for k, n in counts}
        rendered = {path: item(k, n, path[-1]) for path, (k, n) in paths.items()}
        labels = {path[: i + 1]: path[i] for path in paths for i in range(len(path))}
    elif facet == "organ":
        organ_paths = {_organ_path(site, k): (k, n) for k, n in counts}
        rendered = {path: item(k, n, site.organ_name(k)) for path, (k, n) in organ_paths.items()}
        labels = {path[: i + 1]: site.organ_name(path[i]) for path in organ_paths for i in range(len(path))}
    else:
        from_facet = "".join(f"<li>{item(k, n, _flat_label(site, facet, k))}</li>" for k, n in counts)
        return f'<ul class="gk-facets">{from_facet}</ul>'
    children: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    for path in labels:  # insertion order: the hub's order, each prefix before its descendants
        children.setdefault(path[:-1], []).append(path)

    def render(parent: tuple[str, ...]) -> str:
        kids = children.get(parent)
        if not kids:
            return ""
        cls = "gk-facets gk-tree" if not parent else "gk-tree__branch"
        return f'<ul class="{cls}">' + "".join(f"<li>{rendered.get(p) or escape(labels[p])}{render(p)}</li>" for p in kids) + "</ul>"

    return render(())


def _flat_label(site: Site, facet: str, key: str) -> str:
    return site.kinds.name(key) if facet == "kind" else year(key)
