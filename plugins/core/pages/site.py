"""The ``Site``: what every page generator is handed — the public view with its URLs and cross-references.

Computed once per build; in ``serve`` it also knows what the last build made
(``reuse_from``) and which pages the edits since then can reach (``recheck``).
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import cached_property
from typing import Any

from ..load.facts import facts_of
from ..load.model import Entry
from ..serve.changes import edits_by_ref
from ..serve.pagememo import PageMemo, Signature
from ..wall.view import PublicCatalog
from .order import group_key, groups, order_key, regrouped, same_number, sort_newest_first, substituted
from .page import Page
from .urls import relpath


class Site:
    """URLs and cross-references of the public view, computed once per build."""

    def __init__(self, public: PublicCatalog, *, use_directory_urls: bool = True, apply_page: str = "apply.md", settings: dict[str, Any] | None = None):
        self.public = public
        self.kinds = public.kinds
        """The kinds of this site: each kind's banner, section, downloads and extra pages."""
        self.memo: PageMemo | None = None
        """Pages of the previous build to reuse (``serve``, see ``reuse_from``); None makes every page afresh."""
        self.settings = dict(settings or {})
        """Site-wide options (site_url, site_name, plugin options such as ocid_prefix)."""
        self.use_directory_urls = use_directory_urls
        self.apply_page = apply_page
        self.by_ref = by_ref = public.lookup()
        self.interpretations: dict[str, list[Entry]] = defaultdict(list)
        self.replaced: dict[str, list[Entry]] = defaultdict(list)
        self.referring: list[Entry] = []
        """Entries that refer to another (``related`` and the fields whose facts say ``reference``)."""
        for entry in public.entries:  # fields read from __dict__: pydantic's getattr is slow for absent keys
            fields = entry.meta.__dict__
            interprets, repealed_by = fields.get("interprets"), fields.get("repealed_by")
            if fields["related"] or any(fields.get(key) for key in facts_of(type(entry.meta)).references):
                self.referring.append(entry)
                if interprets in by_ref:
                    self.interpretations[by_ref[interprets].ref].append(entry)
                if repealed_by in by_ref:
                    self.replaced[by_ref[repealed_by].ref].append(entry)

    def reuse_from(self, memo: PageMemo) -> None:
        """``serve``: start a build that may reuse the pages ``memo`` kept from the last one."""
        memo.begin(self.fingerprint)
        memo._site_now = self
        self.memo = memo

    @cached_property
    def edits(self) -> list[tuple[Entry, Entry]] | None:
        """(before, now) for each entry edited since the last completed build of this ``serve``.

        None when that can't be told cheaply — no such build, entries came or went,
        a 索引号 changed, many edits — and then everything is worked out afresh.
        """
        last = self.memo.site if self.memo is not None else None
        if last is None:
            return None
        return edits_by_ref(last.by_ref, len(last.public.entries), self.public.entries, same_number)

    def _last_computed(self, name: str) -> Any:
        """The last build's value of a cached property, when it computed one and entries were only edited."""
        last = self.memo.site if self.memo is not None and self.edits is not None else None
        return last.__dict__.get(name) if last is not None else None

    @cached_property
    def newest_first(self) -> list[Entry]:
        """Every public entry, newest first (the order of listings and of the home page)."""
        last = self._last_computed("newest_first")
        if last is not None and all(order_key(old) == order_key(new) for old, new in self.edits or ()):
            return substituted(last, self.edits or [])  # edits that keep their place: no sort of 100,000 entries
        return sort_newest_first(self.public.entries)

    @cached_property
    def groups(self) -> dict[str, dict[str, list[Entry]]]:
        """Entries by facet (kind, topic, organ, year) and key, newest first."""
        last = self._last_computed("groups")
        if last is not None and all(group_key(old) == group_key(new) for old, new in self.edits or ()):
            return regrouped(last, self.edits or [])
        return groups(self.public, self.newest_first)

    @cached_property
    def referred(self) -> dict[str, list[tuple[str, Entry]]]:
        """Entry ref → (label, entry) for the entries that name it through their kind's ``backlink`` key.

        Read from those kinds' groups only: no work per entry of any other kind.
        """
        found: dict[str, list[tuple[str, Entry]]] = defaultdict(list)
        for code, (key, why) in self.backlinks.items():
            for entry in reversed(self.groups["kind"].get(code, [])):  # oldest first
                target = self.by_ref.get(entry.meta.__dict__.get(key) or "")
                if target is not None:
                    found[target.ref].append((why, entry))
        return found

    @cached_property
    def backlinks(self) -> dict[str, tuple[str, str]]:
        """Kind code → (reference key, label) for the kinds that declare a ``backlink``."""
        return {code: kind.backlink for code, kind in self.kinds.items() if kind.backlink is not None}

    @cached_property
    def recheck(self) -> tuple[set[str], set[str]] | None:
        """Entries whose pages may differ from the last build's: (refs, kinds whose every entry may).

        An entry page reads the entry, the entries it refers to, those that refer back
        (interpretations, replacements) and, for some kinds, entries of the same kind
        (``Kind.depends``). None: check every entry's signature.
        """
        if self.edits is None:
            return None
        refs: set[str] = set()
        keys: set[str] = set()
        kinds: set[str] = set()
        for old, new in self.edits:
            refs.add(new.ref)
            keys.update(k for k in (new.ref, new.meta.index_no) if k)
            for entry in (old, new):
                fields = entry.meta.__dict__
                for key in ("interprets", "repealed_by", *(k for k, _ in self.backlinks.values())):  # the pages that list it back
                    target = self.by_ref.get(fields.get(key) or "")
                    if target is not None:
                        refs.add(target.ref)
                if self.kinds[fields["kind"]].depends is not None:
                    kinds.add(fields["kind"])
        for entry in self.referring:
            fields = entry.meta.__dict__
            if any(ref in keys for ref in (*fields["related"], *(fields.get(k) for k in facts_of(type(entry.meta)).references))):
                refs.add(entry.ref)
        return refs, kinds

    def unaffected(self, entry: Entry) -> bool:
        """``serve``: nothing an entry's page (or downloads, or search document) reads was edited since the last build."""
        recheck = self.recheck
        return recheck is not None and entry.ref not in recheck[0] and not (recheck[1] and entry.meta.kind in recheck[1])

    @cached_property
    def fingerprint(self) -> str:
        """What every page may read besides its own inputs: settings and registry names."""
        registries: list[tuple[Any, ...]] = [(k, v.name, v.data) for k, v in sorted(self.public.organs.items())]
        registries += [(k, v.name) for k, v in sorted(self.public.topics.items())]
        notes = sorted(self.public.as_issued.items())  # a 原文如此 record added or removed changes the page, not the entry
        return repr((sorted(self.settings.items(), key=str), self.use_directory_urls, self.apply_page, registries, notes))

    def cached_value(self, key: Any, signature: Signature, make: Callable[[], Any]) -> Any:
        """Like ``cached`` for any value computed from the public view (e.g. OCDS releases)."""
        return make() if self.memo is None else self.memo.value(key, signature, make)[0]

    def cached(self, key: Any, signature: Signature, make: Callable[[], Iterable[Page]]) -> list[Page]:
        """``make()``'s pages, or the previous build's when ``signature`` is unchanged."""
        if self.memo is None:
            return list(make())
        return self.memo.pages(key, signature, make)

    def untouched(self, *kinds: str) -> bool:
        """``serve``: no entry of these kinds, nor any entry one of them refers to, was edited since the last build."""
        recheck = self.recheck
        if recheck is None or any(old.meta.kind in kinds for old, _ in self.edits or ()):
            return False
        return not any(self.by_ref[ref].meta.kind in kinds for ref in recheck[0] if ref in self.by_ref)

    def cached_group(self, name: str, kinds: tuple[str, ...], make: Callable[[], Iterable[Page]]) -> list[Page]:
        """Pages made only from entries of ``kinds`` (and what those refer to): all kept while ``untouched(*kinds)``."""
        if self.memo is None:
            return list(make())
        return self.memo.group(name, self.untouched(*kinds), make)

    def cached_for_entry(self, key: Any, entry: Entry, make: Callable[[], Iterable[Page]]) -> list[Page]:
        """``cached`` for what is made from one entry (its page, its downloads): ``entry_signature``.

        After edits that ``recheck`` can follow, an entry none of them touch is
        taken over without even computing its signature.
        """
        if self.memo is None:
            return list(make())
        if self.unaffected(entry):
            kept = self.memo.reuse(key)
            if kept is not None:
                return kept
        return self.memo.pages(key, entry_signature(entry, self), make)

    # --- URLs -------------------------------------------------------------

    @staticmethod
    def entry_src(entry: Entry) -> str:
        return entry.url.rstrip("/") + ".md"

    def url_of(self, src_uri: str) -> str:
        """The page URL MkDocs will give ``src_uri``."""
        stem = src_uri[:-3]
        if stem == "index" or stem.endswith("/index"):
            return stem[:-5]
        return stem + "/" if self.use_directory_urls else stem + ".html"

    def href(self, from_src: str, to_src: str) -> str:
        """Relative link from one page to another, as a browser resolves it."""
        base = self.url_of(from_src)
        base_dir = base if base.endswith("/") or not base else posixpath.dirname(base) + "/"
        target = self.url_of(to_src)
        rel = relpath(target, base_dir)
        if target.endswith("/") and not rel.endswith("/"):
            rel += "/"
        if rel == "./":
            rel = "./"
        if not self.use_directory_urls and target.endswith("/"):
            rel += "index.html"
        return rel

    def organ_name(self, organ_id: str) -> str:
        item = self.public.organs.get(organ_id)
        return item.name if item else organ_id

    def topic_name(self, topic_id: str) -> str:
        item = self.public.topics.get(topic_id)
        return item.name if item else topic_id


_NO_ENTRIES: list[Entry] = []


def entry_signature(entry: Entry, site: Site) -> Signature:
    """Everything an entry's page and downloads are made from, for ``PageMemo``.

    The entry, the entries it links to (``related_entries`` reads no others), the
    entries linking back to it, and what its kind's sections read. Computed for
    every entry on every ``serve`` rebuild, so field values are read straight
    from the model's ``__dict__``.
    """
    fields = entry.meta.__dict__
    by_ref = site.by_ref
    targets = [by_ref.get(ref) for ref in fields["related"]]
    for key in facts_of(type(entry.meta)).references:
        ref = fields.get(key)
        if ref:
            targets.append(by_ref.get(ref))
    back = (tuple(site.interpretations.get(entry.ref, _NO_ENTRIES)), tuple(site.replaced.get(entry.ref, _NO_ENTRIES)), tuple(site.referred.get(entry.ref, ())))
    depends = site.kinds[fields["kind"]].depends
    return (entry, tuple(targets), back, depends(entry, site) if depends else ())
