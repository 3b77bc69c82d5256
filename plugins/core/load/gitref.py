"""Materialise files as they were at a git ref, so a review can compare two catalogs.

Uses ``git archive`` into a temporary folder: the working tree, the index and
the branch are never touched (other people may be working in the same tree).
``numbers_at`` reads one field of a ref's entry files straight from git's
objects, for the 索引号 collision check. No MkDocs here.
"""

from __future__ import annotations

import os
import subprocess
import tarfile
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


class GitRefError(Exception):
    """A problem the person running the review must fix; the message is Chinese."""

    def __init__(self, what: str, fix: str) -> None:
        super().__init__(f"{what} — {fix}")
        self.what = what
        self.fix = fix


@dataclass
class Snapshot:
    """A project root in a temporary folder holding ``paths`` as they were at ``commit``."""

    root: Path
    ref: str
    commit: str
    present: dict[str, bool]
    """Path (relative to the project root) → whether it existed at the ref."""


def _git(cwd: Path, *args: str, binary: bool = False) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=not binary, check=False)
    except FileNotFoundError as exc:
        raise GitRefError("找不到 git 命令", "安装 git 后再运行") from exc


def toplevel(path: Path) -> Path:
    done = _git(path, "rev-parse", "--show-toplevel")
    if done.returncode != 0:
        raise GitRefError(f"{path} 不在 git 仓库中", "在目录仓库的文件夹里运行，或先 git clone 目录仓库")
    return Path(done.stdout.strip())


