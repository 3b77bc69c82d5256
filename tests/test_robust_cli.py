"""Odd input through the real command line: every run ends in a located Chinese message or a correct
publish, never a traceback, an internal error or a file silently left unread."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ENTRY = "catalog/notice/2024/x.md"


def notice(index: int = 2, extra: str = "", title: str = "公开通知", kind: str = "notice") -> str:
    return (
        f"---\nkind: {kind}\ntitle: {title}\nindex_no: 11441900007330235A/2024-{index:05d}\norgan: demo-office\n"
        f"published: 2024-01-0{index % 9 + 1}\ndisclosure: 主动公开\n{extra}---\n正文。\n"
    )


def cli(root: Path, *args: str) -> tuple[int, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "GK_PUBLIC_LOG", "GK_DEBUG")}
    proc = subprocess.run([sys.executable, str(ROOT / "build.py"), "-f", str(root / "mkdocs.yml"), *args],
                          capture_output=True, text=True, timeout=300, cwd=root, env=env)
    out = proc.stdout + proc.stderr
    assert "Traceback" not in out and "程序内部错误" not in out, out
    return proc.returncode, out


@pytest.mark.parametrize("title", ["0x" + "f" * 5000, "1:" * 2500 + "1", "!!int 0o" + "7" * 5000])
def test_an_integer_too_long_to_print_stays_the_text_written(make_project, title):
    """Python refuses str() of ints past 4,300 digits; hexadecimal and 1:2:3 scalars are read without that limit."""
    root = make_project({ENTRY: notice(title=title)})
    code, out = cli(root, "check")
    assert code == 0, out
    site = root / "site"
    code, out = cli(root, "build")
    assert code == 0 and (site / "xxgk/11441900007330235A/2024-00002/index.html").is_file(), out


@pytest.mark.parametrize("kind", ["[notice]", "{a: notice}"])
def test_a_kind_written_as_a_list_or_mapping_is_named_with_its_line(make_project, kind):
    root = make_project({ENTRY: notice(kind=kind)})
    code, out = cli(root, "check")
    assert code == 1 and f"{ENTRY}:2" in out and "类别" in out and "[unknown-kind]" in out, out


@pytest.mark.parametrize("key, value", [("name", "{a: 1}"), ("name", "[甲, 乙]"), ("id", "[zwgk]")])
def test_a_registry_name_or_id_that_is_not_text_is_refused(make_project, key, value):
    topics = "- id: zwgk\n  name: 综合政务\n- id: czys\n  name: 财政\n"
    topics = topics.replace(f"  {key}: 综合政务" if key == "name" else "- id: zwgk", f"  {key}: {value}" if key == "name" else f"- id: {value}")
    root = make_project({"catalog/topics.yml": topics})
    code, out = cli(root, "check")
    assert code == 1 and "catalog/topics.yml:" in out and "[registry-format]" in out and "应为一段文字" in out, out


def test_withheld_counts_without_a_private_folder_is_reported_not_ignored(make_project):
    root = make_project({"catalog/withheld-counts.yml": "- {organ: demo-office, year: 2024, item: privacy, count: 3}\n"})
    code, out = cli(root, "check")
    assert "catalog/withheld-counts.yml" in out and "[withheld-counts-unused]" in out and "private_dir" in out, out


# --- mkdocs.yml, read the way every command needs it ---------------------------------------


def _bomb() -> str:
    lines = ['a0: &a0 ["l","l","l","l","l","l","l","l","l"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("command", [("check",), ("build",), ("counts",), ("report", "--year", "2024")])
@pytest.mark.parametrize("shape, line, words", [
    ("private_dir", 0, ["private_dir(私有文件夹)", "“[a, b]”", "[config-format]"]),
    ("attachments_dir", 0, ["attachments_dir(附件文件夹)", "[config-format]"]),
    ("options", 0, ["gk-catalog 的设置应为“键: 值”", "[config-format]"]),
    ("syntax", 3, ["YAML 格式错误", "[yaml-syntax]"]),
    ("gbk", 0, ["GBK", "[file-encoding-gbk]"]),
    ("bomb", 0, ["别名", "[yaml-alias]"]),
])
def test_a_broken_mkdocs_yml_stops_every_command_with_its_line(make_project, command, shape, line, words):
    """`check` used to pass on the default folders where `build` would fail (or, for an alias bomb, grind for a minute)."""
    plugins = {"private_dir": [{"gk-catalog": {"private_dir": ["a", "b"]}}], "attachments_dir": [{"gk-catalog": {"attachments_dir": 5}}],
               "options": [{"gk-catalog": "yes"}]}.get(shape)
    root = make_project(**({"plugins": plugins} if plugins else {}))
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    if shape == "syntax":
        text = "site_name: 测试\nnav: [首页\nplugins: [gk-catalog]\n"
    elif shape == "bomb":
        text += _bomb()
    config.write_bytes(text.encode("gbk") if shape == "gbk" else text.encode("utf-8"))
    (root / "site").mkdir()
    (root / "site/old.html").write_text("旧网站", encoding="utf-8")
    code, out = cli(root, *command)
    assert code == 2 and "mkdocs.yml:" in out and all(word in out for word in words), out
    if line:
        assert f"mkdocs.yml:{line}:" in out, out
    assert (root / "site/old.html").read_text(encoding="utf-8") == "旧网站"


def test_a_missing_mkdocs_yml_is_named(make_project):
    root = make_project()
    (root / "mkdocs.yml").unlink()
    code, out = cli(root, "check")
    assert code == 2 and "找不到网站配置文件" in out and "[config-missing]" in out, out


# --- the commands' own arguments -------------------------------------------------------------


@pytest.mark.parametrize("args, words", [
    (("report", "--year", "0"), ["--year", "四位数的年份", "“0”"]),
    (("report", "--year", "9" * 5000), ["--year", "四位数的年份"]),
    (("report", "--year", "二〇二四"), ["--year", "四位数的年份"]),
    (("report",), ["缺少必填的参数", "--year"]),
    (("allow", "catalog/notice/2024/x.md:3"), ["缺少必填的参数", "--reason"]),
    (("new", "notic"), ["没有 'notic' 这一项", "notice"]),
    (("check", "--no-such-option"), ["不认识的参数", "--no-such-option"]),
])
def test_usage_errors_are_in_chinese(make_project, args, words):
    root = make_project()
    code, out = cli(root, *args)
    assert code == 2 and "错误" in out and all(word in out for word in words), out
    assert "error:" not in out and "invalid" not in out and "required" not in out, out


@pytest.mark.parametrize("line", ["0", "9" * 5000, "99999999999"])
def test_allow_with_an_impossible_line_number_says_so(make_project, line):
    root = make_project({ENTRY: notice()})
    code, out = cli(root, "allow", f"{ENTRY}:{line}", "--reason", "核对过")
    assert code == 2 and ENTRY in out and "行号" in out, out
    assert not (root / "catalog/detector-allowlist.yml").exists()


def test_allow_does_not_append_to_an_allowlist_that_does_not_read(make_project):
    broken = b"- file: catalog/notice/2024/a.md\n  detector: [\n"
    root = make_project({ENTRY: notice(extra="", title="通知").replace("正文。", "值班电话 13912345678"), "catalog/detector-allowlist.yml": broken})
    code, out = cli(root, "check")
    line = next(int(part.split(":")[1]) for part in out.split() if part.startswith(ENTRY + ":"))
    code, out = cli(root, "allow", f"{ENTRY}:{line}", "--reason", "单位值班电话")
    assert code == 1 and "catalog/detector-allowlist.yml:" in out and "未写入任何内容" in out, out
    assert (root / "catalog/detector-allowlist.yml").read_bytes() == broken


@pytest.mark.parametrize("slug", ["../../../evil", "a/b", "..\\x", ".hidden", "a\x01b", "n" * 200])
def test_new_refuses_a_file_name_that_is_a_path(make_project, slug):
    root = make_project()
    before = sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))
    code, out = cli(root, "new", "notice", slug)
    assert code == 2 and "文件名" in out, out
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*")) == before


def test_a_site_folder_behind_a_link_loop_is_named(make_project):
    root = make_project()
    os.symlink("loop", root / "loop")
    code, out = cli(root, "build", "-d", "loop/site")
    assert code == 1 and "loop" in out and "符号链接" in out and "原有网站未改动" in out, out


def test_a_failed_build_ends_in_chinese(make_project):
    root = make_project({ENTRY: notice(kind="[notice]")})
    code, out = cli(root, "build")
    assert code == 1 and "Aborted" not in out and "原因见上方列表" in out and f"{ENTRY}:2" in out, out


# --- numbers that are no numbers, days that do not exist (the demo catalog, one value changed) -------

REAL_FILES = ("catalog", "content", "mkdocs.yml")
BUDGET = "catalog/budget/2024/dg-finance-2024-budget.md"
INTENT = "catalog/procurement/2024/dg-finance-dgcg2024-0186-1-yixiang.yml"
REPORT = "catalog/annual_report/2025/dg-finance-2024-report.yml"


def _demo(tmp_path: Path, file: str, old: str, new: str) -> Path:
    import shutil

    for part in REAL_FILES:
        (shutil.copytree if (ROOT / part).is_dir() else shutil.copy)(ROOT / part, tmp_path / part)
    path = tmp_path / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("file, old, new, code", [
    (INTENT, "budget_amount: 1980000", "budget_amount: .inf", "finite-number"),
    (INTENT, "budget_amount: 1980000", "budget_amount: 1e999999", "finite-number"),
    (INTENT, "budget_amount: 1980000", "budget_amount: " + "9" * 5000, "finite-number"),
    (BUDGET, "values: [10826.44]", "values: [.nan]", "finite-number"),
    (BUDGET, "values: [10826.44]", "values: [-.inf]", "finite-number"),
    (REPORT, "规章: [0, 0, 0]", "规章: [.inf, 0, 0]", "annual-report-number"),
    (REPORT, "规章: [0, 0, 0]", "规章: [.nan, 0, 0]", "annual-report-number"),
    (REPORT, "规章: [0, 0, 0]", "规章: [" + "9" * 3000 + ", 0, 0]", "annual-report-number"),
    (INTENT, "planned: 2024-09", "planned: 2024-09-31", "planned-format"),
])
def test_a_value_that_is_no_number_or_no_day_is_refused_by_check_not_crashed_on_by_build(tmp_path, file, old, new, code):
    """.inf and .nan passed as amounts; 2024-09-31 passed check and crashed the OCDS export in build."""
    root = _demo(tmp_path, file, old, new)
    line = next(i for i, text in enumerate((root / file).read_text(encoding="utf-8").splitlines(), 1) if new[:12] in text)
    code_, out = cli(root, "check")
    assert code_ == 1 and f"{file}:{line}:" in out and f"[{code}]" in out, out
    assert "9" * 100 not in out  # a long value is quoted short


# --- serve: a rebuild that fails is a sentence, the preview keeps running -----------------------


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_says_why_a_rebuild_failed_without_a_traceback(make_project, tmp_path):
    import time
    import urllib.request

    root = make_project({ENTRY: notice()})
    port = _free_port()
    log = tmp_path / "serve.log"
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "GK_DEBUG")}
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "-f", str(root / "mkdocs.yml"), "serve", "-a", f"127.0.0.1:{port}"],
                                cwd=root, stdout=out, stderr=subprocess.STDOUT, env=env)
    try:
        def wait_for(text: str, count: int = 1) -> str:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                seen = log.read_text(encoding="utf-8", errors="replace")
                if seen.count(text) >= count:
                    return seen
                time.sleep(0.3)
            raise AssertionError(seen)

        wait_for("Serving on")
        config = root / "mkdocs.yml"
        good = config.read_text(encoding="utf-8")
        config.write_text(good + "nav: [首页\n", encoding="utf-8")  # an edit that breaks mkdocs.yml
        seen = wait_for("预览未更新")
        assert "mkdocs.yml:" in seen and "[yaml-syntax]" in seen
        config.write_text(good, encoding="utf-8")
        (root / ENTRY).write_text(notice(kind="[notice]"), encoding="utf-8")  # then an entry that does not load
        seen = wait_for("预览未更新", 2)
        assert f"{ENTRY}:2" in seen and "[unknown-kind]" in seen
        assert proc.poll() is None and urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10).status == 200
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    seen = log.read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in seen and "程序内部错误" not in seen, seen


@pytest.mark.parametrize("raw, line, column, code", [
    (notice().encode().replace("公开通知".encode(), b"a\x07b"), 3, 9, "yaml-control-char"),
    (notice().encode().replace(b"demo-office", b"demo\x00office"), 5, 12, "yaml-control-char"),
    (notice().encode().replace("正文".encode(), "正\x00文".encode()), 9, 2, "body-control-char"),
    (notice().encode().replace("正文".encode(), b"\x1b[31m"), 9, 1, "body-control-char"),
])
def test_control_characters_are_named_with_line_and_column(make_project, raw, line, column, code):
    """The metadata's used to be reported at 1:1 in English; the body's were dropped from the page unsaid."""
    root = make_project({ENTRY: raw})
    _, out = cli(root, "check")
    assert f"{ENTRY}:{line}:{column}:" in out and f"[{code}]" in out and "控制字符" in out, out
    assert "unacceptable character" not in out


@pytest.mark.parametrize("raw, line, column, field", [
    (notice(title="公开\u202e知通").encode(), 3, 10, "字段 title 中"),  # a right-to-left override in the title: shown as 公开通知
    (notice().replace("正文", "正\u2067文").encode(), 9, 2, "正文（body）中"),  # an isolate in the body
])
def test_direction_controls_are_warned_with_line_and_column_and_the_entry_still_publishes(make_project, raw, line, column, field):
    """A direction override makes a title or 文号 read as something it is not; the warning never prints the character."""
    root = make_project({ENTRY: raw})
    code, out = cli(root, "check")
    said = [row for row in out.splitlines() if "[text-bidi-control]" in row]
    assert code == 0 and len(said) == 1 and f"{ENTRY}:{line}:{column}:" in said[0], out
    assert field in said[0] and "显示方向" in said[0] and "\u202e" not in said[0] and "\u2067" not in said[0]


# --- a full disk -----------------------------------------------------------------------------------


def test_new_on_a_full_disk_names_the_file_and_leaves_no_empty_template(make_project, monkeypatch, capsys):
    import errno

    sys.path.insert(0, str(ROOT))
    import build

    root = make_project()
    monkeypatch.chdir(root)

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    code = build.main(["-f", str(root / "mkdocs.yml"), "new", "notice", "full"])
    out = capsys.readouterr()
    text = out.out + out.err
    assert code == 1 and "磁盘已满" in text and "catalog/notice/" in text and "full.yml" in text, text
    assert not list((root / "catalog").rglob("full*"))


def test_a_full_disk_while_copying_theme_files_is_a_write_error():
    """shutil.copyfile's error names the source first: a full disk is still about the output, not the source."""
    import errno

    from plugins.core.outputs.publish import build_failure

    exc = OSError(errno.ENOSPC, "No space left on device")
    exc.filename, exc.filename2 = "/venv/material/bundle.js", "/srv/.site-1-x/assets/bundle.js"
    text = build_failure(exc, Path("/srv/.site-1-x"))
    assert "写入" in text and "读取" not in text and "磁盘空间" in text, text


