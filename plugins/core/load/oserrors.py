"""An OS error as Chinese words, for every stage that writes an editor's or the site's files.

Below the stages that need it (the 索引号 write-back in check/, publishing in outputs/), so none imports upwards.
"""

from __future__ import annotations

import errno
import os


OS_REASONS = {
    errno.ENOSPC: "磁盘已满",
    errno.EDQUOT: "磁盘配额已用完",
    errno.EACCES: "没有权限",
    errno.EPERM: "没有权限",
    errno.EROFS: "文件系统是只读的",
    errno.ENOENT: "路径不存在",
    errno.ENOTDIR: "路径中有一段是文件，不是文件夹",
    errno.EISDIR: "这是文件夹，不是文件",
    errno.EEXIST: "已经存在",
    errno.EIO: "磁盘读写错误",
    errno.ENAMETOOLONG: "文件名太长",
    errno.EBUSY: "正被占用",
    errno.EXDEV: "不在同一个文件系统上",
    errno.EMFILE: "打开的文件太多",
}


def describe(exc: OSError, doing: str = "读写") -> str:
    """An OS error as one Chinese sentence naming the path(s)."""
    reason = OS_REASONS.get(exc.errno or 0, exc.strerror or type(exc).__name__)
    path = exc.filename if exc.filename is not None else ""
    other = f" → {exc.filename2}" if getattr(exc, "filename2", None) else ""
    where = f" {os.fsdecode(path) if isinstance(path, bytes) else path}{other}" if path else ""
    return (f"{doing}{where} 时出错：{reason}（{exc.strerror or exc}）").encode("utf-8", "backslashreplace").decode("utf-8")
