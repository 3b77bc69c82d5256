"""``build.py serve`` rebuilds only what an edit touches, and the result is exactly a full build.

Each test copies the demo project, builds it dirty (as ``serve`` does), makes one
editor's change, rebuilds dirty in the same process, then builds the same tree
from scratch into another folder and compares every file byte for byte.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    project = tmp_path / "demo"
    for name in ("catalog", "content"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    return project


def serve_build(project: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / "served"))
    config.plugins.on_startup(command="serve", dirty=True)
    build(config, dirty=True)


def full_build(project: Path, site_dir: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site_dir))
    config.plugins.on_startup(command="build", dirty=False)
    build(config)


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def assert_same_as_full_build(project: Path) -> dict[str, bytes]:
    full_build(project, project / "full")
    served, full = tree(project / "served"), tree(project / "full")
    assert sorted(set(served) ^ set(full)) == [], "files only in one of the two builds"
    differing = sorted(path for path in full if served[path] != full[path])
    assert differing == [], f"files that differ from a full build: {differing[:10]}"
    return served


def edit(project: Path, rel: str, old: str, new: str, count: int = 1) -> None:
    path = project / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def mtimes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*.html")}


POLICY = "catalog/policy/2024/dg-gov-office-dongfuban-2024-21.md"


def test_editing_a_policy_title_rebuilds_its_pages_and_the_pages_that_show_it(demo: Path) -> None:
    serve_build(demo)
    before = mtimes(demo / "served")
    text = (demo / POLICY).read_text(encoding="utf-8")
    title = re.search(r"^title: (.+)$", text, re.M)[1].strip()  # type: ignore[index]
    edit(demo, POLICY, f"title: {title}", f"title: {title}（修订稿）")
    serve_build(demo)
    served = assert_same_as_full_build(demo)
    after = mtimes(demo / "served")
    rewritten = {path for path in after if after[path] != before.get(path)}
    assert any("（修订稿）" in served[path].decode() for path in rewritten if "xxgk/" in path)
    # The interpretations of the policy show its title: they are rebuilt; a budget is not.
    assert sum("xxgk/" in path for path in rewritten) < sum("xxgk/" in path for path in after) / 2
    budget_pages = [p for p in after if "（修订稿）" not in served[p].decode() and "预算" in served[p].decode() and "xxgk/" in p]
    assert budget_pages and all(after[p] == before[p] for p in budget_pages[:1] if p not in rewritten)


@pytest.mark.parametrize(
    ("rel", "old", "new"),
    [
        # a procurement notice: its project page, the chain and OCDS files change
        ("catalog/procurement/2024/dg-procurement-dgcg2024-0186-2-zhaobiao.md", "title: ", "title: 修订："),
        # last year's “三公” budget: this year's comparison table reads it
        ("catalog/three_public/2023/dg-finance-2023-sangong-budget.yml", "title: ", "title: 修订："),
        # an interpretation: the policy lists it
        ("catalog/interpretation/2024/dg-gov-office-dongfuban-2024-21-jiedu.md", "title: ", "title: 修订："),
        # a publish date: listings re-sort, feeds change
        (POLICY, "published: 2024-", "published: 2025-"),
        # a registry: every page shows organ names
        ("catalog/organs.yml", "东莞市财政局", "东莞市财政局（改名）"),
    ],
)
def test_one_edit_rebuilt_dirty_equals_a_full_build(demo: Path, rel: str, old: str, new: str) -> None:
    serve_build(demo)
    edit(demo, rel, old, new)
    serve_build(demo)
    assert_same_as_full_build(demo)


def test_deleting_and_adding_entries(demo: Path) -> None:
    serve_build(demo)
    gone = demo / "catalog/interpretation/2024/dg-gov-office-dongfuban-2024-21-tujie.md"
    copy = gone.read_text(encoding="utf-8")
    gone.unlink()
    serve_build(demo)
    assert_same_as_full_build(demo)
    shutil.rmtree(demo / "full")
    new = demo / "catalog/interpretation/2024/dg-gov-office-dongfuban-2024-21-tujie-2.md"
    new.write_text(re.sub(r"^index_no: .*\n", "", copy, flags=re.M).replace("title: ", "title: 新增：", 1), encoding="utf-8")
    serve_build(demo)
    assert_same_as_full_build(demo)


def test_an_entry_made_withheld_leaves_no_trace_after_a_dirty_rebuild(demo: Path) -> None:
    rel = "catalog/policy/2022/dg-finance-dongcai-2022-30.md"
    serve_build(demo)
    edit(demo, rel, "title: ", "title: 金丝雀甲乙丙丁")
    serve_build(demo)
    assert any("金丝雀甲乙丙丁" in data.decode("utf-8", "replace") for data in tree(demo / "served").values())
    text = (demo / rel).read_text(encoding="utf-8")
    text = re.sub(r"^disclosure: .*$", "disclosure: 不予公开\nexemption: internal-affairs", text, flags=re.M)
    (demo / rel).write_text(text, encoding="utf-8")
    serve_build(demo)
    served = assert_same_as_full_build(demo)
    leaks = [path for path, data in served.items() if "金丝雀甲乙丙丁" in data.decode("utf-8", "replace")]
    assert leaks == []


def test_a_failed_rebuild_then_a_fix_gives_the_full_build(demo: Path) -> None:
    from mkdocs.exceptions import Abort

    serve_build(demo)
    edit(demo, POLICY, "organ: ", "organ: no-such-organ-")
    with pytest.raises(Abort):
        serve_build(demo)
    edit(demo, POLICY, "organ: no-such-organ-", "organ: ")
    edit(demo, POLICY, "title: ", "title: 改正后：")
    serve_build(demo)
    assert_same_as_full_build(demo)


def test_serve_lists_a_warning_once_and_new_warnings_again(demo: Path, caplog: pytest.LogCaptureFixture) -> None:
    import logging

    rel = "catalog/policy/2022/dg-finance-dongcai-2022-30.md"
    edit(demo, rel, "published: 2022-", "published: 2023-")  # in the 2022/ folder: a warning, not an error
    with caplog.at_level(logging.INFO):
        serve_build(demo)
    first = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING and rel in r.getMessage()]
    assert first, "the warning is listed on the first build"
    caplog.clear()
    with caplog.at_level(logging.INFO):
        serve_build(demo)
    messages = [r.getMessage() for r in caplog.records]
    assert not [m for m in messages if rel in m], "an unchanged warning is not listed again"
    assert any("条警告与上次预览时相同" in m for m in messages)
    other = "catalog/policy/2019/dg-finance-dongcai-2019-88.md"
    edit(demo, other, "published: 2019-", "published: 2020-")
    caplog.clear()
    with caplog.at_level(logging.INFO):
        serve_build(demo)
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING and "catalog/policy/" in r.getMessage()]
    assert [w for w in warnings if other in w] and not [w for w in warnings if rel in w]


NOTICE = "catalog/notice/2016/dg-gov-office-dongfuban-2016-47.md"


def test_title_edits_check_only_the_pages_that_read_the_entry(demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Edits that keep every entry's place: listings are patched, not re-sorted, and only pages reading the entry are checked."""
    from plugins.core.pages import site as pages_site

    checked: list[str] = []
    real, real_sorted = pages_site.entry_signature, pages_site.sort_newest_first
    monkeypatch.setattr(pages_site, "entry_signature", lambda entry, site: checked.append(entry.ref) or real(entry, site))
    monkeypatch.setattr(pages_site, "sort_newest_first", lambda entries: checked.append("<sort>") or real_sorted(entries))
    serve_build(demo)
    entries = len(checked) - 1
    for rel in (POLICY, NOTICE, POLICY):
        checked.clear()
        edit(demo, rel, "title: ", "title: 修订：")
        serve_build(demo)
        assert "<sort>" not in checked
        # the entry, and for the policy the entries that refer to it or that it replaced; never a budget
        assert 0 < len(checked) <= entries / 2, checked
        assert not any(ref.startswith(("budget/", "three_public/", "procurement/")) for ref in checked), checked
        assert_same_as_full_build(demo)


