"""CPU time of one ``check`` by process: the parent's own, and its forked children's.

    python bench/check_cpu.py /tmp/cat100k/mkdocs.yml --cold            # workers from mkdocs.yml (0: every core)
    python bench/check_cpu.py /tmp/cat100k/mkdocs.yml --cold --workers 1

On a machine shared with other work, wall time says more about the others than about
``check``; the parent's CPU time is the run's critical path when the children keep up
with it (they work while it does), so it is what a quiet machine's wall time approaches.
``--cold`` deletes the parse cache first (``.cache/`` beside mkdocs.yml, as ``check`` uses).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from plugins.cli import settings  # noqa: E402


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("config", type=Path, help="the site's mkdocs.yml")
    parser.add_argument("--workers", type=int, default=None, help="processes (default: gk-catalog's workers in mkdocs.yml)")
    parser.add_argument("--cold", action="store_true", help="delete the parse cache first")
    args = parser.parse_args()
    config = args.config.resolve()
    if args.cold:
        cache = settings._cache_dir(config)
        if cache is not None:
            shutil.rmtree(config.parent / cache / "gk-catalog", ignore_errors=True)
    load = os.getloadavg()[0]
    started, parent, children = time.perf_counter(), _cpu(resource.RUSAGE_SELF), _cpu(resource.RUSAGE_CHILDREN)
    result = settings._run(config, check_write_back=True, **({"workers": args.workers} if args.workers else {}))
    wall = time.perf_counter() - started
    print(f"{len(result.catalog.entries)} entries, {len(result.diagnostics)} diagnostics; workers "
          f"{args.workers or settings._workers(config)}; load average {load:.1f} → {os.getloadavg()[0]:.1f}")
    print(f"wall {wall:.1f} s; CPU of this process {_cpu(resource.RUSAGE_SELF) - parent:.1f} s, "
          f"of its children {_cpu(resource.RUSAGE_CHILDREN) - children:.1f} s")
    sys.stdout.flush()
    os._exit(0)  # the catalog is not freed object by object (as build.py check)


if __name__ == "__main__":
    main()
