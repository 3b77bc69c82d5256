"""A kind's ``search_text`` gives the words its page section shows, without making the HTML.

The search index must stay byte-identical to the one made by rendering the
section and stripping it, so each direct ``search_text`` is compared with that.
"""

from __future__ import annotations

from pathlib import Path

from conftest import POLICY
from plugins.core import pipeline
from plugins.core.pages.site import Site
from plugins.core.search.documents import section_text

REPO = Path(__file__).resolve().parent.parent
HOSTILE = "*粗体* &amp; <b>标记</b> [链接](http://x.example) | `代码` 1. 序号"


def same_words(public) -> set[str]:
    """Compare every entry whose kind has both; the kinds compared (and with some words)."""
    site = Site(public)
    compared: set[str] = set()
    for entry in public.entries:
        kind = site.kinds[entry.kind]
        if kind.search_text is None or kind.section is None or entry.meta.disclosure != "主动公开":
            continue
        direct = kind.search_text(entry, site)
        assert direct == section_text(kind.section(entry, site)), entry.ref
        if direct:
            compared.add(entry.kind)
    return compared


def test_the_demo_catalog_gives_the_same_words_both_ways():
    result = pipeline.run(REPO / "catalog", REPO)
    assert result.public is not None
    assert {"policy", "procurement"} <= same_words(result.public)


def test_markup_in_titles_gives_the_same_words_both_ways(make_project):
    old = POLICY.replace("示例市政务公开工作要点", f"旧办法{HOSTILE}").replace("validity: 有效", "validity: 废止\nrepealed: 2024-03-05\nrepealed_by: policy/new")
    new = POLICY.replace("示例市政务公开工作要点", f"新办法{HOSTILE}").replace("示府办〔2024〕3号", "示府办〔2024〕4号")
    reading = (
        POLICY.replace("kind: policy", "kind: interpretation").replace("示例市政务公开工作要点", f"解读{HOSTILE}")
        .replace("doc_no: 示府办〔2024〕3号\n", "").replace("validity: 有效\n", "") + "interprets: policy/new\nform: 图解\n"
    )
    root = make_project({"catalog/policy/old.yml": old, "catalog/policy/new.yml": new, "catalog/interpretation/r.yml": reading})
    result = pipeline.run(root / "catalog", root)
    assert result.public is not None, [d.message for d in result.errors]
    assert same_words(result.public) == {"policy"}
