"""Read files ahead of the parser on a background thread. No MkDocs here.

On a cold page cache, reading 100,000 entry files is seconds of waiting on the
disk. A read releases the GIL, so one thread reading the next batch of files
while the main thread parses the current one hides most of that wait. On a
warm cache it costs little: the batches are large, so there is one hand-over
per batch, not per file.
"""

from __future__ import annotations

import concurrent.futures
from collections import deque
from collections.abc import Iterator

from .yamlpos import MAX_FILE_BYTES

BATCH = 256
AHEAD = 4
"""Batches read ahead of the parser (bounded: the files are not all held in memory)."""
MIN_FILES = 2 * BATCH
"""Below this, read inline: a thread would cost more than it hides."""


def _read_batch(paths: list[str]) -> list[bytes | None]:
    out: list[bytes | None] = []
    for path in paths:
        try:
            with open(path, "rb") as file:
                out.append(file.read(MAX_FILE_BYTES + 1))  # more is refused by read_document unread
        except OSError:
            out.append(None)  # the caller reads it again and reports the error in its own words
    return out


def read_ahead(paths: list[str]) -> Iterator[tuple[str, bytes | None]]:
    """``(path, bytes)`` in the order given; ``None`` when a file could not be read."""
    if len(paths) < MIN_FILES:
        for path in paths:
            yield path, None
        return
    batches = [paths[i: i + BATCH] for i in range(0, len(paths), BATCH)]
    with concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="gk-read") as pool:
        pending: deque[concurrent.futures.Future[list[bytes | None]]] = deque()
        upcoming = iter(batches)
        for batch in upcoming:
            pending.append(pool.submit(_read_batch, batch))
            if len(pending) >= AHEAD:
                break
        for batch in batches:
            raws = pending.popleft().result()
            following = next(upcoming, None)
            if following is not None:
                pending.append(pool.submit(_read_batch, following))
            yield from zip(batch, raws)
