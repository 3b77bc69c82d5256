"""Benchmark gk-search against Material's search plugin on synthetic catalogs.

    python bench/search_bench.py 1000 10000 100000 [--out bench-out/search]   (0: the demo catalog, nothing planted)

For each size N it generates a catalog with bench/generate.py, plants a
2-character word (芦苇, half of the entries in traditional: 蘆葦) in known
entries, and reports:

- index build time of gk-search (public view → documents → index → files),
  total index files and bytes;
- the bytes (gzip) a browser downloads for a first query, counted by headless
  Chromium's Resource Timing on a page served with gzip like a normal web server
  (manifest + shards + the documents of the first results);
- query time in headless Chromium: network, and the CPU time after the fetch
  (decode, intersect, rank, render the results);
- recall: every planted entry is found (in Python from the files, and in Chromium);
- the time Material's search plugin (with jieba, as installed) spends indexing
  the same entry pages, and the size of its one-file index. Its input pages are
  rendered from the same Markdown first (not timed: MkDocs does that anyway).
  With ``--material-sample K`` only K pages are indexed and the time is scaled
  to N (stated as such in the output).

Results go to ``<out>/results.json`` and a Markdown table on stdout.
Chromium is Debian's /usr/bin/chromium; nothing is downloaded.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import random
import re
import shutil
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import generate  # noqa: E402

from plugins.core import pipeline  # noqa: E402
from plugins.core.check import indexno  # noqa: E402
from plugins.core.pages.entries import entry_page  # noqa: E402
from plugins.core.pages.site import Site  # noqa: E402
from plugins.core.search.documents import documents  # noqa: E402
from plugins.core.search.index import build_index, write_index  # noqa: E402
from plugins.core.search.match import matches  # noqa: E402
from plugins.core.search.reader import IndexReader  # noqa: E402
from plugins.core.wall.public import public_view  # noqa: E402
from plugins.search.markup import search_box  # noqa: E402

PLANT_SIMPLIFIED = "芦苇"
PLANT_TRADITIONAL = "蘆葦"
PLANT_COUNT = 60
QUERIES = ["芦苇", "预算", "政府采购", "政府信息公开", "12345", "網上辦事大廳", "关于进一步加强政务公开工作的通知"]
PHRASES = [("国发〔2017〕12号", 40), ("依据国发〔2016〕3号和粤府〔2017〕1号", 40), ("合计25.16万元", 30), ("合计125.16万元", 30),
           ("其中0.5万元", 30), ("其中10.5万元", 30), ("2024年第2号", 30), ("2024年第12号", 30)]
"""Phrases planted in bodies (with near misses that a search must not show), for the exact queries."""
EXACT_QUERIES = ["政府采购", "2021", "国发〔2017〕", "25.16万元", "三公经费", "第2号", "0.5万元", "预算", "决算", "芦苇",
                 "东府办〔2019〕", "4.30万元", "0万元", "政府信息公开", "三公"]
"""Queries whose shown results are compared with the truth computed from the entries' text (match.matches)."""
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"]
ASSETS = ROOT / "plugins" / "search" / "assets"


