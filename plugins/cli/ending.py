"""How a command-line run ends: a read-only command ends its process at once. No MkDocs here.

At 100,000 entries the catalog is millions of small objects; freeing them one by one
on the way out (and the collector walking them once more) cost ``check`` seconds after
its last line was printed. A command in ``AT_ONCE`` writes nothing after it returns
(the parse cache is saved before it prints), so its process ends there. A profiler or
coverage (they write their data at exit) gets the ordinary ending.
"""

from __future__ import annotations

import os
import sys
from typing import NoReturn

AT_ONCE = {"check"}
_RAN: list[str] = []


def ran(command: str) -> None:
    """Note the command this process runs (``leave`` reads it)."""
    _RAN.append(command)


def leave(code: int) -> NoReturn:
    """``sys.exit(code)``; for a command in ``AT_ONCE``, streams flushed and the process ended at once."""
    if _RAN and _RAN[-1] in AT_ONCE and sys.getprofile() is None and sys.gettrace() is None:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except OSError:  # a reader that stopped early (| head): main has already said so
                pass
        os._exit(code)
    sys.exit(code)
