"""`build.py serve` rebuilds the preview when a catalog file changes."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from conftest import POLICY

ROOT = Path(__file__).resolve().parent.parent
ENTRY = "catalog/policy/2024/yaodian.yml"
URL_PATH = "/xxgk/11441900007330235A/2024-00001/"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def wait_for(predicate, timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


def test_preview_rebuilds_when_an_entry_changes(make_project):
    text = POLICY.replace("title:", "index_no: 11441900007330235A/2024-00001\ntitle:")
    root = make_project({ENTRY: text})
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "-f", str(root / "mkdocs.yml"), "serve", "-a", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}{URL_PATH}"
        assert wait_for(lambda: "示例市政务公开工作要点" in fetch(url)), "preview never served the entry"
        (root / ENTRY).write_text(text.replace("示例市政务公开工作要点", "示例市政务公开工作要点（修订）"), encoding="utf-8")
        assert wait_for(lambda: "示例市政务公开工作要点（修订）" in fetch(url)), "preview did not rebuild after the edit"
        # saved as many editors do (a temporary file renamed over the entry), then a new entry in a new folder
        temp = root / ENTRY.replace("yaodian.yml", ".yaodian.yml.tmp")
        temp.write_text(text.replace("示例市政务公开工作要点", "示例市政务公开工作要点（二稿）"), encoding="utf-8")
        os.replace(temp, root / ENTRY)
        assert wait_for(lambda: "示例市政务公开工作要点（二稿）" in fetch(url)), "preview missed an editor's atomic save"
        added = root / "catalog/policy/2025/later.yml"
        added.parent.mkdir()
        added.write_text(text.replace("2024-00001", "2025-00001").replace("2024-", "2025-").replace("示例市政务公开工作要点", "新一年的工作要点"), encoding="utf-8")
        later = url.replace("2024-00001", "2025-00001")
        assert wait_for(lambda: "新一年的工作要点" in fetch(later)), "preview did not pick up an entry in a new folder"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
