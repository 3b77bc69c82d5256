"""Benchmark the public site build at 1,000 / 10,000 / 100,000 entries.

    python bench/site_bench.py 1000 10000 20000           # full benchmark
    python bench/site_bench.py --check-only 100000        # check (pipeline) only
    python bench/site_bench.py 1000 --no-baseline --out bench-out/site
    python bench/site_bench.py --cache 10000                # the build cache only

For each size it generates a catalog with bench/generate.py and measures, each in
a fresh process (wall time, CPU time and peak memory from /usr/bin/time -v):

* ``check``   plugins.core.pipeline.run — cold (no parse cache) and warm (cache in .cache/);
* ``build``   ``python build.py build`` into an empty site/ (atomic publish included);
* ``rebuild`` the same after editing one entry (from the build cache, which is on by default);
* ``serve``   the rebuilds ``build.py serve`` runs after an editor saves: the first
              build, then (timed one by one, in the same process) a title edited, another
              entry's title edited, a title edited in one entry of each kind, an entry
              added (a copy of an older one), that entry deleted, an entry published on the
              newest day added and deleted; with GK_BENCH_PROFILE=<folder>, cProfile files
              of those four rebuilds done once more;
* ``cache``   (``--cache N``) the build cache: a build that fills it (empty cache), then one entry
              edited, one added, that one deleted, each built from the cache; the last site is
              compared file by file with a clean build (``cache: false``) of the same tree;
* ``baseline`` plain mkdocs-material building the same pages from Markdown files in a
              docs folder with a short nav (MkDocs' default search plugin on), and
              ``baseline-nosearch`` the same without any plugin;

plus output size (bytes, files, HTML pages). Results go to ``<out>/results.json``
and a Markdown table on stdout (docs/performance.md quotes them).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)}

OUR_CONFIG = """\
site_name: 基准目录
site_url: https://xxgk.example.gov.cn/
docs_dir: content
theme:
  name: material
  language: zh
  font: false
  features:
    - navigation.instant
    - navigation.top
plugins:
  - gk-catalog
  - gk-search
  - gk-exports
markdown_extensions:
  - tables
  - attr_list
  - md_in_html
  - admonition
  - pymdownx.details
  - toc:
      permalink: false
"""

BASELINE_CONFIG = """\
site_name: 基准目录（对照）
site_url: https://xxgk.example.gov.cn/
docs_dir: docs
theme:
  name: material
  language: zh
  font: false
  features:
    - navigation.instant
    - navigation.top
{plugins}
nav:
  - 首页: index.md
  - guide.md
  - apply.md
  - 信息公开目录:
    - catalog/index.md
    - 按类别: catalog/kind/index.md
    - 按主题分类: catalog/topic/index.md
    - 按发布机构: catalog/organ/index.md
    - 按年度: catalog/year/index.md
markdown_extensions:
  - tables
  - attr_list
  - md_in_html
  - admonition
  - pymdownx.details
  - toc:
      permalink: false
validation:
  nav:
    omitted_files: ignore
  links:
    not_found: ignore
"""

WRITE_BASELINE = """
import sys
from pathlib import Path
from plugins.core import pipeline
from plugins.core.pages.generate import all_pages
from plugins.core.pages.page import restore
from plugins.core.pages.site import Site
project, docs = Path(sys.argv[1]), Path(sys.argv[2])
result = pipeline.run(project / "catalog", project)
site = Site(result.public)
count = 0
for page in all_pages(result.public, site):
    if not page.src_uri.endswith(".md"):
        continue
    target = docs / page.src_uri
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(restore(page.markdown, page.raw), encoding="utf-8")
    count += 1
for md in (project / "content").glob("*.md"):
    (docs / md.name).write_text(md.read_text(encoding="utf-8"), encoding="utf-8")
