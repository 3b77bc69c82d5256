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
    return function  # type: ignore[no-any-return]


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


def atomic_publish(build_into: Callable[[Path], None], site_dir: Path) -> Path:
    """Run ``build_into(folder)`` on an empty folder, then make it ``site_dir``.

    If ``build_into`` raises (or the process dies), ``site_dir`` is not touched.
    Returns ``site_dir``.
    """
    site_dir = Path(site_dir).absolute()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(site_dir)
    staging = Path(tempfile.mkdtemp(prefix=f"{_prefix(site_dir)}{os.getpid()}-", dir=site_dir.parent))
    try:
        build_into(staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    os.chmod(staging, 0o755)  # mkdtemp makes it 0700; a web server must read it
    if not site_dir.exists():
        os.rename(staging, site_dir)
        return site_dir
    if exchange(staging, site_dir):
        old = staging  # after the exchange, the staging path holds the old site
    else:
        old = Path(tempfile.mkdtemp(prefix=f"{_prefix(site_dir)}{os.getpid()}-old-", dir=site_dir.parent))
        os.rmdir(old)
        os.rename(site_dir, old)
        os.rename(staging, site_dir)
    shutil.rmtree(old, ignore_errors=True)
    return site_dir
