"""``build.py codes [--write | --check]``: print, write or verify docs/problem-codes.md.

Made here, above the kinds, because the page lists the generic codes and each kind's own (``Kind.codes``).
"""

from __future__ import annotations

import argparse
import sys

from plugins.core.problems.codes import sections_with
from plugins.core.problems.codes.code import Section
from plugins.core.problems.codes.doc import COMMAND, DOC, render
from plugins.core.kinds import KINDS


def sections() -> tuple[Section, ...]:
    """Every section of the page: reading, checking, the wall, then each kind's in the kinds' order."""
    return sections_with(kind.codes for kind in KINDS)


def main(argv: list[str]) -> int:
    text = render(sections())
    if "--write" in argv:
        DOC.write_text(text, encoding="utf-8")
        print(f"已写入 {DOC}")
        return 0
    if "--check" in argv:
        if DOC.read_text(encoding="utf-8") != text:
            print(f"{DOC} 与代码表不一致 — 运行 {COMMAND}", file=sys.stderr)
            return 1
        return 0
    sys.stdout.write(text)
    return 0


def cmd_codes(args: argparse.Namespace) -> int:
    return main(["--write"] if args.write else ["--check"] if args.check else [])
