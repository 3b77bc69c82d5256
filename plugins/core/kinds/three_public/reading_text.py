"""The figures a “三公”经费 说明 states in its sentences, each with the line it was printed on.

Many offices publish only the narrative (“2023年“三公”经费财政拨款支出决算为25.16万元，比上年减少
3.2万元……其中：因公出国（境）费0万元……”), and a table's 说明 is where the counts (团组、人次、辆、
批次) usually are. Only a figure printed next to its item's name is taken; a difference (比上年减少
3.2万元) is never turned into last year's figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...sources import figures
from ...sources.document import Line
from .reading import Figure

_GAP = r"[^0-9，,。；;：:比较（(）)]{0,14}?"
"""Words between an item and its figure (支出、决算、预算数为 …), never across a clause or a comparison."""
_AMOUNT = r"(\d[\d,]*(?:\.\d+)?)\s*(万元|元)"
AMOUNTS = {
    "total": rf"三公[”\"」』]?经费{_GAP}(?:合计|共计|总额)?{_GAP}{_AMOUNT}",
    "outbound": rf"因公出国[（(]境[）)]费{_GAP}{_AMOUNT}",
    "vehicles": rf"公务用车购置及运行(?:维护)?费{_GAP}{_AMOUNT}",
    "purchase": rf"(?<!及)(?:公务用车)?购置费{_GAP}{_AMOUNT}",
    "operation": rf"(?<!及)(?<!购置及)(?:公务用车)?运行(?:维护)?费{_GAP}{_AMOUNT}",
    "reception": rf"公务接待费{_GAP}{_AMOUNT}",
}
COUNTS = {
    "groups": (r"团组(?:数)?[为共计]{0,2}(\d+)个", r"(\d+)个(?:因公出国[（(]境[）)])?团组"),
    "out_people": (r"团组[^。；;]{0,12}?[、，,]\s*(?:累计|共计|共)?(\d+)人(?:次)?", r"出国[（(]境[）)]?(?:人次|人数)[为共计]{0,2}(\d+)人"),
    "purchased": (r"购置(?:公务用车|车辆|公务车)?(\d+)辆", r"购置数(?:量)?[为共计]{0,2}(\d+)辆"),
    "fleet": (r"保有量[为共计]{0,2}(\d+)辆",),
    "batches": (r"(\d+)批次", r"接待批次[为共计]{0,2}(\d+)"),
    "rec_people": (r"批次[、，,]\s*(?:累计|共计|共)?(\d+)人次", r"接待人次[为共计]{0,2}(\d+)"),
}
PREVIOUS_TOTAL = rf"上年(?:度)?(?:“?三公”?经费)?(?:预算|决算)?(?:数)?[为是]{_AMOUNT}"
_REASON = re.compile(r"[^。]*(?:增减变化原因|变化的?主要原因|主要原因|原因是|主要是)[^。]*。")


@dataclass
class Text:
    """The narrative joined as one string (PDF lines wrap mid-sentence), with each line's start."""

    joined: str
    starts: list[tuple[int, Line]]

    @classmethod
    def of(cls, lines: list[Line]) -> Text:
        joined, starts = "", []
        for line in lines:
            starts.append((len(joined), line))
            joined += line.text.replace(" ", "").replace("\u3000", "")
        return cls(joined, starts)

    def place(self, offset: int) -> str:
        found = ""
        for start, line in self.starts:
            if start > offset:
                break
            found = line.place
        return f"正文 {found}".strip()


def read_text(text: Text, year: int | None, stage: str | None = None) -> dict[str, Figure]:
    """slot → the first figure stated for it in the narrative: this year's, of this stage (in a 决算's 说明,
    “三公”经费预算为28.15万元 is the budget, not the 决算; a previous year's sentence is skipped too)."""
    other = {"决算": "预算", "预算": "决算"}.get(stage or "")
    found: dict[str, Figure] = {}
    for slot, pattern in AMOUNTS.items():
        for match in re.finditer(pattern, text.joined):
            if _about_other_year(text.joined, match.start(), year) or (other and other in match.group(0)):
                continue
            value = figures.figure(match.group(1))
            found[slot] = Figure(value, text.place(match.start()), "number", match.group(0), unit=match.group(2))
            break
    for slot, patterns in COUNTS.items():
        for pattern in patterns:
            count = re.search(pattern, text.joined)
            if count:
                found[slot] = Figure(figures.figure(count.group(1)), text.place(count.start()), "number", count.group(0))
                break
    return found


def _about_other_year(joined: str, offset: int, year: int | None) -> bool:
    """The sentence before the figure names another year (“2022年……为”), e.g. a comparison written out."""
    if year is None:
        return False
    clause = re.split(r"[。；;，,]", joined[max(0, offset - 30):offset])[-1]
    named = figures.year_in(clause)
    return named is not None and named != year


def previous_total(text: Text) -> Figure | None:
    match = re.search(PREVIOUS_TOTAL, text.joined)
    if not match:
        return None
    return Figure(figures.figure(match.group(1)), text.place(match.start()), "number", match.group(0), unit=match.group(2))


def reason(text: Text) -> tuple[str, str] | None:
    """(sentence, place) of the first sentence giving the reason for a change."""
    match = _REASON.search(text.joined)
    if not match:
        return None
    sentence = match.group(0).strip("，,；; ")
    sentence = re.sub(r"^[一二三四五六七八九十]+、|^（[一二三四五六七八九十]+）", "", sentence)
    return sentence, text.place(match.start())