# --- 索引号 write-back leaves alone what it must not touch -------------------------------------------


def test_write_back_leaves_a_read_only_entry_alone_and_says_so(make_project, monkeypatch):
    from plugins.core.check import writeback

    root = make_project({ENTRY: notice().replace("index_no: 11441900007330235A/2024-00002\n", "")})
    path = root / ENTRY
    before = path.read_bytes()
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode, **kw: False if Path(p) == path and mode == os.W_OK else real_access(p, mode, **kw))
    with pytest.raises(writeback.WriteBackError) as caught:
        writeback.write_number(path, "11441900007330235A/2024-00002", ENTRY)
    assert "只读" in caught.value.what and "index_no: 11441900007330235A/2024-00002" in caught.value.fix
    assert path.read_bytes() == before


def test_write_back_os_errors_are_in_chinese():
    import errno

    from plugins.core.check.writeback import _reason

    assert _reason(OSError(errno.EACCES, "Permission denied")).startswith("没有权限")
    assert _reason(OSError(errno.ENOSPC, "No space left on device")).startswith("磁盘已满")


@pytest.mark.parametrize("file, text, line", [
    ("catalog/topics.yml", "- &base {id: zwgk, name: 综合政务}\n- <<: *base\n  id: czys\n", 2),
    (ENTRY, "---\nkind: notice\ndefaults: &d {organ: demo-office, disclosure: 主动公开}\n<<: *d\ntitle: 通知\npublished: 2024-01-03\n---\n正文\n", 4),
])
def test_a_merge_key_is_named_not_read_as_a_key(make_project, file, text, line):
    """`<<: *base` was read as a key named "<<": what it merged vanished and the message spoke of a missing name."""
    root = make_project({file: text})
    code, out = cli(root, "check")
    assert code == 1 and f"{file}:{line}:" in out and "[yaml-merge-key]" in out and "合并键" in out, out


