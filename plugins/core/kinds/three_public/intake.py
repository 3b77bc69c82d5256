"""A “三公”经费 预算 or 决算 as the office receives it (text PDF, xlsx, CSV, or the 说明 alone) into an entry.

Every figure written is one printed cell or one figure printed beside its item in the 说明; a cell
printed “-” (or left blank in a row of figures) is 0 and the entry's head comment names it; a cell
that is not a number, or an item the source does not print, is the unfilled mark with its place.
Nothing is summed: a missing 小计 stays out, a missing 合计 stays unfilled.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

from ...load.unfilled import unfilled
from ...sources import figures
from ...sources.document import Document, Draft, Request, Unread
from ..budget.grid import squeeze
from ..budget.intake import narrative_body
from . import reading_text
from .reading import COUNTS, SLOTS, Figure, Key, read_grid, reason_in, score

STEMS = {"预算": "budget", "决算": "final-account"}
NESTED = {
    "outbound": ("amount", "groups", "people"),
    "vehicles": ("amount", "purchase", "operation", "purchased", "fleet"),
    "reception": ("amount", "batches", "people"),
}
SLOT_OF = {
    ("outbound", "amount"): "outbound", ("outbound", "groups"): "groups", ("outbound", "people"): "out_people",
    ("vehicles", "amount"): "vehicles", ("vehicles", "purchase"): "purchase", ("vehicles", "operation"): "operation",
    ("vehicles", "purchased"): "purchased", ("vehicles", "fleet"): "fleet",
    ("reception", "amount"): "reception", ("reception", "batches"): "batches", ("reception", "people"): "rec_people",
}
REQUIRED = frozenset({"total", "outbound", "purchase", "operation", "reception"})


def intake(document: Document, request: Request) -> list[Draft] | None:
    """``Kind.intake``: a document whose title or a table caption says “三公”."""
    title = _title(document)
    if not request.forced and not title:
        return None
    return [_Reader(document, request, title).draft()]


def _title(document: Document) -> str:
    heads = [line.text for line in document.lines[:8]] + [c for grid in document.grids[:3] for c in grid.caption]
    return next((squeeze(text) for text in heads if "三公" in text), "")


class _Reader:
    """One document's figures, chosen and written in the entry's fields with what the editor must know."""

    def __init__(self, document: Document, request: Request, title: str):
        self.document, self.request, self.title = document, request, title
        self.unread: list[Unread] = []
        self.notes: list[str] = []
        self.origins: list[tuple[str, str]] = []
        self.zeros: list[str] = []
        captions = [" ".join(grid.caption) for grid in document.grids]
        self.year = request.year or figures.year_in(" ".join([title, *(line.text for line in document.lines[:6]), *captions]))
        self.table, self.grid = self._best_grid()
        self.stage = self._stage()
        self.text = reading_text.Text.of(document.lines)
        self.said = reading_text.read_text(self.text, self.year, self.stage)
        self.unit = self._unit()

    def _best_grid(self) -> tuple[dict[Key, Figure], Any]:
        best: tuple[int, dict[Key, Figure], Any] = (1, {}, None)
        for grid in self.document.grids:
            found = read_grid(grid, self.year)
            if score(found) > best[0]:
                best = (score(found), found, grid)
        return best[1], best[2]

    def _stage(self) -> str | None:
        for text in (self.title, " ".join(line.text for line in self.document.lines[:6])):
            if "决算" in text:
                return "决算"
            if "预算" in text:
                return "预算"
        printed = {stage for _, period, stage in self.table if period == "now" and stage}
        return printed.pop() if len(printed) == 1 else None

    def _unit(self) -> str | None:
        if self.grid is not None:
            printed = " ".join(self.grid.caption + [c.text for row in self.grid.rows[:4] for c in row] + self.grid.after)
            found = figures.unit_in(printed) or figures.unit_in(" ".join(line.text for line in self.document.lines[:12]))
            if found or self.table:
                return found
        units = [f.unit for f in self.said.values() if f.unit]
        return self.said["total"].unit if "total" in self.said and self.said["total"].unit else (units[0] if units else None)

    # --- choosing each figure -------------------------------------------------

    def _figure(self, slot: str, period: str) -> Figure | None:
        order = [self.stage or "", ""] if period == "now" else [self.stage or "", "", *({"预算", "决算"} - {self.stage or ""})]
        for stage in order:
            if (slot, period, stage) in self.table:
                return self.table[(slot, period, stage)]
        if period == "now" and slot in self.said:
            return self.said[slot]
        return None

    def value(self, slot: str, period: str, path: str) -> Any:
        """The value for ``path`` (e.g. ``vehicles.purchase``): a number, the unfilled mark, or None when absent and optional."""
        figure = self._figure(slot, period)
        label = ("上年数 " if period == "previous" else "") + SLOTS[slot]
        if figure is None:
            if period == "now" and slot in REQUIRED:
                place = self.grid.place if self.grid is not None else "原件正文"
                self.unread.append(Unread(place, f"{label}：原件中没有找到（不由其他数字相加得出）"))
                return unfilled(f"{place} 中的{label}")
            return None
        if figure.value is None:
            self.unread.append(Unread(figure.place, f"{label}：原件读出“{figure.text[:20]}”，不是数字"))
            return unfilled(figure.place)
        self.origins.append((path, figure.place))
        if figure.printed in ("dash", "blank"):
            self.zeros.append(f"{label}（{figure.place}）")
        value: int | float = figure.value
        if slot in COUNTS:
            if isinstance(value, float) and not value.is_integer():
                self.unread.append(Unread(figure.place, f"{label}：“{value}”不是整数"))
                return unfilled(figure.place)
            return int(value)
        if figure.unit and self.unit and figure.unit != self.unit:
            value = self._convert(value, figure.unit, label, figure.place)
        self._compare(slot, period, figure, value, label)
        return value

    def _convert(self, value: int | float, unit: str, label: str, place: str) -> int | float:
        exact = Decimal(str(value)) * 10000 if self.unit == "元" else Decimal(str(value)) / 10000
        result = int(exact) if exact == exact.to_integral_value() else float(exact)
        self.notes.append(f"{label}原件写作 {value}{unit}（{place}），按本条的金额单位写成 {result}{self.unit}")
        return result

    def _compare(self, slot: str, period: str, figure: Figure, value: int | float, label: str) -> None:
        """A figure the table and the 说明 both print, differently: a mistake in the document, said, not mended."""
        said = self.said.get(slot)
        if period != "now" or said is None or said is figure or said.value is None:
            return
        stated: int | float = said.value
        if said.unit and self.unit and said.unit != self.unit:
            stated = float(Decimal(str(stated)) * 10000 if self.unit == "元" else Decimal(str(stated)) / 10000)
        if abs(float(stated) - float(value)) > 0.005:
            self.notes.append(f"原件前后不一致：表格中{label}为 {value}（{figure.place}），正文写作 {said.value}{said.unit or ''}（{said.place}）；按表格写入，请核对原件")

    # --- the entry ------------------------------------------------------------

    def draft(self) -> Draft:
        meta: dict[str, Any] = {
            "kind": "three_public",
            "title": self.title or unfilled("原件的标题"),
            "organ": self._organ(),
            "fiscal_year": self.year if self.year is not None else unfilled("原件标题中的年度"),
            "stage": self.stage or unfilled("原件标题（预算 或 决算）"),
            "unit": self.unit or unfilled(f"{self.grid.place if self.grid else '原件'} 的金额单位"),
            "published": unfilled("原件不载公开日期，按实际公开日期填写"),
        }
        if self.year is None:
            self.unread.append(Unread("原件标题", "预决算年度"))
        if self.stage is None:
            self.unread.append(Unread("原件标题", "预算或决算"))
        if self.unit is None:
            self.unread.append(Unread(self.grid.place if self.grid else "原件", "金额单位（元 或 万元）"))
        self.unread.append(Unread("原件不载", "发布日期（按实际公开日期填写）"))
        topic = next((tid for tid, name in self.request.topics.items() if "财政" in name), None)
        meta["topics"] = [topic] if topic else [unfilled("主题分类")]
        meta["disclosure"] = "主动公开"
        for group, keys in NESTED.items():
            values = {key: self.value(SLOT_OF[(group, key)], "now", f"{group}.{key}") for key in keys}
            meta[group] = {key: value for key, value in values.items() if value is not None}
        meta["total"] = self.value("total", "now", "total")
        previous = {key: self.value(key, "previous", f"previous.{key}") for key in ("total", "outbound", "vehicles", "reception")}
        if not any(v is not None for v in previous.values()):
            stated = reading_text.previous_total(self.text) if not self.table else None
            if stated is not None and stated.value is not None:
                self.origins.append(("previous.total", stated.place))
                previous["total"] = stated.value
        if any(v is not None for v in previous.values()):
            if previous["total"] is None:
                place = self.grid.place if self.grid is not None else "原件正文"
                self.unread.append(Unread(place, "上年数 合计：原件中没有找到（不由各项相加得出）"))
                previous["total"] = unfilled(f"{place} 中的上年数合计")
            meta["previous"] = {key: value for key, value in previous.items() if value is not None}
        reason = (reason_in(self.grid) if self.grid is not None else None) or reading_text.reason(self.text)
        if reason:
            meta["change_reason"] = reason[0]
            self.origins.append(("change_reason", reason[1]))
        self._explain()
        stem = f"{meta['organ'] if not str(meta['organ']).startswith('待补') else 'organ'}-{self.year or 'year'}-three-public-{STEMS.get(self.stage or '', 'stage')}"
        folder_year = self.year + 1 if self.stage == "决算" and self.year else self.year
        return Draft(kind="three_public", year=folder_year, stem=stem, meta=meta, body=self._body(),
                     unread=self.unread, attachment=self.document.path, notes=self.notes, origins=self.origins)

    def _body(self) -> str:
        """The 说明 as Markdown: without the title (the entry's own) and keeping the narrative's last lines
        that the PDF reader took as a table's caption (only a 表 title or 单位 line is the caption)."""
        grids = [replace(grid, caption=[c for c in grid.caption if squeeze(c).endswith("表") or figures.unit_in(c)]) for grid in self.document.grids]
        lines = [line for line in self.document.lines if squeeze(line.text) != self.title]
        return narrative_body(replace(self.document, lines=lines, grids=grids))

    def _organ(self) -> str:
        text = self.title + "\n" + self.document.text() + "\n" + " ".join(c for g in self.document.grids for c in g.caption)
        organ = self.request.organ_in(text)
        if organ is not None:
            return organ
        printed = self.title.split("20")[0] if self.title and not self.title.startswith("20") else "（原件中的单位全称）"
        self.unread.append(Unread("原件标题", f"发布机构：“{printed}”不在 catalog/organs.yml 中"))
        self.notes.append(f"在 catalog/organs.yml 中加上这个机构后，把 organ 改成它的 id：- id: 待定\\n  name: {printed}\\n  uscc: 待补")
        return unfilled("原件标题中的单位名称")

    def _explain(self) -> None:
        if self.zeros:
            self.notes.append(f"原件印作“-”或空白的 {len(self.zeros)} 项按 0 写入：" + "、".join(self.zeros))
        if self.stage == "决算":
            skipped = sorted({SLOTS[slot] for slot, period, stage in self.table if period == "now" and stage == "预算"}, key=list(SLOTS.values()).index)
            if skipped:
                self.notes.append("原件表格中的本年预算数（" + "、".join(skipped) + "）没有写入：决算条目只写决算数，预算数见同年度的“三公”经费预算条目")
        if self.grid is None and not self.said:
            self.notes.append("原件中没有找到“三公”经费的表格或说明中的数字：对照原件填写")
