"""Run a share of a job in a forked child process and take its result back. No MkDocs here.

``check`` at 100,000 entries is seconds of pure Python per stage (parsing, validation,
rules); one process uses one core. A child forked once the registries are loaded
sees everything the parent has (copy-on-write), does its share and sends back only
its result, pickled through a pipe. The parent does its own share meanwhile.

A child that fails in any way (an exception, killed, out of memory) gives no
result: the caller then does that share itself, so the output is always the one
a one-process run gives, errors included. ``workers`` of gk-catalog (0 = every
core) sets how many processes share the work; page rendering uses the same count.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
from collections.abc import Callable
from typing import Any, Generic, TypeVar

T = TypeVar("T")

_NOTHING: Any = object()


def worker_count(option: int) -> int:
    """``workers: 0`` means every core this process may run on."""
    if option > 0:
        return option
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


class Child(Generic[T]):
    """``job()`` running in a forked child; ``result()`` waits for it."""

    def __init__(self, job: Callable[[], T]):
        self._receive, send = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # the child: never returns into the caller's code
            os.close(self._receive)
            _serve(job, send)
        os.close(send)

    def result(self) -> tuple[bool, T]:
        """``(True, value)``, or ``(False, None)`` when the child gave none (the caller does the share itself)."""
        try:
            data = _read(self._receive)  # read while the child writes: a pipe holds only a little
        finally:
            os.close(self._receive)
            _reap(self.pid)
        try:
            ok, value = pickle.loads(data)
        except Exception:  # noqa: BLE001  (cut short: the child died while sending)
            return False, None  # type: ignore[return-value]
        return bool(ok), value

    def cancel(self) -> None:
        """Stop the child (the parent failed): its result is not wanted."""
        try:
            os.kill(self.pid, signal.SIGKILL)
        except OSError:
            pass
        try:
            os.close(self._receive)
        except OSError:
            pass
        _reap(self.pid)


def _serve(job: Callable[[], Any], send: int) -> None:
    """In the child: run the job, write the pickled outcome, end without running the parent's exit code."""
    code = 0
    try:
        try:
            data = pickle.dumps((True, job()), protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException:  # noqa: BLE001  (any failure: the parent does this share itself and meets it there)
            data, code = pickle.dumps((False, None)), 1
        head = memoryview(len(data).to_bytes(8, "little"))
        while head:
            head = head[os.write(send, head):]
        view = memoryview(data)
        while view:
            view = view[os.write(send, view):]
    except BaseException:  # noqa: BLE001  (the parent went away)
        code = 1
    finally:
        os._exit(code)


def _read(fd: int) -> bytearray:
    """What the child sent: its length first, then that many bytes, read into one buffer (hundreds of MB, not copied again)."""
    head = b""
    while len(head) < 8:
        chunk = os.read(fd, 8 - len(head))
        if not chunk:
            return bytearray()
        head += chunk
    data = bytearray(int.from_bytes(head, "little"))
    view, done = memoryview(data), 0
    while done < len(data):
        got = os.readv(fd, [view[done:]])
        if not got:
            return bytearray()  # the child died while sending
        done += got
    return data


def _reap(pid: int) -> None:
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass


def shares(count: int, parts: int, first: float = 1.0, chunk: int = 64) -> list[list[int]]:
    """``range(count)`` dealt out to ``parts`` processes in runs of ``chunk``; the first takes ``first`` times a child's part.

    Dealt in runs rather than cut in halves: the files are listed kind by kind, and a budget with
    its tables costs many times a notice, so halves would leave one process waiting on the other.
    The first share is the parent's: a child also pays for pickling its result, the parent for reading it.
    """
    parts = max(1, min(parts, -(-count // chunk))) if count else 1
    weights = [first] + [1.0] * (parts - 1)
    taken = [0] * parts
    found: list[list[int]] = [[] for _ in range(parts)]
    for start in range(0, count, chunk):
        part = min(range(parts), key=lambda p: (taken[p] + 1) / weights[p])
        taken[part] += 1
        found[part].extend(range(start, min(count, start + chunk)))
    return found
