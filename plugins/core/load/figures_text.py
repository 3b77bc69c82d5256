"""The figures a piece of prose states: amounts, percentages and counts, with where they are and the words before them.

Budget 说明, “三公” reports and annual reports state their figures in sentences
(“基本支出800.12万元，占总支出的64.8%”). The rules that check those figures need
each one with its value, its printed precision (a figure printed to 0.01 万元 is
exact to ±0.005), its offset in the text, the words just before it (its label),
the sentence it belongs to and the heading above it. Reading that is one concept,
kept here; what a label means is the business of each kind. No MkDocs here.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

_WIDE = str.maketrans("０１２３４５６７８９．％", "0123456789.%")
"""Full-width digits as typed in Chinese documents, mapped one character to one (offsets stay the same)."""

_HAS_WIDE = re.compile("[０-９．％]")
_NUMBER = r"(?<![\d.,，])(\d{1,3}(?:[,，]\d{3})+(?!\d)|\d+)(?:\.(\d+))?"
_FIGURE = re.compile(_NUMBER + r"\s*(亿元|万元|千元|元|%|个百分点|辆|台（套）|台\(套\)|台|套|人次|批次|批|个|条|件|项|人)")
UNIT_IN_WAN = {"亿元": 10000.0, "万元": 1.0, "千元": 0.1, "元": 0.0001}
"""How many 万元 one printed unit is."""

BREAKS = "，,；;：:、（(）)。！？!?\n"
"""Where the words that name a figure start: the last of these before it."""
_LABEL = re.compile(r"[^" + re.escape(BREAKS) + r"]*$")
_LEVEL_MARK = re.compile(r"[（(](类|款|项)[)）]")
_INNER = re.compile(r"[（(]([^（）()\s]{1,2})[)）](?=[^\s，,；;：:、。）)])")
_SENTENCE_END = re.compile(r"[。！？!?]|\n\s*\n|\n(?=\s*[#|>*-])")
_HEADING = re.compile(
    r"^\s*(#{1,6}\s*.+|第[一二三四五六七八九十]+部分.*|[一二三四五六七八九十]+[、.．][^。；;，,]{1,40}|[（(][一二三四五六七八九十]+[)）][^。；;，,]{1,40}|\*\*[^*。]{1,40}\*\*)\s*$"
)


@dataclass(frozen=True)
class Figure:
    """One number as printed, with the unit printed after it."""

    value: float
    """In 万元 for an amount; as printed for a percentage or a count."""
    places: int
    """Decimal places printed (1,234.5 → 1)."""
    unit: str
    """As printed: 万元, 元, 亿元, %, 辆, 件 …"""
    text: str
    """The figure as printed, e.g. ``1,234.56万元``."""
    start: int
    end: int
    label: str
    """The words between the last break (，；：、（ …) and the figure, spaces removed."""
    level: str = ""
    """类/款/项 when the label ends with （类） etc."""

    @property
    def is_amount(self) -> bool:
        return self.unit in UNIT_IN_WAN

    @property
    def is_percent(self) -> bool:
        return self.unit == "%"

    @property
    def half(self) -> float:
        """Half a unit of the last printed place, in the figure's own scale (万元 for amounts)."""
        step = 0.5 * 10 ** -self.places
        return step * UNIT_IN_WAN.get(self.unit, 1.0)


@dataclass
class Sentence:
    """One sentence of the text (up to 。！？ or a blank line) and the figures in it, in order."""

    start: int
    end: int
    text: str
    heading: str
    """The headings in force above it, innermost last, joined by “/”."""
    figures: list[Figure] = field(default_factory=list)

    def before(self, figure: Figure) -> str:
        """The sentence's words before ``figure`` (spaces removed)."""
        return _squeeze(self.text[: figure.start - self.start])


@dataclass
class Text:
    """A text read for its figures."""

    text: str
    sentences: list[Sentence]

    def figures(self) -> list[tuple[Sentence, Figure]]:
        return [(s, f) for s in self.sentences for f in s.figures]


def _squeeze(text: str) -> str:
    return re.sub(r"[\s\u3000*]+", "", text)


def _label(prefix: str) -> tuple[str, str]:
    """The words naming a figure that follows ``prefix``, and a 类/款/项 mark."""
    level = ""
    marks = _LEVEL_MARK.findall(prefix)  # 一般公共服务（类）支出, 一般公共服务支出（类）
    if marks:
        level, prefix = marks[-1], _LEVEL_MARK.sub("", prefix)
    prefix = _INNER.sub(r"\1", prefix)  # 因公出国（境）费, 维修（护）费: the brackets are part of the name
    words = _LABEL.search(prefix)
    label = words.group(0) if words else ""
    if not _squeeze(label) and prefix.rstrip().endswith(("（", "(")):
        inner = prefix.rstrip()[:-1]
        words = _LABEL.search(inner)
        label = words.group(0) if words else ""
    return _squeeze(label), level


@functools.lru_cache(maxsize=256)
def read(text: str) -> Text:
    """Every sentence of ``text`` with its figures; offsets are those of ``text`` itself (the result is shared: read only)."""
    plain = text.translate(_WIDE) if _HAS_WIDE.search(text) else text
    sentences: list[Sentence] = []
    headings: dict[int, str] = {}
    start = 0
    pieces: list[tuple[int, int]] = []
    for match in _SENTENCE_END.finditer(plain):
        pieces.append((start, match.end()))
        start = match.end()
    if start < len(plain):
        pieces.append((start, len(plain)))
    for a, b in pieces:
        chunk = plain[a:b]
        # a heading line inside the chunk starts a new context and is not a sentence itself
        lines = chunk.split("\n")
        offset = a
        body_start = a
        for line in lines[:-1] if len(lines) > 1 else []:
            if _HEADING.match(line) and not _FIGURE.search(line):
                depth = _depth(line)
                headings = {d: h for d, h in headings.items() if d < depth}
                headings[depth] = _squeeze(re.sub(r"^\s*#+", "", line))
                body_start = offset + len(line) + 1
            offset += len(line) + 1
        if len(lines) == 1 and _HEADING.match(chunk) and not _FIGURE.search(chunk):
            depth = _depth(chunk)
            headings = {d: h for d, h in headings.items() if d < depth}
            headings[depth] = _squeeze(re.sub(r"^\s*#+", "", chunk))
            continue
        sentence = Sentence(body_start, b, plain[body_start:b], "/".join(headings[d] for d in sorted(headings)))
        last_end = body_start
        for m in _FIGURE.finditer(plain, body_start, b):
            whole, decimals, unit = m.group(1), m.group(2) or "", m.group(3)
            if unit in ("台（套）", "台(套)"):
                unit = "台"
            value = float(re.sub(r"[,，]", "", whole) + ("." + decimals if decimals else ""))
            if unit in UNIT_IN_WAN:
                value *= UNIT_IN_WAN[unit]
            label, level = _label(plain[last_end: m.start()])
            sentence.figures.append(Figure(value, len(decimals), unit, text[m.start(): m.end()], m.start(), m.end(), label, level))
            last_end = m.end()
        if sentence.figures:
            sentences.append(sentence)
    return Text(text, sentences)


def _depth(line: str) -> int:
    """Heading depth: Markdown #s, else 第X部分 1, 一、 2, （一） 3, **bold** 4."""
    stripped = line.strip()
    hashes = len(stripped) - len(stripped.lstrip("#"))
    if hashes:
        return hashes
    if stripped.startswith("第"):
        return 1
    if stripped.startswith(("（", "(")):
        return 3
    if stripped.startswith("**"):
        return 4
    return 2
