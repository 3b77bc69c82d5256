"""Atomic publishing: the public never sees a half-written site. No MkDocs here.

A build writes into a fresh folder beside ``site/`` (same file system, so a
rename is atomic) and only a complete build is swapped in. On Linux the swap is
one ``renameat2(RENAME_EXCHANGE)`` call, so ``site/`` always exists and is
always either the old or the new site; elsewhere it is two renames, with a
window of microseconds in which ``site/`` is missing. A build that raises or is
killed leaves the old ``site/`` untouched; its leftover folder is removed by the
next build.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from ..load.oserrors import describe

RENAME_EXCHANGE = 2
AT_FDCWD = -100


def _libc_renameat2() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        function = libc.renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


_RENAMEAT2 = _libc_renameat2()


def exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths. False when the platform or file system can't."""
    if _RENAMEAT2 is None:
        return False
    if _RENAMEAT2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(a), None, str(b))


def _prefix(site_dir: Path) -> str:
    return f".{site_dir.name}-"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_leftovers(site_dir: Path) -> list[Path]:
    """Delete folders left by builds that were killed (their process is gone).

    A build killed between the two renames of the fallback swap leaves no
    ``site_dir`` but a complete ``-old-`` folder: that one is put back instead.
    """
    removed = []
    for path in sorted(site_dir.parent.glob(_trash_prefix(site_dir) + "*")):  # a replaced site whose deletion was cut short
        _delete_detached(path)
        removed.append(path)
    for path in sorted(site_dir.parent.glob(_prefix(site_dir) + "*")):
        pid, _, rest = path.name[len(_prefix(site_dir)) :].partition("-")
        if not (path.is_dir() and pid.isdigit()) or _pid_alive(int(pid)):
            continue
        if rest.startswith("old-") and not site_dir.exists():
            os.rename(path, site_dir)
            continue
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path)
    return removed


class PublishError(Exception):
    """Publishing failed; the message (Chinese) names the path. The old site is as it was."""


def build_failure(exc: OSError, output: Path | str) -> str:
    """What went wrong while building into ``output``: writing there, or reading a source (an attachment)."""
    name = os.fsdecode(exc.filename) if isinstance(exc.filename, (str, bytes)) else ""
    target = os.fsdecode(exc.filename2) if isinstance(getattr(exc, "filename2", None), (str, bytes)) else ""
    writing = exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS) or (target and os.path.abspath(target).startswith(str(output)))
    if name and not writing and not os.path.abspath(name).startswith(str(output)):
        return f"生成网站失败：{describe(exc, '读取')} — 检查这个文件是否存在、是否允许读取（如 chmod 644）后重新运行"
    return f"生成网站失败：{describe(exc, '写入')} — 检查磁盘空间和输出文件夹的权限后重新运行"


def atomic_publish(build_into: Callable[[Path], None], site_dir: Path) -> Path:
    """Run ``build_into(folder)`` on an empty folder, then make it ``site_dir``.

    If ``build_into`` raises (or the process dies), or the swap fails, ``site_dir``
    is not touched. An OS error (full disk, no permission, the site path is a
    file) becomes a PublishError with a Chinese message naming the path.
    Returns ``site_dir``.
    """
    site_dir = Path(site_dir).absolute()
    try:
        for path in (site_dir, *site_dir.parents):
            if os.path.lexists(path) and not path.is_dir():
                what = "是打不开的符号链接（指向不存在的位置，或链接成环）" if path.is_symlink() else "是一个文件，不是文件夹"
                raise PublishError(f"网站输出位置 {site_dir} 无法使用：{path} {what} — 删除或改名它，或用 -d 指定另一个输出文件夹")
            if os.path.lexists(path):
                break
        site_dir.parent.mkdir(parents=True, exist_ok=True)
        remove_leftovers(site_dir)
        staging = Path(tempfile.mkdtemp(prefix=f"{_prefix(site_dir)}{os.getpid()}-", dir=site_dir.parent))
    except OSError as exc:
        raise PublishError(f"无法在 {site_dir.parent} 中准备网站文件夹：{describe(exc, '创建')} — 检查该文件夹的写入权限和磁盘空间") from None
    try:
        build_into(staging)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise PublishError(build_failure(exc, staging)) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    try:
        _swap(staging, site_dir)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise PublishError(f"替换网站文件夹失败：{describe(exc, '替换')} — 检查 {site_dir.parent} 的权限后重新运行") from None
    return site_dir


def _swap(staging: Path, site_dir: Path) -> None:
    """Make ``staging`` the site; the old site stays whole if any step fails."""
    os.chmod(staging, 0o755)  # mkdtemp makes it 0700; a web server must read it
    if not site_dir.exists():
        os.rename(staging, site_dir)
        return
    if exchange(staging, site_dir):
        old = staging  # after the exchange, the staging path holds the old site
    else:
        old = Path(tempfile.mkdtemp(prefix=f"{_prefix(site_dir)}{os.getpid()}-old-", dir=site_dir.parent))
        os.rmdir(old)
        os.rename(site_dir, old)
        try:
            os.rename(staging, site_dir)
        except OSError:
            os.rename(old, site_dir)  # put the old site back
            raise
    discard(old, site_dir)


def _trash_prefix(site_dir: Path) -> str:
    return f".{site_dir.name}~trash-"


def discard(old: Path, site_dir: Path) -> None:
    """Put the replaced site out of the way now and delete it in a detached process.

    Deleting the 128,000 pages of a 100,000-entry site takes tens of seconds (minutes on a
    busy disk), and nobody needs to wait for it: the new site is already in place. Where a
    process cannot be forked, or the rename fails, it is deleted here. What a killed deletion
    leaves is deleted by the next build (``remove_leftovers``).
    """
    trash = Path(tempfile.mkdtemp(prefix=_trash_prefix(site_dir), dir=site_dir.parent))
    try:
        os.rename(old, trash / "site")
    except OSError:
        shutil.rmtree(old, ignore_errors=True)
        shutil.rmtree(trash, ignore_errors=True)
        return
    _delete_detached(trash)


def _delete_detached(folder: Path) -> None:
    if not hasattr(os, "fork"):
        shutil.rmtree(folder, ignore_errors=True)
        return
    try:
        child = os.fork()
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)
        return
    if child:
        os.waitpid(child, 0)
        return
    try:  # the child: a grandchild in its own session does the deleting, holding none of the caller's files or pipes
        os.setsid()
        if os.fork() == 0:
            null = os.open(os.devnull, os.O_RDWR)
            for fd in (0, 1, 2):
                os.dup2(null, fd)
            os.closerange(3, 65536)
            shutil.rmtree(folder, ignore_errors=True)
    finally:
        os._exit(0)
