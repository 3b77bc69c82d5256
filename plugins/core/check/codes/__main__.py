"""``python -m plugins.core.check.codes [--write | --check]``: print, write or verify docs/problem-codes.md."""

from __future__ import annotations

import sys

from . import SECTIONS
from .doc import DOC, render


def main(argv: list[str]) -> int:
    text = render(SECTIONS)
    if "--write" in argv:
        DOC.write_text(text, encoding="utf-8")
        print(f"已写入 {DOC}")
        return 0
    if "--check" in argv:
        if DOC.read_text(encoding="utf-8") != text:
            print(f"{DOC} 与代码表不一致 — 运行 python -m plugins.core.check.codes --write", file=sys.stderr)
            return 1
        return 0
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