def test_editing_an_entry_that_another_links_to_rebuilds_the_link(demo: Path) -> None:
    """``related`` shows the linked entry's title: editing that entry rebuilds the page linking to it."""
    edit(demo, NOTICE, "topics: [zwgk]", "topics: [zwgk]\nrelated: [policy/2024/dg-gov-office-dongfuban-2024-21]")
    serve_build(demo)
    edit(demo, POLICY, "title: ", "title: 修订：")
    serve_build(demo)
    served = assert_same_as_full_build(demo)
    notice_page = next(path for path, data in served.items() if path.endswith("2016-00001/index.html"))
    assert "修订：" in served[notice_page].decode()


def test_procurement_projects_are_kept_whole_until_a_notice_is_edited(demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Project pages and OCDS packages read only procurement notices (and what they refer to)."""
    from plugins.core.kinds.procurement import page as procurement

    made: list[int] = []
    real = procurement._projects_pages
    monkeypatch.setattr(procurement, "_projects_pages", lambda public, site: made.append(1) or real(public, site))
    serve_build(demo)
    edit(demo, POLICY, "title: ", "title: 修订：")
    serve_build(demo)
    assert made == [1]  # the policy edit kept every project page and package
    assert_same_as_full_build(demo)
    made.clear()
    edit(demo, "catalog/procurement/2024/dg-procurement-dgcg2024-0186-2-zhaobiao.md", "title: ", "title: 修订：")
    serve_build(demo)
    assert made == [1]
    assert_same_as_full_build(demo)


def _bulk_policies(project: Path, n: int) -> None:
    """``n`` policies published every other day from 2023-01-01: listings of several pages."""
    from datetime import date, timedelta

    for i in range(n):
        day = date(2023, 1, 1) + timedelta(days=2 * i)
        _policy(project, f"catalog/policy/{day.year}/bulk-{i:03d}.yml", f"批量政策第{i}号", day, f"东府办〔{day.year}〕{300 + i}号")


def _policy(project: Path, rel: str, title: str, day: object, doc_no: str) -> None:
    path = project / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"kind: policy\ntitle: {title}\norgan: dg-gov-office\ndoc_no: {doc_no}\nwritten: {day}\npublished: {day}\n"
        "topics: [cxjs]\ndisclosure: 主动公开\nvalidity: 有效\nbody: 各镇人民政府（街道办事处），市府直属各单位。\n",
        encoding="utf-8",
    )


def _listing(folder: Path, facet_key: str) -> dict[str, int]:
    """mtimes of one facet key's listing pages (front page and older pages)."""
    base = folder / "catalog" / facet_key
    return {p.relative_to(base).as_posix(): p.stat().st_mtime_ns for p in base.glob("**/index.html")}


def test_adding_and_deleting_entries_in_long_listings_rewrites_few_listing_pages(demo: Path) -> None:
    """Listings are numbered from the oldest end and cut where the entries say: an added or deleted entry
    (the newest, or one in the middle) rewrites its own page and the front page, and each result is a full build."""
    _bulk_policies(demo, 300)
    serve_build(demo)
    served = demo / "served"
    before = _listing(served, "kind/policy")
    assert len(before) >= 4, before
    steps = [
        ("add the newest", lambda: _policy(demo, "catalog/policy/2026/new-newest.yml", "新增：最新政策", "2026-11-30", "东府办〔2026〕900号")),
        ("add one in the middle", lambda: _policy(demo, "catalog/policy/2023/new-middle.yml", "新增：补录政策", "2023-05-02", "东府办〔2023〕901号")),
        ("delete the middle one", lambda: (demo / "catalog/policy/2023/new-middle.yml").unlink()),
        ("delete the newest", lambda: (demo / "catalog/policy/2026/new-newest.yml").unlink()),
    ]
    for what, change in steps:
        change()
        last = _listing(served, "kind/policy")
        serve_build(demo)
        now = _listing(served, "kind/policy")
        rewritten = sorted(p for p in now if now[p] != last.get(p))
        assert "index.html" in rewritten, what  # the front page says the total
        assert len(rewritten) <= 3 < len(now), (what, rewritten)
        shutil.rmtree(demo / "full", ignore_errors=True)
        assert_same_as_full_build(demo)
