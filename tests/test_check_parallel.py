"""``check`` in several processes prints exactly what a one-process check prints.

A generated catalog with problems of many kinds, placed in different processes' shares:
withheld entries, a 索引号 used twice across shares (once by a withheld entry), references
across shares, a schema error, a typing slip YAML cannot read past, a GBK file, a stray file,
a personal number the wall refuses. The thresholds are lowered so a small catalog forks.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from plugins.core import pipeline
from plugins.core.load import forked, loader, parsecache
from plugins.core.load.listing import inventory
from plugins.core.kinds import KINDS
from plugins.core.load.kind import KindSet

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import build  # noqa: E402
from bench import generate  # noqa: E402

pytestmark = pytest.mark.skipif(not forked.can_fork(), reason="needs the fork start method")

ID_NUMBER = "441900199001011231"


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _field(path: Path, key: str) -> str:
    return next(line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith(f"{key}: ")).split(": ", 1)[1]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = generate.project(400, tmp_path_factory.mktemp("parallel") / "site")
    catalog = root / "catalog"
    listed = list(inventory(str(catalog), KindSet(KINDS), str(root), None).entries)
    parent, child = ([Path(listed[i]) for i in share] for share in forked.shares(len(listed), 2, loader.PARENT_SHARE))
    plain = lambda files: [p for p in files if "/budget/" not in str(p) and "/final_account/" not in str(p) and "/annual_report/" not in str(p)]  # noqa: E731
    first, second = plain(parent), plain(child)
    # 不予公开 in the child's share; named by the parent's share (reference, same 索引号)
    withheld = second[3]
    _replace(withheld, "disclosure: 主动公开", "disclosure: 不予公开\nexemption: privacy")
    _replace(first[5], "disclosure: 主动公开", f"disclosure: 主动公开\nrelated: [{_field(withheld, 'index_no')}]")
    _replace(first[6], f"index_no: {_field(first[6], 'index_no')}", f"index_no: {_field(withheld, 'index_no')}")
    # a public 索引号 twice, one in each share; a reference across shares, one misspelt
    _replace(second[7], f"index_no: {_field(second[7], 'index_no')}", f"index_no: {_field(first[8], 'index_no')}")
    _replace(second[9], "disclosure: 主动公开", f"disclosure: 主动公开\nrelated: [{_field(first[10], 'index_no')}, {_field(first[11], 'index_no')[:-1]}9]")
    # a budget entry missing its title (salvaged: the rules still check it), an unknown organ
    budget = next(p for p in parent + child if "/budget/" in str(p) or "/final_account/" in str(p))
    _replace(budget, "title: ", "titel: ")
    _replace(first[12], "organ: ", "organ: x")
    # a typing slip YAML cannot read past, a GBK file, a stray file
    _replace(second[13], "title: ", "title：")
    gbk = first[14]
    gbk.write_bytes(gbk.read_text(encoding="utf-8").encode("gb18030"))
    (first[15].parent / "notes.txt").write_text("草稿\n", encoding="utf-8")
    # a personal number the wall refuses, and a 依申请公开 entry
    text = second[16].read_text(encoding="utf-8")
    second[16].write_text(text + f"\n申请人身份证号 {ID_NUMBER}。\n", encoding="utf-8")
    _replace(first[17], "disclosure: 主动公开", "disclosure: 依申请公开\nexemption: process-info")
    return root


@pytest.fixture
def forking(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Thresholds low enough for 400 entries; the children started, counted."""
    monkeypatch.setattr(loader, "FORK_MIN", 10)
    monkeypatch.setattr(pipeline, "FORK_MIN", 10)
    started: list[int] = []
    real = forked.Child.__init__

    def counted(self, job):  # type: ignore[no-untyped-def]
        real(self, job)
        started.append(self.pid)

    monkeypatch.setattr(forked.Child, "__init__", counted)
    return started


def _run(root: Path, workers: int) -> tuple[list[str], list[tuple[str, dict]]]:
    result = pipeline.run(root / "catalog", root, cache_dir=None, workers=workers)
    return ([f"{d.severity.value} {d}" for d in result.diagnostics],
            [(e.source, e.body_line, sorted(e.positions.items(), key=repr), e.meta.model_dump()) for e in result.catalog.entries])


def test_the_problems_are_spread_over_both_shares(project):
    diagnostics, _ = _run(project, 1)
    codes = {line.split("[")[-1].rstrip("]") for line in diagnostics}
    expected = {"duplicate-index-no", "unknown-reference", "missing-field", "unknown-organ", "yaml-full-width-colon",
                "file-encoding-gbk", "file-unused", "detect-id-number"}
    assert expected <= codes, sorted(codes)
    assert "link-to-withheld" in codes  # the parent's share names an entry the child's share withholds
    assert sum("[duplicate-index-no]" in line for line in diagnostics) == 2


