"""Atomic publishing: a failed or killed build leaves the previous site/ serving."""

from __future__ import annotations

import functools
import os
import signal
import subprocess
import sys
import textwrap
import threading
import urllib.request
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from plugins.core.outputs.publish import atomic_publish, exchange, remove_leftovers

ROOT = Path(__file__).resolve().parent.parent


def write_site(folder: Path, text: str, pages: int = 3) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(pages):
        page = folder / f"p{n}" / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(text, encoding="utf-8")
    (folder / "index.html").write_text(text, encoding="utf-8")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(site: Path) -> list[Path]:
    return sorted(site.parent.glob(f".{site.name}-*"))


def test_publish_swaps_in_a_complete_build(tmp_path):
    site = tmp_path / "site"
    atomic_publish(lambda d: write_site(d, "旧版"), site)
    atomic_publish(lambda d: write_site(d, "新版", pages=2), site)
    assert snapshot(site) == {"index.html": "新版".encode(), "p0/index.html": "新版".encode(), "p1/index.html": "新版".encode()}
    assert leftovers(site) == []
    assert oct(site.stat().st_mode & 0o777) == "0o755"


def test_a_build_that_raises_leaves_the_old_site_untouched(tmp_path):
    site = tmp_path / "site"
    atomic_publish(lambda d: write_site(d, "旧版"), site)
    before = snapshot(site)

    def broken(folder: Path) -> None:
        write_site(folder, "写了一半", pages=1)
        raise RuntimeError("目录有错误")

    with pytest.raises(RuntimeError):
        atomic_publish(broken, site)
    assert snapshot(site) == before
    assert leftovers(site) == []


def test_exchange_swaps_two_folders_in_one_step(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    write_site(a, "A", pages=0)
    write_site(b, "B", pages=0)
    if not exchange(a, b):
        pytest.skip("renameat2(RENAME_EXCHANGE) not available on this platform / file system")
    assert (a / "index.html").read_text(encoding="utf-8") == "B"
    assert (b / "index.html").read_text(encoding="utf-8") == "A"


KILLED_BUILD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    sys.path.insert(0, {root!r})
    from plugins.core.outputs.publish import atomic_publish

    def slow_build(folder):
        for n in range(1000):
            page = folder / f"p{{n}}" / "index.html"
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text("新版写了一半", encoding="utf-8")
            if n == 10:
                print("writing", flush=True)
            time.sleep(0.05)

    atomic_publish(slow_build, Path({site!r}))
    """
)


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def test_a_build_killed_midway_leaves_the_old_site_serving(tmp_path):
    site = tmp_path / "site"
    atomic_publish(lambda d: write_site(d, "旧版"), site)
    before = snapshot(site)
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/p0/"
    try:
        script = KILLED_BUILD.format(root=str(ROOT), site=str(site))
        proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
        assert proc.stdout.readline().strip() == "writing"
        assert leftovers(site), "the build should be writing beside site/, not into it"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        assert proc.returncode == -signal.SIGKILL
        with urllib.request.urlopen(url, timeout=5) as response:
            assert response.read().decode("utf-8") == "旧版"
        assert snapshot(site) == before
        # The next build cleans up what the killed one left behind.
        atomic_publish(lambda d: write_site(d, "新版"), site)
        assert leftovers(site) == []
        with urllib.request.urlopen(url, timeout=5) as response:
            assert response.read().decode("utf-8") == "新版"
    finally:
        server.shutdown()
        server.server_close()


def test_site_restored_when_killed_between_the_two_fallback_renames(tmp_path):
    site = tmp_path / "site"
    dead_pid = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True).stdout.strip()
    old = tmp_path / f".site-{dead_pid}-old-abc123"
    write_site(old, "旧版")
    remove_leftovers(site)
    assert (site / "index.html").read_text(encoding="utf-8") == "旧版"
    assert leftovers(site) == []


def test_leftovers_of_a_running_build_are_left_alone(tmp_path):
    site = tmp_path / "site"
    mine = tmp_path / f".site-{os.getpid()}-building"
    mine.mkdir()
    remove_leftovers(site)
    assert mine.is_dir()


def test_build_py_failure_leaves_the_old_site(make_project, tmp_path):
    """The real command: a catalog error after a good build keeps the good site."""
    from conftest import POLICY

    root = make_project({"catalog/policy/2024/yaodian.yml": POLICY.replace("title:", "index_no: 11441900007330235A/2024-00001\ntitle:")})
    build = [sys.executable, str(ROOT / "build.py"), "-f", str(root / "mkdocs.yml"), "build"]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run(build, check=True, capture_output=True, env=env, timeout=120)
    before = snapshot(root / "site")
    assert "xxgk/11441900007330235A/2024-00001/index.html" in before
    (root / "catalog/policy/2024/yaodian.yml").write_text(POLICY.replace("published: 2024-03-05", "published: 2024-02-30"), encoding="utf-8")
    failed = subprocess.run(build, capture_output=True, text=True, env=env, timeout=120)
    assert failed.returncode != 0
    assert "原有网站未改动" in failed.stderr
    assert snapshot(root / "site") == before
    assert leftovers(root / "site") == []


def _gone(path: Path, seconds: float = 20.0) -> bool:
    import time

    deadline = time.monotonic() + seconds
    while path.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    return not path.exists()


def test_the_replaced_site_is_put_aside_at_once_and_deleted_without_waiting(tmp_path):
    """A 100,000-entry site takes tens of seconds to delete; the swap returns before that, and nothing of it stays."""
    site = tmp_path / "site"
    atomic_publish(lambda d: write_site(d, "旧版", pages=300), site)
    atomic_publish(lambda d: write_site(d, "新版", pages=1), site)
    assert snapshot(site) == {"index.html": "新版".encode(), "p0/index.html": "新版".encode()}
    assert leftovers(site) == []
    trash = sorted(tmp_path.glob(".site~trash-*"))
    assert all(_gone(path) for path in trash)  # deleted by a detached process, not left behind
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_deletion_cut_short_is_finished_by_the_next_build(tmp_path):
    site = tmp_path / "site"
    atomic_publish(lambda d: write_site(d, "旧版"), site)
    cut_short = tmp_path / ".site~trash-abc123" / "site"
    write_site(cut_short, "更旧")
    atomic_publish(lambda d: write_site(d, "新版"), site)
    assert _gone(cut_short.parent)
    assert snapshot(site)["index.html"] == "新版".encode()
