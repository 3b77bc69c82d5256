"""Materialise files as they were at a git ref, so a review can compare two catalogs.

Uses ``git archive`` into a temporary folder: the working tree, the index and
the branch are never touched (other people may be working in the same tree).
No MkDocs here.
"""

from __future__ import annotations

import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
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


def _git(cwd: Path, *args: str, binary: bool = False) -> subprocess.CompletedProcess:  # type: ignore[type-arg]
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
