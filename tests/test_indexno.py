"""索引号 write-back: byte for byte, atomic, locked; preview numbers on branches; collisions with the base branch."""

from __future__ import annotations

import multiprocessing
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import POLICY, write_files
from plugins.core import pipeline
from plugins.core.check import indexno, writeback
from plugins.core.kinds import KINDS
from plugins.core.load import loader
from plugins.core.load.kind import KindSet

ROOT = Path(__file__).resolve().parent.parent
N = "11441900007330235A/2024-00001"
ENTRY = "catalog/policy/2024/yaodian.yml"
REST = "organ: demo-office\ndoc_no: 示府办〔2024〕3号\nwritten: 2024-03-01\npublished: 2024-03-05\ntopics: [zwgk]\ndisclosure: 主动公开\nvalidity: 有效\n"

# Each shape is written with the line the write-back must insert between ⟪ and ⟫:
# the original file is the text without it, the expected file the text with it (and nothing else changed).
SHAPES = {
    "plain": f"kind: policy\ntitle: 示例市政务公开工作要点\n⟪index_no: {N}\n⟫{REST}",
    "quoted two-line title": f'kind: policy\ntitle: "示例市政务公开\n  工作要点"\n⟪index_no: {N}\n⟫{REST}',
    "single-quoted title over three lines": f"kind: policy\ntitle: '示例市''政务公开''\n\n  工作要点'\n⟪index_no: {N}\n⟫{REST}",
    "folded title": f"kind: policy\ntitle: >-\n  示例市政务公开\n  工作要点\n⟪index_no: {N}\n⟫{REST}",
    "literal title and a comment line": f"kind: policy\ntitle: |-\n  示例市政务公开工作要点\n⟪index_no: {N}\n⟫# 下面是发布机构\n{REST}",
    "plain title over two lines": f"kind: policy\ntitle: 示例市政务公开\n  工作要点\n⟪index_no: {N}\n⟫{REST}",
    "comment after the title": f"kind: policy\ntitle: \"示例市政务公开工作要点#1\"   # 标题按原件\n⟪index_no: {N}\n⟫{REST}",
    "title last, no final newline": f"kind: policy\n{REST}title: 示例市政务公开工作要点⟪\nindex_no: {N}⟫",
    "tabs in a value": f"kind: policy\ntitle: 示例市政务公开\t工作要点\t\n⟪index_no: {N}\n⟫{REST}",
    "YAML directive and document markers": f"%YAML 1.1\n---\nkind: policy\ntitle: 示例市政务公开工作要点\n⟪index_no: {N}\n⟫{REST}...\n",
    "body block scalar last, no title": f"kind: policy\n{REST}body: |\n  第一段。\n\n  第二段。\n⟪index_no: {N}\n⟫",
    "literal block ends the file without a line break": f"⟪index_no: {N}\n⟫kind: policy\n{REST}body: |\n  第一段。\n\n  第二段。",
    "title is an alias of a nested anchor": f"kind: policy\nmeta:\n  name: &t 示例市政务公开工作要点\n  n: 1\ntitle: *t\n⟪index_no: {N}\n⟫{REST}",
}


def split(shape: str, newline: str = "\n") -> tuple[bytes, bytes]:
    shape = shape.replace("\n", newline)
    before = re.sub("⟪.*?⟫", "", shape, flags=re.S).encode("utf-8")
    after = shape.replace("⟪", "").replace("⟫", "").encode("utf-8")
    return before, after


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["LF", "CRLF", "CR"])
@pytest.mark.parametrize("name", list(SHAPES))
def test_write_back_inserts_one_line_and_keeps_every_other_byte(tmp_path, name, newline):
    before, expected = split(SHAPES[name], newline)
    path = write(tmp_path / "x.yml", before)
    assert writeback.write_number(path, N, "x.yml") is True
    assert path.read_bytes() == expected
    assert writeback.write_number(path, "11441900007330235A/2024-00002", "x.yml") is False  # has one now: never changed
    assert path.read_bytes() == expected


def test_bom_and_crlf_markdown_front_matter_are_kept(tmp_path):
    shape = f"---\r\nkind: notice\r\ntitle: 关于举办培训的通知\r\n⟪index_no: {N}\r\n⟫organ: demo-office\r\n---\r\n正文第一段\r\ntitle: 不是元数据\r\n"
    before, expected = split(shape)
    path = write(tmp_path / "n.md", b"\xef\xbb\xbf" + before)
    assert writeback.write_number(path, N, "n.md")
    assert path.read_bytes() == b"\xef\xbb\xbf" + expected


