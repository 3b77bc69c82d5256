"""Search core: tokens, recall, 繁简, ranking, shards — on synthetic documents, read back from the files."""

from __future__ import annotations

import gzip
import random
from pathlib import Path

import pytest

from plugins.core.search.documents import SearchDoc, plain_text
from plugins.core.search.index import build_index, token_hash, write_index
from plugins.core.search.reader import IndexReader
from plugins.core.search.match import field_text, query_tokens, tokens
from plugins.core.search.tokenize import normalize

FILLER = [
    "进一步推进政府信息公开工作", "全面公开部门预算和三公经费信息", "加强政策解读和回应社会关切",
    "规范依申请公开工作流程", "推进重点领域信息公开", "完善政务公开制度体系", "做好政府网站建设和管理",
    "各镇人民政府街道办事处", "市府直属各单位", "按照国家和省的要求", "认真组织实施", "确保各项任务落到实处",
]


def make_doc(n: int, title: str, text: str, *, kind: str = "notice", organ: str = "o1", year: int = 2024) -> SearchDoc:
    return SearchDoc(
        url=f"xxgk/x/{n}/", title=title, index_no=f"X/{year}-{n:05d}", published=f"{year}-01-01", year=year,
        kind=kind, organ=organ, organ_name=f"机构{organ}", doc_no="", heading=title, text=text,
    )


def corpus(count: int, plant: dict[int, str], seed: int = 7) -> list[SearchDoc]:
    """``count`` documents of filler; document n gets ``plant[n]`` inside a sentence (not at a word edge)."""
    rng = random.Random(seed)
    docs = []
    for n in range(count):
        sentences = rng.choices(FILLER, k=8)
        if n in plant:
            s = rng.randrange(len(sentences))
            cut = rng.randrange(1, len(sentences[s]))
            sentences[s] = sentences[s][:cut] + plant[n] + sentences[s][cut:]
        docs.append(make_doc(n, f"关于{rng.choice(FILLER)}的通知", "，".join(sentences) + "。", year=2024 - n % 3))
    return docs


def written(tmp_path: Path, docs: list[SearchDoc], **kwargs) -> IndexReader:
    write_index(build_index(docs, **kwargs), tmp_path / "search")
    return IndexReader(tmp_path / "search")


def test_normalize_folds_traditional_width_and_case_and_keeps_length():
    assert normalize("預算編制ＡＢＣ１２３") == "预算编制abc123"
    assert normalize("臺灣資訊公開") == "台湾资讯公开"
    for text in ("東府辦〔2016〕47號", "𪜀𠀀預算", "Ⅻ①ﬁ"):
        assert len(normalize(text)) == len(text)  # offsets map back for highlighting


def test_tokens_are_bigrams_and_words_and_titles_add_single_characters():
    text = field_text("東府辦〔2016〕47號 預算")
    assert text == "东府办〔2016〕47号预算"  # spaces between Han characters go
    assert tokens(text) == ["东府", "府办", "2016", "办〔2016", "47", "2016〕47", "号预", "预算", "47号"]
    assert set(tokens(text, unigrams=True)) >= {"东", "府", "办", "号", "预", "算", "预算"}
    assert query_tokens("澜沧江") == (["澜沧", "沧江"], False)
    assert query_tokens("预算编制") == (["预算", "编制"], False)  # pairs that cover the word
    assert query_tokens("政府信息公开") == (["政府", "信息", "公开"], False)
    assert query_tokens("政府信息公开网") == (["政府", "信息", "公开", "开网"], False)
    assert query_tokens("税") == (["税"], True)
    assert query_tokens("47号 預算") == (["47号", "预算"], False)
    assert query_tokens("国发〔2017〕") == (["国发", "发〔2017"], False)


def test_plain_text_drops_markup_but_keeps_words():
    text = plain_text("## 一、总体要求\n\n| 项目 | 金额 |\n|---|---|\n| **预算** | 1,000 |\n\n见[附件](a.pdf)。<br>")
    assert "预算" in text and "附件" in text and "a.pdf" not in text and "|" not in text and "##" not in text


def test_every_planted_two_and_three_character_word_is_found(tmp_path):
    rng = random.Random(3)
    two = set(rng.sample(range(600), 40))
    three = set(rng.sample(sorted(set(range(600)) - two), 25))
    plant = {n: "澜沧" for n in two} | {n: "澜沧江" for n in three}
    reader = written(tmp_path, corpus(600, plant))
    assert set(reader.search("澜沧")) == two | three  # 100% recall, and nothing else
    assert set(reader.search("澜沧江")) == three
    assert set(reader.search("瀾滄")) == two | three  # traditional query, simplified text


