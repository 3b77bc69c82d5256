"""What a search matches (docs/search.md 搜索的含义): the shared vectors, the index against a truth, the browser against both.

The truth of a query is computed from each entry's own fields with ``match.matches``
(the specification in code); the index — tokens, shards, candidates, the check
of each result — must give exactly that set, in Python (reader.py) and in
Chromium (gk-search.js), and the count says 共 only when it is exact.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from plugins.core.search.documents import SearchDoc
from plugins.core.search.index import build_index, write_index
from plugins.core.search.match import field_text, matches, parse_query, query_words
from plugins.core.search.reader import IndexReader

VECTORS = json.loads((Path(__file__).parent / "search_vectors.json").read_text(encoding="utf-8"))


def test_the_shared_vectors_hold_in_python():
    for case in VECTORS["text"]:
        assert field_text(case["text"]) == case["match_text"], case
    for case in VECTORS["words"]:
        assert query_words(case["query"]) == case["words"], case
    for case in VECTORS["tokens"]:
        parsed = parse_query(case["query"])
        assert (parsed.tokens, parsed.exact, parsed.title_only) == (case["tokens"], case["exact"], case["title_only"]), case
    for case in VECTORS["match"]:
        assert matches(case["query"], case["heading"], case["text"], case["index_no"]) is case["match"], case


FILLER = ["推进政府信息公开工作", "全面公开部门预算", "加强政策解读", "规范依申请公开工作流程", "按照国家和省的要求",
          "认真组织实施", "确保各项任务落到实处", "支出合计12.5万元", "2016年第3号", "国发〔2016〕8号"]
PLANTS = {
    "“三公”经费": "三公经费", "三公經費": "三公经费", "三公经费": "三公经费",
    "三公和经费": None, "国发〔2017〕12号": "国发〔2017〕", "国发〔2016〕和粤府〔2017〕": None,
    "合计25.16万元": "25.16万元", "合计125.16万元": None, "合计25.16 万元": None,
    "其中0.5万元": "0.5万元", "其中10.5万元": None, "2024年第2号": "第2号", "2024年第12号": None,
    "按照政府采购法": "政府采购",
}
QUERIES = ["三公经费", "国发〔2017〕", "25.16万元", "0.5万元", "第2号", "政府采购", "2017", "预算", "12.5万元", "三公"]


def corpus(count: int, seed: int = 5) -> list[SearchDoc]:
    """Filler entries, a plant or a decoy in a random place of some; every one a procurement entry of organ 采购办."""
    rng = random.Random(seed)
    plants = list(PLANTS)
    docs = []
    for n in range(count):
        sentences = rng.choices(FILLER, k=6)
        if n % 3:
            sentences.insert(rng.randrange(len(sentences) + 1), rng.choice(plants))
        year = 2016 + n % 3
        docs.append(SearchDoc(
            url=f"xxgk/x/{n}/", title=f"关于{rng.choice(FILLER)}的通知", index_no=f"11441900007330235A/{year}-{n:05d}",
            published=f"{year}-01-01", year=year, kind="procurement", organ="o", organ_name="政府采购办", doc_no="",
            heading=f"关于{rng.choice(FILLER)}的通知", text="，".join(sentences) + "。", kind_name="政府采购",
        ))
    return docs


@pytest.fixture(scope="module")
def planted(tmp_path_factory) -> tuple[list[SearchDoc], IndexReader]:
    docs = corpus(900)
    out = tmp_path_factory.mktemp("semantics") / "search"
    write_index(build_index(docs, shard_target=2048), out)
    return docs, IndexReader(out)


def truth(docs: list[SearchDoc], query: str) -> set[int]:
    return {n for n, doc in enumerate(docs) if matches(query, doc.heading, doc.text, doc.index_no)}


@pytest.mark.parametrize("query", QUERIES)
def test_the_index_finds_exactly_the_truth(planted, query):
    docs, reader = planted
    expected = truth(docs, query)
    assert set(reader.search(query)) == expected  # precision and recall 100%
    result = reader.candidates(query)
    assert set(result.candidates) >= expected
    if result.exact:  # the browser says 共 N with N = candidates, unchecked: it must be the truth
        assert set(result.candidates) == expected


def test_plants_and_decoys_are_told_apart(planted):
    docs, reader = planted
    for plant, query in PLANTS.items():
        holders = {n for n, doc in enumerate(docs) if plant in doc.text}
        if query is None or not holders:
            continue
        assert holders <= set(reader.search(query)), plant
    decoys = {n for n, doc in enumerate(docs) if "合计125.16万元" in doc.text and "合计25.16万元" not in doc.text}
    assert decoys and not decoys & set(reader.search("25.16万元"))
    assert not reader.search("政府采购办")  # the organ's and the kind's names are facets, not text


def test_a_year_is_not_found_in_the_index_number_and_an_index_number_is(planted):
    docs, reader = planted
    hits = set(reader.search("2017"))
    assert hits == {n for n, doc in enumerate(docs) if "2017" in doc.text}
    assert any(doc.year == 2017 and n not in hits for n, doc in enumerate(docs))  # its 索引号 has 2017: not a hit
    target = docs[417]
    assert reader.search(target.index_no) == [417]
    assert reader.search(target.index_no.split("/")[1]) == [417]
    assert reader.candidates(target.index_no).exact


def test_a_query_naming_a_kinds_subject_puts_that_kind_first(tmp_path):
    def doc(n: int, kind: str, title: str) -> SearchDoc:
        return SearchDoc(url=f"x/{n}/", title=title, index_no=f"X/2024-{n:05d}", published=f"2024-01-{n + 1:02d}", year=2024,
                         kind=kind, organ="o", organ_name="机构", doc_no="", heading=title, text="正文", kind_name=kind)

    docs = [doc(0, "budget", "示例局2024年部门预算"), doc(1, "procurement", "预算管理一体化系统采购项目中标公告"),
            doc(2, "notice", "关于预算执行的通知"), doc(3, "policy", "政策文件"), doc(4, "budget", "示例局2023年单位预算")]
    docs[3].text = "做好预算编制"
    write_index(build_index(docs), tmp_path / "search")
    reader = IndexReader(tmp_path / "search")
    assert reader.search("预算") == [4, 0, 2, 1, 3]  # the budgets (newest first), other title hits, then the body hit
    assert reader.search("采购") == [1]
    assert reader.search("预算管理一体化")[0] == 1