@pytest.mark.parametrize("option, value", [("private_dir", ["a"]), ("attachments_dir", 5), ("catalog_dir", {"a": 1})])
def test_mkdocs_build_itself_says_a_wrong_folder_option_in_chinese(make_project, option, value):
    root = make_project(plugins=[{"gk-catalog": {option: value}}])
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "GK_DEBUG")}
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=root, capture_output=True, text=True, timeout=300, env=env)
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0 and "Traceback" not in out and option in out and "应为一段文字" in out and "<class" not in out, out


@pytest.mark.parametrize("body", ["[" * 25_000, "[注 " * 9_000, "[a](b) " * 300_000])
def test_a_body_markdown_would_take_minutes_on_is_refused_by_check(make_project, body):
    """25,000 unclosed [ (25 KB) held the build for over a minute; the check passed."""
    import time

    root = make_project({ENTRY: notice().replace("正文。", "第一段。\n\n" + body)})
    started = time.perf_counter()
    code, out = cli(root, "check")
    refused = ("[body-too-complex]", "[body-too-long]")  # 2 MB of links is past the length limit first
    assert code == 1 and (f"{ENTRY}:11:" in out or f"{ENTRY}:9:" in out) and any(c in out for c in refused), out  # the paragraph, or the body
    code, out = cli(root, "build")
    assert code == 1 and any(c in out for c in refused) and time.perf_counter() - started < 60, out