def test_indented_top_level_mapping_gets_the_same_indent(tmp_path):
    before, expected = split(f"  kind: policy\n  title: 示例\n⟪  index_no: {N}\n⟫  organ: demo-office\n")
    path = write(tmp_path / "x.yml", before)
    writeback.write_number(path, N)
    assert path.read_bytes() == expected


@pytest.mark.parametrize(("line", "filled"), [("index_no:", f"index_no: {N}"), ('index_no: ""', f"index_no: {N}"), ("index_no: ~  # 待分配", f"index_no: {N}  # 待分配")])
def test_an_empty_index_no_line_is_filled_in_not_duplicated(tmp_path, line, filled):
    path = write(tmp_path / "x.yml", f"kind: policy\n{line}\ntitle: 示例\n".encode())
    writeback.write_number(path, N)
    assert path.read_text(encoding="utf-8") == f"kind: policy\n{filled}\ntitle: 示例\n"


@pytest.mark.parametrize("text", ["{kind: policy, title: 示例, organ: demo-office}\n", "{kind: policy,\n title: 示例}\n"])
def test_a_flow_mapping_is_refused_with_a_chinese_message_and_left_alone(tmp_path, text):
    path = write(tmp_path / "x.yml", text.encode())
    with pytest.raises(writeback.WriteBackError) as caught:
        writeback.write_number(path, N)
    assert "花括号" in caught.value.what and f"index_no: {N}" in caught.value.fix
    assert path.read_text(encoding="utf-8") == text


def test_the_file_mode_is_kept_and_no_temporary_file_is_left(tmp_path):
    before, expected = split(SHAPES["plain"])
    path = write(tmp_path / "x.yml", before)
    os.chmod(path, 0o640)
    writeback.write_number(path, N)
    assert path.read_bytes() == expected and (os.stat(path).st_mode & 0o777) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.yml"]