@pytest.mark.parametrize("workers", [2, 3])
def test_a_forked_check_finds_what_one_process_finds_in_the_same_order(project, forking, workers):
    one = _run(project, 1)
    assert not forking
    shared = _run(project, workers)
    assert len(forking) >= 2 * (workers - 1)  # loading and the rules both forked
    assert shared[0] == one[0]
    assert shared[1] == one[1]


def test_the_cache_a_forked_run_writes_gives_the_same_result(project, forking, tmp_path):
    one = _run(project, 1)
    cache = project / ".cache" / parsecache.CACHE_FILE
    if cache.exists():
        cache.unlink()
    cold = pipeline.run(project / "catalog", project, workers=2)  # the disk cache in shards, one per process
    assert cache.read_bytes().endswith(b"GKSHARDS") and forking
    warm = pipeline.run(project / "catalog", project, workers=2)  # read back: nothing parsed again
    assert [f"{d.severity.value} {d}" for d in cold.diagnostics] == one[0] == [f"{d.severity.value} {d}" for d in warm.diagnostics]
    cache.unlink()


def test_a_child_that_dies_changes_nothing(project, forking, monkeypatch):
    one = _run(project, 1)
    parent = os.getpid()
    real_share, real_rules = loader._load_share, pipeline.each_rule

    def dying(real):  # type: ignore[no-untyped-def]
        def run(*args, **kwargs):  # type: ignore[no-untyped-def]
            if os.getpid() != parent:
                os._exit(9)  # killed, out of memory …
            return real(*args, **kwargs)
        return run

    monkeypatch.setattr(loader, "_load_share", dying(real_share))
    monkeypatch.setattr(pipeline, "each_rule", dying(real_rules))
    assert _run(project, 2) == one and forking


def test_the_command_prints_the_same_lines(project, forking, capsys):
    config = project / "mkdocs.yml"
    original = config.read_text(encoding="utf-8")
    printed = []
    try:
        for workers in (1, 2):
            config.write_text(original.replace("  - gk-catalog\n", f"  - gk-catalog:\n      workers: {workers}\n      cache: false\n"), encoding="utf-8")
            assert build.main(["-f", str(config), "check", "--no-base"]) == 1
            out = capsys.readouterr().out
            printed.append([line for line in out.splitlines() if "用时" not in line])
    finally:
        config.write_text(original, encoding="utf-8")
    assert len(forking) >= 2
    assert printed[0] == printed[1]
    assert sum(line.startswith("错误 ") for line in printed[0]) >= 5


def test_an_entry_waiting_for_its_number_is_decided_after_numbering(project, forking):
    """The wall runs beside the rules only when every entry has its 索引号; otherwise after numbering, as in one process."""
    path = next(p for p in sorted((project / "catalog" / "notice").rglob("*.md")) if "依申请公开" not in p.read_text(encoding="utf-8"))
    original = path.read_text(encoding="utf-8")
    try:
        path.write_text("\n".join(line for line in original.splitlines() if not line.startswith("index_no: ")) + "\n", encoding="utf-8")
        one = pipeline.run(project / "catalog", project, cache_dir=None, workers=1)
        shared = pipeline.run(project / "catalog", project, cache_dir=None, workers=2)
    finally:
        path.write_text(original, encoding="utf-8")
    assert forking and any(not e.meta.index_no for e in one.catalog.entries)
    assert [str(d) for d in shared.diagnostics] == [str(d) for d in one.diagnostics]


def test_a_clean_catalog_is_published_alike(tmp_path, forking):
    """No errors: the wall, run beside the rules, gives the public view one process gives."""
    root = generate.project(300, tmp_path / "clean")
    withheld = sorted((root / "catalog" / "notice").rglob("*.md"))[4]
    _replace(withheld, "disclosure: 主动公开", "disclosure: 不予公开\nexemption: privacy")
    one = pipeline.run(root / "catalog", root, cache_dir=None, workers=1)
    shared = pipeline.run(root / "catalog", root, cache_dir=None, workers=2)
    assert forking and one.public is not None and shared.public is not None and not one.errors
    assert [str(d) for d in shared.diagnostics] == [str(d) for d in one.diagnostics]
    assert [(e.ref, e.url, e.body) for e in shared.public.entries] == [(e.ref, e.url, e.body) for e in one.public.entries]
    assert dict(shared.public.withheld_by_item) == dict(one.public.withheld_by_item) == {"privacy": 1}
