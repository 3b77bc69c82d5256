"""Helpers for tests that look at a built site the way a browser or validator does.

Serve a folder on 127.0.0.1, drive Debian's Chromium (never a downloaded browser)
and find the Nu Html Checker jar (npm package ``vnu-jar``).
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import subprocess
import tarfile
import tempfile
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"]
VNU_VERSION = "26.9.27"
VENDOR = Path(__file__).parent / "vendor"


class _Handler(SimpleHTTPRequestHandler):
    """A static server like the production one: 404.html for a missing page."""

    def log_message(self, *args: object) -> None:
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code == 404 and page.is_file():
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().send_error(code, message, explain)


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on a free local port; yields the base URL (``http://127.0.0.1:PORT/``)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def chromium_available() -> bool:
    return Path(CHROMIUM).is_file()


def launch(playwright):  # type: ignore[no-untyped-def]
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def vnu_jar() -> Path | None:
    """The Nu Html Checker: $VNU_JAR, tests/vendor/vnu.jar, or fetched once with ``npm pack``."""
    if os.environ.get("VNU_JAR"):
        return Path(os.environ["VNU_JAR"])
    if (VENDOR / "vnu.jar").is_file():
        return VENDOR / "vnu.jar"
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "gk-catalog" / f"vnu-jar-{VNU_VERSION}"
    jar = cache / "vnu.jar"
    if jar.is_file():
        return jar
    npm = shutil.which("npm")
    if npm is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([npm, "pack", f"vnu-jar@{VNU_VERSION}", "--silent"], cwd=tmp, check=True, capture_output=True, timeout=600)
        tgz = next(Path(tmp).glob("vnu-jar-*.tgz"))
        with tarfile.open(tgz) as archive:
            member = archive.getmember("package/build/dist/vnu.jar")
            cache.mkdir(parents=True, exist_ok=True)
            with archive.extractfile(member) as source, open(jar.with_suffix(".part"), "wb") as target:  # type: ignore[union-attr]
                shutil.copyfileobj(source, target)
        jar.with_suffix(".part").rename(jar)
    return jar