@pytest.mark.parametrize("crash", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_a_crash_between_writing_and_renaming_leaves_the_original(tmp_path, monkeypatch, crash):
    before, _ = split(SHAPES["folded title"])
    path = write(tmp_path / "x.yml", before)

    def replace(src, dst):  # the temporary file is complete and synced; then the process dies
        assert Path(src).read_bytes() != before
        raise crash

    monkeypatch.setattr(writeback.os, "replace", replace)
    with pytest.raises((writeback.WriteBackError, KeyboardInterrupt)) as caught:
        writeback.write_number(path, N)
    if isinstance(caught.value, writeback.WriteBackError):
        assert "原文件未改动" in caught.value.what and caught.value.code == "index-no-write-failed"
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["x.yml"]


def test_a_write_that_would_change_the_data_is_undone(tmp_path, monkeypatch):
    before, _ = split(SHAPES["plain"])
    path = write(tmp_path / "x.yml", before)
    monkeypatch.setattr(writeback, "plans", lambda text, number, markdown: [writeback.Plan(5, 5, "x"), writeback.Plan(0, 0, "#")])  # wrong spots
    with pytest.raises(writeback.WriteBackError) as caught:
        writeback.write_number(path, N)
    assert "文件未改动" in caught.value.what
    assert path.read_bytes() == before


def test_random_shapes_are_either_written_exactly_or_refused_untouched(tmp_path):
    """Shapes put together at random from awkward pieces: never a traceback, never a damaged file."""
    import random

    from plugins.core.load import yamlpos

    titles = ['title: 示例', 'title: "a\n  b"', "title: 'a''b\n\n  c'", "title: >-\n  a\n  b\n", "title: |+\n  a\n\n", "title: a\n  b",
              "title: a # c", "title: &t 示例", "title: *t", "title: !!str 12", "title:\n  示例", '"title": x', 'title: "#"  #"',
              "title: x\t", "title: [a,\n  b]", "title: a\u2028b", "? title\n: x"]
    others = ["kind: policy", "organ: x", "# 注释", "", "list:\n  - a\n  - b", "map:\n  k: v\n  k2: &t v2", "body: |\n  x\n\n  y",
              "ref: *t", "empty:", 'q: "x\n\n  y"', "index_no:", "index_no: ''", "index_no: ~", "n: 1 # c", "---", "...", "{a: 1}"]
    rng = random.Random(12)
    written = 0
    for _ in range(600):
        parts = rng.sample(others, rng.randint(0, 5)) + [rng.choice(titles)] * rng.randint(0, 1)
        rng.shuffle(parts)
        text = "\n".join(parts) + rng.choice(["", "\n"])
        name = "x.yml"
        if rng.random() < 0.3:
            text, name = "---\n" + text + ("" if text.endswith("\n") else "\n") + "---\n正文 title: y\n", "x.md"
        raw = (b"\xef\xbb\xbf" if rng.random() < 0.1 else b"") + text.replace("\n", rng.choice(["\n", "\r\n", "\r"])).encode()
        path = write(tmp_path / name, raw)
        try:
            changed = writeback.write_number(path, N, name)
        except writeback.WriteBackError:
            assert path.read_bytes() == raw
            continue
        new = path.read_bytes()
        if not changed:
            assert new == raw
            continue
        written += 1
        head = next((k for k in range(len(raw)) if raw[k] != new[k]), len(raw))
        tail = 0
        while tail < len(raw) - head and raw[-1 - tail] == new[-1 - tail]:
            tail += 1
        assert raw[head:len(raw) - tail] in (b"", b"''", b"~"), text  # one line inserted, or an empty value filled in
        assert N.encode() in new[head:len(new) - tail]
        body = new[3:] if new.startswith(b"\xef\xbb\xbf") else new
        before, _ = yamlpos.parse((raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw).decode(), name, markdown=name == "x.md")
        after, problems = yamlpos.parse(body.decode(), name, markdown=name == "x.md")
        assert not problems and after.data == {**before.data, "index_no": N} and after.body == before.body
    assert written > 100


# --- through the pipeline --------------------------------------------------------


def entry_files(make_project, shapes: dict[str, str]) -> Path:
    return make_project({f"catalog/policy/2024/{name}": text for name, text in shapes.items()})


def test_build_writes_each_shape_once_and_the_entries_load_the_same(make_project):
    files = {
        "quoted.yml": split(SHAPES["quoted two-line title"], "\r\n")[0],
        "folded.yml": split(SHAPES["folded title"])[0],
        "comment.yml": split(SHAPES["comment after the title"], "\r")[0],
        "last.yml": split(SHAPES["title last, no final newline"])[0],
        "notitle.yml": split(SHAPES["tabs in a value"])[0],
        "page.md": f"---\r\nkind: policy\r\ntitle: 示例\r\n{REST.replace(chr(10), chr(13) + chr(10))}---\r\n正文\r\n".encode(),
    }
    root = make_project({f"catalog/policy/2024/{name}": data for name, data in files.items()})
    catalog = root / "catalog"
    before = {e.source: e.meta for e in pipeline.run(catalog, root, reuse=False).catalog.entries}
    result = pipeline.run(catalog, root, write_index_no=True)
    assert not result.errors, "\n".join(map(str, result.errors))
    numbers = {e.source: e.index_no for e in result.written}
    assert sorted(numbers.values()) == [f"11441900007330235A/2024-{n:05d}" for n in range(1, 7)]
    for name, data in files.items():
        source = f"catalog/policy/2024/{name}"
        now = (root / source).read_bytes()
        newline = "\r\n" if b"\r\n" in data else ("\r" if b"\r" in data else "\n")
        line = f"index_no: {numbers[source]}".encode()
        assert now.replace(line + newline.encode(), b"", 1) == data or now.replace(newline.encode() + line, b"", 1) == data
        assert len(now) == len(data) + len(line) + len(newline)
    after = {e.source: e for e in pipeline.run(catalog, root, reuse=False).catalog.entries}
    for source, meta in before.items():
        assert after[source].meta == meta.model_copy(update={"index_no": numbers[source]})
        assert not after[source].index_no_preview
    snapshot = {name: (catalog / "policy/2024" / name).read_bytes() for name in files}
    again = pipeline.run(catalog, root, write_index_no=True)
    assert again.assigned == [] and again.written == []
    assert {name: (catalog / "policy/2024" / name).read_bytes() for name in files} == snapshot


@pytest.mark.parametrize("thorough", [1000, 0], ids=["parsed", "cheap look"])
def test_check_reports_an_entry_whose_file_cannot_take_a_number(make_project, monkeypatch, thorough):
    monkeypatch.setattr(pipeline, "THOROUGH_WRITE_CHECKS", thorough)
    root = make_project({ENTRY: "{kind: policy, title: 示例市政务公开工作要点, organ: demo-office, doc_no: 示府办〔2024〕3号, written: 2024-03-01, published: 2024-03-05, topics: [zwgk], disclosure: 主动公开, validity: 有效}\n"})
    result = pipeline.run(root / "catalog", root, check_write_back=True)
    (found,) = [d for d in result.diagnostics if d.code == "index-no-write-back"]
    assert found.file == ENTRY and found.line == 1 and "花括号" in found.message and found.is_error
    written = pipeline.run(root / "catalog", root, write_index_no=True)
    assert [d.code for d in written.errors] == ["index-no-write-back"] and written.public is None
    assert (root / ENTRY).read_text(encoding="utf-8").startswith("{kind: policy")


def _assign_in_process(root: str, hide: str, barrier, out) -> None:  # runs in a child process
    catalog_dir = Path(root) / "catalog"
    result = pipeline.run(catalog_dir, Path(root), reuse=False)
    catalog = result.catalog
    catalog.entries = [e for e in catalog.entries if not e.source.endswith(hide)]  # as if listed before the other file existed
    pending = [e for e in result.assigned if not e.source.endswith(hide)]
    barrier.wait()
    written, problems = writeback.write_numbers(catalog, catalog_dir, pending)
    out.put([(e.source, e.index_no) for e in written] + [str(p) for p in problems])


def test_two_builds_at_once_never_hand_out_the_same_serial(make_project):
    old = POLICY.replace("title:", "index_no: 11441900007330235A/2024-00007\ntitle:")
    root = make_project({"catalog/policy/2024/old.yml": old, "catalog/policy/2024/a.yml": POLICY, "catalog/policy/2024/b.yml": POLICY})
    context = multiprocessing.get_context("fork")
    barrier, out = context.Barrier(2), context.Queue()
    procs = [context.Process(target=_assign_in_process, args=(str(root), hide, barrier, out)) for hide in ("b.yml", "a.yml")]
    for proc in procs:
        proc.start()
    results = [out.get(timeout=60) for _ in procs]
    for proc in procs:
        proc.join(timeout=60)
    given = sorted(n for found in results for _, n in found)
    assert given == ["11441900007330235A/2024-00008", "11441900007330235A/2024-00009"]
    on_disk = {name: indexno.number_in_text((root / "catalog/policy/2024" / name).read_bytes()) for name in ("a.yml", "b.yml")}
    assert sorted(on_disk.values()) == given
    assert not pipeline.run(root / "catalog", root, reuse=False).errors
    assert (root / "catalog" / indexno.LOCK_NAME).is_file()


def test_a_file_numbered_by_another_build_meanwhile_keeps_that_number(make_project):
    root = make_project({ENTRY: POLICY})
    result = pipeline.run(root / "catalog", root, reuse=False)
    (entry,) = result.assigned
    path = root / ENTRY
    path.write_text(POLICY.replace("title:", "index_no: 11441900007330235A/2024-00042\ntitle:"), encoding="utf-8")
    written, problems = writeback.write_numbers(result.catalog, root / "catalog", [entry])
    assert written == [] and problems == []
    assert entry.index_no == "11441900007330235A/2024-00042" and not entry.index_no_preview
    assert path.read_text(encoding="utf-8").count("index_no") == 1


# --- branches ---------------------------------------------------------------------


def git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=编辑", "-c", "user.email=editor@example.org", "-c", "commit.gpgsign=false", *args],
        cwd=root, capture_output=True, text=True, check=True,
    )
    return done.stdout


