"""Changes in Chinese text by character: a one-character edit to a paragraph shows as that one character.

A line diff marks a whole paragraph as changed, and a Chinese paragraph is one
line; the reviewer then has to find the changed character by eye. Paragraphs are
matched first (difflib over lines), then each changed paragraph is compared
character by character and changes a character or two apart are joined into one
phrase. Every personal number the detectors know is masked in both texts before
they are compared, so neither side's value, nor a mix of the two, is ever shown.
No MkDocs here.
"""

from __future__ import annotations

import difflib
from html import escape

from ..problems.detectors import scan

Segment = list[str]
"""``[op, text]``: op ``=`` unchanged, ``-`` deleted, ``+`` inserted (a list, so it reads the same in JSON)."""

MASKED_DETECTORS = ("id-number", "mobile", "bank-card")
"""Values the report never prints in full; classification markings are not secret values."""
JOIN_GAP = 1
"""Unchanged runs this short between two changes are taken into one changed phrase."""
CONTEXT = 24
"""Characters of unchanged text kept on each side of a change in the text form."""
CHAR_LIMIT = 20000
"""Above this many characters a changed block is shown as deleted and inserted whole (difflib is quadratic)."""


def mask_text(text: str) -> str:
    """The text with every personal number the detectors recognise masked (4419**********1234)."""
    for hit in reversed(scan(text)):
        if hit.detector in MASKED_DETECTORS:
            text = text[: hit.start] + hit.masked + text[hit.end:]
    return text


def _push(out: list[Segment], op: str, text: str) -> None:
    if not text:
        return
    if out and out[-1][0] == op:
        out[-1][1] += text
    else:
        out.append([op, text])


def inline(old: str, new: str) -> list[Segment]:
    """Segments that turn ``old`` into ``new``, character by character, near changes joined into phrases."""
    if old == new:
        return [["=", old]] if old else []
    if len(old) + len(new) > CHAR_LIMIT:
        whole: list[Segment] = []
        _push(whole, "-", old)
        _push(whole, "+", new)
        return whole
    ops = difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    merged: list[list[str]] = [[tag, old[i1:i2], new[j1:j2]] for tag, i1, i2, j1, j2 in ops]  # [tag, old_text, new_text]
    # a short unchanged run between two changes: one phrase (改[-为-]{+成+}… rather than scattered characters)
    joined: list[list[str]] = []
    for n, (kind, a, b) in enumerate(merged):
        between = 0 < n < len(merged) - 1 and kind == "equal" and len(a) <= JOIN_GAP
        if (kind != "equal" or between) and joined and joined[-1][0] == "change":
            joined[-1][1] += a
            joined[-1][2] += b
        elif kind != "equal":
            joined.append(["change", a, b])
        else:
            joined.append(["equal", a, b])
    out: list[Segment] = []
    for kind, a, b in joined:
        if kind == "equal":
            _push(out, "=", a)
        else:
            _push(out, "-", a)
            _push(out, "+", b)
    return out


def paragraphs(old: str, new: str) -> list[tuple[int, list[Segment]]]:
    """(line in the new text, segments) for each changed paragraph; unchanged paragraphs are left out.

    Both texts are masked first. Paragraphs replaced one for one are compared
    character by character; a block of several is compared as one text.
    """
    old, new = mask_text(old), mask_text(new)
    a, b = old.splitlines(), new.splitlines()
    out: list[tuple[int, list[Segment]]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        if tag == "replace" and i2 - i1 == j2 - j1:
            for k in range(i2 - i1):
                out.append((j1 + k + 1, inline(a[i1 + k], b[j1 + k])))
            continue
        segments = inline("\n".join(a[i1:i2]), "\n".join(b[j1:j2]))
        if segments:
            out.append((j1 + 1, segments))
    return out


def _trim(text: str, first: bool, last: bool) -> str:
    """Unchanged text around a change: ``CONTEXT`` characters on each side, the rest as ……"""
    if len(text) <= 2 * CONTEXT + 2:
        return text
    head = "" if first else text[:CONTEXT]
    tail = "" if last else text[-CONTEXT:]
    if first:
        return "……" + tail
    if last:
        return head + "……"
    return head + "……" + tail


def as_text(segments: list[Segment]) -> str:
    """A readable plain form: ``[-删去的-]{+加上的+}`` inside unchanged context."""
    parts = []
    for n, (op, text) in enumerate(segments):
        if op == "=":
            parts.append(_trim(text, n == 0, n == len(segments) - 1))
        elif op == "-":
            parts.append(f"[-{text}-]")
        else:
            parts.append(f"{{+{text}+}}")
    return "".join(parts)


def as_html(segments: list[Segment], *, trim: bool = False) -> str:
    """Escaped HTML with ``<del>``/``<ins>`` around what changed."""
    parts = []
    for n, (op, text) in enumerate(segments):
        if op == "=":
            parts.append(escape(_trim(text, n == 0, n == len(segments) - 1) if trim else text, quote=False))
        else:
            tag = "del" if op == "-" else "ins"
            parts.append(f"<{tag}>{escape(text, quote=False)}</{tag}>")
    return "".join(parts).replace("\n", "<br>")


def as_markup(segments: list[Segment], cell: object) -> str:
    """For a Markdown table cell: each piece through ``cell`` (the report's escaping), changes as ``<del>``/``<ins>``."""
    escape_cell = cell if callable(cell) else str
    parts = []
    for n, (op, text) in enumerate(segments):
        shown = str(escape_cell(_trim(text, n == 0, n == len(segments) - 1) if op == "=" else text))
        parts.append(shown if op == "=" else f"<{'del' if op == '-' else 'ins'}>{shown}</{'del' if op == '-' else 'ins'}>")
    return "".join(parts)
