"""gk-search rebuilt in the same process (build.py serve): only what changed is rewritten,
and the folder is byte for byte what a fresh build writes."""

from __future__ import annotations

import datetime
import os
import random
from pathlib import Path

import pytest

from conftest import POLICY
from plugins.core import pipeline
from plugins.core.pages.entries import metadata_rows
from plugins.core.pages.site import Site
from plugins.core.search.documents import _SKIP_ROWS, documents, kind_rows
from plugins.core.search.incremental import Builder, build_search, locate
from plugins.core.search.index import build_index, decode_postings, varint, write_index
from plugins.core.search.reader import IndexReader

WORDS = ["部门预算", "政府采购", "政务公开", "信息公开", "财政资金", "公共服务", "安全生产", "城乡建设", "社会保障", "教育发展"]
SHARD_TARGET = 64
"""Small shards, so a small catalog still has many shards and some common tokens."""
REPO = Path(__file__).resolve().parent.parent
SETTINGS = {"site_url": "https://example.gov.cn/", "site_name": "示例市"}


def policy(n: int, rng: random.Random) -> str:
    title = f"关于{rng.choice(WORDS)}和{rng.choice(WORDS)}的通知（第{n}号）"
    body = "，".join(rng.choices(WORDS, k=12)) + "。"
    day = datetime.date(2023, 1, 1) + datetime.timedelta(days=rng.randrange(700))
    text = POLICY.replace("title:", f"index_no: 11441900007330235A/{day.year}-{n:05d}\ntitle:")
    text = text.replace("示例市政务公开工作要点", title).replace("published: 2024-03-05", f"published: {day.isoformat()}")
    return text.replace("written: 2024-03-01", f"written: {day.isoformat()}").replace("body: 各区人民政府，市府直属各单位。", f"body: {body}")


@pytest.fixture
def catalog(make_project):
    rng = random.Random(5)
    root = make_project({f"catalog/policy/p{n:03d}.yml": policy(n, rng) for n in range(90)})
    result = pipeline.run(root / "catalog", root)
    assert result.public is not None and len(result.public.entries) == 90
    return result.public


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every file (with its bytes) and every folder under ``folder``."""
    out: dict[str, bytes | None] = {}
    for path in sorted(folder.rglob("*")):
        out[path.relative_to(folder).as_posix()] = path.read_bytes() if path.is_file() else None
    return out


def fresh(public, folder: Path) -> dict[str, bytes | None]:
    """What a build from scratch writes: documents made anew, nothing remembered."""
    write_index(build_index(documents(public, Site(public, settings=SETTINGS)), shard_target=SHARD_TARGET), folder, public)
    return tree(folder)


BUILDERS: dict[Path, Builder] = {}
"""Output folder → what its last build left, as ``serve``'s state keeps it."""


def rebuild(public, folder: Path) -> dict[str, int]:
    builder = BUILDERS.setdefault(folder, Builder.fresh())
    return build_search(public, Site(public, settings=SETTINGS), folder, shard_target=SHARD_TARGET, builder=builder)[1]


LOCAL = {"title, same date", "summary, same date", "new entry, newest", "newest deleted", "two edits at once", "nothing"}
"""Edits that renumber no document (documents are numbered oldest first)."""


def newest_first(public) -> list:
    return sorted(public.entries, key=lambda e: (e.meta.published, e.index_no), reverse=True)


def test_each_kind_of_edit_gives_the_files_of_a_fresh_build(catalog, tmp_path):
    public, out = catalog, tmp_path / "site" / "search"
    stats = rebuild(public, out)
    assert stats["written"] == stats["files"] - 1  # the first build writes everything (and manifest.json)
    assert len(list((out / "common").iterdir())) > 0 and len(list((out / "shards").iterdir())) > 16
    entries = public.entries
    day = datetime.timedelta(days=1)

    def edit(place: int, **changes) -> None:
        """Replace the entry at this place (newest first) with a changed copy, as the pipeline does."""
        old = newest_first(public)[place]
        entries[entries.index(old)] = old.with_meta(**changes)

    def add(index_no: str, title: str, published: datetime.date) -> None:
        entries.append(newest_first(public)[45].with_meta(index_no=index_no, title=title, published=published))

    edits = {
        "title, same date": lambda: edit(45, title="关于政务公开的通知（修订）"),
        "summary, same date": lambda: edit(-1, summary="补充说明澜沧江流域治理"),
        "publish date moved later": lambda: edit(-1, published=newest_first(public)[-1].meta.published + 300 * day),
        "publish date moved earlier": lambda: edit(3, published=datetime.date(2022, 6, 1)),
        "new entry, newest": lambda: add("11441900007330235A/2026-00900", "关于芦苇荡保护的通知", datetime.date(2026, 1, 5)),
        "new entry, older than most": lambda: add("11441900007330235A/2023-00901", "补录的旧文件", datetime.date(2023, 1, 2)),
        "newest deleted": lambda: entries.remove(newest_first(public)[0]),
        "an old one deleted": lambda: entries.remove(newest_first(public)[-3]),
        "two edits at once": lambda: (edit(5, title="关于芦苇的通知"), edit(60, summary="政府采购")),
        "nothing": lambda: None,
    }
    for number, (what, change) in enumerate(edits.items()):
        change()
        stats = rebuild(public, out)
        assert tree(out) == fresh(public, tmp_path / f"fresh-{number}"), what
        if what in LOCAL:  # numbers stay: only the shards of its tokens, its document, facets, manifest
            assert stats["written"] < stats["files"] / 2 and stats["moved"] == 0, f"{what}: rewrote {stats['written']} of {stats['files']} files"
        else:  # numbers after it moved: their document files are renamed, not written again
            assert stats["moved"] > 0, (what, sorted(stats.items()))
    assert stats["written"] == 0