def commit(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)


def cli(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_") and k != "GK_DEFAULT_BRANCH"}
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "-f", str(root / "mkdocs.yml"), *args], cwd=root, capture_output=True, text=True, timeout=180, env=env)


def repo(make_project, files: dict[str, str]) -> Path:
    root = make_project(files)
    (root / ".gitignore").write_text("site/\n.cache/\ncatalog/.index-no.lock\n", encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    commit(root, "目录")
    return root


OLD = POLICY.replace("title:", "index_no: 11441900007330235A/2024-00007\ntitle:")
SECRET_TITLE = "关于某某同志处分决定的内部请示"
SECRET = f"""\
kind: notice
title: {SECRET_TITLE}
index_no: 11441900007330235A/2024-00008
organ: demo-office
published: 2024-04-01
topics: [zwgk]
disclosure: 不予公开
exemption: privacy
exemption_reason: 涉及个人隐私
body: 内部。
"""


def test_check_on_a_branch_reports_a_number_the_base_gave_to_a_withheld_entry(make_project):
    root = repo(make_project, {"catalog/policy/2024/old.yml": OLD})
    git(root, "checkout", "-q", "-b", "feature")
    mine = "catalog/policy/2024/mine.yml"
    write_files(root, {mine: POLICY.replace("title:", "index_no: 11441900007330235A/2024-00008\ntitle:").replace("工作要点", "工作要点（二）")})
    commit(root, "新条目，手工写了索引号")
    git(root, "checkout", "-q", "main")
    write_files(root, {"catalog/notice/2024/secret-personnel-file.yml": SECRET})
    commit(root, "main 上的不予公开条目")
    git(root, "checkout", "-q", "feature")

    proc = cli(root, "check")  # the base is found on its own: main
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1 and "Traceback" not in out
    (line,) = [line for line in out.splitlines() if "[index-no-taken]" in line]
    assert line.startswith(f"错误 {mine}:2:11: index_no(索引号): 索引号 11441900007330235A/2024-00008 在基准分支 main 中已有条目使用")
    assert "secret-personnel-file" not in out and SECRET_TITLE not in out and "处分" not in out
    assert cli(root, "check", "--base", "main", "--no-base").returncode == 0  # --no-base: no comparison

    bad = cli(root, "check", "--base", "no-such-branch")
    assert bad.returncode == 1 and "找不到基准版本 no-such-branch" in bad.stdout and "Traceback" not in bad.stdout + bad.stderr


def test_an_unchanged_entry_or_the_same_file_is_not_a_collision(make_project):
    root = repo(make_project, {"catalog/policy/2024/old.yml": OLD})
    git(root, "checkout", "-q", "-b", "feature")
    write_files(root, {"catalog/policy/2024/old.yml": OLD.replace("工作要点", "工作要点（修订）")})  # same file, same number
    commit(root, "修订")
    proc = cli(root, "check", "--base", "main")
    assert proc.returncode == 0, proc.stdout


def test_a_file_moved_on_the_branch_keeps_its_number_without_a_collision(make_project):
    root = repo(make_project, {"catalog/policy/2024/old.yml": OLD})
    git(root, "checkout", "-q", "-b", "feature")
    git(root, "mv", "catalog/policy/2024/old.yml", "catalog/policy/2024/demo-office-old.yml")
    commit(root, "改名")
    assert cli(root, "check", "--base", "main").returncode == 0
    # but a number main gave to a file added there after the branch began is taken
    git(root, "checkout", "-q", "main")
    write_files(root, {"catalog/policy/2024/later.yml": POLICY.replace("title:", "index_no: 11441900007330235A/2024-00030\ntitle:")})
    commit(root, "main 上后来的条目")
    git(root, "checkout", "-q", "feature")
    write_files(root, {"catalog/policy/2024/mine.yml": POLICY.replace("title:", "index_no: 11441900007330235A/2024-00030\ntitle:").replace("要点", "要点二")})
    proc = cli(root, "check", "--base", "main")
    assert proc.returncode == 1 and "catalog/policy/2024/mine.yml:2:11: index_no(索引号)" in proc.stdout and "later.yml" not in proc.stdout


def test_two_branches_preview_then_main_assigns_distinct_numbers(make_project):
    root = repo(make_project, {"catalog/policy/2024/old.yml": OLD})
    texts = {}
    for branch in ("a", "b"):
        git(root, "checkout", "-q", "-b", branch, "main")
        source = f"catalog/policy/2024/new-{branch}.yml"
        texts[source] = POLICY.replace("工作要点", f"工作要点（{branch}）")
        write_files(root, {source: texts[source]})
        commit(root, f"分支 {branch} 的新条目")
        proc = cli(root, "build")
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert "本次不写回索引号" in proc.stdout
        assert (root / source).read_text(encoding="utf-8") == texts[source]  # not written on a branch
        page = (root / f"site/xxgk/draft/policy/2024/new-{branch}/index.html").read_text(encoding="utf-8")
        assert "索引号（预览）" in page and "11441900007330235A/2024-00008" in page  # both branches preview the same number
        assert (root / "site/xxgk/11441900007330235A/2024-00007/index.html").is_file()  # numbered entries keep their URL
        assert cli(root, "check").returncode == 0
    git(root, "checkout", "-q", "main")
    git(root, "merge", "-q", "--no-edit", "a")
    git(root, "merge", "-q", "--no-edit", "b")
    proc = cli(root, "build")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    numbers = {source: indexno.number_in_text((root / source).read_bytes()) for source in texts}
    assert sorted(numbers.values()) == ["11441900007330235A/2024-00008", "11441900007330235A/2024-00009"]
    for source, number in numbers.items():
        assert (root / source).read_text(encoding="utf-8") == texts[source].replace("title:", "title:", 1).replace(
            "\norgan:", f"\nindex_no: {number}\norgan:", 1)
        assert f"已分配索引号 {number} → {source}" in proc.stdout
        page = (root / f"site/xxgk/{number}/index.html").read_text(encoding="utf-8")
        assert "索引号（预览）" not in page and number in page
    assert not (root / "site/xxgk/draft").exists()
    assert cli(root, "check").returncode == 0
    assert git(root, "status", "--porcelain").split() == ["M", "catalog/policy/2024/new-a.yml", "M", "catalog/policy/2024/new-b.yml"]


def test_withheld_entries_numbered_by_build_are_not_named_in_the_log(make_project):
    root = make_project({ENTRY: POLICY, "catalog/notice/2024/secret-personnel-file.yml": SECRET.replace("index_no: 11441900007330235A/2024-00008\n", "")})
    preview = cli(root, "build", "--no-write-index-no")
    assert preview.returncode == 0, preview.stdout + preview.stderr
    assert f"{ENTRY}: 尚无索引号，本次暂用预览号码" in preview.stdout + preview.stderr
    assert "secret-personnel-file" not in preview.stdout + preview.stderr and "另有 1 个条目尚无索引号" in preview.stdout + preview.stderr
    proc = cli(root, "build")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert f"已分配索引号 11441900007330235A/2024-00001 → {ENTRY}" in proc.stdout or f"已分配索引号 11441900007330235A/2024-00002 → {ENTRY}" in proc.stdout
    assert "secret-personnel-file" not in proc.stdout + proc.stderr and "另有 1 个不公开的条目" in proc.stdout
    assert indexno.number_in_text((root / "catalog/notice/2024/secret-personnel-file.yml").read_bytes())


def test_the_loader_skips_the_lock_file(make_project):
    root = make_project({ENTRY: POLICY})
    pipeline.run(root / "catalog", root, write_index_no=True)
    assert (root / "catalog" / indexno.LOCK_NAME).is_file()
    assert loader.load_catalog(root / "catalog", kinds=KindSet(KINDS), root=root)[1] == []


def test_which_builds_write_by_default(make_project, monkeypatch):
    from plugins.core.load import gitref

    monkeypatch.delenv("GK_DEFAULT_BRANCH", raising=False)
    root = make_project({ENTRY: POLICY})
    assert indexno.may_write(root)[0] is True  # not in git: the demo, an office without git
    git(root, "init", "-q", "-b", "trunk")
    commit(root, "目录")
    assert indexno.may_write(root) == (True, "当前在唯一的分支 trunk 上")
    git(root, "checkout", "-q", "-b", "feature")
    assert indexno.may_write(root)[0] is False
    monkeypatch.setenv("GK_DEFAULT_BRANCH", "feature")
    assert indexno.may_write(root)[0] is True
    monkeypatch.delenv("GK_DEFAULT_BRANCH")
    git(root, "branch", "-q", "main", "trunk")
    assert indexno.may_write(root) == (False, "当前在分支 feature 上，不是默认分支 main")
    git(root, "checkout", "-q", "main")
    assert indexno.may_write(root)[0] is True and indexno.default_base(root) is None  # on main: nothing to compare with
    git(root, "checkout", "-q", "--detach")
    assert indexno.may_write(root) == (False, "当前检出的不是分支（如 CI 检出的提交）")
    assert gitref.default_base(root) is None  # detached at main's commit