print(count)
"""

CHECK = """
import json, sys, time
from pathlib import Path
from plugins.core import pipeline
started = time.perf_counter(); cpu = time.process_time()
result = pipeline.run(Path(sys.argv[1]) / "catalog", Path(sys.argv[1]), cache_dir=None if sys.argv[2:] == ["no-cache"] else Path(".cache"))
print(json.dumps({"seconds": time.perf_counter() - started, "cpu": time.process_time() - cpu,
                  "entries": len(result.catalog.entries), "errors": len(result.errors), "ok": result.public is not None}))
"""

SERVE = """
import cProfile, json, os, sys, time
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config
project, site_dir, entry = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
other = sorted(entry.parent.glob("*.md"))[0]

cpu = {}

def rebuild(what=None, profile=None):
    config = load_config(str(project / "mkdocs.yml"), site_dir=site_dir)
    config.plugins.on_startup(command="serve", dirty=True)
    started, used = time.perf_counter(), time.process_time()
    if profile is not None:
        profile.enable()
    build(config, dirty=True)
    if profile is not None:
        profile.disable()
    cpu[what or f"edit {len(cpu)}"] = time.process_time() - used
    return time.perf_counter() - started

first = rebuild("first")
texts = {path: path.read_text(encoding="utf-8") for path in (entry, other)}
added = entry.with_name("bench-added.md")
newest = None
try:
    entry.write_text(texts[entry].replace("title: ", "title: 修订：", 1), encoding="utf-8")
    edit = rebuild()
    other.write_text(texts[other].replace("title: ", "title: 修订：", 1), encoding="utf-8")
    edit_again = rebuild()
    by_kind = {}
    for folder in sorted(p for p in (project / "catalog").iterdir() if p.is_dir()):
        files = sorted(folder.rglob("*.md")) + sorted(folder.rglob("*.yml"))
        if files:
            path = files[len(files) // 2]
            texts.setdefault(path, path.read_text(encoding="utf-8"))
            path.write_text(texts[path].replace("title: ", "title: 修订：", 1), encoding="utf-8")
            by_kind[folder.name] = rebuild()
    added_text = "\\n".join(l for l in texts[other].splitlines() if not l.startswith("index_no:")) + "\\n"
    added.write_text(added_text, encoding="utf-8")
    add = rebuild("add")
    added.unlink()
    delete = rebuild("delete")
    # the everyday case: an entry published on the newest day (the one above is a copy of an older one)
    latest = max(p for p in entry.parent.parent.iterdir() if p.is_dir())
    newest = latest / "bench-newest.md"
    day = max(l for p in latest.glob("*.md") for l in p.read_text(encoding="utf-8").splitlines() if l.startswith("published:"))
    other_day = next(l for l in added_text.splitlines() if l.startswith("published:"))
    newest.write_text(added_text.replace(other_day, day), encoding="utf-8")
    add_newest = rebuild("add newest")
    newest.unlink()
    delete_newest = rebuild("delete newest")
    if os.environ.get("GK_BENCH_PROFILE"):  # where the time goes, after the timed rebuilds (a profiler slows them)
        for what, change in (("add", lambda: added.write_text(added_text, encoding="utf-8")), ("delete", added.unlink),
                             ("add-newest", lambda: newest.write_text(added_text.replace(other_day, day), encoding="utf-8")), ("delete-newest", newest.unlink)):
            change()
            profile = cProfile.Profile()
            rebuild(what + " (profiled)", profile)
            profile.dump_stats(os.path.join(os.environ["GK_BENCH_PROFILE"], f"serve-{what}.prof"))
finally:
    for path, text in texts.items():
        path.write_text(text, encoding="utf-8")
    added.unlink(missing_ok=True)
    if newest is not None:
        newest.unlink(missing_ok=True)
print(json.dumps({"first": first, "seconds": edit, "edit_again": edit_again, "by_kind": by_kind, "add": add, "delete": delete,
                  "add_newest": add_newest, "delete_newest": delete_newest, "cpu": cpu}))
"""


def timed(command: list[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> dict[str, float | str]:
    """Run under /usr/bin/time -v: wall seconds, CPU seconds, peak RSS (MB), stdout."""
    proc = subprocess.run(["/usr/bin/time", "-v", *command], cwd=cwd, env=env or ENV, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"{command} failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}")
    stats = dict(line.strip().rpartition(": ")[::2] for line in proc.stderr.splitlines() if ": " in line)
    h, m, s = (["0", "0"] + stats["Elapsed (wall clock) time (h:mm:ss or m:ss)"].split(":"))[-3:]
    return {
        "wall": int(h) * 3600 + int(m) * 60 + float(s),
        "cpu": float(stats["User time (seconds)"]) + float(stats["System time (seconds)"]),
        "peak_mb": int(stats["Maximum resident set size (kbytes)"]) / 1024,
        "stdout": proc.stdout,
        "cache": next((line.partition("gk-catalog: ")[2] for line in proc.stderr.splitlines() if "构建缓存" in line), ""),
    }


def size_of(folder: Path) -> dict[str, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return {"bytes": sum(p.stat().st_size for p in files), "files": len(files), "pages": sum(p.name == "index.html" for p in files)}


def one_entry(project: Path) -> Path:
    return sorted((project / "catalog" / "notice").rglob("*.md"))[len(list((project / "catalog" / "notice").rglob("*.md"))) // 2]


def bench_check(project: Path) -> dict:
    shutil.rmtree(project / ".cache", ignore_errors=True)
    cold = timed([sys.executable, "-c", CHECK, str(project), "no-cache"])
    first = timed([sys.executable, "-c", CHECK, str(project)])  # cold, and writes the cache
    warm = timed([sys.executable, "-c", CHECK, str(project)])
    inner = lambda r: json.loads(str(r["stdout"]).strip().splitlines()[-1])  # noqa: E731
    return {
        "cold": {**inner(cold), "peak_mb": cold["peak_mb"]},
        "cold_writing_cache": {**inner(first), "peak_mb": first["peak_mb"]},
        "warm": {**inner(warm), "peak_mb": warm["peak_mb"]},
    }


def bench_build(project: Path) -> dict:
    shutil.rmtree(project / "site", ignore_errors=True)
    build = [sys.executable, str(ROOT / "build.py"), "-f", str(project / "mkdocs.yml"), "build", "--no-write-index-no"]
    first = timed(build)
    size = size_of(project / "site")
    entry = one_entry(project)
    text = entry.read_text(encoding="utf-8")
    entry.write_text(text.replace("title: ", "title: 修订：", 1), encoding="utf-8")
    try:
        again = timed(build)
    finally:
        entry.write_text(text, encoding="utf-8")
    return {"build": {k: v for k, v in first.items() if k != "stdout"}, "rebuild": {k: v for k, v in again.items() if k != "stdout"}, "size": size}


def bench_cache(project: Path, out: Path) -> dict:
    """A one-entry change published from the build cache, and whether the result is byte for byte a clean build."""
    site, clean = out / f"cache-{project.name}", out / f"clean-{project.name}"
    for folder in (site, clean, project / ".cache" / "gk-catalog" / "pages"):
        shutil.rmtree(folder, ignore_errors=True)
    build = [sys.executable, str(ROOT / "build.py"), "-f", str(project / "mkdocs.yml"), "build", "--no-write-index-no", "--site-dir", str(site)]
    keep = lambda r: {k: v for k, v in r.items() if k != "stdout"}  # noqa: E731
    result = {"fill": keep(timed(build))}
    entry = one_entry(project)
    text = entry.read_text(encoding="utf-8")
    added = entry.with_name("bench-added.md")
    try:
        entry.write_text(text.replace("title: ", "title: 修订：", 1), encoding="utf-8")
        result["edit"] = keep(timed(build))
        added.write_text("\n".join(line for line in text.splitlines() if not line.startswith("index_no:")) + "\n", encoding="utf-8")
        result["add"] = keep(timed(build))
        added.unlink()
        result["delete"] = keep(timed(build))
        config = project / "mkdocs-nocache.yml"
        config.write_text(OUR_CONFIG.replace("  - gk-catalog\n", "  - gk-catalog:\n      cache: false\n"), encoding="utf-8")
        result["clean"] = keep(timed([sys.executable, str(ROOT / "build.py"), "-f", str(config), "build", "--no-write-index-no", "--site-dir", str(clean)]))
        config.unlink()
        diff = subprocess.run(["diff", "-r", "-q", str(site), str(clean)], capture_output=True, text=True)
        result["identical"] = diff.returncode == 0 and not diff.stdout
        result["differ"] = diff.stdout.splitlines()[:10]
    finally:
        entry.write_text(text, encoding="utf-8")
        added.unlink(missing_ok=True)
    for folder in (site, clean):
        shutil.rmtree(folder, ignore_errors=True)
    return result


def cache_line(cache: dict) -> str:
    return ", ".join(f"{step} {cache[step]['wall']:.1f} s wall / {cache[step]['cpu']:.1f} s CPU / {cache[step]['peak_mb']:.0f} MB" for step in ("fill", "edit", "add", "delete", "clean")) + f"; identical to a clean build: {cache['identical']}"


def bench_serve(project: Path, out: Path) -> dict:
    site_dir = out / f"serve-{project.name}"
    shutil.rmtree(site_dir, ignore_errors=True)
    result = timed([sys.executable, "-c", SERVE, str(project), str(site_dir), str(one_entry(project))])
    shutil.rmtree(site_dir, ignore_errors=True)
    inner = json.loads(str(result["stdout"]).strip().splitlines()[-1])
    return {**inner, "peak_mb": result["peak_mb"]}


def write_plain_docs(project: Path, docs: Path) -> int:
    """Write the Markdown our renderer makes for every page into ``docs`` (a plain MkDocs docs folder)."""
    docs.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run([sys.executable, "-c", WRITE_BASELINE, str(project), str(docs)], env=ENV, check=True, capture_output=True, text=True)
    return int(proc.stdout.strip().splitlines()[-1])


def bench_baseline(project: Path, out: Path, search: bool) -> dict:
    base = out / f"baseline-{project.name}"
    docs = base / "docs"
    if not docs.is_dir():
        shutil.rmtree(base, ignore_errors=True)
        write_plain_docs(project, docs)
    plugins = "plugins:\n  - search" if search else "plugins: []"
    (base / "mkdocs.yml").write_text(BASELINE_CONFIG.format(plugins=plugins), encoding="utf-8")
    shutil.rmtree(base / "site", ignore_errors=True)
    result = timed([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(base / "mkdocs.yml")])
    size = size_of(base / "site")
    shutil.rmtree(base / "site", ignore_errors=True)
    return {**{k: v for k, v in result.items() if k != "stdout"}, "size": size}


def generate(n: int, out: Path) -> Path:
    project = out / f"c{n}"
    subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), str(n), str(project)], check=True, capture_output=True, env=ENV)
    (project / "mkdocs.yml").write_text(OUR_CONFIG, encoding="utf-8")
    return project


def table(results: dict) -> str:
    rows = ["| entries | check cold / warm (s) | check peak MB | build (s) | pages | ms/page | build peak MB | output | rebuild 1 edit (s) | serve rebuild (s) | plain Material + search (s, ms/page) | plain, no plugins (s) |",
            "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for n, r in sorted(results.items(), key=lambda kv: int(kv[0])):
        c = r.get("check", {})
        b = r.get("build", {})
        cell = lambda v, f="{:.1f}": f.format(v) if isinstance(v, (int, float)) else "—"  # noqa: E731
        pages = b.get("size", {}).get("pages")
        base = r.get("baseline", {})
        rows.append(
            f"| {int(n):,} | {cell(c.get('cold', {}).get('seconds'))} / {cell(c.get('warm', {}).get('seconds'))} | {cell(c.get('cold', {}).get('peak_mb'), '{:.0f}')} "
            f"| {cell(b.get('build', {}).get('wall'))} | {pages or '—'} | {cell(b['build']['wall'] / pages * 1000 if pages else None)} "
            f"| {cell(b.get('build', {}).get('peak_mb'), '{:.0f}')} | {cell(b['size']['bytes'] / 1e6 if b else None, '{:.0f} MB')} "
            f"| {cell(b.get('rebuild', {}).get('wall'))} | {cell(r.get('serve', {}).get('seconds'))} "
            f"| {cell(base.get('wall'))}{', ' + cell(base['wall'] / base['size']['pages'] * 1000) if base else ''} | {cell(r.get('baseline_nosearch', {}).get('wall'))} |"
        )
    return "\n".join(rows)


def serve_line(serve: dict) -> str:
    line = ", ".join(f"{what} {serve[key]:.1f} s" for key, what in (("seconds", "edit"), ("edit_again", "another edit"), ("add", "add"), ("delete", "delete"), ("add_newest", "add newest"), ("delete_newest", "delete newest")) if key in serve)
    kinds = ", ".join(f"{kind} {seconds:.1f} s" for kind, seconds in serve.get("by_kind", {}).items())
    return line + (f"; a title edited in each kind: {kinds}" if kinds else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", type=int, nargs="*", help="catalog sizes for the full benchmark")
    parser.add_argument("--check-only", type=int, nargs="*", default=[], metavar="N", help="sizes for which only check is measured")
    parser.add_argument("--out", type=Path, default=ROOT / "bench-out" / "site")
    parser.add_argument("--no-baseline", action="store_true", help="skip plain mkdocs-material")
    parser.add_argument("--no-serve", action="store_true", help="skip the dirty serve rebuild")
    parser.add_argument("--serve-only", type=int, nargs="*", default=[], metavar="N", help="sizes for which only the serve rebuilds are measured")
    parser.add_argument("--cache", type=int, nargs="*", default=[], metavar="N", help="sizes for which only the build cache is measured (fill, edit, add, delete, clean build, diff)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    results_file = args.out / "results.json"
    results = json.loads(results_file.read_text()) if results_file.exists() else {}
    for n in [*args.sizes, *args.check_only, *args.serve_only, *args.cache]:
        started = time.perf_counter()
        project = generate(n, args.out)
        r: dict = {"machine": {"cpus": os.cpu_count(), "load_before": os.getloadavg()[0]}}
        if n in args.cache:
            r["cache"] = bench_cache(project, args.out)
            print(f"{n}: build cache: {cache_line(r['cache'])}", flush=True)
        elif n in args.serve_only:
            r["serve"] = bench_serve(project, args.out)
            print(f"{n}: serve first build {r['serve']['first']:.1f} s, rebuilds {serve_line(r['serve'])}", flush=True)
        else:
            r["check"] = bench_check(project)
            print(f"{n}: check {r['check']['cold']['seconds']:.1f} s cold, {r['check']['warm']['seconds']:.1f} s warm", flush=True)
        if n in args.sizes:
            r["build"] = bench_build(project)
            print(f"{n}: build {r['build']['build']['wall']:.1f} s, rebuild {r['build']['rebuild']['wall']:.1f} s", flush=True)
            if not args.no_serve:
                r["serve"] = bench_serve(project, args.out)
                print(f"{n}: serve rebuilds {serve_line(r['serve'])}", flush=True)
            if not args.no_baseline:
                r["baseline"] = bench_baseline(project, args.out, search=True)
                r["baseline_nosearch"] = bench_baseline(project, args.out, search=False)
                print(f"{n}: plain material {r['baseline']['wall']:.1f} s (search), {r['baseline_nosearch']['wall']:.1f} s (no plugins)", flush=True)
            shutil.rmtree(project / "site", ignore_errors=True)
        r["machine"]["load_after"] = os.getloadavg()[0]
        r["machine"]["total_seconds"] = time.perf_counter() - started
        results[str(n)] = {**results.get(str(n), {}), **r}
        results_file.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    print(table(results))


if __name__ == "__main__":
    main()