def plant(project: Path, count: int = PLANT_COUNT) -> int:
    """Insert the planted word at a random place in the body of ``count`` entries spread over the catalog."""
    files = sorted((project / "catalog").glob("*/*/*.md"))
    every = max(1, len(files) // count)
    corpus_text = "".join(p.read_text(encoding="utf-8") for p in files[:2000])
    assert PLANT_SIMPLIFIED not in corpus_text and PLANT_TRADITIONAL not in corpus_text
    rng = random.Random(5)
    count = 0
    for i, path in enumerate(files):
        if i % every or count == PLANT_COUNT:
            continue
        head, _, body = path.read_text(encoding="utf-8").partition("\n---\n")
        at = rng.randrange(1, len(body) - 1)
        word = PLANT_TRADITIONAL if count % 2 else PLANT_SIMPLIFIED
        path.write_text(head + "\n---\n" + body[:at] + word + body[at:], encoding="utf-8")
        count += 1
    return count


def plant_phrases(project: Path) -> None:
    """Insert each of PHRASES, at a random place, in the body of its number of entries (seeded, deterministic)."""
    files = sorted((project / "catalog").glob("*/*/*.md"))
    rng = random.Random(11)
    for phrase, count in PHRASES:
        for path in rng.sample(files, min(count, len(files))):
            head, _, body = path.read_text(encoding="utf-8").partition("\n---\n")
            at = rng.randrange(1, len(body) - 1)
            path.write_text(head + "\n---\n" + body[:at] + "，" + phrase + "，" + body[at:], encoding="utf-8")


def truth(docs, query: str) -> set[str]:
    """索引号 of the entries whose own text has the query (docs/search.md 搜索的含义), computed without the index."""
    return {doc.index_no for doc in docs if matches(query, doc.heading, doc.text, doc.index_no)}


def planted_entries(public) -> set[str]:
    return {e.index_no for e in public.entries if PLANT_SIMPLIFIED in e.body or PLANT_TRADITIONAL in e.body}


# --- gk-search ------------------------------------------------------------------


def build_gk(public, site: Site, out: Path, keep: list | None = None) -> dict:
    cpu = time.process_time()
    started = time.perf_counter()
    docs = documents(public, site)
    if keep is not None:
        keep.extend(docs)
    t_docs = time.perf_counter()
    index = build_index(docs)
    t_index = time.perf_counter()
    stats = write_index(index, out / "search", public)
    done = time.perf_counter()
    return {
        "build_s": round(done - started, 2),
        "build_cpu_s": round(time.process_time() - cpu, 2),
        "documents_s": round(t_docs - started, 2),
        "invert_s": round(t_index - t_docs, 2),
        "write_s": round(done - t_index, 2),
        "tokens": index.stats["tokens"],
        "shards": index.shard_count,
        **stats,
    }


def harness(out: Path) -> None:
    """A bare page with the header search box and the same assets a built site has."""
    for rel in ("javascripts/gk-search.js", "javascripts/gk-inflate.js", "stylesheets/gk-search.css"):
        target = out / "assets" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ASSETS / rel, target)
    (out / "index.html").write_text(
        '<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>bench</title>'
        '<link rel="stylesheet" href="assets/stylesheets/gk-search.css"></head><body>'
        '<input class="md-toggle" type="checkbox" id="__search">'
        f'<header class="md-header"><nav class="md-header__inner">{search_box(10)}</nav></header>'
        '<script src="assets/javascripts/gk-search.js"></script></body></html>',
        encoding="utf-8",
    )


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Serves text with Content-Encoding: gzip, as a normal web server does; .bin files are gzip already."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[override]
        path = self.translate_path(self.path.split("?", 1)[0])
        if os.path.isfile(path) and path.endswith((".json", ".js", ".css", ".html")):
            data = gzip.compress(Path(path).read_bytes(), 6)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(path))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            return io.BytesIO(data)
        return super().send_head()


