"""The parse cache: same results as reading every file, re-read on change, shared across processes."""

from __future__ import annotations

import hashlib
import marshal
import os
import subprocess
import sys
from pathlib import Path


from conftest import POLICY
from plugins.core import pipeline
from plugins.core.load import parsecache
from plugins.core.serve.state import ServeState

ROOT = Path(__file__).resolve().parent.parent


def policy(n: int, title: str = "示例市政务公开工作要点") -> str:
    return POLICY.replace("title:", f"index_no: 11441900007330235A/2024-{n:05d}\ntitle:").replace("示例市政务公开工作要点", f"{title}{n}")


FILES = {
    **{f"catalog/policy/2024/p{n}.yml": policy(n) for n in range(1, 13)},
    "catalog/policy/2024/broken.yml": "kind: policy\ntitle: [未闭合\n",
    "catalog/notice/2024/gbk.yml": "kind: notice\ntitle: 通知\norgan: demo-office\npublished: 2024-01-02\ndisclosure: 主动公开\n".encode("gbk"),
    "catalog/notice/2024/md.md": "---\nkind: notice\ntitle: 通知二\norgan: demo-office\npublished: 2024-01-03\ndisclosure: 主动公开\n---\n正文第一段。\n",
}


def fingerprint(root: Path, state: ServeState | None = None) -> str:
    result = pipeline.run(root / "catalog", root, state=state)
    digest = hashlib.sha256()
    for d in sorted(result.diagnostics):
        digest.update(str(d).encode())
    for e in result.catalog.entries:
        digest.update(repr((e.source, e.ref, e.body, e.body_line, sorted(e.positions.items(), key=repr), e.meta.model_dump())).encode())
    return digest.hexdigest()


CACHE = parsecache.CACHE_DIR / parsecache.CACHE_FILE


def uncached(root: Path, monkeypatch) -> str:
    from plugins.core.load import loader

    with monkeypatch.context() as m:
        m.setattr(parsecache, "read_documents", lambda paths, root, **_: {p: loader.read_document(p, root) for p in paths})
        return fingerprint(root)


def test_cached_reads_equal_reading_every_file(make_project, monkeypatch):
    root = make_project(FILES)
    expected = uncached(root, monkeypatch)
    state = ServeState()
    assert fingerprint(root, state) == expected  # cold
    assert (root / CACHE).is_file()
    assert fingerprint(root, state) == expected  # from memory
    assert fingerprint(root) == expected  # from disk


def test_an_edited_file_is_read_again(make_project):
    root = make_project(FILES)
    pipeline.run(root / "catalog", root)
    path = root / "catalog/policy/2024/p1.yml"
    path.write_text(policy(1, "改过的标题"), encoding="utf-8")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000))
    titles = {e.meta.title for e in pipeline.run(root / "catalog", root).catalog.entries}
    assert "改过的标题1" in titles and "示例市政务公开工作要点1" not in titles


def test_the_disk_cache_is_used_by_a_later_process_and_bypassed_on_request(make_project):
    root = make_project(FILES)
    script = ("import sys; from pathlib import Path; from plugins.core import pipeline; "
              "r = pipeline.run(Path(sys.argv[1]) / 'catalog', Path(sys.argv[1]), cache_dir=None if sys.argv[2:] else Path('.cache')); "
              "print(sorted(e.meta.title for e in r.catalog.entries)[0])")
    run = lambda *more: subprocess.run([sys.executable, "-c", script, str(root), *more], capture_output=True, text=True, check=True, cwd=ROOT).stdout.strip()  # noqa: E731
    assert run() == "示例市政务公开工作要点1"
    cache = root / CACHE
    stored = marshal.loads(cache.read_bytes())
    key = next(k for k in stored if k.endswith("p1.yml"))
    stamp, payload = stored[key]
    data = dict(payload[0], title="甲·来自缓存")
    stored[key] = (stamp, (data, *payload[1:]))
    cache.write_bytes(marshal.dumps(stored))
    assert run() == "甲·来自缓存"  # unchanged file: the cached parse is used
    assert run("no-cache") == "示例市政务公开工作要点1"  # cache: false in mkdocs.yml
    assert (cache.parent / ".gitignore").read_text() == "*\n"