def test_simplified_and_traditional_find_each_other(tmp_path):
    docs = [
        make_doc(0, "关于公开部门预算的通知", "全面公开部门预算。"),
        make_doc(1, "關於公開部門預算的通知", "全面公開部門預算。"),
        make_doc(2, "关于政务公开的通知", "推进政务公开。"),
    ]
    reader = written(tmp_path, docs)
    assert set(reader.search("预算")) == {0, 1}
    assert set(reader.search("預算")) == {0, 1}
    assert set(reader.search("部門預算")) == {0, 1}


def test_title_hits_rank_above_body_hits_then_newest(tmp_path):
    # documents are numbered oldest first: the highest number is the newest
    docs = [make_doc(0, "部门预算公开", "推进政务公开。")]  # oldest, title only
    docs.append(make_doc(1, "关于政务公开的通知", "预算。"))
    docs += [make_doc(n, "关于政务公开的通知", "预算" * 5 + "。") for n in range(2, 5)]  # newest, body only, often
    ranked = written(tmp_path, docs).search("预算")
    assert ranked == [0, 4, 3, 2, 1]  # the title hit, then body hits newest first (how often does not count)


def test_a_query_fetches_only_the_shards_of_its_tokens(tmp_path):
    plant = {n: "澜沧江" for n in range(0, 300, 7)}
    docs = corpus(300, plant)
    index = build_index(docs, shard_target=256)
    assert index.shard_count >= 16
    write_index(index, tmp_path / "search")
    reader = IndexReader(tmp_path / "search")
    reader.search("澜沧江")
    shards = {path for path in reader.fetched if path.startswith("shards/")}
    assert shards == {reader.shard_path("澜沧"), reader.shard_path("沧江")}
    assert len(list((tmp_path / "search" / "shards").iterdir())) == index.shard_count
    # every token is stored in the shard its hash names, and only there; common tokens alone
    mask = index.shard_count - 1
    stored = []
    for path in sorted((tmp_path / "search" / "shards").iterdir()):
        for token in reader.shard(f"shards/{path.name}"):
            assert token_hash(token) & mask == int(path.stem, 16)
            stored.append(token)
    common = [row[0] for row in reader.manifest["common"]]
    assert common and not set(common) & set(stored)
    for number, token in enumerate(common):
        assert list(reader.shard(f"common/{number}.bin")) == [token]
    assert sorted(stored + common) == sorted(index.postings)


def test_long_queries_fetch_at_most_four_rare_shards_and_keep_recall(tmp_path):
    phrase = "推进澜沧江流域政务公开"
    plant = {n: phrase for n in range(0, 600, 13)}
    reader = written(tmp_path, corpus(600, plant), shard_target=256)
    common = dict(reader.manifest["common"])
    assert {"推进", "政务", "公开"} <= set(common)  # filler words are in most entries
    tokens, _ = query_tokens(phrase, common)
    assert len(tokens) == 4 and not set(tokens) & set(common)
    assert set(reader.search(phrase)) == set(plant)
    assert len([path for path in reader.fetched if path.startswith("shards/")]) <= 4


def test_filters_by_kind_organ_and_year(tmp_path):
    docs = [
        make_doc(0, "部门预算", "", kind="budget", organ="b", year=2024),
        make_doc(1, "部门预算", "", kind="notice", organ="b", year=2025),
        make_doc(2, "部门预算", "", kind="budget", organ="a", year=2025),
    ]
    reader = written(tmp_path, docs)
    assert reader.search("预算", kind="budget") == [2, 0]
    assert reader.search("预算", organ="b") == [0, 1]  # 预算 names the budget's subject: the budget first
    assert reader.search("部门", organ="b") == [1, 0]  # otherwise newest first
    assert reader.search("预算", year=2024) == [0]
    assert reader.manifest["years"] == [[2025, 1, 2], [2024, 0, 0]]  # newest year first, as the filter lists them


def test_single_character_searches_titles_only(tmp_path):
    docs = [make_doc(0, "关于税收的通知", "推进政务公开。"), make_doc(1, "关于政务公开的通知", "依法纳税。")]
    assert written(tmp_path, docs).search("税") == [0]


def test_files_are_gzip_and_documents_carry_what_results_show(tmp_path):
    doc = make_doc(0, "示例市部门预算", "全面公开部门预算。")
    reader = written(tmp_path, [doc])
    record = reader.doc(0)
    assert (record["u"], record["t"], record["i"], record["d"], record["o"]) == (
        "xxgk/x/0/", "示例市部门预算", "X/2024-00000", "2024-01-01", "机构o1")
    for path in (tmp_path / "search").rglob("*.bin"):
        gzip.decompress(path.read_bytes())


@pytest.mark.parametrize("query", ["", "，。！", "   "])
def test_queries_without_words_find_nothing(tmp_path, query):
    assert written(tmp_path, [make_doc(0, "预算", "预算")]).search(query) == []