@contextmanager
def serve(folder: Path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


RESOURCES = """() => {
  const r = performance.getEntriesByType('resource');
  const sum = (f) => r.filter(f).reduce((a, e) => a + e.encodedBodySize, 0);
  return {
    query_bytes: sum(e => e.name.includes('/search/')),
    requests: r.filter(e => e.name.includes('/search/')).length,
    asset_bytes: sum(e => e.name.includes('/assets/')),
  };
}"""


def _fresh_page(browser: Any, url: str) -> tuple[Any, Any]:
    """A new browser context (cold cache) on the site's front page, once its search script is ready."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(url)
    page.wait_for_function("() => window.gkSearch")
    return context, page


def _typed(page: Any, query: str) -> dict:
    """Type ``query`` into the search box and wait for its results; the search script's record of them."""
    page.fill("input[name=q]", query)
    page.wait_for_function("q => gkSearch.last && gkSearch.last.query === q", arg=query, timeout=120000)
    return page.evaluate("() => gkSearch.last")


def browser_queries(out: Path, queries: list[str]) -> list[dict]:
    """Each query in a fresh browser context (cold cache), typed into the box; then once more warm."""
    from playwright.sync_api import sync_playwright

    rows = []
    with serve(out) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for query in queries:
            context, page = _fresh_page(browser, url)
            timings = []
            for attempt in ("cold", "warm"):
                page.evaluate("() => { window.gkSearch.last = null; }")
                page.fill("input[name=q]", "")
                last = _typed(page, query)
                shown = page.locator("#gk-search-list [role=option]").count()
                if attempt == "cold":
                    net = page.evaluate(RESOURCES)
                timings.append(last)
            cold, warm = timings
            rows.append({
                "query": query,
                "results": cold["results"],
                "shown": shown,
                "first_query_bytes_gzip": net["query_bytes"],
                "requests": net["requests"],
                "asset_bytes_gzip": net["asset_bytes"],
                "cold_total_ms": round(cold["totalMs"], 1),
                "cold_fetch_ms": round(cold["fetchMs"] + cold["docsFetchMs"], 1),
                "cold_cpu_after_fetch_ms": round(cold["rankMs"] + cold["renderMs"], 1),
                "warm_total_ms": round(warm["totalMs"], 1),
                "warm_cpu_ms": round(warm["rankMs"] + warm["renderMs"], 1),
            })
            context.close()
        browser.close()
    return rows


SHOWN = """() => Array.from(document.querySelectorAll('#gk-search-list [role=option] .gk-hit__meta')).map(m => {
  const label = Array.from(m.querySelectorAll('span > span.gk-hit__label')).find(l => l.textContent.startsWith('索引号'));
  return label ? label.parentElement.textContent.replace(/^索引号：/, '') : '';
})"""


def browser_exact(out: Path, queries: list[str], truths: dict[str, set[str]], python: dict[str, list[str]]) -> list[dict]:
    """Each query cold, typed into the box: the results shown and the count line against the truth."""
    from playwright.sync_api import sync_playwright

    rows = []
    with serve(out) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for query in queries:
            context, page = _fresh_page(browser, url)
            last = _typed(page, query)
            page.wait_for_function("() => !gkSearch.checking", timeout=120000)  # the count checked on in the background
            shown = page.evaluate(SHOWN)
            status = page.locator("#gk-search-status").inner_text()
            net = page.evaluate(RESOURCES)
            expected = truths[query]
            count = re.match(r"(共|约) ([\d,]+) 条", status)
            label, number = (count.group(1), int(count.group(2).replace(",", ""))) if count else ("没有", 0)
            rows.append({
                "query": query,
                "truth": len(expected),
                "label": f"{label} {number:,}",
                "label_exact": label != "约" and number == len(expected),
                "label_honest": label == "约" or number == len(expected),
                "shown": len(shown),
                "shown_in_truth": sum(i in expected for i in shown),
                "shown_equals_python": shown == python[query][: len(shown)],
                "first_page_complete": len(shown) == min(10, len(expected)),
                "first_query_bytes_gzip": net["query_bytes"],
                "requests": net["requests"],
                "cold_total_ms": round(last["totalMs"], 1),
                "cpu_after_fetch_ms": round(last["rankMs"] + last["renderMs"], 1),
            })
            context.close()
        browser.close()
    return rows


# --- Material's search plugin ----------------------------------------------------


def material_index(project: Path, public, site: Site, out: Path, sample: int | None) -> dict:
    """Time Material's search plugin over the entry pages, rendered with the project's Markdown."""
    import markdown
    from mkdocs.config import load_config
    from mkdocs.structure.toc import get_toc

    config = load_config(str(project / "mkdocs.yml"), plugins=["search"], site_dir=str(out / "material-site"))
    plugin = config.plugins["material/search"]
    plugin.on_startup(command="build", dirty=False)
    plugin.on_config(config)
    md = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
    entries = public.entries if sample is None else public.entries[:sample]
    pages = []
    started = time.perf_counter()
    for entry in entries:
        page = entry_page(entry, site)
        html = md.reset().convert(page.markdown)
        toc = get_toc(getattr(md, "toc_tokens", []))
        pages.append(SimpleNamespace(content=html, toc=toc, url=site.url_of(page.src_uri), meta={}, title=page.title))
    render_s = time.perf_counter() - started
    cpu = time.process_time()
    started = time.perf_counter()
    for page in pages:
        plugin.on_page_context({}, page=page, config=config, nav=None)
    plugin.on_post_build(config=config)
    index_s = time.perf_counter() - started
    index_cpu_s = time.process_time() - cpu
    path = out / "material-site" / "search" / "search_index.json"
    size = path.stat().st_size
    gz = len(gzip.compress(path.read_bytes(), 6))
    scale = len(public.entries) / len(entries)
    return {
        "pages": len(entries),
        "scaled_from_sample": sample is not None and scale != 1,
        "render_not_timed_s": round(render_s, 1),
        "index_s": round(index_s * scale, 1),
        "index_cpu_s": round(index_cpu_s * scale, 1),
        "index_bytes": round(size * scale),
        "index_gzip_bytes": round(gz * scale),
        "finds_planted": planted_in_material(path, sample is None),
    }


def planted_in_material(path: Path, full: bool) -> str:
    """Entries Material's search would return for 芦苇: a lunr term (jieba segment) starting with it.

    Material splits text on its zh separator and matches the query as a prefix of
    a term; 蘆葦 (traditional) is a different term and is never matched.
    """
    if not full:
        return "n/a (sample)"
    separator = re.compile("[\\s\u200b\u3000\\-、。，．？！；]+")
    data = json.loads(path.read_text(encoding="utf-8"))
    pages = {d["location"].split("#")[0] for d in data["docs"]
             if any(term.startswith(PLANT_SIMPLIFIED) for term in separator.split(d["title"] + " " + d["text"]))}
    return f"{len(pages)} entries"


# --- one size --------------------------------------------------------------------


def run(n: int, out_root: Path, material: bool, material_sample: int | None, browser: bool) -> dict:
    out = out_root / str(n)
    shutil.rmtree(out, ignore_errors=True)
    project = out / "project"
    if n:
        generate.project(n, project)
        planted = plant(project)
        plant_phrases(project)
    else:  # 0: the demo catalog as it is (a copy), nothing planted
        shutil.copytree(ROOT / "catalog", project / "catalog")
        planted = 0
    started = time.perf_counter()
    result = pipeline.run(project / "catalog", project)
    pipeline_s = time.perf_counter() - started
    row: dict = {"entries": n, "planted": planted, "pipeline_s": round(pipeline_s, 1)}
    public = result.public
    if public is None:
        # The generator may lag behind new per-kind rules; search only needs the wall.
        row["rule_errors_ignored"] = len(result.errors)
        indexno.assign(result.catalog)
        public, _ = public_view(result.catalog)
    site = Site(public)
    docs: list = []
    row["gk"] = build_gk(public, site, out / "www", docs)

    if not n:
        row["entries"] = len(docs)
    reader = IndexReader(out / "www" / "search")
    found = {reader.doc(d)["i"] for d in reader.search(PLANT_SIMPLIFIED)}
    expected = planted_entries(public)
    row["recall_python"] = f"{len(found & expected)}/{len(expected)}"
    row["false_hits_python"] = len(found - expected)
    row["python_first_query_bytes"] = {}
    row["python_results"] = {}
    for query in QUERIES:
        reader = IndexReader(out / "www" / "search")
        hits = reader.search(query)
        for d in hits[:10]:
            reader.doc(d)
        row["python_first_query_bytes"][query] = sum(reader.fetched.values())
        row["python_results"][query] = len(hits)

    truths = {query: truth(docs, query) for query in EXACT_QUERIES}
    python: dict[str, list[str]] = {}
    row["exact_python"] = {}
    for query in EXACT_QUERIES:
        reader = IndexReader(out / "www" / "search")
        result = reader.candidates(query)
        found_order = [reader.doc(d)["i"] for d in reader.search(query)]
        python[query] = found_order
        hits = set(found_order)
        expected = truths[query]
        row["exact_python"][query] = {
            "truth": len(expected), "results": len(hits), "candidates": len(result.candidates), "exact_by_index": result.exact,
            "precision": round(len(hits & expected) / len(hits), 4) if hits else 1.0,
            "recall": round(len(hits & expected) / len(expected), 4) if expected else 1.0,
        }
    if browser:
        harness(out / "www")
        row["exact_browser"] = browser_exact(out / "www", EXACT_QUERIES, truths, python)
        row["browser"] = browser_queries(out / "www", QUERIES)
        # the browser and the Python reader must select the same entries
        row["browser_matches_python"] = all(r["results"] == row["python_results"][r["query"]] for r in row["browser"])
        planted_row = next(r for r in row["browser"] if r["query"] == PLANT_SIMPLIFIED)
        row["recall_browser"] = f"{planted_row['results']}/{len(expected)}"
    previous = out_root / f"result-{n}.json"
    if material:
        row["material"] = material_index(project, public, site, out, material_sample if material_sample and material_sample < n else None)
    elif previous.exists() and "material" in json.loads(previous.read_text(encoding="utf-8")):
        # the catalog is deterministic (same generator, seed and planting): keep the slow measurement
        row["material"] = json.loads(previous.read_text(encoding="utf-8"))["material"]
        row["material_from_earlier_run"] = True
    (out_root / f"result-{n}.json").write_text(json.dumps(row, ensure_ascii=False, indent=1), encoding="utf-8")
    shutil.rmtree(project / "catalog", ignore_errors=True)
    return row


def table(rows: list[dict]) -> str:
    lines = [
        "| entries | gk-search build | index files | index (gzip) | max first query (gzip) | query CPU after fetch (cold / warm) | recall | Material search plugin | Material index (gzip) |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | :---: | ---: | ---: |",
    ]
    for r in rows:
        gk = r["gk"]
        b = r.get("browser") or []
        worst = max((x["first_query_bytes_gzip"] for x in b), default=max(r["python_first_query_bytes"].values()))
        cpu = f"{max(x['cold_cpu_after_fetch_ms'] for x in b)} / {max(x['warm_cpu_ms'] for x in b)} ms" if b else "–"
        m = r.get("material")
        mat = (f"{m['index_s']} s (CPU {m['index_cpu_s']} s)" + (" scaled" if m["scaled_from_sample"] else "")) if m else "–"
        mat_size = f"{m['index_gzip_bytes'] / 1e6:.1f} MB" if m else "–"
        lines.append(
            f"| {r['entries']:,} | {gk['build_s']} s (CPU {gk['build_cpu_s']} s) | {gk['files']:,} | {gk['gzip_bytes'] / 1e6:.1f} MB | "
            f"{worst / 1e3:.0f} KB | {cpu} | {r.get('recall_browser', r['recall_python'])} | {mat} | {mat_size} |"
        )
    return "\n".join(lines)


def exact_table(rows: list[dict]) -> str:
    lines = ["| entries | query | truth | candidates | Python results (precision / recall) | browser label | shown in truth | first query (gzip) | CPU after fetch |",
             "| ---: | --- | ---: | ---: | ---: | --- | ---: | ---: | ---: |"]
    for r in rows:
        browser = {b["query"]: b for b in r.get("exact_browser", [])}
        for query, p in r["exact_python"].items():
            b = browser.get(query)
            lines.append(
                f"| {r['entries']:,} | {query} | {p['truth']:,} | {p['candidates']:,} | {p['results']:,} ({p['precision']:.0%} / {p['recall']:.0%}) | "
                + (f"{b['label']} | {b['shown_in_truth']}/{b['shown']} | {b['first_query_bytes_gzip'] / 1e3:.0f} KB | {b['cpu_after_fetch_ms']} ms |" if b else "– | – | – | – |")
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", type=int, nargs="*", default=[1000, 10000, 100000])
    parser.add_argument("--out", type=Path, default=ROOT / "bench-out" / "search")
    parser.add_argument("--no-material", action="store_true", help="skip Material's search plugin (keep its figures from an earlier run in --out)")
    parser.add_argument("--material-sample", type=int, default=None, help="index only this many pages with Material and scale")
    parser.add_argument("--no-browser", action="store_true", help="skip headless Chromium")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    rows = []
    for n in args.sizes:
        row = run(n, args.out, not args.no_material, args.material_sample, not args.no_browser)
        rows.append(row)
        print(json.dumps(row, ensure_ascii=False), flush=True)
    print()
    print(table(rows))
    print()
    print(exact_table(rows))


if __name__ == "__main__":
    main()