def test_a_changed_title_is_found_and_the_old_words_are_not(catalog, tmp_path):
    public, out = catalog, tmp_path / "search"
    rebuild(public, out)
    entry = newest_first(public)[40]
    public.entries[public.entries.index(entry)] = entry.with_meta(title="关于芦苇荡保护的通知")
    assert IndexReader(out).search("芦苇") == []
    rebuild(public, out)
    reader = IndexReader(out)
    hits = reader.search("芦苇荡")
    assert [reader.doc(n)["u"] for n in hits] == [entry.url]
    assert reader.doc(hits[0])["t"] == "关于芦苇荡保护的通知"
    old_title = entry.meta.title.split("（")[0]  # 关于X和Y的通知
    assert entry.url not in [reader.doc(n)["u"] for n in reader.search(old_title)]


def test_a_folder_cleaned_between_builds_is_written_again_in_full(catalog, tmp_path):
    public, out = catalog, tmp_path / "search"
    rebuild(public, out)
    for path in sorted(out.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    stats = rebuild(public, out)
    assert stats["written"] == stats["files"] - 1
    assert tree(out) == fresh(public, tmp_path / "fresh")


def test_unchanged_entries_keep_their_documents(catalog, tmp_path):
    public, out = catalog, tmp_path / "search"
    assert rebuild(public, out)["documents_made"] == 90
    entry = public.entries[7]
    public.entries[7] = entry.with_meta(title=entry.meta.title + "（修订）")
    assert rebuild(public, out)["documents_made"] == 1
    organs = dict(public.organs)
    public.organs["demo-office"] = organs["demo-office"].__class__(**{**vars(organs["demo-office"]), "name": "示例市人民政府办公厅"})
    stats = rebuild(public, out)
    assert stats["documents_made"] == 90  # a registry name is in every document of that organ
    assert "示例市人民政府办公厅" in IndexReader(out).doc(0)["o"]
    assert tree(out) == fresh(public, tmp_path / "fresh")


@pytest.mark.parametrize("seed", range(6))
def test_locate_finds_the_first_posting_at_or_after_any_number(seed):
    rng = random.Random(seed)
    numbers = sorted(rng.sample(range(20000), rng.choice([1, 5, 300, 3000])))
    if seed % 2:  # long runs of one-byte postings, as in common tokens
        numbers = sorted(set(numbers) | set(range(5000, 9000)))
    data = bytearray()
    previous = -1
    for number in numbers:
        data += varint(((number - previous - 1) << 3) | rng.randrange(8))
        previous = number
    assert [d for d, _ in decode_postings(bytes(data))] == numbers
    starts, pos = [], 0
    for _ in numbers:
        starts.append(pos)
        while data[pos] >= 0x80:
            pos += 1
        pos += 1
    for target in sorted({0, 1, numbers[0], numbers[-1], numbers[-1] + 1, *rng.sample(range(20001), 200)}):
        at = next((i for i, n in enumerate(numbers) if n >= target), len(numbers))
        expected = (starts[at] if at < len(numbers) else len(data), numbers[at - 1] if at else -1)
        assert locate(data, numbers[-1], target) == expected, target


def test_serve_rebuild_after_saving_one_file(make_project, tmp_path):
    """MkDocs dirty rebuilds in one process, as build.py serve runs them."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    rng = random.Random(9)
    files = {f"catalog/policy/p{n:03d}.yml": policy(n, rng) for n in range(30)}
    root = make_project(files, plugins=["gk-catalog", "gk-search"])

    def serve_build(site_dir: Path, dirty: bool) -> None:
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(site_dir))
        config.plugins.on_startup(command="serve" if dirty else "build", dirty=dirty)
        build(config, dirty=dirty)

    site = root / "site"
    serve_build(site, True)
    before = {path: path.stat().st_mtime_ns for path in (site / "search").rglob("*.bin")}
    text = (root / "catalog/policy/p003.yml").read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title:"))
    (root / "catalog/policy/p003.yml").write_text(text.replace(title, "title: 关于芦苇荡保护的通知"), encoding="utf-8")
    serve_build(site, True)
    serve_build(tmp_path / "clean", False)
    assert tree(site / "search") == tree(tmp_path / "clean" / "search")
    rewritten = [path for path, mtime in before.items() if path.stat().st_mtime_ns != mtime]
    assert 0 < len(rewritten) < len(before) / 4  # its shard(s) and its document, not all 30
    reader = IndexReader(site / "search")
    assert [reader.doc(n)["t"] for n in reader.search("芦苇荡")] == ["关于芦苇荡保护的通知"]
    assert os.path.isdir(site / "search")


def test_kind_rows_are_metadata_rows_without_the_common_ones():
    """Documents skip the common rows without rendering them; the rest must be what the page shows."""
    result = pipeline.run(REPO / "catalog", REPO)
    site = Site(result.public, settings=SETTINGS)
    kinds, rows = set(), 0
    for entry in result.public.entries:
        src = site.entry_src(entry)
        expected = [row for row in metadata_rows(entry, site, src) if row[0] not in _SKIP_ROWS]
        assert list(kind_rows(entry, site, src)) == expected, entry.ref
        kinds.add(entry.kind)
        rows += len(expected)
    assert {"procurement", "three_public", "notice", "annual_report"} <= kinds and rows > 0
