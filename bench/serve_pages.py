"""Pages a ``serve`` rebuild renders when entries are added at the newest end, and deleted again.

    python bench/generate.py 2000 /tmp/c2k
    python bench/serve_pages.py /tmp/c2k 60

Copies a project's mkdocs.yml as bench/site_bench.py writes it, builds once as ``build.py serve``
does (dirty, in one process), then adds ``N`` notices one after another, each published on the newest
day of the newest year, rebuilding after each, then deletes them one by one. For every rebuild it
counts the pages MkDocs renders (``mkdocs.commands.build._build_page``), how many of them are listing
pages (按类别/机构/年度/主题), and the CPU time; it prints the mean and the most. An add that makes a
listing one page longer shows in the most. The project's catalog is left as it was.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LISTINGS = ("catalog/kind/", "catalog/organ/", "catalog/year/", "catalog/topic/")


def main(project: Path, count: int) -> None:
    import mkdocs.commands.build as mkdocs_build
    from mkdocs.config import load_config

    spec = importlib.util.spec_from_file_location("site_bench", ROOT / "bench" / "site_bench.py")
    assert spec is not None and spec.loader is not None
    site_bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(site_bench)
    (project / "mkdocs.yml").write_text(site_bench.OUR_CONFIG, encoding="utf-8")
    rendered: list[str] = []
    build_page = mkdocs_build._build_page

    def counting(page, *args, **kwargs):  # type: ignore[no-untyped-def]
        rendered.append(page.file.src_uri)
        return build_page(page, *args, **kwargs)

    mkdocs_build._build_page = counting
    site_dir = tempfile.mkdtemp(prefix="serve-pages-")

    def rebuild() -> tuple[float, int, int]:
        config = load_config(str(project / "mkdocs.yml"), site_dir=site_dir)
        config.plugins.on_startup(command="serve", dirty=True)
        rendered.clear()
        cpu = time.process_time()
        mkdocs_build.build(config, dirty=True)
        return time.process_time() - cpu, len(rendered), sum(src.startswith(LISTINGS) for src in rendered)

    rebuild()
    notices = project / "catalog" / "notice"
    latest = max(p for p in notices.iterdir() if p.is_dir())
    files = sorted(latest.glob("*.md"))
    day = max(line for p in files for line in p.read_text(encoding="utf-8").splitlines() if line.startswith("published:"))
    lines = files[0].read_text(encoding="utf-8").splitlines()
    template = "\n".join(day if line.startswith("published:") else line for line in lines if not line.startswith("index_no:")) + "\n"
    made: list[Path] = []
    stats: dict[str, list[tuple[float, int, int]]] = {"add": [], "delete": []}
    try:
        for i in range(count):
            path = latest / f"bench-added-{i:03d}.md"
            path.write_text(template.replace("title: ", f"title: 新增{i}：", 1), encoding="utf-8")
            made.append(path)
            stats["add"].append(rebuild())
        for path in reversed(made):
            path.unlink()
            stats["delete"].append(rebuild())
    finally:
        for path in made:
            path.unlink(missing_ok=True)
    for what, rows in stats.items():
        if not rows:
            continue
        mean = [sum(r[k] for r in rows) / len(rows) for k in range(3)]
        most = [max(r[k] for r in rows) for k in range(3)]
        print(f"{what} × {len(rows)}: CPU mean {mean[0]:.2f} s, most {most[0]:.2f} s; pages rendered mean {mean[1]:.1f}, "
              f"most {most[1]}; listing pages mean {mean[2]:.1f}, most {most[2]}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    sys.path.insert(0, os.getcwd())  # the code under test: this folder's plugins (run from the project root)
    main(Path(sys.argv[1]), int(sys.argv[2]))