def resolve(repo: Path, ref: str) -> str:
    """The commit id of ``ref``; a Chinese error when the ref is unknown (e.g. a shallow CI clone)."""
    done = _git(repo, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    if done.returncode != 0 or not done.stdout.strip():
        raise GitRefError(
            f"找不到基准版本 {ref}",
            "检查分支名是否写对；本地先运行 git fetch origin，CI 中检出时设置 fetch-depth: 0",
        )
    return done.stdout.strip()


@contextmanager
def snapshot(project_root: Path, ref: str, paths: list[str]) -> Iterator[Snapshot]:
    """Yield a temporary project root with ``paths`` (relative to ``project_root``) as at ``ref``.

    A path that did not exist at the ref is simply absent (the first pull request
    of a new catalog compares against nothing).
    """
    project_root = project_root.resolve()
    repo = toplevel(project_root)
    commit = resolve(repo, ref)
    prefix = project_root.relative_to(repo.resolve()).as_posix()
    prefix = "" if prefix == "." else prefix + "/"
    present: dict[str, bool] = {}
    wanted: list[str] = []
    for path in paths:
        in_repo = prefix + path.strip("/")
        exists = _git(repo, "cat-file", "-e", f"{commit}:{in_repo}").returncode == 0
        present[path] = exists
        if exists:
            wanted.append(in_repo)
    with tempfile.TemporaryDirectory(prefix="gk-review-") as tmp:
        out = Path(tmp)
        if wanted:
            _extract(repo, commit, wanted, out, ref)
        yield Snapshot(out / prefix if prefix else out, ref, commit, present)


def _extract(repo: Path, commit: str, paths: list[str], out: Path, ref: str) -> None:
    """Stream ``git archive`` into ``out`` (no whole-catalog tarball in memory)."""
    with subprocess.Popen(
        ["git", "archive", "--format=tar", commit, "--", *paths],
        cwd=repo, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    ) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        try:
            with tarfile.open(fileobj=proc.stdout, mode="r|") as archive:
                if hasattr(tarfile, "data_filter"):
                    archive.extractall(out, filter="data")
                else:  # pragma: no cover - Python without PEP 706
                    archive.extractall(out)
        except tarfile.TarError:
            pass  # reported below from git's exit status
        message = proc.stderr.read().decode("utf-8", "replace").strip()
    if proc.returncode != 0:
        raise GitRefError(f"无法取出基准版本 {ref} 的文件：{message}", "确认仓库完整（不是浅克隆），再重试")


# --- reading a ref's files without extracting them (索引号 collisions) ---------


@dataclass
class BaseNumbers:
    """The 索引号 written in the entry files at a ref."""

    commit: str
    numbers: dict[str, str]
    """Path (relative to the project root) → 索引号, for the files read at the ref."""
    unchanged: set[str]
    """Paths whose blob at the ref is the one in the working tree: not read, their 索引号 is the working tree's."""


ENTRY_SUFFIXES = (".yml", ".yaml", ".md", ".markdown")


def _z(text: str) -> list[str]:
    return [part for part in text.split("\0") if part]


def numbers_at(project_root: Path, ref: str, folder: str, read: Callable[[bytes, str], str | None]) -> BaseNumbers:
    """Read ``index_no`` (with ``read(blob, path)``) from the entry files under ``folder`` at ``ref``.

    Four git calls whatever the catalog's size: the ref's tree (``ls-tree``), the
    index and the files modified since (``ls-files -s``, ``diff-files``), and
    one ``cat-file --batch`` for the blobs that differ from the working tree.
    """
    project_root = project_root.resolve()
    repo = toplevel(project_root)
    commit = resolve(repo, ref)
    prefix = project_root.relative_to(repo.resolve()).as_posix()
    prefix = "" if prefix == "." else prefix + "/"
    scope = prefix + folder.strip("/")
    done = _git(repo, "ls-tree", "-r", "-z", "--full-tree", commit, "--", scope)
    if done.returncode != 0:
        raise GitRefError(f"无法读取基准版本 {ref} 的文件列表：{done.stderr.strip()}", "确认仓库完整（不是浅克隆），再重试")
    at_ref: dict[str, str] = {}
    for record in _z(done.stdout):
        meta, _, path = record.partition("\t")
        parts = meta.split()
        if len(parts) == 3 and parts[1] == "blob" and path.lower().endswith(ENTRY_SUFFIXES):
            at_ref[path] = parts[2]
    in_index: dict[str, str] = {}
    for record in _z(_git(repo, "ls-files", "-s", "-z", "--", scope).stdout):
        meta, _, path = record.partition("\t")
        parts = meta.split()
        if len(parts) == 3 and parts[2] == "0":
            in_index[path] = parts[1]
    modified = set(_z(_git(repo, "diff-files", "--name-only", "-z", "--", scope).stdout))
    unchanged = {path for path, blob in at_ref.items() if in_index.get(path) == blob and path not in modified}
    wanted = {blob: path for path, blob in at_ref.items() if path not in unchanged}
    numbers: dict[str, str] = {}
    for blob, content in _cat_blobs(repo, list(wanted)):
        path = wanted[blob]
        number = read(content, path)
        if number:
            numbers[path[len(prefix):]] = number
    # several paths may share one blob (copied files): read once, counted for each
    for path, blob in at_ref.items():
        if path not in unchanged and wanted.get(blob) != path:
            number = numbers.get(wanted[blob][len(prefix):])
            if number:
                numbers[path[len(prefix):]] = number
    return BaseNumbers(commit, numbers, {path[len(prefix):] for path in unchanged})


def files_at_fork(project_root: Path, ref: str, paths: list[str]) -> dict[str, bytes]:
    """The content of ``paths`` (relative to the project root) where HEAD and ``ref`` forked
    (``git merge-base``); a path missing there is left out, as is everything when there is no fork point."""
    project_root = project_root.resolve()
    repo = toplevel(project_root)
    done = _git(repo, "merge-base", "HEAD", resolve(repo, ref))
    fork = done.stdout.strip()
    if done.returncode != 0 or not fork or not paths:
        return {}
    prefix = project_root.relative_to(repo.resolve()).as_posix()
    prefix = "" if prefix == "." else prefix + "/"
    specs = {f"{fork}:{prefix}{path}": path for path in paths}
    found: dict[str, bytes] = {}
    for (spec, content) in zip(specs, _cat_specs(repo, list(specs))):
        if content is not None:
            found[specs[spec]] = content
    return found


def _cat_specs(repo: Path, specs: list[str]) -> list[bytes | None]:
    """The content of each ``commit:path`` (None where it is missing), from one ``git cat-file --batch``."""
    done = subprocess.run(["git", "cat-file", "--batch"], cwd=repo, input="".join(s + "\n" for s in specs).encode(), capture_output=True, check=False)
    out, pos = done.stdout, 0
    found: list[bytes | None] = []
    for _ in specs:
        end = out.find(b"\n", pos)
        header = out[pos:end].split()
        pos = end + 1
        if len(header) < 3 or end < 0:  # "<spec> missing"
            found.append(None)
            continue
        size = int(header[-1])
        found.append(out[pos:pos + size])
        pos += size + 1
    return found


def _cat_blobs(repo: Path, blobs: list[str]) -> Iterator[tuple[str, bytes]]:
    """(id, content) of each blob, streamed from one ``git cat-file --batch``."""
    if not blobs:
        return
    with subprocess.Popen(["git", "cat-file", "--batch"], cwd=repo, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL) as proc:
        assert proc.stdin is not None and proc.stdout is not None

        def feed() -> None:
            try:
                for blob in blobs:
                    proc.stdin.write(blob.encode() + b"\n")  # type: ignore[union-attr]
                proc.stdin.close()  # type: ignore[union-attr]
            except OSError:
                pass

        writer = threading.Thread(target=feed, daemon=True)
        writer.start()
        out = proc.stdout
        for _ in blobs:
            header = out.readline().split()
            if len(header) < 3:  # "<id> missing"
                continue
            size = int(header[2])
            content = out.read(size)
            out.read(1)
            yield header[0].decode(), content
        writer.join()


def current_branch(repo: Path) -> str | None:
    done = _git(repo, "symbolic-ref", "--quiet", "--short", "HEAD")
    return done.stdout.strip() or None if done.returncode == 0 else None


def default_branch(repo: Path) -> str | None:
    """The repository's default branch: ``GK_DEFAULT_BRANCH``, origin's HEAD, or a local main / master."""
    named = os.environ.get("GK_DEFAULT_BRANCH", "").strip()
    if named:
        return named
    done = _git(repo, "symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD")
    if done.returncode == 0 and done.stdout.strip():
        return done.stdout.strip().split("/", 1)[-1]
    for name in ("main", "master"):
        if _git(repo, "rev-parse", "--verify", "--quiet", f"refs/heads/{name}").returncode == 0:
            return name
    return None


def may_write_index_no(project_root: Path) -> tuple[bool, str]:
    """Whether ``build`` writes new 索引号 into the files by default, and why (Chinese).

    Yes outside git, and on the default branch; no on any other branch and on a
    detached HEAD (a CI checkout), where numbers are shown as a preview only.
    """
    try:
        repo = toplevel(project_root)
    except GitRefError:
        return True, "不在 git 仓库中"
    branch = current_branch(repo)
    if branch is None:
        return False, "当前检出的不是分支（如 CI 检出的提交）"
    default = default_branch(repo)
    if default is None:  # no origin, no main or master: the only branch is the default one
        heads = _z(_git(repo, "for-each-ref", "--format=%(refname)%00", "refs/heads").stdout.replace("\n", ""))
        if len(heads) <= 1:
            return True, f"当前在唯一的分支 {branch} 上"
        return False, f"当前在分支 {branch} 上，找不到默认分支（可用环境变量 GK_DEFAULT_BRANCH 指定）"
    if branch == default:
        return True, f"当前在默认分支 {branch} 上"
    return False, f"当前在分支 {branch} 上，不是默认分支 {default}"


def default_base(project_root: Path) -> str | None:
    """The ref a branch's ``check`` compares 索引号 with: origin's default branch, else the local one.

    None outside git, when no such ref exists, or when HEAD is that commit.
    """
    try:
        repo = toplevel(project_root)
    except GitRefError:
        return None
    default = default_branch(repo)
    candidates = [f"origin/{default}", default] if default else ["origin/main", "main", "origin/master", "master"]
    head = _git(repo, "rev-parse", "--verify", "--quiet", "HEAD").stdout.strip()
    for ref in candidates:
        done = _git(repo, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
        if done.returncode == 0 and done.stdout.strip():
            return None if done.stdout.strip() == head else ref
    return None
