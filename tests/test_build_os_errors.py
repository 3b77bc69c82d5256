"""OS errors while building: a full disk, a blocked site folder, an unreadable attachment, a
failed swap. Each ends in one Chinese sentence naming the path, a non-zero exit, no traceback,
and the old site exactly as it was — for ``build.py build``, ``build.py check`` and ``mkdocs build``."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from attachkit import pdf

ROOT = Path(__file__).resolve().parent.parent

DRIVER = textwrap.dedent(
    """
    import errno, os, shutil, sys, tempfile
    sys.path.insert(0, {root!r})
    mode, argv = sys.argv[1], sys.argv[2:]

    def fail(code, path):
        raise OSError(code, os.strerror(code), str(path))

    if mode == "enospc":  # the disk fills while pages are written
        import mkdocs.utils
        real = mkdocs.utils.write_file
        count = [0]
        def write_file(content, output_path):
            count[0] += 1
            if count[0] > 3:
                fail(errno.ENOSPC, output_path)
            return real(content, output_path)
        mkdocs.utils.write_file = write_file
    elif mode == "unreadable-attachment":  # readable when checked, not when copied
        real_copy = shutil.copyfile
        def copyfile(src, dst, **kw):
            if str(src).endswith("附件.pdf"):
                raise PermissionError(errno.EACCES, "Permission denied", str(src))
            return real_copy(src, dst, **kw)
        shutil.copyfile = copyfile
    elif mode == "swap":  # the rename that swaps the new site in fails
        from plugins.core.outputs import publish
        def exchange(a, b):
            raise OSError(errno.EIO, "Input/output error", str(a), None, str(b))
        publish.exchange = exchange
    elif mode == "parent-not-writable":  # as root, chmod cannot stop the build: the refusal is simulated
        real_mkdtemp = tempfile.mkdtemp
        def mkdtemp(*a, **kw):
            fail(errno.EACCES, kw.get("dir"))
        tempfile.mkdtemp = mkdtemp
    elif mode == "catalog-unreadable":
        real_scandir = os.scandir
        def scandir(path="."):
            if str(path).endswith("catalog/notice"):
                raise PermissionError(errno.EACCES, "Permission denied", str(path))
            return real_scandir(path)
        os.scandir = scandir
    elif mode == "bug":  # an unexpected exception must not print a traceback either
        from plugins.core import pipeline
        def run(*a, **kw):
            raise KeyError("机密标题")
        pipeline.run = run

    if argv[0] == "mkdocs":
        from mkdocs.__main__ import cli
        sys.argv = ["mkdocs", *argv[1:]]
        cli()
    else:
        import build
        sys.exit(build.main(argv))
    """
)


def notice(index: int = 1, extra: str = "") -> str:
    return (
        f"---\nkind: notice\ntitle: 公开通知{index}\nindex_no: 11441900007330235A/2024-{index:05d}\norgan: demo-office\n"
        f"published: 2024-01-0{index}\ndisclosure: 主动公开\n{extra}---\n正文。\n"
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def project(make_project, tmp_path):
    root = make_project({
        "catalog/notice/2024/a.md": notice(1, "attachments:\n  - file: 附件.pdf\n"),
        "catalog/notice/2024/附件.pdf": pdf("attachment"),
        "catalog/notice/2024/b.md": notice(2),
    }, plugins=[{"gk-catalog": {"cache": False}}])  # the injected OS errors meet the files, not a cache of them
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER.format(root=str(ROOT)), encoding="utf-8")
    return root, driver


def drive(project, mode: str, *argv: str) -> tuple[int, str]:
    root, driver = project
    proc = subprocess.run([sys.executable, str(driver), mode, *argv], capture_output=True, cwd=root, timeout=300)
    return proc.returncode, proc.stdout.decode("utf-8", "replace") + proc.stderr.decode("utf-8", "replace")


def build_args(root: Path, *more: str) -> list[str]:
    return ["-f", str(root / "mkdocs.yml"), "build", "--no-write-index-no", *more]


@pytest.fixture
def built(project):
    root, _ = project
    code, out = drive(project, "none", *build_args(root))
    assert code == 0, out
    site = root / "site"
    assert (site / "xxgk/11441900007330235A/2024-00001/附件.pdf").read_bytes() == pdf("attachment")
    return site, snapshot(site)


@pytest.mark.parametrize(
    ("mode", "words"),
    [
        ("enospc", ["磁盘已满", "site"]),
        ("unreadable-attachment", ["读取", "没有权限", "附件.pdf"]),
        ("swap", ["替换网站文件夹失败", "磁盘读写错误"]),
        ("parent-not-writable", ["没有权限", "无法在"]),
    ],
)
def test_build_fails_in_one_chinese_sentence_and_keeps_the_old_site(project, built, mode, words):
    root, _ = project
    site, before = built
    (root / "catalog/notice/2024/b.md").write_text(notice(2).replace("正文。", "新的正文。"), encoding="utf-8")
    code, out = drive(project, mode, *build_args(root))
    assert code == 1, out
    assert "Traceback" not in out and "构建失败，原有网站未改动" in out
    for word in words:
        assert word in out, out
    assert snapshot(site) == before
    assert not [p for p in site.parent.glob(".site-*")]  # no half-built folder left behind


def test_a_site_folder_that_is_a_file_is_refused_and_kept(project):
    root, _ = project
    blocker = root / "site"
    blocker.write_bytes(b"not a folder")
    code, out = drive(project, "none", *build_args(root))
    assert code == 1 and "Traceback" not in out
    assert "是一个文件，不是文件夹" in out and str(blocker) in out
    assert blocker.read_bytes() == b"not a folder"


def test_check_with_an_unreadable_folder_or_a_bug_prints_no_traceback(project):
    root, _ = project
    code, out = drive(project, "catalog-unreadable", "-f", str(root / "mkdocs.yml"), "check")
    assert code == 1 and "Traceback" not in out
    assert "catalog/notice" in out and "[folder-unreadable]" in out and "无法读取文件夹" in out
    code, out = drive(project, "bug", "-f", str(root / "mkdocs.yml"), "check")
    assert code == 1 and "Traceback" not in out and "程序内部错误" in out
    assert "机密标题" not in out  # the exception's text is not printed: it may hold anything


def test_mkdocs_build_reports_a_full_disk_as_a_plugin_error(project):
    root, _ = project
    code, out = drive(project, "enospc", "mkdocs", "build", "-f", str(root / "mkdocs.yml"))
    assert code != 0 and "Traceback" not in out
    assert "生成网站失败" in out and "磁盘已满" in out and "site" in out


def test_mkdocs_build_reports_an_unreadable_attachment_as_a_plugin_error(project):
    root, _ = project
    code, out = drive(project, "unreadable-attachment", "mkdocs", "build", "-f", str(root / "mkdocs.yml"))
    assert code != 0 and "Traceback" not in out
    assert "附件.pdf" in out and "没有权限" in out


def test_mkdocs_build_into_a_file_is_a_plugin_error(project):
    root, _ = project
    (root / "site").write_bytes(b"keep me")
    code, out = drive(project, "none", "mkdocs", "build", "-f", str(root / "mkdocs.yml"))
    assert code != 0 and "Traceback" not in out and "是一个文件，不是文件夹" in out
    assert (root / "site").read_bytes() == b"keep me"


def test_a_site_folder_under_a_file_is_refused(project):
    root, _ = project
    (root / "blocker").write_bytes(b"x")
    code, out = drive(project, "none", *build_args(root, "-d", str(root / "blocker/site")))
    assert code == 1 and "Traceback" not in out and f"{root / 'blocker'} 是一个文件" in out
